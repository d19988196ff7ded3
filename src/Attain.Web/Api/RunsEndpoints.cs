using Attain.Application.Browse;
using Attain.Application.Compensation;
using Attain.Application.Organisation;
using Attain.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>A request to start a calc run of a period.</summary>
/// <param name="Period">The fiscal period key (<c>FY2027-M09</c>).</param>
/// <param name="Reason">Why the run is started (recorded on the run and in the change log), or null.</param>
public sealed record RunStartRequest(string? Period, string? Reason);

/// <summary>
/// Calc runs (docs/compensation.md, "Runs as users drive them"): admins and comp admins start a run of a period, which
/// calculates in the background (202 with the run to poll); admins, comp admins and finance list runs, follow a run's
/// progress, read its payouts summed per plan and compare two runs. Reps and managers get 403: their pay reaches them
/// on their statement.
/// </summary>
public static class RunsEndpoints
{
    /// <summary>Who reads runs.</summary>
    public static readonly string[] Readers = [Roles.Admin, Roles.CompAdmin, Roles.Finance];

    /// <summary>Who starts runs.</summary>
    public static readonly string[] Starters = [Roles.Admin, Roles.CompAdmin];

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/runs").WithTags("Runs").RequireAuthorization(p => p.RequireRole(Readers));
        group.MapPost(string.Empty, StartAsync).RequireAuthorization(p => p.RequireRole(Starters)).WithName("StartRun")
            .WithSummary("Start a calc run of a period; it calculates in the background: poll the run at Location")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet(string.Empty, ListAsync).WithName("ListRuns").WithSummary("List calc runs, newest period and run first")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/compare", CompareAsync).WithName("CompareRuns")
            .WithSummary("Compare two runs: payable per participant and plan before and after, and the lines added, removed or changed")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}", GetAsync).WithName("GetRun").WithSummary("Get a calc run with its progress")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/payouts", PayoutsAsync).WithName("GetRunPayouts")
            .WithSummary("A run's payouts summed per plan and currency").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Accepted<RunResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        RunStartRequest request, CalculationRunService runs, RunBrowser browser, BackgroundRuns background, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Period))
        {
            return ApiProblems.Invalid(ApiProblems.InvalidBody, [new QueryIssue("required", "period", "period is required: a fiscal period key such as FY2027-M09.")]);
        }

        var outcome = await runs.StartAsync(request.Period.Trim(), string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), cancellationToken);
        if (outcome.Conflict)
        {
            return ApiProblems.Conflict(ApiProblems.RunActive, outcome.Problems[0].Message);
        }

        if (outcome.Run is not { } run)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidBody, [.. outcome.Problems.Select(p => new QueryIssue(p.Code, p.Where, p.Message))]);
        }

        background.Enqueue(run.Id);
        return TypedResults.Accepted($"{ApiV1.Prefix}/runs/{run.Id}", await browser.GetAsync(run.Id, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<RunResponse>>, ValidationProblem>> ListAsync(
        string? period, string? status, RunBrowser browser, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var filter = new RunFilter(string.IsNullOrWhiteSpace(period) ? null : period.Trim(), reader.Enum<RunStatus>(status, "status"));
        if (reader.Issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, reader.Issues);
        }

        return TypedResults.Ok(await browser.ListAsync(filter, cancellationToken));
    }

    private static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetAsync(long id, RunBrowser browser, CancellationToken cancellationToken) =>
        await browser.GetAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run) : ApiProblems.NotFoundRecord("run", id);

    private static async Task<Results<Ok<RunPayoutSummary>, ProblemHttpResult>> PayoutsAsync(long id, RunBrowser browser, CancellationToken cancellationToken) =>
        await browser.PayoutSummaryAsync(id, cancellationToken) is { } summary ? TypedResults.Ok(summary) : ApiProblems.NotFoundRecord("run", id);

    private static async Task<Results<Ok<RunComparison>, ValidationProblem, ProblemHttpResult>> CompareAsync(
        string? from, string? to, string? personId, RunComparisonService comparisons, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var (fromId, toId, person) = (reader.Id(from, "from"), reader.Id(to, "to"), reader.Id(personId, "personId"));
        var issues = reader.Issues.ToList();
        issues.AddRange(new[] { (fromId, from, "from"), (toId, to, "to") }
            .Where(p => p.Item1 is null && string.IsNullOrWhiteSpace(p.Item2))
            .Select(p => new QueryIssue("required", p.Item3, $"{p.Item3} is required: a run id.")));
        if (issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, issues);
        }

        return await comparisons.CompareAsync(fromId!.Value, toId!.Value, person, cancellationToken) is { } comparison
            ? TypedResults.Ok(comparison)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found",
                detail: $"No run with id {fromId} or {toId}.",
                extensions: new Dictionary<string, object?> { ["code"] = ApiProblems.NotFound });
    }
}
