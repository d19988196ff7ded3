using Attain.Application.Data;
using Attain.Engine.Periods;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>A fiscal period's compensation state as lists and the Periods page show it.</summary>
/// <param name="PeriodKey">The fiscal period key (<c>FY2027-M08</c>).</param>
/// <param name="From">The period's first day.</param>
/// <param name="To">The period's last day (inclusive).</param>
/// <param name="State">Open or Closed; a period never run is Open.</param>
/// <param name="PublishedRunId">The run readers see, or null.</param>
/// <param name="PublishedRunNumber">That run's number within the period, or null.</param>
/// <param name="ApprovalStatus">That run's approval status, or null.</param>
/// <param name="ClosedAt">When it was closed (UTC), or null.</param>
/// <param name="ClosedBy">Who closed it, or null.</param>
/// <param name="Runs">How many runs the period has (any status).</param>
/// <param name="StagedRecalculations">Staged recalculations of the closed period.</param>
public sealed record PeriodSummary(
    string PeriodKey, DateOnly From, DateOnly To, PeriodState State, long? PublishedRunId, int? PublishedRunNumber,
    ApprovalStatus? ApprovalStatus, DateTime? ClosedAt, string? ClosedBy, int Runs, int StagedRecalculations);

/// <summary>The outcome of closing a period: the period, or why it was not closed.</summary>
/// <param name="Period">The closed period, or null.</param>
/// <param name="Problem">Why not: <c>invalid_period</c> (400), <c>period_not_published</c> or <c>period_closed</c> (409).</param>
public sealed record PeriodCloseOutcome(PeriodSummary? Period, CompensationProblem? Problem);

/// <summary>
/// Closing (finalising) periods (docs/compensation.md, "Closing a period"): a period with a published run is closed once;
/// from then on its published run is never rewritten or replaced, and a run of it is a staged recalculation whose
/// difference <see cref="PriorPeriodAdjustmentService"/> carries into an open period.
/// </summary>
public sealed class PeriodCloseService(AttainDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The months of the fiscal year that holds <paramref name="asOf"/> and of the year before, plus any other period
    /// that has a state row, newest first.
    /// </summary>
    public async Task<IReadOnlyList<PeriodSummary>> ListAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var calendar = await CalendarAsync(db, cancellationToken);
        var periods = await db.CompensationPeriods.AsNoTracking().ToListAsync(cancellationToken);
        var runs = await db.CalculationRuns.AsNoTracking()
            .Select(r => new { r.Id, r.PeriodKey, r.Number, r.Status, r.ApprovalStatus, r.RecalculatesRunId })
            .ToListAsync(cancellationToken);
        var year = calendar.YearOf(asOf);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var month = calendar.MonthOf(calendar.Previous(year).Start); month.Start <= year.End; month = calendar.Next(month))
        {
            keys.Add(month.Key);
        }

        keys.UnionWith(periods.Select(p => p.PeriodKey));
        keys.UnionWith(runs.Select(r => r.PeriodKey));
        var byKey = periods.ToDictionary(p => p.PeriodKey, StringComparer.Ordinal);
        var runsByPeriod = runs.ToLookup(r => r.PeriodKey, StringComparer.Ordinal);
        var result = new List<PeriodSummary>();
        foreach (var key in keys)
        {
            if (!calendar.TryParse(key, out var period))
            {
                continue;
            }

            var row = byKey.GetValueOrDefault(key);
            var published = runsByPeriod[key].FirstOrDefault(r => r.Id == row?.PublishedRunId);
            result.Add(new PeriodSummary(
                key, period.Start, period.End, row?.State ?? PeriodState.Open, row?.PublishedRunId, published?.Number, published?.ApprovalStatus,
                row?.ClosedAt, row?.ClosedBy, runsByPeriod[key].Count(),
                runsByPeriod[key].Count(r => r.RecalculatesRunId is not null && r.Status == RunStatus.Staged)));
        }

        return [.. result.OrderByDescending(p => p.To).ThenBy(p => p.From)];
    }

    /// <summary>One period's state, or null when the key is not a fiscal period.</summary>
    public async Task<PeriodSummary?> GetAsync(string periodKey, CancellationToken cancellationToken = default)
    {
        var calendar = await CalendarAsync(db, cancellationToken);
        if (!calendar.TryParse(periodKey, out var period))
        {
            return null;
        }

        var row = await db.CompensationPeriods.AsNoTracking().FirstOrDefaultAsync(p => p.PeriodKey == period.Key, cancellationToken);
        var runs = await db.CalculationRuns.AsNoTracking().Where(r => r.PeriodKey == period.Key)
            .Select(r => new { r.Id, r.Number, r.Status, r.ApprovalStatus, r.RecalculatesRunId }).ToListAsync(cancellationToken);
        var published = runs.FirstOrDefault(r => r.Id == row?.PublishedRunId);
        return new PeriodSummary(
            period.Key, period.Start, period.End, row?.State ?? PeriodState.Open, row?.PublishedRunId, published?.Number, published?.ApprovalStatus,
            row?.ClosedAt, row?.ClosedBy, runs.Count, runs.Count(r => r.RecalculatesRunId is not null && r.Status == RunStatus.Staged));
    }

    /// <summary>
    /// Closes <paramref name="periodKey"/>: only an open period with a published run; records who and when (the change
    /// log keeps the before and after with <paramref name="reason"/>).
    /// </summary>
    public async Task<PeriodCloseOutcome> CloseAsync(string periodKey, string? reason = null, CancellationToken cancellationToken = default)
    {
        var calendar = await CalendarAsync(db, cancellationToken);
        if (!calendar.TryParse(periodKey, out var period))
        {
            return new PeriodCloseOutcome(null, new CompensationProblem("invalid_period", "period", $"'{periodKey}' is not a fiscal period key such as FY2027-M08."));
        }

        var row = await db.CompensationPeriods.FirstOrDefaultAsync(p => p.PeriodKey == period.Key, cancellationToken);
        if (row?.PublishedRunId is null)
        {
            return new PeriodCloseOutcome(null, new CompensationProblem(PeriodNotPublished, "period", $"{period.Key} has no published run to close; run it first."));
        }

        if (row.State == PeriodState.Closed)
        {
            return new PeriodCloseOutcome(null, new CompensationProblem(PeriodClosed, "period", $"{period.Key} was already closed on {row.ClosedAt:yyyy-MM-dd} by {row.ClosedBy}."));
        }

        row.State = PeriodState.Closed;
        row.ClosedAt = clock.GetUtcNow().UtcDateTime;
        row.ClosedBy = db.ChangeContext.Actor;
        db.ChangeContext.Reason = reason ?? $"close {period.Key}";
        await db.SaveChangesAsync(cancellationToken);
        return new PeriodCloseOutcome(await GetAsync(period.Key, cancellationToken), null);
    }

    /// <summary>409: the period has no published run.</summary>
    public const string PeriodNotPublished = "period_not_published";

    /// <summary>409: the period is already closed.</summary>
    public const string PeriodClosed = "period_closed";

    /// <summary>The organisation's fiscal calendar; without settings yet, the calendar year.</summary>
    internal static async Task<FiscalCalendar> CalendarAsync(AttainDbContext db, CancellationToken cancellationToken) =>
        new(await db.OrganisationSettings.AsNoTracking().Select(s => (int?)s.FiscalYearStartMonth).FirstOrDefaultAsync(cancellationToken) ?? 1);
}
