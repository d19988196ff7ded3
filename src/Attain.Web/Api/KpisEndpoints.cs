using Attain.Application.Analytics;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>The KPI library (docs/kpis.md) over the records the viewer may see.</summary>
public static class KpisEndpoints
{
    public sealed class Parameters
    {
        /// <summary>A fiscal period key: FY2027, FY2027-Q1 or FY2027-M01 (default: the current fiscal quarter).</summary>
        [FromQuery(Name = "period")]
        public string? Period { get; set; }

        /// <summary>rep, team, region, product (Bookings only), segment (with segmentation) or none (default).</summary>
        [FromQuery(Name = "groupBy")]
        public string? GroupBy { get; set; }

        /// <summary>The stage (Stage conversion rate, Time in stage) or activity type (Client conversations).</summary>
        [FromQuery(Name = "parameter")]
        public string? Parameter { get; set; }

        /// <summary>The segmentation key groupBy=segment groups by.</summary>
        [FromQuery(Name = "segmentation")]
        public string? Segmentation { get; set; }

        /// <summary>Only records of accounts in this stored segment: SEGMENTATION:SEGMENT.</summary>
        [FromQuery(Name = "segment")]
        public string? Segment { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/kpis").WithTags("KPIs").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, List).WithName("ListKpis").WithSummary("List the KPIs: keys, parameters, units and definitions");
        group.MapGet("/{name}", GetAsync).WithName("GetKpi").WithSummary("Compute a KPI over the records you may see");
    }

    private static Ok<IReadOnlyList<KpiCatalogEntry>> List() => TypedResults.Ok(KpiService.Catalog);

    private static async Task<Results<Ok<KpiResponse>, ValidationProblem>> GetAsync(
        string name, [AsParameters] Parameters p, CurrentViewer viewer, KpiService kpis, CancellationToken cancellationToken)
    {
        var answer = await kpis.ComputeAsync(await viewer.ScopeAsync(cancellationToken), new KpiQuery(name, p.Period, p.GroupBy, p.Parameter, p.Segmentation, p.Segment), cancellationToken);
        return answer.Result is { } result
            ? TypedResults.Ok(result)
            : ApiProblems.Invalid(ApiProblems.InvalidQuery, answer.Issues);
    }
}
