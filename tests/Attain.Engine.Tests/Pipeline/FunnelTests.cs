using Attain.Engine.Kpis;
using Attain.Engine.Monetary;
using Attain.Engine.Pipeline;
using CsCheck;
using static Attain.Engine.Tests.Kpis.KpiBuilder;

namespace Attain.Engine.Tests.Pipeline;

/// <summary>The funnel and coverage gaps in FY2026-Q1 (2026-01-01..2026-03-31), EUR, USD→EUR 0.80 from 2026-02-01.</summary>
public class FunnelTests
{
    private static readonly KpiContext Context = Attain.Engine.Tests.Kpis.KpiBuilder.Context();

    [Fact]
    public void Compute_OpenDealsByStage_CountsValuesAndConversion()
    {
        // Open in Q1: q1 (Qualify, 100), q2 (Qualify, 200), p1 (Propose, 250 USD on Mar 1 × 0.80 = 200), x1 (Lead, 50,
        // a stage not in the order). Open closing in April and a won deal do not count.
        // Qualify entered in Q1 by q1, q2 (still there) and p1 (moved to Propose): conversion 1 ÷ 3.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("q1", amount: 100m, history: [Entered("Qualify", D(2026, 1, 10))]),
                Opp("q2", amount: 200m, history: [Entered("Qualify", D(2026, 2, 10))]),
                Opp("p1", amount: 250m, currency: Usd, close: D(2026, 3, 1), history: [Entered("Qualify", D(2026, 1, 5)), Entered("Propose", D(2026, 2, 1))]),
                Opp("x1", amount: 50m, history: [Entered("Lead", D(2026, 1, 5))]),
                Opp("later", amount: 999m, close: D(2026, 4, 1), history: [Entered("Negotiate", D(2025, 12, 5))]),
                Opp("won", OpportunityStatus.Won, amount: 999m, history: [Entered("Negotiate", D(2025, 12, 5))]),
            ],
        };

        var funnel = Funnel.Compute(data, Context, Q1);

        Assert.Equal(["Qualify", "Propose", "Negotiate", "Lead"], funnel.Stages.Select(s => s.Stage));
        Assert.Equal([2, 1, 0, 1], funnel.Stages.Select(s => s.Count));
        Assert.Equal([300m, 200m, 0m, 50m], funnel.Stages.Select(s => s.Value));
        Assert.Equal(["q1", "q2"], funnel.Stages[0].Opportunities);
        Assert.Equal(550m, funnel.Total.Value);
        Assert.Equal(1m / 3m, funnel.Stages[0].Conversion.Value);
        Assert.Equal(0m, funnel.Stages[1].Conversion.Value);
        Assert.Null(funnel.Stages[2].Conversion.Value);
    }

    [Fact]
    public void Compute_AnyOrder_StageValuesAddUpToPipelineValue()
    {
        var stages = new[] { "Qualify", "Propose", "Negotiate", "Other" };
        var gen = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1000], Gen.Int[0, 120], Gen.Bool)
            .Array[0, 12]
            .Select(rows => rows.Select((r, i) => Opp(
                "o" + i, r.Item4 ? OpportunityStatus.Open : OpportunityStatus.Won, r.Item2, close: D(2026, 1, 1).AddDays(r.Item3),
                history: [Entered(stages[r.Item1], D(2025, 12, 1))])).ToArray());

        gen.Sample(opportunities =>
        {
            var funnel = Funnel.Compute(new KpiData { Opportunities = opportunities }, Context, Q1);
            var reversed = Funnel.Compute(new KpiData { Opportunities = [.. opportunities.Reverse()] }, Context, Q1);
            Assert.Equal(funnel.Total.Value, funnel.Stages.Sum(s => s.Value));
            Assert.Equal(funnel.Total.Records.Count, funnel.Stages.Sum(s => s.Count));
            Assert.Equal(funnel.Stages.Select(s => (s.Stage, s.Count, s.Value)), reversed.Stages.Select(s => (s.Stage, s.Count, s.Value)));
        });
    }

    [Fact]
    public void CoverageGaps_QuotaBookingsAndPipeline_GapAndWeightedGap()
    {
        // Ann: quota 2000, booked 500 → 1500 to reach; pipeline 600 (Qualify, p 0.1) + 400 (Propose, p 0.5) = 1000,
        // weighted 60 + 200 = 260 → gap 1500 − 1000 = 500, weighted gap 1500 − 260 = 1240, coverage 1000 ÷ 1500.
        // Bob: no quota → no gap. Cal: quota 100, booked 300 → reached, gap 0.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("a1", amount: 600m, history: [Entered("Qualify", D(2026, 1, 2))]),
                Opp("a2", amount: 400m, history: [Entered("Propose", D(2026, 1, 2))]),
                Opp("b1", amount: 700m, owner: "bob"),
            ],
            Bookings = [Booking("k1", D(2026, 2, 1), 500m), Booking("k2", D(2026, 2, 1), 300m, owner: "cal")],
            Quotas = [Quota("qa", "FY2026-Q1", 2000m), Quota("qc", "FY2026-Q1", 100m, owner: "cal")],
        };
        var probability = new Dictionary<string, decimal> { ["Qualify"] = 0.1m, ["Propose"] = 0.5m };

        var gaps = CoverageGaps.Compute(data, Context, Q1, probability);

        Assert.Equal(["ann", "bob", "cal"], gaps.Select(g => g.OwnerId));
        var ann = gaps[0];
        Assert.Equal((2000m, 500m, 1500m, 1000m, 260m), (ann.Quota, ann.NetBookings, ann.Remaining, ann.Pipeline, ann.WeightedPipeline));
        Assert.Equal(500m, ann.Gap);
        Assert.Equal(1240m, ann.WeightedGap);
        Assert.Equal(1000m / 1500m, ann.Coverage);
        Assert.Equal(["Opportunity:a1", "Opportunity:a2", "Booking:k1", "Quota:qa"], ann.Records.Select(r => r.ToString()));
        Assert.Null(gaps[1].Gap);
        Assert.Equal("No quota in the period: no gap to measure.", gaps[1].NoValueReason);
        Assert.Equal(0m, gaps[2].Gap);
        Assert.Equal(-200m, gaps[2].Remaining);
    }

    [Fact]
    public void CoverageGaps_MissingRate_NoGapWithReason()
    {
        var data = new KpiData
        {
            Opportunities = [Opp("a1", amount: 600m, currency: Gbp)],
            Quotas = [Quota("qa", "FY2026-Q1", 2000m)],
        };

        var gap = Assert.Single(CoverageGaps.Compute(data, Context, Q1, new Dictionary<string, decimal>()));

        Assert.Null(gap.Gap);
        Assert.Contains("No FX rate for GBP→EUR", gap.NoValueReason, StringComparison.Ordinal);
    }

    [Fact]
    public void CoverageGaps_NoQuotasGiven_EveryGapWithoutValue()
    {
        var data = new KpiData { Opportunities = [Opp("a1"), Opp("b1", owner: "bob")] };

        var gaps = CoverageGaps.Compute(data, Context, Q1, new Dictionary<string, decimal>());

        Assert.All(gaps, g => Assert.Null(g.Gap));
        Assert.Equal(2, gaps.Count);
        Assert.Equal(Money.Zero(Eur).Amount, gaps[0].Quota);
    }
}
