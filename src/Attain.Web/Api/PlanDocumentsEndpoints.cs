using System.Globalization;
using Attain.Application.Compensation;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>
/// Plan documents (docs/compensation.md, "Plan documents"): your own documents, one by assignment (yours, or your
/// subtree's as a manager, or anyone's as an admin), its PDF, accepting your own, and (comp admins, admins, finance) who
/// has accepted.
/// </summary>
public static class PlanDocumentsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/plan-documents").WithTags("Plans").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/mine", MineAsync).WithName("ListMyPlanDocuments").WithSummary("The documents of your current and future plan assignments");
        group.MapGet("/acceptances", AcceptancesAsync).RequireAuthorization(p => p.RequireRole(PlansEndpoints.Readers)).WithName("ListPlanAcceptances")
            .WithSummary("Every current assignment and whether its plan's published version is accepted");
        group.MapGet("/{assignmentId:long}", GetAsync).WithName("GetPlanDocument").WithSummary("The plan document of an assignment")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{assignmentId:long}/pdf", PdfAsync).WithName("GetPlanDocumentPdf").WithSummary("The plan document as a PDF")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{assignmentId:long}/accept", AcceptAsync).WithName("AcceptPlanDocument")
            .WithSummary("Accept your own plan document: send the sha256 of the text you read")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<IReadOnlyList<PlanDocumentResponse>>> MineAsync(CurrentViewer viewer, PlanDocumentService documents, CancellationToken cancellationToken) =>
        TypedResults.Ok(await documents.MineAsync(await viewer.GetAsync(cancellationToken), cancellationToken));

    private static async Task<Ok<IReadOnlyList<PlanAcceptanceStatus>>> AcceptancesAsync(
        [FromQuery(Name = "plan")] string? plan, [FromQuery(Name = "accepted")] bool? accepted, PlanDocumentService documents, CancellationToken cancellationToken) =>
        TypedResults.Ok(await documents.StatusAsync(plan, accepted, cancellationToken));

    private static async Task<Results<Ok<PlanDocumentResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        long assignmentId, CurrentViewer viewer, PlanDocumentService documents, CancellationToken cancellationToken)
    {
        var outcome = await documents.DocumentAsync(await viewer.ScopeAsync(cancellationToken), assignmentId, cancellationToken);
        return outcome.NotFound ? ApiProblems.NotFoundRecord("plan assignment", assignmentId) : PlansEndpoints.Answer(outcome);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(
        long assignmentId, CurrentViewer viewer, PlanDocumentService documents, CancellationToken cancellationToken)
    {
        var outcome = await documents.DocumentAsync(await viewer.ScopeAsync(cancellationToken), assignmentId, cancellationToken);
        return outcome switch
        {
            { Value: { } document } => TypedResults.File(
                PlanDocumentService.Pdf(document), "application/pdf",
                string.Create(CultureInfo.InvariantCulture, $"plan-{document.PlanKey}-v{document.PlanVersion}-{assignmentId}.pdf")),
            { Conflict: { } code } => ApiProblems.Conflict(code, outcome.Issues[0].Message),
            _ => ApiProblems.NotFoundRecord("plan assignment", assignmentId),
        };
    }

    private static async Task<Results<Ok<PlanAcceptanceResponse>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        long assignmentId, PlanAcceptRequest request, CurrentViewer viewer, PlanDocumentService documents, CancellationToken cancellationToken)
    {
        var outcome = await documents.AcceptAsync(await viewer.GetAsync(cancellationToken), await viewer.ScopeAsync(cancellationToken), assignmentId, request, cancellationToken);
        return outcome.NotFound ? ApiProblems.NotFoundRecord("plan assignment", assignmentId) : PlansEndpoints.Answer(outcome);
    }
}
