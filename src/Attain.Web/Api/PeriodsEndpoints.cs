using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Compensation;
using Attain.Application.Organisation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Compensation periods (docs/compensation.md): their state, closing one, recalculating one.</summary>
public static class PeriodsEndpoints
{
    /// <summary>Who may close a period: admins, comp admins and finance.</summary>
    public const string CloseRoles = Roles.Admin + "," + Roles.CompAdmin + "," + Roles.Finance;

    /// <summary>Who may recalculate a period: admins and comp admins.</summary>
    public const string RecalculateRoles = Roles.Admin + "," + Roles.CompAdmin;

    /// <summary>A prior-period adjustment a recalculation carried.</summary>
    public sealed record CarriedAdjustment(long Id, long PersonId, string PeriodKey, decimal Amount, string Currency, string Reason, AdjustmentStatus Status);

    /// <summary>The answer of a recalculation.</summary>
    public sealed record RecalculationResponse(
        long RunId, string PeriodKey, int Number, RunStatus Status, long? RecalculatesRunId, string? CarriedInto, IReadOnlyList<CarriedAdjustment> Adjustments);

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/periods").WithTags("Periods");
        group.MapGet("/", ListAsync).WithName("ListPeriods").WithSummary("Fiscal months with their compensation state and published run");
        group.MapPost("/{key}/close", CloseAsync).WithName("ClosePeriod")
            .WithSummary("Close (finalise) a period that has a published run (admins, comp admins, finance)")
            .RequireAuthorization(new AuthorizeAttribute { Roles = CloseRoles })
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{key}/recalculate", RecalculateAsync).WithName("RecalculatePeriod")
            .WithSummary("Run a period again; a closed period is staged and its differences carried as prior-period adjustments (admins, comp admins)")
            .RequireAuthorization(new AuthorizeAttribute { Roles = RecalculateRoles })
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<IReadOnlyList<PeriodSummary>>> ListAsync(PeriodCloseService periods, OrganisationTime time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await periods.ListAsync(await time.TodayAsync(cancellationToken), cancellationToken));

    private static async Task<Results<Ok<PeriodSummary>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        string key, [FromQuery(Name = "reason")] string? reason, PeriodCloseService periods, CancellationToken cancellationToken)
    {
        var outcome = await periods.CloseAsync(key, reason, cancellationToken);
        return outcome.Problem switch
        {
            null => TypedResults.Ok(outcome.Period!),
            { Code: "invalid_period" } p => ApiProblems.Invalid(ApiProblems.InvalidQuery, [new QueryIssue("unknown_period", "key", p.Message)]),
            var p => ApiProblems.Conflict(p.Code, p.Message),
        };
    }

    private static async Task<Results<Ok<RecalculationResponse>, ValidationProblem, ProblemHttpResult>> RecalculateAsync(
        string key, [FromQuery(Name = "reason")] string? reason, [FromQuery(Name = "carryInto")] string? carryInto,
        PriorPeriodAdjustmentService recalculation, CancellationToken cancellationToken)
    {
        var outcome = await recalculation.RecalculateAsync(key, reason, string.IsNullOrWhiteSpace(carryInto) ? null : carryInto.Trim(), cancellationToken);
        if (outcome.Conflict)
        {
            return ApiProblems.Conflict("run_active", outcome.Problems[0].Message);
        }

        if (outcome.Run is not { } run)
        {
            var closed = outcome.Problems.FirstOrDefault(p => p.Code == PeriodCloseService.PeriodClosed);
            return closed is not null
                ? ApiProblems.Conflict(closed.Code, closed.Message)
                : ApiProblems.Invalid(ApiProblems.InvalidQuery, [.. outcome.Problems.Select(p => new QueryIssue(
                    p.Code == "invalid_period" ? "unknown_period" : p.Code, p.Where == "period" ? "key" : p.Where, p.Message))]);
        }

        return TypedResults.Ok(new RecalculationResponse(
            run.Id, run.PeriodKey, run.Number, run.Status, run.RecalculatesRunId, outcome.CarriedInto,
            [.. outcome.Adjustments.Select(a => new CarriedAdjustment(a.Id, a.PersonId, a.PeriodKey, a.Amount, a.Currency, a.Reason, a.Status))]));
    }
}
