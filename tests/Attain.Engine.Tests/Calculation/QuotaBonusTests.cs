using Attain.Engine.Calculation;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class QuotaBonusTests
{
    // Curve: 50 % attainment pays 25 % of target, 100 % pays 100 %, 150 % pays 200 % (an accelerator: slope 2 above
    // quota); beyond 150 % the slope continues. Threshold 50 %, cap 250 %.
    private const string Plan = """
        {
          "id": "bonus-plan", "version": 3,
          "components": [ {
            "id": "bonus", "kind": "quotaBonus", "measure": "bookings.amount", "period": "quarter",
            "curve": [ { "attainment": 50, "payout": 25 }, { "attainment": 100, "payout": 100 }, { "attainment": 150, "payout": 200 } ],
            "threshold": 50, "cap": 250
          } ]
        }
        """;

    private static CalculationResult Run(decimal booked, string from = "2026-01-01", decimal quota = 100_000m, decimal targetIncentive = 10_000m) =>
        new Scenario().Plan(Plan).Person("ana").Assign("ana", "bonus-plan", from, quota: quota, targetIncentive: targetIncentive)
            .Book("B1", "2026-03-20", booked, "ana").Calculate();

    [Fact]
    public void Calculate_BelowThreshold_PaysNothing()
    {
        // 40,000 of 100,000 is 40 % < 50 % threshold: 0, even though the curve would give 20 %.
        var result = Run(40_000m);

        var line = result.Earnings.Single();
        Assert.Equal(0m, line.Amount.Amount);
        Assert.Equal(40m, line.AttainmentPercent);
        Assert.Contains("below the threshold 50 %", line.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_AtThreshold_PaysFirstPoint()
    {
        // 50 % → 25 % of 10,000 = 2,500.
        var result = Run(50_000m);

        Assert.Equal(2_500m, result.Earnings.Single().Amount.Amount);
    }

    [Fact]
    public void Calculate_BetweenPoints_Interpolates()
    {
        // 80 %: 25 + (100 − 25) × (80 − 50) / (100 − 50) = 70 % → 7,000.
        var result = Run(80_000m);

        Assert.Equal(7_000m, result.Earnings.Single().Amount.Amount);
    }

    [Fact]
    public void Calculate_AboveQuota_Accelerates()
    {
        // 120 %: 100 + (200 − 100) × 20 / 50 = 140 % → 14,000.
        var result = Run(120_000m);

        Assert.Equal(14_000m, result.Earnings.Single().Amount.Amount);
        Assert.Equal(1.40m, result.Earnings.Single().Rate);
    }

    [Fact]
    public void Calculate_FarAboveQuota_SlopeContinuesUntilCap()
    {
        // 170 %: slope 2 continues past 150 %: 200 + 2 × 20 = 240 % → 24,000. 200 %: 300 % capped at 250 % → 25,000.
        Assert.Equal(24_000m, Run(170_000m).Earnings.Single().Amount.Amount);
        Assert.Equal(25_000m, Run(200_000m).Earnings.Single().Amount.Amount);
    }

    [Fact]
    public void Calculate_MidQuarterStart_QuotaAndTargetProratedByDays()
    {
        // FY2026-Q1 has 90 days; starting 2026-02-15 covers 45 (14 in February, 31 in March): factor 0.5.
        // Quota 100,000 → 50,000; target 10,000 → 5,000. 50,000 booked is 100 % → 5,000.
        var result = Run(50_000m, from: "2026-02-15");

        var measure = result.Measures.Single();
        Assert.Equal((0.5m, 50_000m, 5_000m), (measure.ProrationFactor, measure.Quota!.Value, measure.TargetIncentive!.Value));
        Assert.Equal(5_000m, result.Earnings.Single().Amount.Amount);
    }

    [Fact]
    public void Calculate_QuarterNotOverInMonthRun_NoBonusYet()
    {
        var scenario = new Scenario().Plan(Plan).Person("ana").Assign("ana", "bonus-plan", "2026-01-01", quota: 100_000m, targetIncentive: 10_000m)
            .Book("B1", "2026-01-20", 120_000m, "ana");

        var january = scenario.Calculate("FY2026-M01");
        var march = scenario.Calculate("FY2026-M03");

        Assert.Empty(january.Earnings);
        Assert.Equal(120m, january.Measures.Single().AttainmentPercent);
        Assert.Equal(14_000m, march.Earnings.Single().Amount.Amount);
        Assert.Equal(new DateOnly(2026, 3, 31), march.Earnings.Single().Date);
    }

    [Fact]
    public void Calculate_NoQuota_IssueAndNoLine()
    {
        var result = Run(50_000m, quota: 0m);

        Assert.Empty(result.Earnings);
        Assert.Equal("quota.missing", result.Issues.Single().Code);
    }

    [Fact]
    public void Calculate_BonusLine_CarriesCreditsAttainmentAndRule()
    {
        var scenario = new Scenario().Plan(Plan).Person("ana").Assign("ana", "bonus-plan", "2026-01-01", quota: 100_000m, targetIncentive: 10_000m)
            .Book("B2", "2026-02-20", 70_000m, "ana").Book("B1", "2026-01-20", 50_000m, "ana");

        var line = scenario.Calculate().Earnings.Single();

        Assert.Equal((EarningKind.QuotaBonus, "bonus-plan", 3), (line.Kind, line.PlanId, line.PlanVersion));
        Assert.Equal(["B1", "B2"], line.BookingIds);
        Assert.Equal(["B1/direct/ana", "B2/direct/ana"], line.CreditIds);
        Assert.Equal((120_000m, 100_000m, 120m, 10_000m), (line.MeasureAfter, line.Quota!.Value, line.AttainmentPercent!.Value, line.Base));
        Assert.Equal("attainment 120.00 % of quota 100000 → curve payout 140.00 %; target incentive 10000 × 140.00 %", line.Rule);
    }
}
