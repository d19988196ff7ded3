using Attain.Application.Analytics;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>The role dashboards (docs/dashboards.md) over the records the viewer may see; every number carries its drill-down link.</summary>
public static class DashboardsEndpoints
{
    public sealed class Parameters
    {
        /// <summary>A fiscal period key: FY2027, FY2027-Q1 or FY2027-M01 (default: the current fiscal quarter).</summary>
        [FromQuery(Name = "period")]
        public string? Period { get; set; }

        /// <summary>Rep dashboard: the person to show (default: yourself); must be someone you may see.</summary>
        [FromQuery(Name = "person")]
        public long? Person { get; set; }

        /// <summary>Keep records of members of this team on the record's date.</summary>
        [FromQuery(Name = "team")]
        public long? Team { get; set; }

        /// <summary>Keep records of members of a team in this region on the record's date.</summary>
        [FromQuery(Name = "region")]
        public long? Region { get; set; }

        /// <summary>Keep bookings of this product (the pipeline, which has no product, is then left out).</summary>
        [FromQuery(Name = "product")]
        public long? Product { get; set; }

        public DashboardQuery ToQuery() => new(Period, Person, Team, Region, Product);
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/dashboards").WithTags("Dashboards");
        group.MapGet("/rep", RepAsync).RequireAuthorization(Policies.SignedIn)
            .WithName("GetRepDashboard").WithSummary("A rep's attainment, pipeline by stage, activities this week and trend");
        group.MapGet("/manager", ManagerAsync).RequireAuthorization(Policies.Leaders)
            .WithName("GetManagerDashboard").WithSummary("A manager's team: attainment per rep and distribution, coverage, who is behind and why, activity mix");
        group.MapGet("/executive", ExecutiveAsync).RequireAuthorization(Policies.Leaders)
            .WithName("GetExecutiveDashboard").WithSummary("Company attainment, bookings trend, pipeline by stage and regions side by side");
    }

    private static async Task<Results<Ok<RepDashboard>, ValidationProblem>> RepAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, DashboardService dashboards, CancellationToken cancellationToken)
    {
        var self = (await viewer.GetAsync(cancellationToken)).PersonId;
        return Answer(await dashboards.RepAsync(await viewer.ScopeAsync(cancellationToken), self, p.ToQuery(), cancellationToken));
    }

    private static async Task<Results<Ok<ManagerDashboard>, ValidationProblem>> ManagerAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, DashboardService dashboards, CancellationToken cancellationToken)
    {
        var self = (await viewer.GetAsync(cancellationToken)).PersonId;
        return Answer(await dashboards.ManagerAsync(await viewer.ScopeAsync(cancellationToken), self, p.ToQuery(), cancellationToken));
    }

    private static async Task<Results<Ok<ExecutiveDashboard>, ValidationProblem>> ExecutiveAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, DashboardService dashboards, CancellationToken cancellationToken) =>
        Answer(await dashboards.ExecutiveAsync(await viewer.ScopeAsync(cancellationToken), p.ToQuery(), cancellationToken));

    private static Results<Ok<T>, ValidationProblem> Answer<T>(DashboardAnswer<T> answer)
        where T : class =>
        answer.Result is { } result ? TypedResults.Ok(result) : ApiProblems.Invalid(ApiProblems.InvalidQuery, answer.Issues);
}
