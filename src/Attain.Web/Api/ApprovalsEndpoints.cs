using Attain.Application.Compensation;
using Attain.Application.Organisation;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>
/// Approvals of published runs (docs/compensation.md, "Approvals"): the chain (everyone reads it, admins change it),
/// the runs with their approval state (managers and the see-everything roles), submission (admin, comp-admin) and the
/// decisions, which the service checks against the step's role and segregation of duties.
/// </summary>
public static class ApprovalsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/approvals").WithTags("Approvals").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/chain", ChainAsync).WithName("GetApprovalChain").WithSummary("The approval chain: its roles in order");
        group.MapPut("/chain", SetChainAsync).RequireAuthorization(Policies.Admin).WithName("SetApprovalChain")
            .WithSummary("Replace the approval chain (admins)").ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/runs", ListAsync).RequireAuthorization(Policies.Leaders).WithName("ListRunApprovals")
            .WithSummary("The published runs of open periods with their approval state; waitingForMe=true keeps those you may decide now");
        group.MapGet("/runs/{runId:long}", GetAsync).RequireAuthorization(Policies.Leaders).WithName("GetRunApproval")
            .WithSummary("A run's approval state and history").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/runs/{runId:long}/submit", SubmitAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.CompAdmin)).WithName("SubmitRun")
            .WithSummary("Submit the period's published run into the approval chain (admin, comp-admin)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/runs/{runId:long}/approve", ApproveAsync).RequireAuthorization(Policies.Leaders).WithName("ApproveRun")
            .WithSummary("Approve the step the run waits for (a holder of its role or an admin; not whoever started or changed the run)")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/runs/{runId:long}/reject", RejectAsync).RequireAuthorization(Policies.Leaders).WithName("RejectRun")
            .WithSummary("Reject the step the run waits for, with a reason: the run is returned")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<ApprovalChainResponse>> ChainAsync(ApprovalService approvals, CancellationToken cancellationToken) =>
        TypedResults.Ok(await approvals.ChainAsync(cancellationToken));

    private static async Task<Results<Ok<ApprovalChainResponse>, ValidationProblem>> SetChainAsync(
        ApprovalChainRequest request, ApprovalService approvals, CancellationToken cancellationToken)
    {
        var outcome = await approvals.SetChainAsync(request, cancellationToken);
        return outcome.Value is { } chain ? TypedResults.Ok(chain) : ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues);
    }

    private static async Task<Results<Ok<IReadOnlyList<RunApprovalResponse>>, ValidationProblem>> ListAsync(
        string? waitingForMe, CurrentViewer viewer, ApprovalService approvals, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var mine = reader.Bool(waitingForMe, "waitingForMe") ?? false;
        if (reader.Issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, reader.Issues);
        }

        return TypedResults.Ok(await approvals.ListAsync(mine ? await viewer.GetAsync(cancellationToken) : null, cancellationToken));
    }

    private static async Task<Results<Ok<RunApprovalResponse>, ProblemHttpResult>> GetAsync(long runId, ApprovalService approvals, CancellationToken cancellationToken) =>
        await approvals.GetAsync(runId, cancellationToken) is { } run ? TypedResults.Ok(run) : ApiProblems.NotFoundRecord("run", runId);

    private static async Task<Results<Ok<RunApprovalResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        long runId, CurrentViewer viewer, ApprovalService approvals, CancellationToken cancellationToken) =>
        Respond(await approvals.SubmitAsync(await viewer.GetAsync(cancellationToken), runId, cancellationToken), runId);

    private static async Task<Results<Ok<RunApprovalResponse>, ValidationProblem, ProblemHttpResult>> ApproveAsync(
        long runId, ApprovalDecisionRequest? request, CurrentViewer viewer, ApprovalService approvals, CancellationToken cancellationToken) =>
        Respond(await approvals.ApproveAsync(await viewer.GetAsync(cancellationToken), runId, request?.Reason, cancellationToken), runId);

    private static async Task<Results<Ok<RunApprovalResponse>, ValidationProblem, ProblemHttpResult>> RejectAsync(
        long runId, ApprovalDecisionRequest? request, CurrentViewer viewer, ApprovalService approvals, CancellationToken cancellationToken) =>
        Respond(await approvals.RejectAsync(await viewer.GetAsync(cancellationToken), runId, request?.Reason, cancellationToken), runId);

    private static Results<Ok<RunApprovalResponse>, ValidationProblem, ProblemHttpResult> Respond(OperationOutcome<RunApprovalResponse> outcome, long runId) =>
        OperationProblems.Respond(outcome, "run", runId);
}
