using Attain.Engine.Calculation;
using Attain.Engine.Payments;
using Attain.Engine.Tests.Calculation;
using static Attain.Engine.Tests.Payments.PaymentRun;

namespace Attain.Engine.Tests.Payments;

/// <summary>
/// Clawbacks on a quarterly marginal table paid monthly: 5 % up to 100,000 quarter to date, 10 % above. A1 80,000 on
/// 10 January pays 4,000 at 5 %; A2 40,000 on 20 January crosses the bound: 20,000 × 5 % = 1,000 (tier 0) and 20,000
/// × 10 % = 2,000 (tier 1). January pays 7,000.
/// </summary>
public class ClawbackTests
{
    private static string Plan(string id, string clawback) => $$"""
        {
          "id": "{{id}}", "version": 1,
          "components": [ { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "quarter",
            "rateTable": { "key": "periodToDate", "semantics": "marginal",
              "tiers": [ { "from": 0, "to": 100000, "rate": 0.05 }, { "from": 100000, "rate": 0.10 } ] } } ],
          "clawback": {{clawback}}
        }
        """;

    private static Scenario JanuaryThenFebruary(string clawback) => new Scenario()
        .Plan(Plan("p", clawback))
        .Person("ana").Assign("ana", "p", "2026-01-01")
        .Book("A1", "2026-01-10", 80_000m, "ana")
        .Book("A2", "2026-01-20", 40_000m, "ana")
        .Book("X2", "2026-02-15", -40_000m, "ana", cancels: "A2")
        .Book("A3", "2026-02-20", 50_000m, "ana");

    [Fact]
    public void Calculate_CancellationInsideWindowReducingAttainment_ReversesOriginalLinesAtTheirRates()
    {
        var scenario = JanuaryThenFebruary("""{ "windowDays": 90, "reduceAttainment": true }""");

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02");

        // February: X2 (26 days after A2) claws back A2's two lines, −1,000 at 5 % (tier 0) and −2,000 at 10 % (tier 1).
        // With attainment reduced the quarter is at 80,000 after X2, so A3 50,000 pays 20,000 × 5 % + 30,000 × 10 % = 4,000.
        // February pays 4,000 − 3,000 = 1,000.
        Assert.Empty(result.Issues);
        var clawbacks = result.Lines.Where(l => l.Kind == PayoutLineKind.Clawback).ToList();
        Assert.Equal([-1_000m, -2_000m], clawbacks.Select(l => l.Amount.Amount));
        Assert.All(clawbacks, l => Assert.Equal(("FY2026-M02", "X2", "A2"), (l.PeriodKey, l.CancellationBookingId, Assert.Single(l.BookingIds))));
        Assert.Equal([(0, 0.05m), (1, 0.10m)], clawbacks.Select(l => (l.Earning!.TierIndex!.Value, l.Earning.Rate!.Value)));
        Assert.Equal(["A2/direct/ana", "A2/direct/ana"], clawbacks.Select(l => Assert.Single(l.Earning!.CreditIds)));
        Assert.Equal([7_000m, 1_000m], Payable(result));
        Assert.Equal(4_000m, Of(result, "FY2026-M02").Earned.Amount);
    }

    [Fact]
    public void Calculate_CancellationInsideWindowKeepingAttainment_LaterBookingStaysInTheUpperTier()
    {
        var scenario = JanuaryThenFebruary("""{ "windowDays": 90, "reduceAttainment": false }""");

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02");
        var quarter = scenario.Calculate("FY2026-Q1");

        // X2 does not lower the quarter: 120,000 before A3, so A3 pays 50,000 × 10 % = 5,000; February pays 5,000 − 3,000.
        Assert.Equal([7_000m, 2_000m], Payable(result));
        Assert.Equal(170_000m, Assert.Single(quarter.Measures).Value);
    }

    [Fact]
    public void Calculate_CancellationOutsideWindow_ClawsNothingBackButReducesAttainmentWhenTheTermsSaySo()
    {
        var scenario = new Scenario()
            .Plan(Plan("p", """{ "windowDays": 30, "reduceAttainment": true }"""))
            .Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("A1", "2026-01-10", 80_000m, "ana")
            .Book("X1", "2026-02-25", -20_000m, "ana", cancels: "A1");

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02");
        var quarter = scenario.Calculate("FY2026-Q1");

        // X1 is 46 days after A1, outside the 30-day window: no clawback, no earning line; the quarter counts 60,000.
        Assert.DoesNotContain(result.Lines, l => l.Kind == PayoutLineKind.Clawback);
        Assert.Equal([4_000m, 0m], Payable(result));
        Assert.Equal(60_000m, Assert.Single(quarter.Measures).Value);
        Assert.Equal(4_000m, Assert.Single(quarter.Measures).Earned.Amount);
    }

    [Fact]
    public void Calculate_PartialCancellationsInsideWindow_ClawBackTheirShareAndNeverMoreThanEarned()
    {
        var scenario = new Scenario()
            .Plan(Plan("p", """{ "windowDays": 30, "reduceAttainment": true }"""))
            .Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("A1", "2026-01-10", 80_000m, "ana")
            .Book("X1", "2026-01-30", -20_000m, "ana", cancels: "A1")
            .Book("X2", "2026-02-05", -60_000m, "ana", cancels: "A1");

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02");

        // X1 cancels 25 % of A1 (20 days after): −1,000 in January. X2 the other 75 % (26 days after): −3,000 in February.
        var clawbacks = result.Lines.Where(l => l.Kind == PayoutLineKind.Clawback).ToList();
        Assert.Equal([(0.25m, -1_000m), (0.75m, -3_000m)], clawbacks.Select(l => (l.Fraction!.Value, l.Amount.Amount)));
        Assert.Equal(3_000m, Of(result, "FY2026-M01").Payable.Amount);
        Assert.Equal(0m, Of(result, "FY2026-M02").Payable.Amount);
        Assert.Equal(3_000m, Of(result, "FY2026-M02").BalanceAfter.Amount);
    }

    [Fact]
    public void Calculate_CancellationUnderClawbackTerms_PaysNoEarningLineOfItsOwn()
    {
        var scenario = JanuaryThenFebruary("""{ "windowDays": 90 }""");

        var result = scenario.Calculate("FY2026-M02");

        Assert.DoesNotContain(result.Earnings, l => l.BookingIds.Contains("X2"));
        Assert.Equal(4_000m, result.Earnings.Sum(l => l.Amount.Amount));
    }

    [Fact]
    public void Calculate_OriginalBeforeTheFirstPeriod_IssueAndNoClawback()
    {
        var scenario = JanuaryThenFebruary("""{ "windowDays": 90 }""");

        var result = Pay(scenario, "FY2026-M02");

        Assert.Equal("clawback.original-outside-run", Assert.Single(result.Issues).Code);
        Assert.DoesNotContain(result.Lines, l => l.Kind == PayoutLineKind.Clawback);
    }

    [Fact]
    public void Calculate_ClawbackLine_RuleNamesCancellationWindowAndOriginalLine()
    {
        var scenario = JanuaryThenFebruary("""{ "windowDays": 90 }""");

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02");

        var line = result.Lines.First(l => l.Kind == PayoutLineKind.Clawback);
        Assert.Equal(
            "cancellation X2 of 2026-02-15, 26 days after booking A2 (window 90 days), cancels 1 of credit A2/direct/ana: reverses Commission line 2 of commission FY2026-Q1 (tier 0) at rate 0.05, paid 1000.00 USD: running share 1 × 1000.00 rounded ToEven = 1000.00, less 0 clawed before",
            line.Rule);
    }

    [Fact]
    public void Calculate_NoClawbackTerms_CancellationIsANegativeEarningAndANegativePeriodIsCarriedAsDeficit()
    {
        var scenario = new Scenario()
            .Plan(PaymentRun.MonthlyPlan("p", string.Empty))
            .Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("A1", "2026-01-10", 30_000m, "ana")
            .Book("X1", "2026-02-10", -30_000m, "ana", cancels: "A1")
            .Book("A3", "2026-03-10", 50_000m, "ana");

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02", "FY2026-M03");

        // Jan 3,000; Feb −3,000 as an earning line, not paid as a negative amount but owed; Mar 5,000 less the 3,000 owed.
        Assert.DoesNotContain(result.Lines, l => l.Kind == PayoutLineKind.Clawback);
        Assert.Equal([3_000m, 0m, 2_000m], Payable(result));
        Assert.Equal([0m, 3_000m, 0m], Balance(result));
        Assert.Equal((-3_000m, 3_000m), (Of(result, "FY2026-M02").Earned.Amount, Of(result, "FY2026-M02").DeficitCarried.Amount));
    }
}
