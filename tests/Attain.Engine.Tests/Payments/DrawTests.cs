using Attain.Engine.Payments;
using Attain.Engine.Tests.Calculation;
using static Attain.Engine.Tests.Payments.PaymentRun;

namespace Attain.Engine.Tests.Payments;

/// <summary>
/// Draws over four months on a 10 % monthly commission with a draw of 3,000. Ana earns 1,000 in January (10,000
/// booked), 5,000 in February (50,000), nothing in March and 6,000 in April (60,000): 12,000 in all.
/// </summary>
public class DrawTests
{
    private static Scenario FourMonths(string draw) => new Scenario()
        .Plan(MonthlyPlan("p", $", \"draw\": {draw}"))
        .Person("ana").Assign("ana", "p", "2026-01-01")
        .Book("A1", "2026-01-10", 10_000m, "ana")
        .Book("A2", "2026-02-10", 50_000m, "ana")
        .Book("A4", "2026-04-10", 60_000m, "ana");

    [Fact]
    public void Calculate_RecoverableDrawWithoutLimit_AdvancesAndRecoversFromEarningsAboveTheDraw()
    {
        var scenario = FourMonths("""{ "kind": "recoverable", "amount": 3000 }""");

        var result = Pay(scenario, JanToApr);

        // Jan: 1,000 earned, 2,000 advanced, pays 3,000, owes 2,000.
        // Feb: 5,000 earned, 2,000 above the draw recovers the 2,000, pays 3,000, owes 0.
        // Mar: 0 earned, 3,000 advanced, pays 3,000, owes 3,000.
        // Apr: 6,000 earned, 3,000 above the draw recovers 3,000, pays 3,000, owes 0.
        Assert.Empty(result.Issues);
        Assert.Equal([3_000m, 3_000m, 3_000m, 3_000m], Payable(result));
        Assert.Equal([2_000m, 0m, 3_000m, 0m], Balance(result));
        Assert.Equal(2_000m, Of(result, "FY2026-M01").DrawAdvanced.Amount);
        Assert.Equal(2_000m, Of(result, "FY2026-M02").Recovered.Amount);
        Assert.Equal(3_000m, Of(result, "FY2026-M04").Recovered.Amount);
    }

    [Fact]
    public void Calculate_RecoverableDrawWithLimit_RecoversAtMostTheLimitPerPeriod()
    {
        var scenario = FourMonths("""{ "kind": "recoverable", "amount": 3000, "recoveryLimit": 1000 }""");

        var result = Pay(scenario, JanToApr);

        // Jan: advance 2,000, pays 3,000, owes 2,000.
        // Feb: 5,000 earned, 2,000 above the draw but the limit recovers 1,000: pays 4,000, owes 1,000.
        // Mar: advance 3,000, pays 3,000, owes 4,000.
        // Apr: 6,000 earned, 3,000 above the draw, limit 1,000: pays 5,000, owes 3,000.
        // Paid 15,000 − owed 3,000 = earned 12,000.
        Assert.Equal([3_000m, 4_000m, 3_000m, 5_000m], Payable(result));
        Assert.Equal([2_000m, 1_000m, 4_000m, 3_000m], Balance(result));
        var recovery = Assert.Single(result.Lines, l => l.PeriodKey == "FY2026-M04" && l.Kind == PayoutLineKind.Recovery);
        Assert.Equal(-1_000m, recovery.Amount.Amount);
        Assert.Contains("limited to 1000.00 USD per period", recovery.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_NonRecoverableDraw_TopsUpToTheDrawAndNeverRecovers()
    {
        var scenario = FourMonths("""{ "kind": "nonRecoverable", "amount": 3000 }""");

        var result = Pay(scenario, JanToApr);

        // Jan: 1,000 earned + 2,000 guarantee; Feb: 5,000; Mar: 0 + 3,000 guarantee; Apr: 6,000. Paid 17,000 = 12,000 + 5,000.
        Assert.Equal([3_000m, 5_000m, 3_000m, 6_000m], Payable(result));
        Assert.Equal([0m, 0m, 0m, 0m], Balance(result));
        Assert.Equal([2_000m, 0m, 3_000m, 0m], result.Payouts.Select(p => p.Guaranteed.Amount));
    }

    [Fact]
    public void Calculate_DrawBeforeTheAssignmentStarts_PaysNoDraw()
    {
        var scenario = new Scenario()
            .Plan(MonthlyPlan("p", """, "draw": { "kind": "nonRecoverable", "amount": 3000 }"""))
            .Person("ana").Assign("ana", "p", "2026-02-15");

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02");

        // January is before the assignment: no draw. February overlaps it: the whole draw (no proration).
        Assert.Equal([0m, 3_000m], Payable(result));
    }

    [Fact]
    public void Calculate_PeriodsWithAGap_RefusedWithIssue()
    {
        var scenario = FourMonths("""{ "kind": "recoverable", "amount": 3000 }""");

        var result = Pay(scenario, "FY2026-M01", "FY2026-M03");

        Assert.Empty(result.Payouts);
        Assert.Equal("payment.periods-not-consecutive", Assert.Single(result.Issues).Code);
    }

    [Fact]
    public void Calculate_GuaranteeWithClawbackBelowZero_GuaranteesTheDrawAndCarriesTheDeficit()
    {
        var scenario = new Scenario()
            .Plan(MonthlyPlan("p", """, "draw": { "kind": "nonRecoverable", "amount": 1000 }, "clawback": { "windowDays": 60 }"""))
            .Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("A1", "2026-01-10", 20_000m, "ana")
            .Book("X1", "2026-02-10", -20_000m, "ana", cancels: "A1")
            .Book("A3", "2026-03-10", 50_000m, "ana");

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02", "FY2026-M03");

        // Jan: 2,000 earned, paid. Feb: −2,000 clawed back: 1,000 guaranteed, 2,000 deficit owed, pays 1,000.
        // Mar: 5,000 earned, 4,000 above the draw recovers the 2,000: pays 3,000.
        // Paid 6,000 = earned 7,000 − clawed back 2,000 + guaranteed 1,000.
        Assert.Equal([2_000m, 1_000m, 3_000m], Payable(result));
        Assert.Equal([0m, 2_000m, 0m], Balance(result));
        Assert.Equal((1_000m, 2_000m), (Of(result, "FY2026-M02").Guaranteed.Amount, Of(result, "FY2026-M02").DeficitCarried.Amount));
    }
}
