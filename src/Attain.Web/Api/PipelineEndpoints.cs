using Attain.Application.Browse;
using Attain.Application.Pipeline;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Pipeline health (docs/pipeline.md) over the records the viewer may see, and its one setting.</summary>
public static class PipelineEndpoints
{
    /// <summary>The filters every pipeline view takes.</summary>
    public class FilterParameters
    {
        /// <summary>Only this person's records.</summary>
        [FromQuery(Name = "ownerId")]
        public string? OwnerId { get; set; }

        /// <summary>Only the records of the people in this team as of today.</summary>
        [FromQuery(Name = "teamId")]
        public string? TeamId { get; set; }

        /// <summary>Only the records of the people in a team of this region as of today.</summary>
        [FromQuery(Name = "regionId")]
        public string? RegionId { get; set; }

        /// <summary>A fiscal period key: FY2027, FY2027-Q1 or FY2027-M01 (default: the current fiscal quarter).</summary>
        [FromQuery(Name = "period")]
        public string? Period { get; set; }

        public PipelineFilter Read(QueryReader reader) => new()
        {
            OwnerId = reader.Id(OwnerId, "ownerId"),
            TeamId = reader.Id(TeamId, "teamId"),
            RegionId = reader.Id(RegionId, "regionId"),
            Period = Period,
        };
    }

    /// <summary>The flag list's parameters: the filters, paging, search and sort, and which deals to list.</summary>
    public sealed class FlagParameters : FilterParameters
    {
        /// <summary>1-based page number (default 1).</summary>
        [FromQuery(Name = "page")]
        public string? Page { get; set; }

        /// <summary>Rows per page, 1–200 (default 50).</summary>
        [FromQuery(Name = "pageSize")]
        public string? PageSize { get; set; }

        /// <summary>Case-insensitive text to find in the opportunity's name or external id.</summary>
        [FromQuery(Name = "search")]
        public string? Search { get; set; }

        /// <summary>daysSinceTouch, closeDate, amount or name, prefixed with '-' for descending (default -daysSinceTouch).</summary>
        [FromQuery(Name = "sort")]
        public string? Sort { get; set; }

        /// <summary>Only deals with this flag: stalled, close_date_past, missing_amount, close_date_pushed, stage_skipped.</summary>
        [FromQuery(Name = "code")]
        public string? Code { get; set; }

        /// <summary>true (default): only flagged deals; false: every open deal.</summary>
        [FromQuery(Name = "flaggedOnly")]
        public string? FlaggedOnly { get; set; }

        /// <summary>true: only deals whose close date is in the period; false (default): every open deal.</summary>
        [FromQuery(Name = "inPeriodOnly")]
        public string? InPeriodOnly { get; set; }
    }

    /// <summary>The body of PUT /pipeline/settings.</summary>
    public sealed record SettingsRequest(int? StalledAfterDays);

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/pipeline").WithTags("Pipeline").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/funnel", FunnelAsync).WithName("GetPipelineFunnel").WithSummary("The funnel: open deals per stage and stage conversion");
        group.MapGet("/flags", FlagsAsync).WithName("ListPipelineFlags").WithSummary("Open opportunities with their hygiene and stall flags");
        group.MapGet("/coverage-gaps", CoverageGapsAsync).WithName("GetPipelineCoverageGaps").WithSummary("Coverage gap per person");
        group.MapGet("/reviews/{personId:long}", ReviewAsync).WithName("GetPipelineReview")
            .WithSummary("A person's open deals with their flags, for a pipeline review").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/settings", GetSettingsAsync).WithName("GetPipelineSettings").WithSummary("The pipeline settings");
        group.MapPut("/settings", PutSettingsAsync).WithName("UpdatePipelineSettings").WithSummary("Change the pipeline settings (admins and sales ops)")
            .RequireAuthorization(Policies.DataAdmin);
    }

    private static async Task<Results<Ok<FunnelResponse>, ValidationProblem>> FunnelAsync(
        [AsParameters] FilterParameters p, CurrentViewer viewer, PipelineHealthService pipeline, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var filter = p.Read(reader);
        if (reader.Issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, reader.Issues);
        }

        var answer = await pipeline.GetFunnelAsync(await viewer.ScopeAsync(cancellationToken), filter, cancellationToken);
        return answer.Result is { } result ? TypedResults.Ok(result) : ApiProblems.Invalid(ApiProblems.InvalidQuery, answer.Issues);
    }

    private static async Task<Results<Ok<PipelineFlagsResponse>, ValidationProblem>> FlagsAsync(
        [AsParameters] FlagParameters p, CurrentViewer viewer, PipelineHealthService pipeline, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = new PipelineFlagsQuery
        {
            Filter = p.Read(reader),
            Page = reader.Int(p.Page, "page", 1),
            PageSize = reader.Int(p.PageSize, "pageSize", ListQuery.DefaultPageSize),
            Search = p.Search,
            Sort = string.IsNullOrWhiteSpace(p.Sort) ? null : p.Sort.Trim(),
            Code = string.IsNullOrWhiteSpace(p.Code) ? null : p.Code.Trim(),
            FlaggedOnly = reader.Bool(p.FlaggedOnly, "flaggedOnly") ?? true,
            InPeriodOnly = reader.Bool(p.InPeriodOnly, "inPeriodOnly") ?? false,
        };
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        var answer = await pipeline.ListFlagsAsync(await viewer.ScopeAsync(cancellationToken), query, cancellationToken);
        return answer.Result is { } result ? TypedResults.Ok(result) : ApiProblems.Invalid(ApiProblems.InvalidQuery, answer.Issues);
    }

    private static async Task<Results<Ok<CoverageGapsResponse>, ValidationProblem>> CoverageGapsAsync(
        [AsParameters] FilterParameters p, CurrentViewer viewer, PipelineHealthService pipeline, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var filter = p.Read(reader);
        if (reader.Issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, reader.Issues);
        }

        var answer = await pipeline.GetCoverageGapsAsync(await viewer.ScopeAsync(cancellationToken), filter, cancellationToken);
        return answer.Result is { } result ? TypedResults.Ok(result) : ApiProblems.Invalid(ApiProblems.InvalidQuery, answer.Issues);
    }

    private static async Task<Results<Ok<PipelineReviewResponse>, ValidationProblem, ProblemHttpResult>> ReviewAsync(
        long personId, [FromQuery(Name = "period")] string? period, CurrentViewer viewer, PipelineHealthService pipeline, CancellationToken cancellationToken)
    {
        var answer = await pipeline.GetReviewAsync(await viewer.ScopeAsync(cancellationToken), personId, period, cancellationToken);
        return answer switch
        {
            null => ApiProblems.NotFoundRecord("person", personId),
            { Result: { } result } => TypedResults.Ok(result),
            _ => ApiProblems.Invalid(ApiProblems.InvalidQuery, answer.Issues),
        };
    }

    private static async Task<Ok<PipelineSettingsResponse>> GetSettingsAsync(PipelineHealthService pipeline, CancellationToken cancellationToken) =>
        TypedResults.Ok(await pipeline.GetSettingsAsync(cancellationToken));

    private static async Task<Results<Ok<PipelineSettingsResponse>, ValidationProblem>> PutSettingsAsync(
        SettingsRequest request, PipelineHealthService pipeline, CancellationToken cancellationToken)
    {
        if (request.StalledAfterDays is not { } days)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidBody, [new QueryIssue("required", "stalledAfterDays", "stalledAfterDays is required.")]);
        }

        var answer = await pipeline.UpdateSettingsAsync(days, cancellationToken);
        return answer.Result is { } result ? TypedResults.Ok(result) : ApiProblems.Invalid(ApiProblems.InvalidBody, answer.Issues);
    }
}
