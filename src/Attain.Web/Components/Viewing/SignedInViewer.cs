using Attain.Application.Access;
using Attain.Application.ChangeLog;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace Attain.Web.Components.Viewing;

/// <summary>
/// The signed-in user of a component and the rows they may see. Reads the principal from
/// <see cref="AuthenticationStateProvider"/>, which works both during static rendering and inside an
/// interactive circuit (where <c>IHttpContextAccessor</c> is not reliable), then resolves it through
/// <see cref="CurrentViewer.FromPrincipalAsync"/> and <see cref="ScopeResolver"/>, the one place scoping is decided.
/// </summary>
/// <remarks>
/// <para>
/// Scoped: one per request when rendering statically, one per circuit when interactive. The viewer and scope
/// are resolved once and kept for that lifetime; a change of reporting line shows on the next page load.
/// Resolving the viewer also names them as the actor of changes saved in this scope: inside a circuit the
/// request middleware that normally does so does not run.
/// </para>
/// <para>
/// A circuit shares one <c>AttainDbContext</c> between all its components, and a context allows one operation
/// at a time; components therefore run their queries through <see cref="QueryAsync{T}"/>, which takes them in turn.
/// </para>
/// </remarks>
public sealed class SignedInViewer(AuthenticationStateProvider authentication, CurrentViewer current, ScopeResolver scopes, ChangeContext changes)
    : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Viewer? viewer;
    private Scope? scope;

    public Task<Viewer> GetAsync(CancellationToken cancellationToken = default) =>
        QueryAsync((v, _, _) => Task.FromResult(v), cancellationToken);

    /// <summary>Runs <paramref name="query"/> for the signed-in viewer and their scope, one query of this circuit at a time.</summary>
    public async Task<T> QueryAsync<T>(Func<Viewer, Scope, CancellationToken, Task<T>> query, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            viewer ??= await ResolveViewerAsync(cancellationToken);
            scope ??= await scopes.ResolveAsync(viewer, cancellationToken);
            return await query(viewer, scope, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<Viewer> ResolveViewerAsync(CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var resolved = await current.FromPrincipalAsync(state.User, cancellationToken);
        if (state.User.Identity is { IsAuthenticated: true, Name: { } name })
        {
            changes.Actor = name;
        }

        return resolved;
    }
}
