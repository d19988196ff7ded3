using Attain.Application.Activities;
using Attain.Application.Browse;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Activities (client conversations) held by people the viewer may see.</summary>
public static class ActivitiesEndpoints
{
    public sealed class Parameters : ListParameters
    {
        [FromQuery(Name = "ownerId")]
        public string? OwnerId { get; set; }

        [FromQuery(Name = "accountId")]
        public string? AccountId { get; set; }

        [FromQuery(Name = "opportunityId")]
        public string? OpportunityId { get; set; }

        /// <summary>Call, Meeting, Email or Demo.</summary>
        [FromQuery(Name = "type")]
        public string? Type { get; set; }

        /// <summary>Held on or after this business date (yyyy-MM-dd, organisation time zone).</summary>
        [FromQuery(Name = "from")]
        public string? From { get; set; }

        /// <summary>Held on or before this business date (yyyy-MM-dd, organisation time zone).</summary>
        [FromQuery(Name = "to")]
        public string? To { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/activities").WithTags("Activities").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, ListAsync).WithName("ListActivities").WithSummary("List the activities you may see");
        group.MapGet("/{id:long}", GetAsync).WithName("GetActivity").WithSummary("Get an activity").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<ActivityResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, ActivityBrowser activities, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader, new ActivitiesQuery
        {
            OwnerId = reader.Id(p.OwnerId, "ownerId"),
            AccountId = reader.Id(p.AccountId, "accountId"),
            OpportunityId = reader.Id(p.OpportunityId, "opportunityId"),
            Type = reader.Enum<ActivityType>(p.Type, "type"),
            From = reader.Date(p.From, "from"),
            To = reader.Date(p.To, "to"),
        });
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await activities.ListAsync(await viewer.ScopeAsync(cancellationToken), query, cancellationToken));
    }

    private static async Task<Results<Ok<ActivityResponse>, ProblemHttpResult>> GetAsync(
        long id, CurrentViewer viewer, ActivityBrowser activities, CancellationToken cancellationToken) =>
        await activities.GetAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } activity
            ? TypedResults.Ok(activity)
            : ApiProblems.NotFoundRecord("activity", id);
}
