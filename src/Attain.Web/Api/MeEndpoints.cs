using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Who am I: the signed-in user's account, person and roles.</summary>
public static class MeEndpoints
{
    public sealed record MeResponse(string UserId, string UserName, long? PersonId, IReadOnlyList<string> Roles);

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/me").WithTags("Me").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, GetAsync).WithName("GetMe").WithSummary("The signed-in user, their person and roles");
    }

    private static async Task<Ok<MeResponse>> GetAsync(CurrentViewer current, CancellationToken cancellationToken)
    {
        var viewer = await current.GetAsync(cancellationToken);
        return TypedResults.Ok(new MeResponse(viewer.UserId, viewer.UserName, viewer.PersonId, [.. viewer.Roles.Order(StringComparer.Ordinal)]));
    }
}
