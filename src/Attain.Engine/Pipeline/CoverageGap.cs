using Attain.Engine.Kpis;
using Attain.Engine.Periods;

namespace Attain.Engine.Pipeline;

/// <summary>
/// One person's coverage gap for a period: how much pipeline is missing to cover the quota still to reach. Amounts are
/// in the reporting currency, exact and unrounded.
/// </summary>
/// <param name="OwnerId">The person.</param>
/// <param name="Quota">Σ quotas whose period lies within the period (as in Pipeline coverage).</param>
/// <param name="NetBookings">Net bookings of the period.</param>
/// <param name="Remaining">Quota − net bookings: the quota still to reach (0 or less when reached).</param>
/// <param name="Pipeline">Pipeline value: open opportunities closing in the period.</param>
/// <param name="WeightedPipeline">Σ each of those opportunities' amount × its current stage's win probability.</param>
/// <param name="Gap">max(0, Remaining − Pipeline); null when there is no quota or a rate is missing.</param>
/// <param name="WeightedGap">max(0, Remaining − WeightedPipeline); null as <paramref name="Gap"/>.</param>
/// <param name="Coverage">The Pipeline coverage KPI: Pipeline ÷ Remaining; null with its reason when it has none.</param>
/// <param name="NoValueReason">Why Gap is null, or why Coverage is null when Gap has a value.</param>
/// <param name="Records">The quotas, bookings and open opportunities behind the numbers, ordered by kind then id.</param>
public sealed record CoverageGap(
    string OwnerId,
    decimal Quota,
    decimal NetBookings,
    decimal Remaining,
    decimal Pipeline,
    decimal WeightedPipeline,
    decimal? Gap,
    decimal? WeightedGap,
    decimal? Coverage,
    string? NoValueReason,
    IReadOnlyList<KpiRecordRef> Records);

/// <summary>Coverage gaps per person, built on the Pipeline coverage KPI.</summary>
public static class CoverageGaps
{
    /// <summary>
    /// One gap per person who has a quota within, a booking in, or an open opportunity closing in
    /// <paramref name="period"/>, ordered by person id (ordinal).
    /// </summary>
    /// <param name="data">Opportunities, bookings and quotas.</param>
    /// <param name="context">Calendar, reporting currency and FX rates.</param>
    /// <param name="period">The period.</param>
    /// <param name="stageProbability">Win probability (0..1) per stage; a stage not listed weighs 0.</param>
    public static IReadOnlyList<CoverageGap> Compute(
        KpiData data, KpiContext context, Period period, IReadOnlyDictionary<string, decimal> stageProbability)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(stageProbability);
        var opportunities = new Dictionary<string, OpportunitySnapshot>(StringComparer.Ordinal);
        foreach (var o in data.Opportunities)
        {
            opportunities.TryAdd(o.Id, o);
        }

        var coverage = KpiCatalog.PipelineCoverage.Compute(data, context, period, s => s.OwnerId);
        var gaps = new List<CoverageGap>();
        foreach (var group in coverage.Groups)
        {
            var m = group.Value.Current;
            if (m.Records.Count == 0)
            {
                continue;
            }

            var (pipeline, quota, bookings) = (m.Terms[0].Amount, m.Terms[1].Amount, m.Terms[2].Amount);
            var weighted = 0m;
            string? missing = m.MissingRate ? m.NoValueReason : null;
            foreach (var record in m.Records.Where(r => r.Kind == KpiRecordKind.Opportunity))
            {
                var o = opportunities[record.Id];
                if (context.Fx.TryConvert(o.Amount, context.ReportingCurrency, o.CloseDate, out var converted))
                {
                    weighted += converted.Result.Amount * stageProbability.GetValueOrDefault(o.Stage, 0m);
                }
            }

            var remaining = quota - bookings;
            var reason = missing ?? (quota == 0m ? "No quota in the period: no gap to measure." : m.NoValueReason);
            var hasGap = missing is null && quota != 0m;
            gaps.Add(new CoverageGap(
                group.Key, quota, bookings, remaining, pipeline, weighted,
                hasGap ? Math.Max(0m, remaining - pipeline) : null,
                hasGap ? Math.Max(0m, remaining - weighted) : null,
                m.Value,
                reason,
                m.Records));
        }

        return gaps;
    }
}
