using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Engine.Periods;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>One pay currency's cost of a plan for the period: live, draft and the difference.</summary>
public sealed record WhatIfTotal(string Currency, decimal Live, decimal Draft, decimal Difference, int Participants, int Rises, int Falls, WhatIfDistribution LiveDistribution, WhatIfDistribution DraftDistribution);

/// <summary>
/// The cost per participant in one currency: minimum, quartiles (linear interpolation between the sorted values,
/// rounded to 0.01 half to even) and maximum.
/// </summary>
public sealed record WhatIfDistribution(decimal Min, decimal LowerQuartile, decimal Median, decimal UpperQuartile, decimal Max);

/// <summary>A component's earnings for the period under the live and the draft plan.</summary>
public sealed record WhatIfComponent(string ComponentId, string Currency, decimal Live, decimal Draft, decimal Difference);

/// <summary>A participant's payable for the period under the live and the draft plan.</summary>
public sealed record WhatIfParticipant(long PersonId, string PersonName, string Currency, decimal Live, decimal Draft, decimal Difference);

/// <summary>A draft plan version modelled on a period's data against the live (published) version; nothing is stored.</summary>
public sealed record WhatIfResponse(
    string PlanKey, int DraftVersion, int? LiveVersion, string PeriodKey,
    IReadOnlyList<WhatIfTotal> Totals, IReadOnlyList<WhatIfComponent> Components, IReadOnlyList<WhatIfParticipant> Participants);

/// <summary>
/// Admin what-if modelling (docs/compensation.md, "What-if modelling"): calculates a period twice with the engine —
/// as published, and with a draft version in place of the plan's published one (<see cref="CompensationInputs.LoadAsync"/>'s
/// plan overrides) — and compares the plan's payable per participant and earnings per component. No run is stored.
/// </summary>
public sealed class WhatIfService(AttainDbContext db, OrganisationTime time)
{
    /// <summary>Models <paramref name="key"/> version <paramref name="version"/> on <paramref name="periodKey"/> (null: the last whole fiscal month).</summary>
    public async Task<PlanOutcome<WhatIfResponse>> ModelAsync(string key, int version, string? periodKey, CancellationToken cancellationToken = default)
    {
        var draft = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Key == key && p.Version == version, cancellationToken);
        if (draft is null)
        {
            return PlanOutcome.Missing<WhatIfResponse>();
        }

        if (periodKey is null)
        {
            var settings = await db.OrganisationSettings.AsNoTracking().SingleAsync(cancellationToken);
            var calendar = new FiscalCalendar(settings.FiscalYearStartMonth);
            periodKey = calendar.Previous(calendar.MonthOf(await time.TodayAsync(cancellationToken))).Key;
        }

        var problems = new List<CompensationProblem>();
        var live = await CompensationInputs.LoadAsync(db, periodKey, problems, cancellationToken: cancellationToken);
        var modelled = live is null ? null : await CompensationInputs.LoadAsync(db, periodKey, problems, new Dictionary<string, PlanRecord> { [key] = draft }, cancellationToken);
        if (live is null || modelled is null)
        {
            return PlanOutcome.Invalid<WhatIfResponse>([.. problems.Select(p => new QueryIssue(p.Code, p.Where == "period" ? "period" : p.Where, p.Message))]);
        }

        var before = CalculationRunService.Calculate(live);
        var after = CalculationRunService.Calculate(modelled);
        var names = await db.People.AsNoTracking().Select(p => new { p.Id, Name = p.FirstName + " " + p.LastName }).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);

        var livePay = before.Payouts.Where(p => p.PlanKey == key).ToDictionary(p => p.PersonId);
        var draftPay = after.Payouts.Where(p => p.PlanKey == key).ToDictionary(p => p.PersonId);
        var participants = livePay.Keys.Union(draftPay.Keys).Order().Select(id =>
        {
            var currency = (draftPay.GetValueOrDefault(id) ?? livePay[id]).Currency;
            var was = livePay.GetValueOrDefault(id)?.Payable ?? 0m;
            var now = draftPay.GetValueOrDefault(id)?.Payable ?? 0m;
            return new WhatIfParticipant(id, names.GetValueOrDefault(id) ?? string.Empty, currency, was, now, now - was);
        }).ToList();
        var totals = participants.GroupBy(p => p.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new WhatIfTotal(
                g.Key, g.Sum(p => p.Live), g.Sum(p => p.Draft), g.Sum(p => p.Difference), g.Count(),
                g.Count(p => p.Difference > 0), g.Count(p => p.Difference < 0),
                Distribution([.. g.Select(p => p.Live)]), Distribution([.. g.Select(p => p.Draft)])))
            .ToList();
        var components = Components(before, key).FullJoin(Components(after, key))
            .Select(c => new WhatIfComponent(c.Key.Component, c.Key.Currency, c.Live, c.Draft, c.Draft - c.Live))
            .OrderBy(c => c.ComponentId, StringComparer.Ordinal).ThenBy(c => c.Currency, StringComparer.Ordinal)
            .ToList();
        return PlanOutcome.Ok(new WhatIfResponse(key, version, live.Plans.TryGetValue(key, out var published) ? published.Version : null, periodKey, totals, components, participants));
    }

    /// <summary>Earning lines summed per component and currency (payment lines such as holds and draws have no component).</summary>
    private static Dictionary<(string Component, string Currency), decimal> Components(CalculationRunService.RunRows rows, string key) =>
        rows.Lines.Where(l => l.PlanKey == key && l.Source == RunLineSource.Earning && l.ComponentId is not null)
            .GroupBy(l => (l.ComponentId!, l.Currency))
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));

    internal static WhatIfDistribution Distribution(List<decimal> values)
    {
        if (values.Count == 0)
        {
            return new WhatIfDistribution(0m, 0m, 0m, 0m, 0m);
        }

        values.Sort();
        return new WhatIfDistribution(values[0], Quantile(values, 0.25m), Quantile(values, 0.5m), Quantile(values, 0.75m), values[^1]);
    }

    private static decimal Quantile(List<decimal> sorted, decimal q)
    {
        var position = q * (sorted.Count - 1);
        var lower = (int)decimal.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        var value = sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
        return decimal.Round(value, 2, MidpointRounding.ToEven);
    }
}

internal static class WhatIfJoins
{
    /// <summary>Both sides' values by key, 0 where a side lacks the key.</summary>
    public static IEnumerable<(TKey Key, decimal Live, decimal Draft)> FullJoin<TKey>(this Dictionary<TKey, decimal> live, Dictionary<TKey, decimal> draft)
        where TKey : notnull =>
        live.Keys.Union(draft.Keys).Select(k => (k, live.GetValueOrDefault(k), draft.GetValueOrDefault(k)));
}
