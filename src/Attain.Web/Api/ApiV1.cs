using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>The REST API under /api/v1: one static class per resource maps its route group here.</summary>
public static class ApiV1
{
    public static IEndpointRouteBuilder MapApiV1(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireAuthorization(Policies.SignedIn).DisableAntiforgery();
        MeEndpoints.Map(api);
        return routes;
    }
}
