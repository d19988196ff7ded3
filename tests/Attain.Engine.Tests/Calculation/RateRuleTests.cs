using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Plans;
using CsCheck;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class RateRuleTests
{
    private static readonly string[] Rules =
    [
        """{ "when": { "family": "Cloud" }, "rate": 0.08 }""",
        """{ "when": { "product": "CL-DB" }, "rate": 0.12 }""",
        """{ "when": { "family": "Cloud", "attributes.segment": "enterprise" }, "rate": 0.10 }""",
        """{ "when": { "attributes.segment": "enterprise" }, "rate": 0.06 }""",
    ];

    private static string RulePlan(IEnumerable<string> rules) =>
        Commission("\"rate\": 0.05", $", \"rates\": [ {string.Join(", ", rules)} ]");

    private static Scenario FiveBookings(IEnumerable<string> rules) => new Scenario().Plan(RulePlan(rules)).Person("ana").Assign("ana", "p", "2026-01-01")
        .Book("P1", "2026-01-05", 10_000m, "ana", product: "CL-DB", family: "Cloud", attributes: ("segment", "enterprise"))
        .Book("P2", "2026-01-06", 10_000m, "ana", product: "CL-VM", family: "Cloud", attributes: ("segment", "enterprise"))
        .Book("P3", "2026-01-07", 10_000m, "ana", product: "CL-VM", family: "Cloud", attributes: ("segment", "smb"))
        .Book("P4", "2026-01-08", 10_000m, "ana", product: "ON-1", family: "OnPrem", attributes: ("segment", "enterprise"))
        .Book("P5", "2026-01-09", 10_000m, "ana", product: "ON-1", family: "OnPrem", attributes: ("segment", "smb"));

    [Fact]
    public void Calculate_RateRules_MostSpecificMatchWins()
    {
        // P1: the product rule beats every family and segment rule: 12 % → 1,200. P2: family + segment (two conditions,
        // one of them family) beats family alone: 10 % → 1,000. P3: family alone: 8 % → 800. P4: segment alone: 6 % →
        // 600. P5: no rule: the component's 5 % → 500. Total 4,100.
        var result = FiveBookings(Rules).Calculate();

        Assert.Equal([1_200m, 1_000m, 800m, 600m, 500m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal("rate rule product=CL-DB: 10000.00 × 0.12", result.Earnings[0].Rule);
        Assert.Equal(4_100m, Paid(result, "ana"));
    }

    [Fact]
    public void Resolve_RulesInAnyOrder_SameWinner()
    {
        // Property: precedence depends on the rules, never on the order they are written in.
        var expected = FiveBookings(Rules).Calculate().Earnings.Select(l => l.Rate).ToList();

        Gen.Int.Sample(seed =>
        {
            var shuffled = Rules.ToArray();
            new Random(seed).Shuffle(shuffled);

            var rates = FiveBookings(shuffled).Calculate().Earnings.Select(l => l.Rate).ToList();

            Assert.Equal(expected, rates);
        }, iter: 50);
    }

    [Fact]
    public void Resolve_TieBetweenEquallySpecificRules_CanonicalKeyDecidesWhateverTheOrder()
    {
        // {region: emea} and {segment: enterprise} are equally specific; "attributes.region=emea" sorts first and wins.
        var region = new RateRule(new Dictionary<string, string> { ["attributes.region"] = "emea" }, new Rate(0.07m));
        var segment = new RateRule(new Dictionary<string, string> { ["attributes.segment"] = "enterprise" }, new Rate(0.06m));
        var booking = new Booking("B", new DateOnly(2026, 1, 1), new Money(1m, Usd), "ana", "p", "f",
            new Dictionary<string, string> { ["region"] = "emea", ["segment"] = "enterprise" }, null, 1m, null);

        Assert.Same(region, RatePrecedence.Resolve([region, segment], booking));
        Assert.Same(region, RatePrecedence.Resolve([segment, region], booking));
    }

    [Fact]
    public void Calculate_ParticipantRateOverride_ReplacesFlatRateForThatParticipantOnly()
    {
        // Ana's assignment overrides the 5 % with 7 %: 10,000 → 700. Ben keeps 5 %: 500.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05")).Person("ana").Person("ben")
            .Assign("ana", "p", "2026-01-01").Assign("ben", "p", "2026-01-01")
            .Override("ana", new RateOverride("commission", new Rate(0.07m)))
            .Book("A1", "2026-01-10", 10_000m, "ana").Book("B1", "2026-01-10", 10_000m, "ben");

        var result = scenario.Calculate();

        Assert.Equal((700m, 500m), (Paid(result, "ana"), Paid(result, "ben")));
        Assert.StartsWith("participant's rate override", result.Earnings.Single(l => l.ParticipantId == "ana").Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_TierRateOverride_KeepsBoundsReplacesRates()
    {
        // 5 % / 10 % marginal at 100,000, overridden to 6 % / 12 %. 60,000 + 80,000: 100,000 × 6 % = 6,000 and
        // 40,000 × 12 % = 4,800 → 10,800 (the plan's rates would give 9,000).
        var scenario = new Scenario().Plan(Commission(FiveThenTen("marginal"))).Person("ana").Assign("ana", "p", "2026-01-01")
            .Override("ana", new RateOverride("commission", TierRates: [new Rate(0.06m), new Rate(0.12m)]))
            .Book("B1", "2026-01-10", 60_000m, "ana").Book("B2", "2026-02-10", 80_000m, "ana");

        var result = scenario.Calculate();

        Assert.Empty(result.Issues);
        Assert.Equal([3_600m, 2_400m, 4_800m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal(10_800m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_TierRateOverrideWrongCount_IssueAndPlanRates()
    {
        var scenario = new Scenario().Plan(Commission(FiveThenTen("marginal"))).Person("ana").Assign("ana", "p", "2026-01-01")
            .Override("ana", new RateOverride("commission", TierRates: [new Rate(0.06m)]), new RateOverride("bonus", new Rate(0.01m)))
            .Book("B1", "2026-01-10", 60_000m, "ana").Book("B2", "2026-02-10", 80_000m, "ana");

        var result = scenario.Calculate();

        Assert.Equal(["override.tier-count", "override.unknown-component"], result.Issues.Select(i => i.Code).Order(StringComparer.Ordinal));
        Assert.Equal(9_000m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_RuleWithTable_RulePricedCreditsStillCountTowardTiers()
    {
        // Marginal 5 % / 10 % at 100,000, and Cloud bookings at a flat 2 %. T1 Cloud 90,000 → 1,800 (counts toward the
        // period-to-date value); T2 on-prem 20,000 moves 90,000 → 110,000: 10,000 × 5 % + 10,000 × 10 % = 1,500.
        var scenario = new Scenario().Plan(Commission(FiveThenTen("marginal"), ", \"rates\": [ { \"when\": { \"family\": \"Cloud\" }, \"rate\": 0.02 } ]"))
            .Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("T1", "2026-01-10", 90_000m, "ana", family: "Cloud").Book("T2", "2026-01-20", 20_000m, "ana", family: "OnPrem");

        var result = scenario.Calculate();

        Assert.Equal([1_800m, 500m, 1_000m], result.Earnings.Select(l => l.Amount.Amount));
    }
}
