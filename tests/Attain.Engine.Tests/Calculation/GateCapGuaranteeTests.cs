using Attain.Engine.Calculation;
using CsCheck;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class GateCapGuaranteeTests
{
    private const string GatedCommission = """
        { "id": "p", "version": 1, "components": [
          { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "quarter", "rate": 0.10,
            "gates": [ { "attainmentAtLeast": 50 } ] } ] }
        """;

    private static Scenario Gated() => new Scenario().Plan(GatedCommission).Person("ana").Assign("ana", "p", "2026-01-01", quota: 100_000m)
        .Book("G1", "2026-01-10", 30_000m, "ana").Book("G2", "2026-02-10", 30_000m, "ana");

    [Fact]
    public void Calculate_AttainmentGate_WithholdsUntilOpenThenReleases()
    {
        // 10 %, nothing below 50 % attainment of 100,000. G1 30,000: earns 3,000 at 30 % → Gate line −3,000, paid 0.
        // G2 30,000: 60 % → the gate opens: 3,000 for G2 and the 3,000 withheld released. Quarter 6,000.
        var result = Gated().Calculate();

        Assert.Equal(
            [(EarningKind.Commission, 3_000m), (EarningKind.Gate, -3_000m), (EarningKind.Commission, 3_000m), (EarningKind.Gate, 3_000m)],
            result.Earnings.Select(l => (l.Kind, l.Amount.Amount)));
        Assert.Equal(6_000m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_AttainmentGateMonthlyRuns_JanuaryPaysNothingFebruaryReleases()
    {
        var scenario = Gated();

        var january = scenario.Calculate("FY2026-M01");
        var february = scenario.Calculate("FY2026-M02");

        Assert.Equal(0m, Paid(january, "ana"));
        Assert.Equal(6_000m, Paid(february, "ana"));
    }

    [Fact]
    public void Calculate_GateNeverOpens_PaysNothing()
    {
        var scenario = new Scenario().Plan(GatedCommission).Person("ana").Assign("ana", "p", "2026-01-01", quota: 100_000m)
            .Book("G1", "2026-01-10", 49_999.99m, "ana");

        var result = scenario.Calculate();

        Assert.Equal(0m, Paid(result, "ana"));
        Assert.Contains("gate closed on 2026-01-10 (attainment 49.99999", result.Earnings.Single(l => l.Kind == EarningKind.Gate).Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_BonusGatedOnNewLogos_PaysOnlyWithTwoNewLogos()
    {
        // Quota bonus 100 % at quota, target incentive 10,000, paid only with at least 2 new logos. Ana reaches quota
        // with two orders from one new account (1 logo): 0. Ben reaches it with two new accounts: 10,000.
        var plan = """
            { "id": "p", "version": 1, "components": [
              { "id": "bonus", "kind": "quotaBonus", "measure": "bookings.amount", "period": "quarter",
                "curve": [ { "attainment": 100, "payout": 100 } ],
                "gates": [ { "measure": "bookings.newLogos", "atLeast": 2 } ] } ] }
            """;
        var scenario = new Scenario().Plan(plan).Person("ana").Person("ben")
            .Assign("ana", "p", "2026-01-01", quota: 100_000m, targetIncentive: 10_000m)
            .Assign("ben", "p", "2026-01-01", quota: 100_000m, targetIncentive: 10_000m)
            .Book("A1", "2026-01-10", 50_000m, "ana", attributes: ("account", "acme"))
            .Book("A2", "2026-02-10", 50_000m, "ana", attributes: ("account", "acme"))
            .Book("B1", "2026-01-10", 50_000m, "ben", attributes: ("account", "globex"))
            .Book("B2", "2026-02-10", 50_000m, "ben", attributes: ("account", "initech"));

        var result = scenario.Calculate();

        Assert.Equal((0m, 10_000m), (Paid(result, "ana", "bonus"), Paid(result, "ben", "bonus")));
        Assert.Contains("new logos 1 < 2", result.Earnings.Single(l => l.ParticipantId == "ana" && l.Kind == EarningKind.Gate).Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_GateOnFilteredOtherMeasure_CountsOnlyItsOwnBookingsToDate()
    {
        // 5 % commission on everything, paid only once Cloud bookings reach 20,000 quarter to date.
        // C1 on-prem 50,000 (Cloud 0): withheld 2,500. C2 Cloud 15,000 (Cloud 15,000): withheld, 3,250 earned.
        // C3 Cloud 10,000 (Cloud 25,000): opens: 500 + 3,250 released. Quarter 3,750 = 75,000 × 5 %.
        var plan = """
            { "id": "p", "version": 1, "components": [
              { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "quarter", "rate": 0.05,
                "gates": [ { "measure": "bookings.amount", "filter": [ { "attribute": "family", "equals": "Cloud" } ], "atLeast": 20000 } ] } ] }
            """;
        var scenario = new Scenario().Plan(plan).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("C1", "2026-01-10", 50_000m, "ana", family: "OnPrem")
            .Book("C2", "2026-01-20", 15_000m, "ana", family: "Cloud")
            .Book("C3", "2026-02-20", 10_000m, "ana", family: "Cloud");

        var result = scenario.Calculate();

        Assert.Equal([2_500m, -2_500m, 750m, -750m, 500m, 3_250m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal(3_750m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_Gate_NeverIncreasesPayAndPaysAllOrNothing()
    {
        // Property: with positive bookings, a gated component pays either exactly the ungated amount or nothing, per
        // period, and the monthly runs pay what the quarter run pays.
        var gen = Gen.Select(Gen.Int[1, 90].Array[1, 12], Gen.Int[1, 60_000].Array[12], Gen.Int[0, 150]);
        gen.Sample((days, amounts, threshold) =>
        {
            var plain = Commission("\"rate\": 0.07", id: "plain");
            var gated = Commission("\"rate\": 0.07", $", \"gates\": [ {{ \"attainmentAtLeast\": {threshold} }} ]", id: "gated");
            var scenario = new Scenario().Plan(plain).Plan(gated).Person("ana")
                .Assign("ana", "plain", "2026-01-01", quota: 200_000m).Assign("ana", "gated", "2026-01-01", quota: 200_000m);
            for (var i = 0; i < days.Length; i++)
            {
                scenario.Book($"B{i:D2}", new DateOnly(2026, 1, 1).AddDays(days[i] - 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), amounts[i], "ana");
            }

            var result = scenario.Calculate();
            var months = new[] { "FY2026-M01", "FY2026-M02", "FY2026-M03" }.Sum(m => scenario.Calculate(m).Earnings.Where(l => l.PlanId == "gated").Sum(l => l.Amount.Amount));

            var ungatedPaid = result.Earnings.Where(l => l.PlanId == "plain").Sum(l => l.Amount.Amount);
            var gatedPaid = result.Earnings.Where(l => l.PlanId == "gated").Sum(l => l.Amount.Amount);
            Assert.True(gatedPaid == 0m || gatedPaid == ungatedPaid, $"{gatedPaid} vs {ungatedPaid}");
            Assert.True(gatedPaid <= ungatedPaid);
            Assert.Equal(gatedPaid, months);
        }, iter: 100);
    }

    private static string YearCapped => Commission("\"rate\": 0.10", ", \"perYearCap\": 15000");

    private static Scenario YearScenario() => new Scenario().Plan(YearCapped).Person("ana").Assign("ana", "p", "2026-01-01")
        .Book("Q1", "2026-02-10", 100_000m, "ana")
        .Book("Q2", "2026-05-10", 80_000m, "ana")
        .Book("Q3", "2026-08-10", 50_000m, "ana")
        .Book("N1", "2027-01-10", 20_000m, "ana");

    [Fact]
    public void Calculate_PerYearCap_LaterQuarterRunsKnowEarlierQuarters()
    {
        // 10 % capped at 15,000 per fiscal year. Q1: 10,000. Q2: 8,000 earned, but the year would reach 18,000, so a
        // YearCap line takes back 3,000: 5,000. Q3: 5,000 earned, all taken back: 0. The Q2 run alone knows Q1.
        var scenario = YearScenario();

        var q2 = scenario.Calculate("FY2026-Q2");
        var q3 = scenario.Calculate("FY2026-Q3");

        Assert.Equal([(EarningKind.Commission, 8_000m), (EarningKind.YearCap, -3_000m)], q2.Earnings.Select(l => (l.Kind, l.Amount.Amount)));
        Assert.Equal("FY2026-Q2", Assert.Single(q2.Measures).PeriodKey);
        Assert.Equal(0m, Paid(q3, "ana"));
    }

    [Fact]
    public void Calculate_PerYearCap_WholeYearRunAndNextYearStartsAgain()
    {
        // The year run pays 10,000 + 5,000 + 0 = 15,000; FY2027 starts a new year: 20,000 × 10 % = 2,000.
        var scenario = YearScenario();

        var year = scenario.Calculate("FY2026");
        var next = scenario.Calculate("FY2027-Q1");

        Assert.Equal(15_000m, Paid(year, "ana"));
        Assert.Equal([10_000m, 5_000m, 0m, 0m], year.Measures.Select(m => m.Earned.Amount));
        Assert.Equal(2_000m, Paid(next, "ana"));
    }

    [Fact]
    public void Calculate_Guarantee_TopsUpCompletePeriodsProrated()
    {
        // 5 % with a guarantee of 3,000 per quarter. Ana earns 40,000 × 5 % = 2,000 → topped up by 1,000 on 31 March.
        // Ben earns 5,000, above the guarantee. Cy starts on 15 February (factor 0.5): 500 earned, guarantee
        // 3,000 × 0.5 = 1,500 → topped up by 1,000.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05", ", \"guarantee\": 3000")).Person("ana").Person("ben").Person("cy")
            .Assign("ana", "p", "2026-01-01").Assign("ben", "p", "2026-01-01").Assign("cy", "p", "2026-02-15")
            .Book("A1", "2026-01-10", 40_000m, "ana").Book("B1", "2026-01-10", 100_000m, "ben").Book("C1", "2026-03-10", 10_000m, "cy");

        var result = scenario.Calculate();

        Assert.Equal([3_000m, 5_000m, 1_500m], new[] { "ana", "ben", "cy" }.Select(p => Paid(result, p)));
        var line = result.Earnings.Single(l => l.ParticipantId == "ana" && l.Kind == EarningKind.Guarantee);
        Assert.Equal((new DateOnly(2026, 3, 31), 1_000m), (line.Date, line.Amount.Amount));
    }

    [Fact]
    public void Calculate_GuaranteeInMonthlyRunInsideQuarter_NotYetPaid()
    {
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05", ", \"guarantee\": 3000")).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("A1", "2026-01-10", 40_000m, "ana");

        var january = scenario.Calculate("FY2026-M01");
        var march = scenario.Calculate("FY2026-M03");

        Assert.Equal(2_000m, Paid(january, "ana"));
        Assert.Equal(1_000m, Paid(march, "ana"));
    }

    [Fact]
    public void Calculate_GuaranteeWithClosedGate_GuaranteeStillPaid()
    {
        // Gate closed (20 % < 50 %): the 2,000 earned is withheld, and the guarantee of 1,500 is paid in full.
        var plan = Commission("\"rate\": 0.10", ", \"guarantee\": 1500, \"gates\": [ { \"attainmentAtLeast\": 50 } ]");
        var scenario = new Scenario().Plan(plan).Person("ana").Assign("ana", "p", "2026-01-01", quota: 100_000m)
            .Book("A1", "2026-01-10", 20_000m, "ana");

        var result = scenario.Calculate();

        Assert.Equal([(EarningKind.Commission, 2_000m), (EarningKind.Gate, -2_000m), (EarningKind.Guarantee, 1_500m)], result.Earnings.Select(l => (l.Kind, l.Amount.Amount)));
    }
}
