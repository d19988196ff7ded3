using Attain.Application.Segmentation;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>
/// Account segmentations (docs/segmentation.md): every signed-in user reads the schemes and a summary over the accounts
/// they may see; admins and sales ops create, change and recompute them.
/// </summary>
public static class SegmentationsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/segmentations").WithTags("Segmentations").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, ListAsync).WithName("ListSegmentations").WithSummary("List the segmentation schemes and their segments");
        group.MapGet("/{id:long}", GetAsync).WithName("GetSegmentation").WithSummary("Get a segmentation scheme").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/summary", SummaryAsync).WithName("GetSegmentationSummary")
            .WithSummary("Each segment's size, bookings of the last 12 months, weighted pipeline and win rate over the accounts you may see")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost(string.Empty, CreateAsync).RequireAuthorization(Policies.DataAdmin).WithName("CreateSegmentation")
            .WithSummary("Create a segmentation scheme (rules, kmeans or abc)").ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPut("/{id:long}", UpdateAsync).RequireAuthorization(Policies.DataAdmin).WithName("UpdateSegmentation")
            .WithSummary("Replace a scheme's name, kind and parameters").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/recompute", RecomputeAsync).RequireAuthorization(Policies.DataAdmin).WithName("RecomputeSegmentation")
            .WithSummary("Compute the scheme over every account and store each account's segment")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<SegmentationResponse>>> ListAsync(SegmentationService segmentations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await segmentations.ListAsync(cancellationToken));

    private static async Task<Results<Ok<SegmentationResponse>, ProblemHttpResult>> GetAsync(long id, SegmentationService segmentations, CancellationToken cancellationToken) =>
        await segmentations.GetAsync(id, cancellationToken) is { } scheme ? TypedResults.Ok(scheme) : ApiProblems.NotFoundRecord("segmentation", id);

    private static async Task<Results<Ok<SegmentationSummaryResponse>, ProblemHttpResult>> SummaryAsync(
        long id, CurrentViewer viewer, SegmentationService segmentations, CancellationToken cancellationToken) =>
        await segmentations.SummaryAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : ApiProblems.NotFoundRecord("segmentation", id);

    private static async Task<Results<Created<SegmentationResponse>, ValidationProblem>> CreateAsync(
        SegmentationRequest request, SegmentationService segmentations, CancellationToken cancellationToken)
    {
        var outcome = await segmentations.CreateAsync(request, cancellationToken);
        return outcome.Value is { } created
            ? TypedResults.Created($"{ApiV1.Prefix}/segmentations/{created.Id}", created)
            : ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues);
    }

    private static async Task<Results<Ok<SegmentationResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, SegmentationRequest request, SegmentationService segmentations, CancellationToken cancellationToken)
    {
        var outcome = await segmentations.UpdateAsync(id, request, cancellationToken);
        return outcome switch
        {
            { NotFound: true } => ApiProblems.NotFoundRecord("segmentation", id),
            { Value: { } updated } => TypedResults.Ok(updated),
            _ => ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues),
        };
    }

    private static async Task<Results<Ok<RecomputeResponse>, ValidationProblem, ProblemHttpResult>> RecomputeAsync(
        long id, SegmentationService segmentations, CancellationToken cancellationToken)
    {
        var outcome = await segmentations.RecomputeAsync(id, cancellationToken);
        return outcome switch
        {
            { NotFound: true } => ApiProblems.NotFoundRecord("segmentation", id),
            { Value: { } result } => TypedResults.Ok(result),
            _ => ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues),
        };
    }
}
