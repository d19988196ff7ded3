using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class SpiffMboTests
{
    private static string Spiff(string payout, string extra = "") => $$"""
        { "id": "p", "version": 1, "components": [
          { "id": "spiff", "kind": "spiff", "measure": "bookings.amount", "period": "quarter",
            "from": "2026-02-01", "to": "2026-02-28", {{payout}}{{extra}} } ] }
        """;

    [Fact]
    public void Calculate_SpiffFixedAmount_TimeBoxConditionSplitAndCancellation()
    {
        // 500 per Cloud booking dated in February. S1 (January) and S5 (1 March) are outside the box; S3 is on-prem.
        // S2 is split 50/50: 250 each. S4 pays Ana 500, and S6 (10 March) cancels all of S4: −500. Ana 250, Ben 250.
        var scenario = new Scenario().Plan(Spiff("\"amount\": 500", ", \"condition\": \"booking.family == \\\"Cloud\\\"\""))
            .Person("ana").Person("ben").Assign("ana", "p", "2026-01-01").Assign("ben", "p", "2026-01-01")
            .Book("S1", "2026-01-20", 10_000m, "ana", family: "Cloud")
            .Book("S2", "2026-02-10", 10_000m, "ana", family: "Cloud")
            .Split("S2", ("ana", 50m, SplitKind.Revenue), ("ben", 50m, SplitKind.Revenue))
            .Book("S3", "2026-02-15", 10_000m, "ana", family: "OnPrem")
            .Book("S4", "2026-02-28", 7_000m, "ana", family: "Cloud")
            .Book("S5", "2026-03-01", 10_000m, "ana", family: "Cloud")
            .Book("S6", "2026-03-10", -7_000m, "ana", family: "Cloud", cancels: "S4");

        var result = scenario.Calculate();

        Assert.Empty(result.Issues);
        Assert.Equal(
            [("S2", 250m), ("S4", 500m), ("S6", -500m)],
            result.Earnings.Where(l => l.ParticipantId == "ana").Select(l => (l.BookingIds[0], l.Amount.Amount)));
        Assert.All(result.Earnings, l => Assert.Equal(EarningKind.Spiff, l.Kind));
        Assert.Equal((250m, 250m), (Paid(result, "ana", "spiff"), Paid(result, "ben", "spiff")));
    }

    [Fact]
    public void Calculate_SpiffRateOnMargin_PaysRateOnCreditValue()
    {
        // 2 % of margin on February bookings: M1's margin 5,000 → 100; M2 in March pays nothing.
        var plan = Spiff("\"rate\": 0.02").Replace("bookings.amount", "bookings.margin", StringComparison.Ordinal);
        var scenario = new Scenario().Plan(plan).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("M1", "2026-02-02", 20_000m, "ana", margin: 5_000m).Book("M2", "2026-03-02", 20_000m, "ana", margin: 5_000m);

        var result = scenario.Calculate();

        Assert.Equal(100m, Paid(result, "ana", "spiff"));
    }

    [Fact]
    public void Calculate_SpiffFormula_PerCreditWithPartialCancellation()
    {
        // if(term >= 3, 1,000, 250) + 1 % of the credit value. F1 (20,000, 3 years): 1,000 + 200 = 1,200.
        // F2 (10,000, 1 year): 250 + 100 = 350. F3 cancels a quarter of F1 (−5,000): the formula on F1's credit,
        // 1,200, × −0.25 = −300. Total 1,250.
        var formula = """ "formula": "if(booking.numbers.term >= 3, 1000, 250) + credit.value * 0.01" """;
        var scenario = new Scenario().Plan(Spiff(formula)).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("F1", "2026-02-02", 20_000m, "ana", attributes: ("term", "3"))
            .Book("F2", "2026-02-03", 10_000m, "ana", attributes: ("term", "1"))
            .Book("F3", "2026-03-03", -5_000m, "ana", cancels: "F1");

        var result = scenario.Calculate();

        Assert.Empty(result.Issues);
        Assert.Equal([1_200m, 350m, -300m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal(1_250m, Paid(result, "ana", "spiff"));
    }

    [Fact]
    public void Calculate_SpiffFormulaError_IssueAndNothingPaidForThatCredit()
    {
        var formula = """ "formula": "booking.numbers.term * 100" """;
        var scenario = new Scenario().Plan(Spiff(formula)).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("F1", "2026-02-02", 20_000m, "ana", attributes: ("term", "three"))
            .Book("F2", "2026-02-03", 10_000m, "ana", attributes: ("term", "2"));

        var result = scenario.Calculate();

        Assert.Equal(("formula.error", "bookings[F1]"), (Assert.Single(result.Issues).Code, result.Issues[0].Path));
        Assert.Equal(200m, Paid(result, "ana", "spiff"));
    }

    [Fact]
    public void Calculate_SpiffWithPerPeriodCap_CappedLikeAnyComponent()
    {
        // 500 per booking, at most 1,200 a quarter: 500 + 500 + 200.
        var scenario = new Scenario().Plan(Spiff("\"amount\": 500", ", \"perPeriodCap\": 1200")).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("A", "2026-02-02", 1_000m, "ana").Book("B", "2026-02-03", 1_000m, "ana").Book("C", "2026-02-04", 1_000m, "ana");

        var result = scenario.Calculate();

        Assert.Equal(1_200m, Paid(result, "ana", "spiff"));
    }

    private const string MboPlan = """
        { "id": "m", "version": 1, "components": [ { "id": "mbo", "kind": "mbo", "period": "quarter" } ] }
        """;

    [Fact]
    public void Calculate_Mbo_TargetIncentiveTimesWeightedScore()
    {
        // Weights 50/30/20, scores 120/80/0 %: (6,000 + 2,400 + 0) ÷ 100 = 84.00 % × 10,000 = 8,400.
        var scenario = new Scenario().Plan(MboPlan).Person("ana").Assign("ana", "m", "2026-01-01", targetIncentive: 10_000m)
            .Score("ana", "mbo", "FY2026-Q1", "pipeline", 50m, 120m)
            .Score("ana", "mbo", "FY2026-Q1", "enablement", 30m, 80m)
            .Score("ana", "mbo", "FY2026-Q1", "hiring", 20m, 0m);

        var result = scenario.Calculate();

        Assert.Empty(result.Issues);
        var line = Assert.Single(result.Earnings);
        Assert.Equal((EarningKind.Mbo, 8_400m, new DateOnly(2026, 3, 31)), (line.Kind, line.Amount.Amount, line.Date));
        Assert.Equal(84m, result.Measures.Single().Value);
    }

    [Fact]
    public void Calculate_MboScoreRounding_WeightedScoreToTwoDecimals()
    {
        // Equal weights, scores 100/100/50: 83.333… % rounds to 83.33 % (half to even), × 9,000 = 7,499.70.
        var scenario = new Scenario().Plan(MboPlan).Person("ana").Assign("ana", "m", "2026-01-01", targetIncentive: 9_000m)
            .Score("ana", "mbo", "FY2026-Q1", "a", 1m, 100m).Score("ana", "mbo", "FY2026-Q1", "b", 1m, 100m).Score("ana", "mbo", "FY2026-Q1", "c", 1m, 50m);

        var result = scenario.Calculate();

        Assert.Equal(7_499.70m, Paid(result, "ana", "mbo"));
        Assert.Equal(83.33m, result.Measures.Single().Value);
    }

    [Fact]
    public void Calculate_MboScoreCapAndProration_CapEachScoreProrateTarget()
    {
        // scoreCap 100: 120 counts as 100, so (5,000 + 2,400) ÷ 100 = 74 %. Cy starts on 15 February (factor 0.5):
        // target 10,000 × 0.5 = 5,000 × 74 % = 3,700.
        var plan = MboPlan.Replace("\"period\": \"quarter\"", "\"period\": \"quarter\", \"scoreCap\": 100", StringComparison.Ordinal);
        var scenario = new Scenario().Plan(plan).Person("cy").Assign("cy", "m", "2026-02-15", targetIncentive: 10_000m)
            .Score("cy", "mbo", "FY2026-Q1", "pipeline", 50m, 120m).Score("cy", "mbo", "FY2026-Q1", "enablement", 30m, 80m).Score("cy", "mbo", "FY2026-Q1", "hiring", 20m, 0m);

        var result = scenario.Calculate();

        Assert.Equal(3_700m, Paid(result, "cy", "mbo"));
    }

    [Fact]
    public void Calculate_MboMissingOrInvalidScores_IssuesAndNothingPaid()
    {
        var scenario = new Scenario().Plan(MboPlan).Person("ana").Person("ben")
            .Assign("ana", "m", "2026-01-01", targetIncentive: 10_000m).Assign("ben", "m", "2026-01-01", targetIncentive: 10_000m)
            .Score("ben", "mbo", "FY2026-Q1", "a", 0m, 100m);

        var result = scenario.Calculate();

        Assert.Equal(["mbo.score-invalid", "mbo.scores-missing"], result.Issues.Select(i => i.Code).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.Earnings, l => l.Amount.Amount != 0m);
    }

    [Fact]
    public void Calculate_MboMonthlyRunInsideQuarter_ShowsScoreButPaysAtQuarterEnd()
    {
        var scenario = new Scenario().Plan(MboPlan).Person("ana").Assign("ana", "m", "2026-01-01", targetIncentive: 10_000m)
            .Score("ana", "mbo", "FY2026-Q1", "a", 1m, 90m);

        var february = scenario.Calculate("FY2026-M02");
        var march = scenario.Calculate("FY2026-M03");

        Assert.Equal((90m, 0m), (february.Measures.Single().Value, Paid(february, "ana", "mbo")));
        Assert.Equal(9_000m, Paid(march, "ana", "mbo"));
    }
}
