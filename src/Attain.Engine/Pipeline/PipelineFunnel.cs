using Attain.Engine.Kpis;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Pipeline;

/// <summary>One stage of the funnel.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Count">Open opportunities now in the stage whose (expected) close date is in the period.</param>
/// <param name="Value">
/// Their amount in the reporting currency (each converted at its close date, as Pipeline value); null when a rate is
/// missing (see <paramref name="NoValueReason"/>).
/// </param>
/// <param name="NoValueReason">Why <paramref name="Value"/> is null.</param>
/// <param name="Opportunities">The opportunities counted, ordered by id (ordinal): the drill-down of Count and Value.</param>
/// <param name="Conversion">
/// The Stage conversion rate KPI of the stage for the period (docs/kpis.md): of the visits to the stage entered in
/// the period, the fraction that moved on to a later stage or were won. Its records are the visits' opportunities.
/// </param>
public sealed record FunnelStage(
    string Stage,
    int Count,
    decimal? Value,
    string? NoValueReason,
    IReadOnlyList<string> Opportunities,
    KpiMeasurement Conversion);

/// <summary>The funnel of a period: one entry per stage, first to last.</summary>
/// <param name="Period">The period.</param>
/// <param name="Currency">The reporting currency of the values.</param>
/// <param name="Stages">
/// The stages of <see cref="KpiContext.StageOrder"/> in order, then any stage an open opportunity of the period is in
/// that the order does not list (ordinal), so the counts add up to every open opportunity of the period.
/// </param>
/// <param name="Total">Pipeline value of the period (the KPI); the stage values add up to it.</param>
public sealed record PipelineFunnel(Period Period, Currency Currency, IReadOnlyList<FunnelStage> Stages, KpiMeasurement Total);

/// <summary>The funnel, built on the KPI definitions Pipeline value and Stage conversion rate.</summary>
public static class Funnel
{
    /// <summary>
    /// Count and value of the open opportunities per current stage (those whose close date is in
    /// <paramref name="period"/>, as the Pipeline value KPI counts them), and each stage's conversion rate over the
    /// visits entered in the period.
    /// </summary>
    public static PipelineFunnel Compute(KpiData data, KpiContext context, Period period)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(period);
        var stageOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in data.Opportunities)
        {
            stageOf.TryAdd(o.Id, o.Stage);
        }

        var pipeline = KpiCatalog.PipelineValue.Compute(data, context, period, s => stageOf[s.Record.Id]);
        var byStage = pipeline.Groups
            .Where(g => g.Value.Current.Records.Count > 0)
            .ToDictionary(g => g.Key, g => g.Value.Current, StringComparer.Ordinal);
        var listed = context.StageOrder.Distinct(StringComparer.Ordinal).ToList();
        var stages = listed.Concat(byStage.Keys.Where(k => !listed.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal));

        var funnel = new List<FunnelStage>();
        foreach (var stage in stages)
        {
            var conversion = KpiCatalog.StageConversionRate(stage).Compute(data, context, period).Total.Current;
            if (byStage.TryGetValue(stage, out var m))
            {
                var ids = m.Records.Select(r => r.Id).ToList();
                funnel.Add(new FunnelStage(stage, ids.Count, m.Value, m.NoValueReason, ids, conversion));
            }
            else
            {
                funnel.Add(new FunnelStage(stage, 0, 0m, null, [], conversion));
            }
        }

        return new PipelineFunnel(period, context.ReportingCurrency, funnel, pipeline.Total.Current);
    }
}
