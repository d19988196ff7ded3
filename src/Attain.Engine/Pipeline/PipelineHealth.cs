using System.Globalization;
using Attain.Engine.Kpis;

namespace Attain.Engine.Pipeline;

/// <summary>
/// The hygiene rules and stalled-deal detection over open opportunities as of a date (docs/pipeline.md). Pure: the
/// caller passes the as-of date (the organisation's today); nothing reads a clock.
/// </summary>
public static class PipelineHealth
{
    /// <summary>
    /// Inspects every <see cref="OpportunityStatus.Open"/> opportunity of <paramref name="opportunities"/>; won and lost
    /// ones are not judged. The result is ordered by opportunity id (ordinal), whatever the input order.
    /// </summary>
    /// <param name="opportunities">The opportunities with their stage history.</param>
    /// <param name="activities">Activities; those whose <see cref="ActivityRecord.OpportunityId"/> names an opportunity count as touching it.</param>
    /// <param name="rules">Stage order and thresholds; <see cref="PipelineRules.Validate"/> must be empty.</param>
    /// <param name="asOf">The day the flags are judged on.</param>
    /// <exception cref="ArgumentException">The rules have configuration issues.</exception>
    public static IReadOnlyList<OpportunityHealth> InspectOpen(
        IEnumerable<OpportunitySnapshot> opportunities, IEnumerable<ActivityRecord> activities, PipelineRules rules, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(opportunities);
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(rules);
        var lastActivity = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var a in activities)
        {
            if (a.OpportunityId is { } id && a.OccurredOn <= asOf && (!lastActivity.TryGetValue(id, out var seen) || a.OccurredOn > seen))
            {
                lastActivity[id] = a.OccurredOn;
            }
        }

        return [.. opportunities
            .Where(o => o.Status == OpportunityStatus.Open)
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .Select(o => Inspect(o, lastActivity.TryGetValue(o.Id, out var last) ? last : null, rules, asOf))];
    }

    /// <summary>
    /// The flags of one opportunity as of <paramref name="asOf"/>, given the day of its latest activity (null when none).
    /// Every rule is judged whatever the status; <see cref="InspectOpen"/> only calls it for open opportunities.
    /// </summary>
    /// <exception cref="ArgumentException">The rules have configuration issues.</exception>
    public static OpportunityHealth Inspect(OpportunitySnapshot opportunity, DateOnly? lastActivity, PipelineRules rules, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(opportunity);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Validate() is { Count: > 0 } issues)
        {
            throw new ArgumentException($"Invalid pipeline rules: {string.Join("; ", issues.Select(i => i.Message))}", nameof(rules));
        }

        var history = opportunity.StageHistory.OrderBy(e => e.EnteredOn).ToList();
        DateOnly? lastStageChange = history.Count == 0 ? null : history[^1].EnteredOn;
        var lastTouch = opportunity.CreatedOn;
        if (lastStageChange is { } changed && changed > lastTouch)
        {
            lastTouch = changed;
        }

        if (lastActivity is { } active && active > lastTouch)
        {
            lastTouch = active;
        }

        var idle = asOf.DayNumber - lastTouch.DayNumber;
        var flags = new List<PipelineFlag>();

        if (idle >= rules.StalledAfterDays)
        {
            flags.Add(new(
                PipelineFlagCodes.Stalled,
                $"No stage change and no activity for {N(idle)} days (last touch {D(lastTouch)}; stalled after {N(rules.StalledAfterDays)} days).",
                [
                    new("last stage change", lastStageChange is { } s ? D(s) : "none"),
                    new("last activity", lastActivity is { } a ? D(a) : "none"),
                    new("created", D(opportunity.CreatedOn)),
                    new("days since last touch", N(idle)),
                    new("stalled after days", N(rules.StalledAfterDays)),
                ]));
        }

        if (opportunity.CloseDate < asOf)
        {
            var overdue = asOf.DayNumber - opportunity.CloseDate.DayNumber;
            flags.Add(new(
                PipelineFlagCodes.CloseDatePast,
                $"Still open, but its close date {D(opportunity.CloseDate)} passed {N(overdue)} days ago.",
                [new("close date", D(opportunity.CloseDate)), new("as of", D(asOf)), new("days overdue", N(overdue))]));
        }

        if (opportunity.Amount.Amount == 0m)
        {
            flags.Add(new(
                PipelineFlagCodes.MissingAmount,
                "It has no amount, so it adds nothing to the pipeline value.",
                [new("amount", "none or 0 " + opportunity.Amount.Currency.Code)]));
        }

        if (opportunity.CloseDatePushCount > rules.MaxCloseDatePushes)
        {
            flags.Add(new(
                PipelineFlagCodes.CloseDatePushed,
                $"Its close date was moved later {N(opportunity.CloseDatePushCount)} times (more than {N(rules.MaxCloseDatePushes)}).",
                [new("close date pushes", N(opportunity.CloseDatePushCount)), new("allowed pushes", N(rules.MaxCloseDatePushes))]));
        }

        foreach (var skip in Skips(history, rules.StageOrder))
        {
            flags.Add(skip);
        }

        return new OpportunityHealth(opportunity.Id, opportunity.OwnerId, lastStageChange, lastActivity, lastTouch, idle, flags);
    }

    /// <summary>
    /// One flag per stage change (consecutive history entries, by entered day) that moved forward past at least one
    /// listed stage: from rank i to rank j &gt; i + 1. Moving back, staying, and stages not in the order are not skips.
    /// </summary>
    private static IEnumerable<PipelineFlag> Skips(List<StageEntry> history, IReadOnlyList<string> order)
    {
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            rank.TryAdd(order[i], i);
        }

        for (var i = 1; i < history.Count; i++)
        {
            if (rank.TryGetValue(history[i - 1].Stage, out var from) && rank.TryGetValue(history[i].Stage, out var to) && to > from + 1)
            {
                var skipped = order.Skip(from + 1).Take(to - from - 1).ToList();
                yield return new PipelineFlag(
                    PipelineFlagCodes.StageSkipped,
                    $"It moved from {history[i - 1].Stage} to {history[i].Stage} on {D(history[i].EnteredOn)}, skipping {string.Join(", ", skipped)}.",
                    [
                        new("from stage", history[i - 1].Stage),
                        new("to stage", history[i].Stage),
                        new("changed on", D(history[i].EnteredOn)),
                        new("skipped stages", string.Join(", ", skipped)),
                    ]);
            }
        }
    }

    private static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
