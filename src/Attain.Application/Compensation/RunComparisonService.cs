using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>How a line differs between two runs.</summary>
public enum LineChange
{
    /// <summary>Only in the later run.</summary>
    Added,

    /// <summary>Only in the earlier run.</summary>
    Removed,

    /// <summary>In both, with a different amount.</summary>
    Changed,
}

/// <summary>A participant's payable under one plan in one currency, before (the <c>from</c> run) and after (the <c>to</c> run).</summary>
/// <param name="Before">The payable in the earlier run; 0 when the participant had no payout under the plan there.</param>
/// <param name="Difference"><c>After - Before</c>, exact.</param>
public sealed record PayoutDifference(
    long PersonId, string PersonName, string PlanKey, string Currency, decimal Before, decimal After, decimal Difference, bool InFrom, bool InTo);

/// <summary>
/// A line that differs between two runs, matched by participant, plan, component, period, kind, booking ids and
/// currency (docs/compensation.md, "Comparing runs").
/// </summary>
/// <param name="FromNumber">The line's number in the earlier run (null when added).</param>
/// <param name="ToNumber">The line's number in the later run (null when removed).</param>
public sealed record LineDifference(
    long PersonId, string PlanKey, string? ComponentId, string PeriodKey, string Kind, string? BookingIds, string Currency, LineChange Change,
    int? FromNumber, int? ToNumber, decimal Before, decimal After, decimal Difference, string? RuleBefore, string? RuleAfter);

/// <summary>
/// Two runs compared: every participant's payable per plan (before, after, difference), the lines that were added,
/// removed or changed, how many lines are the same, and the payable difference per currency. Per participant and plan,
/// the line differences sum to the payout difference, since a payout's payable is the sum of its lines.
/// </summary>
public sealed record RunComparison(
    RunResponse From, RunResponse To, IReadOnlyList<PayoutDifference> Payouts, IReadOnlyList<LineDifference> Lines, int UnchangedLines,
    IReadOnlyList<CurrencyTotal> Differences);

/// <summary>Compares any two runs (of the same period or not): payouts per participant and plan, and lines.</summary>
public sealed class RunComparisonService(AttainDbContext db)
{
    private sealed record Line(long PersonId, int Number, string PlanKey, string? ComponentId, string PeriodKey, string Kind, string? BookingIds, string Currency, decimal Amount, string Rule);

    private sealed record Key(long PersonId, string PlanKey, string? ComponentId, string PeriodKey, string Kind, string? BookingIds, string Currency);

    /// <summary>
    /// Compares run <paramref name="fromRunId"/> (before) with run <paramref name="toRunId"/> (after); null when either
    /// run does not exist. <paramref name="personId"/> limits the comparison to one participant.
    /// </summary>
    public async Task<RunComparison?> CompareAsync(long fromRunId, long toRunId, long? personId = null, CancellationToken cancellationToken = default)
    {
        var browser = new RunBrowser(db);
        if (await browser.GetAsync(fromRunId, cancellationToken) is not { } from || await browser.GetAsync(toRunId, cancellationToken) is not { } to)
        {
            return null;
        }

        var beforeLines = await LinesAsync(fromRunId, personId, cancellationToken);
        var afterLines = await LinesAsync(toRunId, personId, cancellationToken);
        var (lines, unchanged) = CompareLines(beforeLines, afterLines);

        var beforePayouts = await PayoutsAsync(fromRunId, personId, cancellationToken);
        var afterPayouts = await PayoutsAsync(toRunId, personId, cancellationToken);
        var people = beforePayouts.Keys.Concat(afterPayouts.Keys).Select(k => k.PersonId).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => people.Contains(p.Id))
            .Select(p => new { p.Id, p.FirstName, p.LastName }).ToDictionaryAsync(p => p.Id, p => $"{p.FirstName} {p.LastName}", cancellationToken);
        var payouts = beforePayouts.Keys.Union(afterPayouts.Keys)
            .Select(k =>
            {
                var inFrom = beforePayouts.TryGetValue(k, out var before);
                var inTo = afterPayouts.TryGetValue(k, out var after);
                return new PayoutDifference(k.PersonId, names.GetValueOrDefault(k.PersonId, string.Empty), k.PlanKey, k.Currency, before, after, after - before, inFrom, inTo);
            })
            .OrderBy(p => p.PersonName, StringComparer.Ordinal).ThenBy(p => p.PersonId).ThenBy(p => p.PlanKey, StringComparer.Ordinal).ThenBy(p => p.Currency, StringComparer.Ordinal)
            .ToList();
        var differences = payouts.GroupBy(p => p.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(p => p.Difference))).ToList();
        return new RunComparison(from, to, payouts, lines, unchanged, differences);
    }

    /// <summary>
    /// Pairs the lines of two runs by key; lines sharing a key pair in their order within the run (by number), and the
    /// extra ones are added or removed. A pair with equal amounts is unchanged.
    /// </summary>
    private static (List<LineDifference> Differences, int Unchanged) CompareLines(List<Line> before, List<Line> after)
    {
        var afterByKey = after.GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.OrderBy(l => l.Number).ToList());
        var differences = new List<LineDifference>();
        var unchanged = 0;
        foreach (var group in before.GroupBy(KeyOf))
        {
            var olds = group.OrderBy(l => l.Number).ToList();
            var news = afterByKey.Remove(group.Key, out var matched) ? matched : [];
            for (var i = 0; i < Math.Max(olds.Count, news.Count); i++)
            {
                var old = i < olds.Count ? olds[i] : null;
                var now = i < news.Count ? news[i] : null;
                if (old is not null && now is not null && old.Amount == now.Amount)
                {
                    unchanged++;
                    continue;
                }

                differences.Add(Difference(group.Key, old, now));
            }
        }

        differences.AddRange(afterByKey.SelectMany(g => g.Value.Select(l => Difference(g.Key, null, l))));
        differences.Sort((a, b) => (a.PersonId, a.FromNumber ?? a.ToNumber ?? 0, a.ToNumber ?? 0).CompareTo((b.PersonId, b.FromNumber ?? b.ToNumber ?? 0, b.ToNumber ?? 0)));
        return (differences, unchanged);
    }

    private static LineDifference Difference(Key key, Line? before, Line? after)
    {
        var change = before is null ? LineChange.Added : after is null ? LineChange.Removed : LineChange.Changed;
        var (b, a) = (before?.Amount ?? 0m, after?.Amount ?? 0m);
        return new LineDifference(
            key.PersonId, key.PlanKey, key.ComponentId, key.PeriodKey, key.Kind, key.BookingIds, key.Currency, change,
            before?.Number, after?.Number, b, a, a - b, before?.Rule, after?.Rule);
    }

    private static Key KeyOf(Line l) => new(l.PersonId, l.PlanKey, l.ComponentId, l.PeriodKey, l.Kind, l.BookingIds, l.Currency);

    private async Task<List<Line>> LinesAsync(long runId, long? personId, CancellationToken cancellationToken) =>
        await db.RunLines.AsNoTracking()
            .Where(l => l.RunId == runId && (personId == null || l.PersonId == personId))
            .Select(l => new Line(l.PersonId, l.Number, l.PlanKey, l.ComponentId, l.PeriodKey, l.Kind, l.BookingIds, l.Currency, l.Amount, l.Rule))
            .ToListAsync(cancellationToken);

    private async Task<Dictionary<(long PersonId, string PlanKey, string Currency), decimal>> PayoutsAsync(long runId, long? personId, CancellationToken cancellationToken) =>
        (await db.RunPayouts.AsNoTracking()
            .Where(p => p.RunId == runId && (personId == null || p.PersonId == personId))
            .Select(p => new { p.PersonId, p.PlanKey, p.Currency, p.Payable })
            .ToListAsync(cancellationToken))
        .GroupBy(p => (p.PersonId, p.PlanKey, p.Currency))
        .ToDictionary(g => g.Key, g => g.Sum(p => p.Payable));
}
