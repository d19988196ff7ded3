using System.Text.Json.Serialization;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Web.Api;

/// <summary>
/// The REST API under /api/v1: one static class per resource maps its route group here. Resource paths are plural
/// nouns (<c>/people</c>, <c>/opportunities</c>); the same nouns name the entity in <c>/imports/{entity}</c> and
/// <c>/exports/{entity}</c> (docs/api.md).
/// </summary>
public static class ApiV1
{
    public const string Prefix = "/api/v1";

    /// <summary>JSON with enum names as text, and problem details that always carry a stable <c>code</c>.</summary>
    public static IServiceCollection AddAttainApi(this IServiceCollection services)
    {
        services.AddScoped<ApiTokens>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("code", ApiProblems.CodeFor(status));
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapApiV1(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(Prefix).RequireAuthorization(Policies.SignedIn).DisableAntiforgery();
        MeEndpoints.Map(api);
        PeopleEndpoints.Map(api);
        TeamsEndpoints.Map(api);
        RegionsEndpoints.Map(api);
        AccountsEndpoints.Map(api);
        OpportunitiesEndpoints.Map(api);
        ActivitiesEndpoints.Map(api);
        BookingsEndpoints.Map(api);
        KpisEndpoints.Map(api);
        PipelineEndpoints.Map(api);
        SegmentationsEndpoints.Map(api);
        DashboardsEndpoints.Map(api);
        StatementsEndpoints.Map(api);
        TokensEndpoints.Map(api);
        DataTransferEndpoints.Map(api);
        AuditEndpoints.Map(api);
        RunsEndpoints.Map(api);
        PeriodsEndpoints.Map(api);
        PayChangesEndpoints.Map(api);
        PayrollEndpoints.Map(api);
        ApprovalsEndpoints.Map(api);
        AdjustmentsEndpoints.Map(api);
        DisputesEndpoints.Map(api);
        NotificationsEndpoints.Map(api);
        PlansEndpoints.Map(api);
        PlanDocumentsEndpoints.Map(api);
        EstimatorEndpoints.Map(api);
        return routes;
    }
}
