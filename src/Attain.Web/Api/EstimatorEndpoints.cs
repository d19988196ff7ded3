using Attain.Application.Compensation;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>
/// The rep estimator (docs/compensation.md, "Estimator"): projected earnings and attainment with picked opportunities
/// and typed deals, for yourself or (managers) someone in your subtree; anyone else is not found.
/// </summary>
public static class EstimatorEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/estimates").WithTags("Estimator").RequireAuthorization(Policies.SignedIn);
        group.MapPost(string.Empty, EstimateAsync).WithName("CreateEstimate")
            .WithSummary("Projected earnings and attainment per component period with the deals added, against the baseline")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/opportunities", OpportunitiesAsync).WithName("ListEstimateOpportunities")
            .WithSummary("A person's open opportunities to pick for an estimate (default: yours)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<EstimateResponse>, ValidationProblem, ProblemHttpResult>> EstimateAsync(
        EstimateRequest request, CurrentViewer viewer, EstimatorService estimator, CancellationToken cancellationToken)
    {
        var outcome = await estimator.EstimateAsync(await viewer.GetAsync(cancellationToken), await viewer.ScopeAsync(cancellationToken), request, cancellationToken);
        return outcome.NotFound ? ApiProblems.NotFoundRecord("person", request.PersonId ?? 0) : PlansEndpoints.Answer(outcome);
    }

    private static async Task<Results<Ok<IReadOnlyList<EstimateOpportunity>>, ProblemHttpResult>> OpportunitiesAsync(
        [FromQuery(Name = "personId")] long? personId, CurrentViewer viewer, EstimatorService estimator, CancellationToken cancellationToken)
    {
        var person = personId ?? (await viewer.GetAsync(cancellationToken)).PersonId ?? 0;
        return await estimator.OpenOpportunitiesAsync(await viewer.ScopeAsync(cancellationToken), person, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : ApiProblems.NotFoundRecord("person", person);
    }
}
