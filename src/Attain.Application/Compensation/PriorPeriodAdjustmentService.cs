using System.Globalization;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>The outcome of recalculating a period.</summary>
/// <param name="Run">The new run: published for an open period, staged (a recalculation) for a closed one; null on failure.</param>
/// <param name="Adjustments">The prior-period adjustments carried by this recalculation (empty for an open period or when nothing changed).</param>
/// <param name="CarriedInto">The open period the adjustments are paid in, or null.</param>
/// <param name="Problems">Why nothing was done.</param>
/// <param name="Conflict">True when another run of the period is active.</param>
public sealed record RecalculationOutcome(
    CalculationRun? Run, IReadOnlyList<Adjustment> Adjustments, string? CarriedInto, IReadOnlyList<CompensationProblem> Problems, bool Conflict = false);

/// <summary>
/// Prior-period adjustments (docs/compensation.md): a closed period is recalculated into a new staged run; the difference
/// of each participant's payable between the closed (published) run and the recalculation, less what earlier
/// recalculations already carried, becomes an approved <see cref="AdjustmentKind.PriorPeriod"/> adjustment in the
/// earliest open period after it (or the one given), with a reason naming the bookings, plan versions or quotas that
/// changed. The closed period keeps pointing at its published run.
/// </summary>
public sealed class PriorPeriodAdjustmentService(AttainDbContext db, TimeProvider clock)
{
    /// <summary>Who the app records as approver of the adjustments it carries (they are approved automatically).</summary>
    public const string Approver = "system:prior-period";

    /// <summary>
    /// Recalculates <paramref name="periodKey"/>. An open period is simply run and published. A closed one is staged
    /// as a recalculation and its differences are carried into <paramref name="carryInto"/> (an open period after it;
    /// default the earliest open month after it).
    /// </summary>
    public async Task<RecalculationOutcome> RecalculateAsync(
        string periodKey, string? reason = null, string? carryInto = null, CancellationToken cancellationToken = default)
    {
        var calendar = await PeriodCloseService.CalendarAsync(db, cancellationToken);
        if (!calendar.TryParse(periodKey, out var period))
        {
            return Failed(new CompensationProblem("invalid_period", "period", $"'{periodKey}' is not a fiscal period key such as FY2027-M08."));
        }

        var state = await db.CompensationPeriods.AsNoTracking().FirstOrDefaultAsync(p => p.PeriodKey == period.Key, cancellationToken);
        string? target = null;
        if (state is { State: PeriodState.Closed })
        {
            var closed = (await db.CompensationPeriods.AsNoTracking().Where(p => p.State == PeriodState.Closed).Select(p => p.PeriodKey).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            if (carryInto is not null)
            {
                if (!calendar.TryParse(carryInto, out var into) || into.Kind != period.Kind || into.Start <= period.Start)
                {
                    return Failed(new CompensationProblem("invalid_period", "carryInto", $"'{carryInto}' is not a {period.Kind.ToString().ToLowerInvariant()} period after {period.Key}."));
                }

                if (closed.Contains(into.Key))
                {
                    return Failed(new CompensationProblem(PeriodCloseService.PeriodClosed, "carryInto", $"{into.Key} is closed; carry into an open period."));
                }

                target = into.Key;
            }
            else
            {
                var next = calendar.Next(period);
                while (closed.Contains(next.Key))
                {
                    next = calendar.Next(next);
                }

                target = next.Key;
            }
        }

        var outcome = await new CalculationRunService(db, clock).RunAsync(period.Key, reason ?? (target is null ? null : $"recalculate closed {period.Key}"), cancellationToken);
        if (outcome.Run is null || outcome.Run.RecalculatesRunId is null || target is null)
        {
            return new RecalculationOutcome(outcome.Run, [], null, outcome.Problems, outcome.Conflict);
        }

        var adjustments = await CarryAsync(outcome.Run, target, cancellationToken);
        return new RecalculationOutcome(outcome.Run, adjustments, target, []);
    }

    /// <summary>
    /// Carries what <paramref name="recalculation"/> changes against the closed run it recalculates, per person and
    /// currency, less what is already carried from that period (adjustments not rejected), into <paramref name="target"/>.
    /// </summary>
    internal async Task<IReadOnlyList<Adjustment>> CarryAsync(CalculationRun recalculation, string target, CancellationToken cancellationToken)
    {
        var closedRunId = recalculation.RecalculatesRunId!.Value;
        var closedRun = await db.CalculationRuns.AsNoTracking().SingleAsync(r => r.Id == closedRunId, cancellationToken);
        var before = await PayablesAsync(closedRunId, cancellationToken);
        var after = await PayablesAsync(recalculation.Id, cancellationToken);
        var carried = (await db.Adjustments.AsNoTracking()
                .Where(a => a.Kind == AdjustmentKind.PriorPeriod && a.SourcePeriodKey == recalculation.PeriodKey && a.Status != AdjustmentStatus.Rejected)
                .Select(a => new { a.PersonId, a.Currency, a.Amount })
                .ToListAsync(cancellationToken))
            .GroupBy(a => (a.PersonId, a.Currency)).ToDictionary(g => g.Key, g => g.Sum(a => a.Amount));

        var people = before.Keys.Union(after.Keys).Union(carried.Keys).Order().ToList();
        var pay = new PayChangeService(db);
        var fromSide = new PayChangeSide(closedRun.PeriodKey, closedRun.Id, closedRun.Number);
        var toSide = new PayChangeSide(recalculation.PeriodKey, recalculation.Id, recalculation.Number);
        var now = clock.GetUtcNow().UtcDateTime;
        var added = new List<Adjustment>();
        foreach (var (personId, currency) in people)
        {
            var was = before.GetValueOrDefault((personId, currency));
            var recalculated = after.GetValueOrDefault((personId, currency));
            var already = carried.GetValueOrDefault((personId, currency));
            var amount = recalculated - was - already;
            if (amount == 0m)
            {
                continue;
            }

            var report = await pay.CompareRunsAsync(personId, fromSide, toSide, cancellationToken);
            var causes = report.Items.Where(i => i.Currency == currency).Select(i => i.Because).Distinct(StringComparer.Ordinal).ToList();
            var reason = Reason(recalculation, closedRun, causes, was, recalculated, already, amount, currency);
            added.Add(new Adjustment
            {
                PersonId = personId,
                PeriodKey = target,
                Kind = AdjustmentKind.PriorPeriod,
                Amount = amount,
                Currency = currency,
                Reason = reason,
                Status = AdjustmentStatus.Approved,
                RequestedBy = db.ChangeContext.Actor,
                RequestedAt = now,
                DecidedBy = Approver,
                DecidedAt = now,
                DecisionReason = "approved automatically: the difference of a recalculation of a closed period",
                SourcePeriodKey = recalculation.PeriodKey,
                SourceRunId = recalculation.Id,
            });
        }

        if (added.Count > 0)
        {
            db.Adjustments.AddRange(added);
            db.ChangeContext.Reason = $"prior-period adjustments from {recalculation.PeriodKey} run {recalculation.Number} into {target}";
            await db.SaveChangesAsync(cancellationToken);
        }

        return added;
    }

    /// <summary>The reason in plain words, at most 2,000 characters (the column's length): causes first, then the amounts.</summary>
    internal static string Reason(
        CalculationRun recalculation, CalculationRun closedRun, IReadOnlyList<string> causes, decimal was, decimal now, decimal already, decimal amount, string currency)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"Recalculation of closed period {recalculation.PeriodKey} (run {recalculation.Number} against published run {closedRun.Number}): ");
        var tail = $". Payable for {recalculation.PeriodKey} was {PayChangeService.Money(was, currency)}, is now {PayChangeService.Money(now, currency)}"
            + (already != 0m ? $", {PayChangeService.Money(already, currency)} already carried" : string.Empty)
            + $"; carried {PayChangeService.Money(amount, currency)}.";
        var what = causes.Count == 0 ? "no line changed, earlier carried adjustments are corrected" : string.Join("; ", causes);
        var room = 2000 - head.Length - tail.Length;
        if (what.Length > room)
        {
            what = what[..(room - 1)] + "…";
        }

        return head + what + tail;
    }

    private async Task<Dictionary<(long PersonId, string Currency), decimal>> PayablesAsync(long runId, CancellationToken cancellationToken) =>
        (await db.RunPayouts.AsNoTracking().Where(p => p.RunId == runId).Select(p => new { p.PersonId, p.Currency, p.Payable }).ToListAsync(cancellationToken))
            .GroupBy(p => (p.PersonId, p.Currency)).ToDictionary(g => g.Key, g => g.Sum(p => p.Payable));

    private static RecalculationOutcome Failed(CompensationProblem problem) => new(null, [], null, [problem]);
}
