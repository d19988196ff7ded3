using Attain.Application.Browse;
using Attain.Application.Compensation;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>"Why did my pay change?" (docs/compensation.md): a participant's explained difference between two runs or periods.</summary>
public static class PayChangesEndpoints
{
    /// <summary>The query: whose pay, and the two sides.</summary>
    public sealed class Parameters
    {
        /// <summary>The participant's person id (default: yourself).</summary>
        [FromQuery(Name = "participant")]
        public string? Participant { get; set; }

        /// <summary>The earlier period (its published run).</summary>
        [FromQuery(Name = "from")]
        public string? From { get; set; }

        /// <summary>The later period (its published run).</summary>
        [FromQuery(Name = "to")]
        public string? To { get; set; }

        /// <summary>The earlier run by id, instead of <c>from</c>.</summary>
        [FromQuery(Name = "fromRun")]
        public string? FromRun { get; set; }

        /// <summary>The later run by id, instead of <c>to</c>.</summary>
        [FromQuery(Name = "toRun")]
        public string? ToRun { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/pay-changes", CompareAsync).WithTags("Pay changes").RequireAuthorization(Policies.SignedIn)
            .WithName("GetPayChanges").WithSummary("Why a participant's pay differs between two runs or periods, line by line")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PayChangeReport>, ValidationProblem, ProblemHttpResult>> CompareAsync(
        [AsParameters] Parameters p, CurrentViewer current, PayChangeService payChanges, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var participant = reader.Id(p.Participant, "participant");
        var fromRun = reader.Id(p.FromRun, "fromRun");
        var toRun = reader.Id(p.ToRun, "toRun");
        var viewer = await current.GetAsync(cancellationToken);
        if (participant is null && p.Participant is null)
        {
            participant = viewer.PersonId;
            if (participant is null)
            {
                return ApiProblems.Invalid(ApiProblems.InvalidQuery, [new QueryIssue("parameter.required", "participant", "Your user is no person: give 'participant'.")]);
            }
        }

        if (reader.Issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, reader.Issues);
        }

        var outcome = await payChanges.CompareAsync(
            await current.ScopeAsync(cancellationToken), new PayChangeRequest(participant!.Value, p.From, p.To, fromRun, toRun), cancellationToken);
        if (outcome.NotFound)
        {
            return ApiProblems.NotFoundRecord("participant", participant.Value);
        }

        return outcome.Report is { } report
            ? TypedResults.Ok(report)
            : ApiProblems.Invalid(ApiProblems.InvalidQuery, [.. outcome.Problems.Select(x => new QueryIssue(x.Code == "invalid_period" ? "unknown_period" : x.Code, x.Where, x.Message))]);
    }
}
