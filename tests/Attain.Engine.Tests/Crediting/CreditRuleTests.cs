using Attain.Engine.Crediting;
using Attain.Engine.Periods;
using Attain.Engine.Tests.Calculation;

namespace Attain.Engine.Tests.Crediting;

public class CreditRuleTests
{
    private static readonly DateRange FromJanuary = new(new DateOnly(2026, 1, 1), null);

    private static CreditRule Rule(string id, string participant, decimal percent, string? condition = null, DateRange? effective = null) =>
        CreditRule.Create(id, participant, percent, effective ?? FromJanuary, condition).Rule!;

    private static (CreditingResult Result, List<InputIssue> Issues) Credit(Scenario scenario, params CreditRule[] rules)
    {
        var issues = new List<InputIssue>();
        var splits = CreditRules.Apply(scenario.Bookings, scenario.Splits, rules, issues);
        return (CreditAllocator.Allocate(scenario.Bookings, splits, scenario.Hierarchy, scenario.Crediting), issues);
    }

    private static List<(string Booking, string Participant, CreditKind Kind, decimal Amount)> Rows(CreditingResult result) =>
        [.. result.Credits.Select(c => (c.BookingId, c.ParticipantId, c.Kind, c.Amount.Amount))];

    [Fact]
    public void Apply_ConditionOnFamilyAndTerritory_OverlayOnlyOnMatchingBookings()
    {
        var scenario = new Scenario()
            .Book("C1", "2026-02-10", 40_000m, "ana", family: "Cloud", attributes: ("territory", "West"))
            .Book("C2", "2026-03-05", 20_000m, "ana", family: "Cloud", attributes: ("territory", "East"));

        var (result, issues) = Credit(scenario, Rule("cloud-west", "sam", 100m, "booking.family == 'Cloud' and booking.attributes.territory == 'West'"));

        Assert.Empty(issues);
        Assert.Equal(
            [("C1", "ana", CreditKind.Direct, 40_000m), ("C1", "sam", CreditKind.Overlay, 40_000m), ("C2", "ana", CreditKind.Direct, 20_000m)],
            Rows(result).Order());
    }

    [Fact]
    public void Apply_BookingOutsideTheRuleDates_NoOverlay()
    {
        var scenario = new Scenario().Book("B1", "2026-02-28", 1_000m, "ana").Book("B2", "2026-03-01", 1_000m, "ana");

        var (result, _) = Credit(scenario, Rule("march", "kim", 5m, effective: new DateRange(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31))));

        // 5 % of B2 only: 50.00; B1 on 28 February is before the rule starts.
        Assert.Equal([("B2", "kim", CreditKind.Overlay, 50m)], Rows(result).Where(r => r.Kind == CreditKind.Overlay));
    }

    [Fact]
    public void Apply_CancellationOfAMatchingBooking_ReversesTheRuleOverlay()
    {
        var scenario = new Scenario()
            .Book("B1", "2026-02-10", 10_000m, "ana", family: "Cloud")
            .Book("X1", "2026-03-10", -4_000m, "ana", family: "Data", cancels: "B1");

        var (result, _) = Credit(scenario, Rule("cloud", "sam", 50m, "booking.family == 'Cloud'"));

        // The cancellation follows its original: Sam's 5,000 overlay loses 50 % of 4,000 = 2,000, whatever X1's own family.
        Assert.Equal([("B1", "sam", CreditKind.Overlay, 5_000m), ("X1", "sam", CreditKind.Overlay, -2_000m)],
            Rows(result).Where(r => r.Participant == "sam").Order());
    }

    [Fact]
    public void Apply_NamedOverlayAndTwoRulesForOneParticipant_NamedShareKeptThenFirstRuleById()
    {
        var scenario = new Scenario()
            .Book("B1", "2026-02-10", 1_000m, "ana").Split("B1", ("sam", 20m, SplitKind.Overlay))
            .Book("B2", "2026-02-11", 1_000m, "ana");

        var (result, _) = Credit(scenario, Rule("b-second", "sam", 30m), Rule("a-first", "sam", 10m));

        // B1: the named 20 % share stays, no rule adds to it; B2: rule a-first (10 %) comes before b-second by id.
        Assert.Equal([("B1", "sam", CreditKind.Overlay, 200m), ("B2", "sam", CreditKind.Overlay, 100m)],
            Rows(result).Where(r => r.Participant == "sam").Order());
    }

    [Fact]
    public void Apply_RulesAndBookingsInAnyOrder_SameCredits()
    {
        var scenario = new Scenario()
            .Book("B1", "2026-02-10", 1_000m, "ana", family: "Cloud")
            .Book("B2", "2026-02-11", 3_000m, "ben", family: "Data")
            .Book("B3", "2026-02-12", 5_000m, "ana", family: "Cloud").Split("B3", ("ana", 50m, SplitKind.Revenue), ("ben", 50m, SplitKind.Revenue));
        CreditRule[] rules = [Rule("cloud", "sam", 100m, "booking.family == 'Cloud'"), Rule("all", "kim", 2.5m), Rule("big", "lee", 10m, "booking.amount >= 3000")];
        var reversed = new Scenario();
        reversed.Bookings.AddRange(Enumerable.Reverse(scenario.Bookings));
        reversed.Splits.AddRange(scenario.Splits);

        var (forward, _) = Credit(scenario, rules);
        var (backward, _) = Credit(reversed, [.. Enumerable.Reverse(rules)]);

        Assert.Equal(Rows(forward), Rows(backward));
        Assert.Equal(11, forward.Credits.Count);
    }

    [Fact]
    public void Create_ZeroPercentAndBrokenCondition_IssuesNamingTheRule()
    {
        var (zero, zeroIssues) = CreditRule.Create("r1", "sam", 0m, FromJanuary, null);
        var (broken, brokenIssues) = CreditRule.Create("r2", "sam", 10m, FromJanuary, "booking.family ==");

        Assert.Null(zero);
        Assert.Equal(("credit-rule.percent", "credit-rules[r1].percent"), (Assert.Single(zeroIssues).Code, zeroIssues[0].Path));
        Assert.Null(broken);
        var issue = Assert.Single(brokenIssues);
        Assert.Equal(("credit-rule.condition", "credit-rules[r2].condition"), (issue.Code, issue.Path));
        Assert.StartsWith("1:", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ConditionFailsOnABooking_IssueAndNoOverlay()
    {
        var scenario = new Scenario().Book("B1", "2026-02-10", 1_000m, "ana", attributes: ("size", "large"));

        var (result, issues) = Credit(scenario, Rule("sized", "sam", 10m, "booking.numbers.size > 5"));

        Assert.Equal("credit-rule.error", Assert.Single(issues).Code);
        Assert.DoesNotContain(result.Credits, c => c.ParticipantId == "sam");
    }
}
