using Attain.Application.Browse;
using Attain.Application.Compensation;
using Attain.Application.Organisation;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>
/// Disputes (docs/compensation.md, "Disputes"): a participant raises one on their own statement; the compensation office
/// (admin, comp-admin) reviews, resolves or rejects it; both comment. Reads are scoped: a rep their own, a manager their
/// subtree's, the see-everything roles all.
/// </summary>
public static class DisputesEndpoints
{
    public sealed class Parameters : ListParameters
    {
        /// <summary>Open, InReview, Resolved or Rejected.</summary>
        [FromQuery(Name = "status")]
        public string? Status { get; set; }

        [FromQuery(Name = "personId")]
        public string? PersonId { get; set; }

        /// <summary>The statement's period (FY2026-M03).</summary>
        [FromQuery(Name = "period")]
        public string? Period { get; set; }

        /// <summary>true: only overdue disputes; false: only those not overdue.</summary>
        [FromQuery(Name = "overdue")]
        public string? Overdue { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/disputes").WithTags("Disputes").RequireAuthorization(Policies.SignedIn);
        var office = new[] { Roles.Admin, Roles.CompAdmin };
        group.MapGet(string.Empty, ListAsync).WithName("ListDisputes").WithSummary("List the disputes you may see, with their age against the SLA");
        group.MapGet("/{id:long}", GetAsync).WithName("GetDispute").WithSummary("Get a dispute with its comments").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost(string.Empty, RaiseAsync).WithName("RaiseDispute").WithSummary("Raise a dispute on a line of your own statement, or on the statement as a whole")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/{id:long}/comments", CommentAsync).WithName("CommentOnDispute")
            .WithSummary("Comment on a dispute (its participant or the compensation office)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/review", ReviewAsync).RequireAuthorization(p => p.RequireRole(office)).WithName("ReviewDispute")
            .WithSummary("Take an open dispute into review (admin, comp-admin)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/resolve", ResolveAsync).RequireAuthorization(p => p.RequireRole(office)).WithName("ResolveDispute")
            .WithSummary("Resolve a dispute in review with an adjustment (admin, comp-admin)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/reject", RejectAsync).RequireAuthorization(p => p.RequireRole(office)).WithName("RejectDispute")
            .WithSummary("Reject a dispute in review with a reason (admin, comp-admin)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/settings", SettingsAsync).WithName("GetDisputeSettings").WithSummary("The dispute SLA in days");
        group.MapPut("/settings", SetSettingsAsync).RequireAuthorization(Policies.Admin).WithName("SetDisputeSettings")
            .WithSummary("Change the dispute SLA (admins)").ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Ok<Paged<DisputeResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, DisputeService disputes, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader, new DisputeQuery
        {
            Status = reader.Enum<DisputeStatus>(p.Status, "status"),
            PersonId = reader.Id(p.PersonId, "personId"),
            PeriodKey = string.IsNullOrWhiteSpace(p.Period) ? null : p.Period.Trim(),
            Overdue = reader.Bool(p.Overdue, "overdue"),
        });
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await disputes.ListAsync(await viewer.ScopeAsync(cancellationToken), query, cancellationToken));
    }

    private static async Task<Results<Ok<DisputeResponse>, ProblemHttpResult>> GetAsync(long id, CurrentViewer viewer, DisputeService disputes, CancellationToken cancellationToken) =>
        await disputes.GetAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } dispute
            ? TypedResults.Ok(dispute)
            : ApiProblems.NotFoundRecord("dispute", id);

    private static async Task<Results<Created<DisputeResponse>, ValidationProblem>> RaiseAsync(
        DisputeRequest request, CurrentViewer viewer, DisputeService disputes, CancellationToken cancellationToken)
    {
        var outcome = await disputes.RaiseAsync(await viewer.GetAsync(cancellationToken), request, cancellationToken);
        return outcome.Value is { } raised
            ? TypedResults.Created($"{ApiV1.Prefix}/disputes/{raised.Id}", raised)
            : ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues);
    }

    private static async Task<Results<Ok<DisputeResponse>, ValidationProblem, ProblemHttpResult>> CommentAsync(
        long id, DisputeCommentRequest request, CurrentViewer viewer, DisputeService disputes, CancellationToken cancellationToken) =>
        OperationProblems.Respond(
            await disputes.CommentAsync(await viewer.GetAsync(cancellationToken), await viewer.ScopeAsync(cancellationToken), id, request, cancellationToken), "dispute", id);

    private static async Task<Results<Ok<DisputeResponse>, ValidationProblem, ProblemHttpResult>> ReviewAsync(
        long id, CurrentViewer viewer, DisputeService disputes, CancellationToken cancellationToken) =>
        OperationProblems.Respond(await disputes.ReviewAsync(await viewer.GetAsync(cancellationToken), id, cancellationToken), "dispute", id);

    private static async Task<Results<Ok<DisputeResponse>, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        long id, DisputeResolution request, CurrentViewer viewer, DisputeService disputes, CancellationToken cancellationToken) =>
        OperationProblems.Respond(await disputes.ResolveAsync(await viewer.GetAsync(cancellationToken), id, request, cancellationToken), "dispute", id);

    private static async Task<Results<Ok<DisputeResponse>, ValidationProblem, ProblemHttpResult>> RejectAsync(
        long id, DisputeRejection request, CurrentViewer viewer, DisputeService disputes, CancellationToken cancellationToken) =>
        OperationProblems.Respond(await disputes.RejectAsync(await viewer.GetAsync(cancellationToken), id, request, cancellationToken), "dispute", id);

    private static async Task<Ok<DisputeSettingsResponse>> SettingsAsync(DisputeService disputes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await disputes.SettingsAsync(cancellationToken));

    private static async Task<Results<Ok<DisputeSettingsResponse>, ValidationProblem>> SetSettingsAsync(
        DisputeSettingsRequest request, DisputeService disputes, CancellationToken cancellationToken)
    {
        var outcome = await disputes.SetSettingsAsync(request, cancellationToken);
        return outcome.Value is { } settings ? TypedResults.Ok(settings) : ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues);
    }
}
