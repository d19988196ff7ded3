using System.Globalization;
using Attain.Application.Compensation;
using Attain.Application.Organisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>
/// Plan administration (docs/compensation.md, "Plans and assignments" and "What-if modelling"): comp admins and admins
/// add draft versions, publish them and model a draft against the live plan; finance reads.
/// </summary>
public static class PlansEndpoints
{
    /// <summary>Who changes plans and assignments.</summary>
    public static readonly string[] Writers = [Roles.Admin, Roles.CompAdmin];

    /// <summary>Who reads plans and assignments.</summary>
    public static readonly string[] Readers = [Roles.Admin, Roles.CompAdmin, Roles.Finance];

    public static void Map(RouteGroupBuilder api)
    {
        var plans = api.MapGroup("/plans").WithTags("Plans").RequireAuthorization(p => p.RequireRole(Readers));
        plans.MapGet(string.Empty, ListAsync).WithName("ListPlans").WithSummary("Every plan with its versions and number of assignments");
        plans.MapGet("/{key}/versions/{version:int}", GetAsync).WithName("GetPlanVersion").WithSummary("One plan version with its JSON document")
            .ProducesProblem(StatusCodes.Status404NotFound);
        plans.MapPost(string.Empty, CreateDraftAsync).RequireAuthorization(p => p.RequireRole(Writers)).WithName("CreatePlanDraft")
            .WithSummary("Add a draft version from a plan document (JSON text); problems name line, column and JSON path")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        plans.MapPost("/{key}/versions/{version:int}/publish", PublishAsync).RequireAuthorization(p => p.RequireRole(Writers)).WithName("PublishPlanVersion")
            .WithSummary("Publish a draft; the previously published version is retired")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        plans.MapPost("/{key}/versions/{version:int}/what-if", WhatIfAsync).RequireAuthorization(p => p.RequireRole(Writers)).WithName("ModelPlanVersion")
            .WithSummary("Calculate a period with this version in place of the published one and compare cost, distribution and components; nothing is stored")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        var assignments = api.MapGroup("/plan-assignments").WithTags("Plans").RequireAuthorization(p => p.RequireRole(Readers));
        assignments.MapGet(string.Empty, ListAssignmentsAsync).WithName("ListPlanAssignments").WithSummary("Plan assignments, optionally of one plan or person");
        assignments.MapGet("/{id:long}", GetAssignmentAsync).WithName("GetPlanAssignment").WithSummary("One plan assignment")
            .ProducesProblem(StatusCodes.Status404NotFound);
        assignments.MapPost(string.Empty, CreateAssignmentAsync).RequireAuthorization(p => p.RequireRole(Writers)).WithName("CreatePlanAssignment")
            .WithSummary("Assign a plan to a person from a date; overlapping the same plan is refused")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        assignments.MapPost("/{id:long}/end", EndAssignmentAsync).RequireAuthorization(p => p.RequireRole(Writers)).WithName("EndPlanAssignment")
            .WithSummary("End an assignment on a day (inclusive)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<PlanResponse>>> ListAsync(PlanService plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.ListAsync(cancellationToken));

    private static async Task<Results<Ok<PlanVersionResponse>, ProblemHttpResult>> GetAsync(string key, int version, PlanService plans, CancellationToken cancellationToken) =>
        await plans.GetVersionAsync(key, version, cancellationToken) is { } found ? TypedResults.Ok(found) : NoVersion(key, version);

    private static async Task<Results<Created<PlanVersionResponse>, ValidationProblem, ProblemHttpResult>> CreateDraftAsync(
        PlanDraftRequest request, PlanService plans, CancellationToken cancellationToken)
    {
        var outcome = await plans.CreateDraftAsync(request, cancellationToken);
        return outcome switch
        {
            { Value: { } created } => TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"{ApiV1.Prefix}/plans/{created.Key}/versions/{created.Version}"), created),
            { Conflict: { } code } => ApiProblems.Conflict(code, outcome.Issues[0].Message),
            _ => ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues),
        };
    }

    private static async Task<Results<Ok<PlanVersionResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string key, int version, PlanPublishRequest request, PlanService plans, CancellationToken cancellationToken)
    {
        var outcome = await plans.PublishAsync(key, version, request, cancellationToken);
        return outcome.NotFound ? NoVersion(key, version) : Answer(outcome);
    }

    private static async Task<Results<Ok<WhatIfResponse>, ValidationProblem, ProblemHttpResult>> WhatIfAsync(
        string key, int version, [FromQuery(Name = "period")] string? period, WhatIfService whatIf, CancellationToken cancellationToken)
    {
        var outcome = await whatIf.ModelAsync(key, version, period, cancellationToken);
        return outcome.NotFound ? NoVersion(key, version)
            : outcome.Value is { } model ? TypedResults.Ok(model)
            : ApiProblems.Invalid(ApiProblems.InvalidQuery, outcome.Issues);
    }

    private static async Task<Ok<IReadOnlyList<PlanAssignmentResponse>>> ListAssignmentsAsync(
        [FromQuery(Name = "plan")] string? plan, [FromQuery(Name = "personId")] long? personId, PlanService plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.ListAssignmentsAsync(plan, personId, cancellationToken));

    private static async Task<Results<Ok<PlanAssignmentResponse>, ProblemHttpResult>> GetAssignmentAsync(long id, PlanService plans, CancellationToken cancellationToken) =>
        await plans.GetAssignmentAsync(id, cancellationToken) is { } found ? TypedResults.Ok(found) : ApiProblems.NotFoundRecord("plan assignment", id);

    private static async Task<Results<Created<PlanAssignmentResponse>, ValidationProblem, ProblemHttpResult>> CreateAssignmentAsync(
        PlanAssignmentRequest request, PlanService plans, CancellationToken cancellationToken)
    {
        var outcome = await plans.CreateAssignmentAsync(request, cancellationToken);
        return outcome switch
        {
            { Value: { } created } => TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"{ApiV1.Prefix}/plan-assignments/{created.Id}"), created),
            { Conflict: { } code } => ApiProblems.Conflict(code, outcome.Issues[0].Message),
            _ => ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues),
        };
    }

    private static async Task<Results<Ok<PlanAssignmentResponse>, ValidationProblem, ProblemHttpResult>> EndAssignmentAsync(
        long id, PlanAssignmentEndRequest request, PlanService plans, CancellationToken cancellationToken)
    {
        var outcome = await plans.EndAssignmentAsync(id, request, cancellationToken);
        return outcome.NotFound ? ApiProblems.NotFoundRecord("plan assignment", id) : Answer(outcome);
    }

    /// <summary>A plan outcome as a response: the value, 409 with the conflict's code, 403 for another person's document, or 400.</summary>
    internal static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Answer<T>(PlanOutcome<T> outcome)
        where T : class => outcome switch
        {
            { Value: { } value } => TypedResults.Ok(value),
            { Conflict: "not_own_document" } => TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: outcome.Issues[0].Message,
                extensions: new Dictionary<string, object?> { ["code"] = "not_own_document" }),
            { Conflict: { } code } => ApiProblems.Conflict(code, outcome.Issues[0].Message),
            _ => ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues),
        };

    private static ProblemHttpResult NoVersion(string key, int version) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: string.Create(CultureInfo.InvariantCulture, $"No plan '{key}' version {version}."),
            extensions: new Dictionary<string, object?> { ["code"] = ApiProblems.NotFound });
}
