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
/// Scoped: one per request when rendering statically, one per circuit when interactive. The viewer and scope
/// are resolved once and kept for that lifetime; a change of reporting line shows on the next page load.
/// Resolving the viewer also names them as the actor of changes saved in this scope: inside a circuit the
/// request middleware that normally does so does not run.
/// </remarks>
public sealed class SignedInViewer(AuthenticationStateProvider authentication, CurrentViewer current, ScopeResolver scopes, ChangeContext changes)
{
    private Task<Viewer>? viewer;
    private Task<Scope>? scope;

    public Task<Viewer> GetAsync(CancellationToken cancellationToken = default)
    {
        if (viewer is null or { IsFaulted: true } or { IsCanceled: true })
        {
            viewer = ResolveViewerAsync(cancellationToken);
        }

        return viewer;
    }

    public Task<Scope> ScopeAsync(CancellationToken cancellationToken = default)
    {
        if (scope is null or { IsFaulted: true } or { IsCanceled: true })
        {
            scope = ResolveScopeAsync(cancellationToken);
        }

        return scope;
    }

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

    private async Task<Scope> ResolveScopeAsync(CancellationToken cancellationToken) =>
        await scopes.ResolveAsync(await GetAsync(cancellationToken), cancellationToken);
}
