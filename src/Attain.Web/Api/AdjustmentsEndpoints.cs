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
/// Adjustments (docs/compensation.md, "Adjustments"): read scoped like every list (a rep their own); requested by admins
/// and comp admins; approved or rejected by admins, comp admins and finance, never by the requester.
/// </summary>
public static class AdjustmentsEndpoints
{
    public sealed class Parameters : ListParameters
    {
        [FromQuery(Name = "personId")]
        public string? PersonId { get; set; }

        /// <summary>The period paid in (FY2026-M03).</summary>
        [FromQuery(Name = "period")]
        public string? Period { get; set; }

        /// <summary>Pending, Approved or Rejected.</summary>
        [FromQuery(Name = "status")]
        public string? Status { get; set; }

        /// <summary>Manual, PriorPeriod or Dispute.</summary>
        [FromQuery(Name = "kind")]
        public string? Kind { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/adjustments").WithTags("Adjustments").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, ListAsync).WithName("ListAdjustments").WithSummary("List the adjustments you may see");
        group.MapGet("/{id:long}", GetAsync).WithName("GetAdjustment").WithSummary("Get an adjustment").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost(string.Empty, CreateAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.CompAdmin)).WithName("CreateAdjustment")
            .WithSummary("Request a manual adjustment (admin, comp-admin); it counts once someone else approves it")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/approve", ApproveAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.CompAdmin, Roles.Finance)).WithName("ApproveAdjustment")
            .WithSummary("Approve a pending adjustment (not its requester)")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/reject", RejectAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.CompAdmin, Roles.Finance)).WithName("RejectAdjustment")
            .WithSummary("Reject a pending adjustment with a reason (not its requester)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<Paged<AdjustmentResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, AdjustmentService adjustments, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader, new AdjustmentQuery
        {
            PersonId = reader.Id(p.PersonId, "personId"),
            PeriodKey = string.IsNullOrWhiteSpace(p.Period) ? null : p.Period.Trim(),
            Status = reader.Enum<AdjustmentStatus>(p.Status, "status"),
            Kind = reader.Enum<AdjustmentKind>(p.Kind, "kind"),
        });
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await adjustments.ListAsync(await viewer.ScopeAsync(cancellationToken), query, cancellationToken));
    }

    private static async Task<Results<Ok<AdjustmentResponse>, ProblemHttpResult>> GetAsync(long id, CurrentViewer viewer, AdjustmentService adjustments, CancellationToken cancellationToken) =>
        await adjustments.GetAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } adjustment
            ? TypedResults.Ok(adjustment)
            : ApiProblems.NotFoundRecord("adjustment", id);

    private static async Task<Results<Created<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        AdjustmentRequest request, CurrentViewer viewer, AdjustmentService adjustments, CancellationToken cancellationToken)
    {
        var outcome = await adjustments.CreateAsync(await viewer.GetAsync(cancellationToken), request, cancellationToken);
        return outcome.Value is { } created ? TypedResults.Created($"{ApiV1.Prefix}/adjustments/{created.Id}", created)
            : outcome.Failure == OperationFailure.Invalid ? ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues)
            : OperationProblems.Problem(outcome, "adjustment", 0);
    }

    private static async Task<Results<Ok<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>> ApproveAsync(
        long id, AdjustmentDecisionRequest? request, CurrentViewer viewer, AdjustmentService adjustments, CancellationToken cancellationToken) =>
        OperationProblems.Respond(await adjustments.DecideAsync(await viewer.GetAsync(cancellationToken), id, approve: true, request?.Reason, cancellationToken), "adjustment", id);

    private static async Task<Results<Ok<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>> RejectAsync(
        long id, AdjustmentDecisionRequest? request, CurrentViewer viewer, AdjustmentService adjustments, CancellationToken cancellationToken) =>
        OperationProblems.Respond(await adjustments.DecideAsync(await viewer.GetAsync(cancellationToken), id, approve: false, request?.Reason, cancellationToken), "adjustment", id);
}
