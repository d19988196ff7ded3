using Attain.Application.Browse;
using Attain.Application.Opportunities;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Opportunities owned by people the viewer may see, and their stage history.</summary>
public static class OpportunitiesEndpoints
{
    public sealed class Parameters : ListParameters
    {
        [FromQuery(Name = "ownerId")]
        public string? OwnerId { get; set; }

        [FromQuery(Name = "accountId")]
        public string? AccountId { get; set; }

        /// <summary>Open, Won or Lost.</summary>
        [FromQuery(Name = "status")]
        public string? Status { get; set; }

        /// <summary>Exact stage name.</summary>
        [FromQuery(Name = "stage")]
        public string? Stage { get; set; }

        /// <summary>Close date on or after (yyyy-MM-dd).</summary>
        [FromQuery(Name = "closeFrom")]
        public string? CloseFrom { get; set; }

        /// <summary>Close date on or before (yyyy-MM-dd).</summary>
        [FromQuery(Name = "closeTo")]
        public string? CloseTo { get; set; }

        /// <summary>Only records of accounts in this stored segment: SEGMENTATION:SEGMENT, for example size:enterprise.</summary>
        [FromQuery(Name = "segment")]
        public string? Segment { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/opportunities").WithTags("Opportunities").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, ListAsync).WithName("ListOpportunities").WithSummary("List the opportunities you may see");
        group.MapGet("/{id:long}", GetAsync).WithName("GetOpportunity").WithSummary("Get an opportunity").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/stage-history", GetStageHistoryAsync).WithName("GetOpportunityStageHistory")
            .WithSummary("An opportunity's stage changes, oldest first").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<OpportunityResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, OpportunityBrowser opportunities, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader, new OpportunitiesQuery
        {
            OwnerId = reader.Id(p.OwnerId, "ownerId"),
            Segment = p.Segment,
            AccountId = reader.Id(p.AccountId, "accountId"),
            Status = reader.Enum<OpportunityStatus>(p.Status, "status"),
            Stage = p.Stage,
            CloseFrom = reader.Date(p.CloseFrom, "closeFrom"),
            CloseTo = reader.Date(p.CloseTo, "closeTo"),
        });
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await opportunities.ListAsync(await viewer.ScopeAsync(cancellationToken), query, cancellationToken));
    }

    private static async Task<Results<Ok<OpportunityResponse>, ProblemHttpResult>> GetAsync(
        long id, CurrentViewer viewer, OpportunityBrowser opportunities, CancellationToken cancellationToken) =>
        await opportunities.GetAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } opportunity
            ? TypedResults.Ok(opportunity)
            : ApiProblems.NotFoundRecord("opportunity", id);

    private static async Task<Results<Ok<IReadOnlyList<StageChangeResponse>>, ProblemHttpResult>> GetStageHistoryAsync(
        long id, CurrentViewer viewer, OpportunityBrowser opportunities, CancellationToken cancellationToken) =>
        await opportunities.GetStageHistoryAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } history
            ? TypedResults.Ok(history)
            : ApiProblems.NotFoundRecord("opportunity", id);
}
