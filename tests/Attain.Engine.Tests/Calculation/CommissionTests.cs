using Attain.Engine.Calculation;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class CommissionTests
{
    // Table used below: 5 % on period-to-date bookings in [0, 100,000), 10 % from 100,000. Bookings of 60,000 (Jan)
    // and 80,000 (Feb) in FY2026-Q1 by one rep.
    private static Scenario TwoBookings(string semantics) => new Scenario()
        .Plan(Commission(FiveThenTen(semantics)))
        .Person("ana")
        .Assign("ana", "p", "2026-01-01")
        .Book("B1", "2026-01-10", 60_000m, "ana")
        .Book("B2", "2026-02-10", 80_000m, "ana");

    [Fact]
    public void Calculate_MarginalTableBookingCrossesBoundary_SplitAcrossBands()
    {
        // B1: 60,000 × 5 % = 3,000. B2 moves 60,000 → 140,000: 40,000 × 5 % = 2,000 and 40,000 × 10 % = 4,000.
        var scenario = TwoBookings("marginal");

        var result = scenario.Calculate();

        var lines = result.Earnings.Select(l => (l.BookingIds[0], l.TierIndex, l.Base, l.Amount.Amount)).ToList();
        Assert.Equal([("B1", 0, 60_000m, 3_000m), ("B2", 0, 40_000m, 2_000m), ("B2", 1, 40_000m, 4_000m)], lines);
        Assert.Equal(9_000m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_CreditDatedDecadesAway_SameOrderAndLinesAsWithout()
    {
        // Credits are put in date order by counting days; a credit dated decades away (2070, after the period) makes
        // the days too many to count, so the order is made by comparison instead: the same lines either way. Same-day
        // credits go by booking id (B1 before B2 although booked in the other order): 60,000 × 5 %, then 40,000 × 5 %
        // and 40,000 × 10 %.
        var near = new Scenario().Plan(Commission(FiveThenTen("marginal"))).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B2", "2026-01-10", 80_000m, "ana").Book("B1", "2026-01-10", 60_000m, "ana");
        var far = new Scenario().Plan(Commission(FiveThenTen("marginal"))).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B2", "2026-01-10", 80_000m, "ana").Book("B1", "2026-01-10", 60_000m, "ana").Book("B9", "2070-01-01", 5m, "ana");

        var lines = near.Calculate().Earnings;
        var farLines = far.Calculate().Earnings;

        Assert.Equal([("B1", 0, 3_000m), ("B2", 0, 2_000m), ("B2", 1, 4_000m)], lines.Select(l => (l.BookingIds[0], l.TierIndex, l.Amount.Amount)));
        Assert.Equal(lines, farLines, (a, b) => a with { BookingIds = [], CreditIds = [] } == b with { BookingIds = [], CreditIds = [] }
            && a.BookingIds.SequenceEqual(b.BookingIds) && a.CreditIds.SequenceEqual(b.CreditIds));
    }

    [Fact]
    public void Calculate_RetroactiveSameTable_HighestTierOnWholeAmountWithTrueUp()
    {
        // B1: 60,000 × 5 % = 3,000. B2 reaches tier 1: 80,000 × 10 % = 8,000, and the 60,000 already paid at 5 % is
        // trued up by 60,000 × (10 % − 5 %) = 3,000. Total 14,000 = 140,000 × 10 %, against 9,000 marginal.
        var scenario = TwoBookings("retroactive");

        var result = scenario.Calculate();

        var lines = result.Earnings.Select(l => (l.Kind, l.BookingIds[0], l.Base, l.Amount.Amount)).ToList();
        Assert.Equal(
            [(EarningKind.Commission, "B1", 60_000m, 3_000m), (EarningKind.Commission, "B2", 80_000m, 8_000m), (EarningKind.TrueUp, "B2", 60_000m, 3_000m)],
            lines);
        Assert.Equal(14_000m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_BookingEndsExactlyOnBound_LowerBoundIsInclusive()
    {
        // Tiers are [from, to): 100,000 is the first value of tier 1. Marginal: 100,000 × 5 % = 5,000, then the next
        // 1,000 at 10 % = 100. Retroactive: reaching 100,000 reaches tier 1, so 100,000 × 10 % = 10,000, then 100.
        var marginal = new Scenario().Plan(Commission(FiveThenTen("marginal"))).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-10", 100_000m, "ana").Book("B2", "2026-01-11", 1_000m, "ana");
        var retroactive = new Scenario().Plan(Commission(FiveThenTen("retroactive"))).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-10", 100_000m, "ana").Book("B2", "2026-01-11", 1_000m, "ana");

        var m = marginal.Calculate();
        var r = retroactive.Calculate();

        Assert.Equal([5_000m, 100m], m.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal([10_000m, 100m], r.Earnings.Select(l => l.Amount.Amount));
    }

    [Fact]
    public void Calculate_AttainmentKeyedMarginal_BoundsScaleWithQuota()
    {
        // Quota 200,000: 50 % is 100,000 and 100 % is 200,000. One booking of 250,000:
        // 100,000 × 2 % = 2,000; 100,000 × 4 % = 4,000; 50,000 × 8 % = 4,000; total 10,000 at 125 % attainment.
        var table = """
            "rateTable": { "key": "attainment", "semantics": "marginal", "tiers": [
              { "from": 0, "to": 50, "rate": 0.02 }, { "from": 50, "to": 100, "rate": 0.04 }, { "from": 100, "rate": 0.08 } ] }
            """;
        var scenario = new Scenario().Plan(Commission(table)).Person("ana").Assign("ana", "p", "2026-01-01", quota: 200_000m)
            .Book("B1", "2026-02-01", 250_000m, "ana");

        var result = scenario.Calculate();

        Assert.Equal([2_000m, 4_000m, 4_000m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.All(result.Earnings, l => Assert.Equal(125m, l.AttainmentPercent));
        Assert.Equal(125m, result.Measures.Single().AttainmentPercent);
    }

    [Theory]
    [InlineData("marginal", 600, 150)]
    [InlineData("retroactive", 900, 150)]
    public void Calculate_BookingKeyedTable_EachBookingOnItsOwnAmount(string semantics, decimal first, decimal second)
    {
        // Tiers on the booking's own amount: 3 % below 10,000, 6 % from 10,000. A 15,000 booking pays
        // marginal 10,000 × 3 % + 5,000 × 6 % = 600, retroactive 15,000 × 6 % = 900; the next 5,000 booking starts
        // again from zero: 5,000 × 3 % = 150 either way.
        var table = $$"""
            "rateTable": { "key": "booking", "semantics": "{{semantics}}", "tiers": [
              { "from": 0, "to": 10000, "rate": 0.03 }, { "from": 10000, "rate": 0.06 } ] }
            """;
        var scenario = new Scenario().Plan(Commission(table)).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 15_000m, "ana").Book("B2", "2026-01-06", 5_000m, "ana");

        var result = scenario.Calculate();

        Assert.Equal(first, result.Earnings.Where(l => l.BookingIds[0] == "B1").Sum(l => l.Amount.Amount));
        Assert.Equal(second, result.Earnings.Where(l => l.BookingIds[0] == "B2").Sum(l => l.Amount.Amount));
    }

    [Fact]
    public void Calculate_PerDealCap_LimitsOneBooking()
    {
        // Flat 5 %, per-deal cap 2,000: 30,000 pays 1,500; 50,000 would pay 2,500, a deal-cap line takes back 500.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05", ", \"perDealCap\": 2000")).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 30_000m, "ana").Book("B2", "2026-01-06", 50_000m, "ana");

        var result = scenario.Calculate();

        Assert.Equal(
            [(EarningKind.Commission, 1_500m), (EarningKind.Commission, 2_500m), (EarningKind.DealCap, -500m)],
            result.Earnings.Select(l => (l.Kind, l.Amount.Amount)));
        Assert.Equal(3_500m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_PerPeriodCap_StopsPayingOnceReached()
    {
        // Flat 10 %, per-period cap 5,000: 3,000 paid; 4,000 earned but only 2,000 fits; the last 1,000 is all capped.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.10", ", \"perPeriodCap\": 5000")).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 30_000m, "ana").Book("B2", "2026-01-06", 40_000m, "ana").Book("B3", "2026-01-07", 10_000m, "ana");

        var result = scenario.Calculate();

        Assert.Equal(
            [(EarningKind.Commission, 3_000m), (EarningKind.Commission, 4_000m), (EarningKind.PeriodCap, -2_000m), (EarningKind.Commission, 1_000m), (EarningKind.PeriodCap, -1_000m)],
            result.Earnings.Select(l => (l.Kind, l.Amount.Amount)));
        Assert.Equal(5_000m, result.Measures.Single().Earned.Amount);
    }

    [Fact]
    public void Calculate_CancelledCappedDeal_ReversesWhatWasPaid()
    {
        // Flat 10 %, per-deal cap 2,000: 50,000 earns 5,000, capped to 2,000 (deal-cap line −3,000). Cancelling it
        // reverses −5,000, and the deal-cap line gives back +3,000: −2,000, exactly what was paid. Net 0.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.10", ", \"perDealCap\": 2000")).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 50_000m, "ana").Book("C1", "2026-02-05", -50_000m, "ana", cancels: "B1");

        var result = scenario.Calculate();

        Assert.Equal([5_000m, -3_000m, -5_000m, 3_000m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal(0m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_CancellationUnderPeriodCap_PaysBackOnlyBelowCap()
    {
        // Flat 10 %, per-period cap 5,000: 70,000 earns 7,000, capped to 5,000. Cancelling 30,000 takes the uncapped
        // total to 4,000, below the cap: −3,000 reversed, +2,000 of the cap given back, so 4,000 is paid in all.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.10", ", \"perPeriodCap\": 5000")).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 70_000m, "ana").Book("C1", "2026-02-05", -30_000m, "ana", cancels: "B1");

        var result = scenario.Calculate();

        Assert.Equal([7_000m, -2_000m, -3_000m, 2_000m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal(4_000m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_CancellationDropsRetroactiveTier_TrueUpReversed()
    {
        // 120,000 in January pays 12,000 at 10 %. Cancelling 30,000 in February brings the quarter to 90,000, tier 0:
        // the cancellation pays at the rate after it, −30,000 × 5 % = −1,500, and the 120,000 before it is trued down
        // by 120,000 × (5 % − 10 %) = −6,000. Quarter total 4,500 = 90,000 × 5 %.
        var scenario = new Scenario().Plan(Commission(FiveThenTen("retroactive"))).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-10", 120_000m, "ana").Book("C1", "2026-02-10", -30_000m, "ana", cancels: "B1");

        var result = scenario.Calculate();

        Assert.Equal([12_000m, -1_500m, -6_000m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal(4_500m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_TiersResetAtQuarterBoundary()
    {
        // Marginal 5 %/10 % table per quarter. 80,000 in March (Q1) and 80,000 in April (Q2): each quarter starts from
        // zero, so neither crosses 100,000: 4,000 + 4,000 over the year, not 4,000 + 1,000 + 6,000.
        var scenario = new Scenario().Plan(Commission(FiveThenTen("marginal"))).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-03-31", 80_000m, "ana").Book("B2", "2026-04-01", 80_000m, "ana");

        var result = scenario.Calculate("FY2026");

        Assert.Equal([("FY2026-Q1", 4_000m), ("FY2026-Q2", 4_000m)], result.Earnings.Select(l => (l.PeriodKey, l.Amount.Amount)));
        Assert.Equal(4, result.Measures.Count);
    }

    [Fact]
    public void Calculate_MonthRunOfQuarterlyTable_UsesQuarterToDate()
    {
        // Run for February only: January's 60,000 still counts toward the quarter's 100,000 bound, but its line
        // belongs to January's run. February's 80,000 pays 40,000 × 5 % + 40,000 × 10 % = 6,000.
        var scenario = TwoBookings("marginal");

        var result = scenario.Calculate("FY2026-M02");

        Assert.Equal([2_000m, 4_000m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal(140_000m, result.Measures.Single().Value);
    }

    [Fact]
    public void Calculate_FilterOnFamily_OtherFamiliesNotCounted()
    {
        // Only the software booking (20,000 × 5 % = 1,000) counts; the hardware one does not.
        var scenario = new Scenario()
            .Plan(Commission("\"rate\": 0.05", ", \"filter\": [ { \"attribute\": \"family\", \"equals\": \"software\" } ]"))
            .Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 20_000m, "ana", family: "software").Book("B2", "2026-01-06", 50_000m, "ana", family: "hardware");

        var result = scenario.Calculate();

        Assert.Equal(["B1"], result.Earnings.SelectMany(l => l.BookingIds));
        Assert.Equal(1_000m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_MarginMeasure_PaysOnMargin()
    {
        // 10,000 booked with 4,000 margin; 10 % of margin = 400.
        var plan = Commission("\"rate\": 0.10").Replace("bookings.amount", "bookings.margin", StringComparison.Ordinal);
        var scenario = new Scenario().Plan(plan).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 10_000m, "ana", margin: 4_000m);

        var result = scenario.Calculate();

        Assert.Equal(400m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_RunningTotalRounding_LinesSumToRoundedTotal()
    {
        // 3.3 % of 10.15 = 0.33495 each. Running totals 0.33495, 0.66990, 1.00485 round to 0.33, 0.67, 1.00, so the
        // lines pay 0.33, 0.34, 0.33: they sum to the rounded exact total, never drifting a cent per line.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.033")).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 10.15m, "ana").Book("B2", "2026-01-06", 10.15m, "ana").Book("B3", "2026-01-07", 10.15m, "ana");

        var result = scenario.Calculate();

        Assert.Equal([0.33495m, 0.33495m, 0.33495m], result.Earnings.Select(l => l.Exact));
        Assert.Equal([0.33m, 0.34m, 0.33m], result.Earnings.Select(l => l.Amount.Amount));
    }

    [Theory]
    [InlineData("toEven", 0.12)]
    [InlineData("awayFromZero", 0.13)]
    public void Calculate_MidpointEarning_RoundsWithPlanMode(string mode, decimal expected)
    {
        // 0.5 % of 25.00 = 0.125 exactly: half to even gives 0.12, half away from zero 0.13.
        var plan = Commission("\"rate\": 0.005").Replace("\"version\": 1,", $"\"version\": 1, \"rounding\": \"{mode}\",", StringComparison.Ordinal);
        var scenario = new Scenario().Plan(plan).Person("ana").Assign("ana", "p", "2026-01-01").Book("B1", "2026-01-05", 25.00m, "ana");

        var result = scenario.Calculate();

        Assert.Equal(expected, result.Earnings.Single().Amount.Amount);
    }

    [Fact]
    public void Calculate_CommissionLine_CarriesLineage()
    {
        var scenario = TwoBookings("marginal");

        var line = scenario.Calculate().Earnings[2];

        Assert.Equal("p", line.PlanId);
        Assert.Equal(1, line.PlanVersion);
        Assert.Equal(["B2"], line.BookingIds);
        Assert.Equal(["B2/direct/ana"], line.CreditIds);
        Assert.Equal(80_000m, line.CreditValue);
        Assert.Equal((60_000m, 140_000m), (line.MeasureBefore, line.MeasureAfter));
        Assert.Equal((1, 0.10m), (line.TierIndex, line.Rate));
        Assert.Equal("marginal tier 1 [100000, ∞): 40000.00 × 0.10", line.Rule);
        Assert.Equal("running total to 0.01 USD, ToEven", line.Rounding);
    }

    [Fact]
    public void Calculate_RetroactiveTrueUpLine_NamesBothTiers()
    {
        var scenario = TwoBookings("retroactive");

        var trueUp = scenario.Calculate().Earnings.Single(l => l.Kind == EarningKind.TrueUp);

        Assert.Equal((1, 0.05m, 60_000m, 3_000m), (trueUp.TierIndex!.Value, trueUp.Rate!.Value, trueUp.Base, trueUp.Exact));
        Assert.Equal("retroactive true-up from tier 0 to tier 1: 60000.00 before this credit × (0.10 − 0.05)", trueUp.Rule);
    }
}
