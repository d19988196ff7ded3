using System.Security.Claims;
using Attain.Application.Access;
using Attain.Application.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Auth;

/// <summary>Turns the request's signed-in principal into a <see cref="Viewer"/> and its <see cref="Scope"/>, once per request.</summary>
public sealed class CurrentViewer(IHttpContextAccessor http, AttainDbContext db, ScopeResolver scopes)
{
    private Viewer? viewer;
    private Scope? scope;

    public async Task<Viewer> GetAsync(CancellationToken cancellationToken = default) =>
        viewer ??= await FromPrincipalAsync(http.HttpContext?.User ?? new ClaimsPrincipal(), cancellationToken);

    public async Task<Scope> ScopeAsync(CancellationToken cancellationToken = default) =>
        scope ??= await scopes.ResolveAsync(await GetAsync(cancellationToken), cancellationToken);

    public async Task<Viewer> FromPrincipalAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return new Viewer(string.Empty, "anonymous", null, new HashSet<string>());
        }

        var personId = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(cancellationToken);
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        return new Viewer(userId, principal.Identity?.Name ?? userId, personId, roles);
    }
}
