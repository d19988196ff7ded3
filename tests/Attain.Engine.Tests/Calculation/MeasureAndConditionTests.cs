using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class MeasureAndConditionTests
{
    private static string Plan(string measure, string rate, string extra = "") => $$"""
        { "id": "p", "version": 1, "components": [
          { "id": "commission", "kind": "commission", "measure": "{{measure}}", "period": "quarter", "rate": {{rate}}{{extra}} } ] }
        """;

    [Fact]
    public void Calculate_NewLogos_CountsAccountsWhoseFirstOrderFallsInPeriod()
    {
        // 500 per new logo. acme first ordered in November 2025, so A1 is not a new logo; globex's first order is A2
        // (A3 is a repeat); initech's first order is Ben's; umbrella's is A5; A6 names no account.
        // Ana: globex + umbrella = 2 logos → 1,000. Ben: initech = 1 logo → 500.
        var scenario = new Scenario().Plan(Plan("bookings.newLogos", "500")).Person("ana").Person("ben")
            .Assign("ana", "p", "2025-01-01").Assign("ben", "p", "2026-01-01")
            .Book("X0", "2025-11-05", 1_000m, "ana", attributes: ("account", "acme"))
            .Book("A1", "2026-01-10", 5_000m, "ana", attributes: ("account", "acme"))
            .Book("A2", "2026-01-20", 5_000m, "ana", attributes: ("account", "globex"))
            .Book("A3", "2026-02-03", 5_000m, "ana", attributes: ("account", "globex"))
            .Book("A4", "2026-03-01", 5_000m, "ben", attributes: ("account", "initech"))
            .Book("A5", "2026-03-05", 5_000m, "ana", attributes: ("account", "umbrella"))
            .Book("A6", "2026-03-05", 5_000m, "ana");

        var result = scenario.Calculate();

        Assert.Empty(result.Issues);
        Assert.Equal((2m, 1_000m), (result.Measures.Single(m => m.ParticipantId == "ana").Value, Paid(result, "ana")));
        Assert.Equal((1m, 500m), (result.Measures.Single(m => m.ParticipantId == "ben").Value, Paid(result, "ben")));
        Assert.Equal(["A2", "A5"], result.Earnings.Where(l => l.ParticipantId == "ana").Select(l => l.BookingIds[0]));
    }

    [Fact]
    public void Calculate_NewLogoSplitAndRolledUp_EachHolderCountsTheAccountOnce()
    {
        // G1, globex's first order, is split 50/50 between Ana and Ben, who both report to Mia (one roll-up level).
        // Ana 1 logo, Ben 1 logo, and Mia holds two roll-up credits on G1 but counts globex once: 1 logo, 500.
        var scenario = new Scenario { Crediting = new CreditingPolicy(1, MidpointRounding.ToEven) }
            .Plan(Plan("bookings.newLogos", "500")).Person("ana").Person("ben").Person("mia")
            .Reports("ana", "mia").Reports("ben", "mia")
            .Assign("ana", "p", "2026-01-01").Assign("ben", "p", "2026-01-01").Assign("mia", "p", "2026-01-01")
            .Book("G1", "2026-02-01", 8_000m, "ana", attributes: ("account", "globex"))
            .Split("G1", ("ana", 50m, SplitKind.Revenue), ("ben", 50m, SplitKind.Revenue));

        var result = scenario.Calculate();

        Assert.Equal([500m, 500m, 500m], new[] { "ana", "ben", "mia" }.Select(p => Paid(result, p)));
    }

    [Fact]
    public void Calculate_AcvMeasure_CreditShareOfAttributeConvertedAndCancelled()
    {
        // 10 % of ACV. B1: ACV 12,000 USD → 1,200. B2: ACV 10,000.50 EUR at 1.2 = 12,000.60 USD → 1,200.06.
        // B3 cancels half of B1 (−18,000 of 36,000): −0.5 × 12,000 = −6,000 → −600. Quarter: 1,800.06 on 18,000.60.
        var scenario = new Scenario().Plan(Plan("bookings.acv", "0.1")).Person("ana").Assign("ana", "p", "2026-01-01")
            .Fx(Eur, Usd, "2026-01-01", 1.2m)
            .Book("B1", "2026-01-10", 36_000m, "ana", attributes: ("acv", "12000"))
            .Book("B2", "2026-02-10", 30_000m, "ana", currency: Eur, attributes: ("acv", "10000.50"))
            .Book("B3", "2026-03-10", -18_000m, "ana", cancels: "B1");

        var result = scenario.Calculate();

        Assert.Empty(result.Issues);
        Assert.Equal([1_200m, 1_200.06m, -600m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal((18_000.60m, 1_800.06m), (result.Measures.Single().Value, result.Measures.Single().Earned.Amount));
    }

    [Fact]
    public void Calculate_NumericAttributeMeasure_SplitByCreditShare()
    {
        // 2 per seat. S1 has 15 seats and is split 60/40: Ana 9 seats → 18, Ben 6 seats → 12.
        var scenario = new Scenario().Plan(Plan("attributes.seats", "2")).Person("ana").Person("ben")
            .Assign("ana", "p", "2026-01-01").Assign("ben", "p", "2026-01-01")
            .Book("S1", "2026-01-15", 1_000m, "ana", attributes: ("seats", "15"))
            .Split("S1", ("ana", 60m, SplitKind.Revenue), ("ben", 40m, SplitKind.Revenue));

        var result = scenario.Calculate();

        Assert.Equal((9m, 18m), (result.Measures.Single(m => m.ParticipantId == "ana").Value, Paid(result, "ana")));
        Assert.Equal((6m, 12m), (result.Measures.Single(m => m.ParticipantId == "ben").Value, Paid(result, "ben")));
    }

    [Fact]
    public void Calculate_AttributeNotANumber_IssueAndCreditLeftOut()
    {
        // S2's seats are "many": left out with an issue; S1's 10 seats pay 10 × 2 = 20.
        var scenario = new Scenario().Plan(Plan("attributes.seats", "2")).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("S1", "2026-01-15", 1_000m, "ana", attributes: ("seats", "10"))
            .Book("S2", "2026-01-16", 1_000m, "ana", attributes: ("seats", "many"));

        var result = scenario.Calculate();

        var issue = Assert.Single(result.Issues);
        Assert.Equal(("booking.attribute-not-a-number", "bookings[S2].attributes.seats"), (issue.Code, issue.Path));
        Assert.Equal(20m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_ExpressionCondition_OnlyMatchingBookingsAndTheirCancellationsCount()
    {
        // 5 % on Cloud bookings of at least 10,000. C1 (Cloud, 12,000) → 600; C2 (Cloud, 9,000) and C3 (on-prem,
        // 20,000) do not count; C4 cancels 2,000 of C1 and is judged by C1's attributes: −100. Paid 500 on 10,000.
        var condition = """, "condition": "booking.family == \"Cloud\" and booking.amount >= 10000" """;
        var scenario = new Scenario().Plan(Plan("bookings.amount", "0.05", condition)).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("C1", "2026-01-10", 12_000m, "ana", family: "Cloud")
            .Book("C2", "2026-01-11", 9_000m, "ana", family: "Cloud")
            .Book("C3", "2026-01-12", 20_000m, "ana", family: "OnPrem")
            .Book("C4", "2026-02-01", -2_000m, "ana", cancels: "C1", family: "OnPrem");

        var result = scenario.Calculate();

        Assert.Equal([600m, -100m], result.Earnings.Select(l => l.Amount.Amount));
        Assert.Equal((10_000m, 500m), (result.Measures.Single().Value, result.Measures.Single().Earned.Amount));
    }

    [Fact]
    public void Calculate_ConditionOnAttributes_SegmentAndNumericAcv()
    {
        // 3 % on enterprise or strategic bookings with an ACV of 50,000 or more: only E1 (enterprise, ACV 60,000,
        // amount 100,000) qualifies → 3,000. E2 is enterprise with ACV 40,000; E3 is smb; E4 has no ACV (null → no match).
        var condition = """, "condition": "booking.attributes.segment in [\"enterprise\", \"strategic\"] and booking.numbers.acv >= 50000" """;
        var scenario = new Scenario().Plan(Plan("bookings.amount", "0.03", condition)).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("E1", "2026-01-10", 100_000m, "ana", attributes: [("segment", "enterprise"), ("acv", "60000")])
            .Book("E2", "2026-01-11", 100_000m, "ana", attributes: [("segment", "enterprise"), ("acv", "40000")])
            .Book("E3", "2026-01-12", 100_000m, "ana", attributes: [("segment", "smb"), ("acv", "90000")])
            .Book("E4", "2026-01-13", 100_000m, "ana", attributes: ("segment", "strategic"));

        var result = scenario.Calculate();

        Assert.Empty(result.Issues);
        Assert.Equal(3_000m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_ConditionEvaluationError_IssueAndBookingLeftOut()
    {
        var condition = """, "condition": "booking.numbers.acv >= 50000" """;
        var scenario = new Scenario().Plan(Plan("bookings.amount", "0.03", condition)).Person("ana").Assign("ana", "p", "2026-01-01")
            .Book("E1", "2026-01-10", 100_000m, "ana", attributes: ("acv", "n/a"))
            .Book("E2", "2026-01-11", 10_000m, "ana", attributes: ("acv", "70000"));

        var result = scenario.Calculate();

        var issue = Assert.Single(result.Issues);
        Assert.Equal(("condition.error", "bookings[E1]"), (issue.Code, issue.Path));
        Assert.Equal(300m, Paid(result, "ana"));
    }

    [Fact]
    public void Calculate_ConditionWithSingleQuotedStrings_SameAsEscapedDoubleQuotes()
    {
        // 'Cloud' and \"Cloud\" are the same string: both plans pay 5 % of the Cloud booking only (10,000 → 500).
        var single = Plan("bookings.amount", "0.05", """, "condition": "booking.family == 'Cloud'" """);
        var escaped = Plan("bookings.amount", "0.05", """, "condition": "booking.family == \"Cloud\"" """).Replace("\"p\"", "\"q\"", StringComparison.Ordinal);
        var scenario = new Scenario().Plan(single).Plan(escaped).Person("ana").Assign("ana", "p", "2026-01-01").Assign("ana", "q", "2026-01-01")
            .Book("C1", "2026-01-10", 10_000m, "ana", family: "Cloud").Book("C2", "2026-01-11", 10_000m, "ana", family: "OnPrem");

        var result = scenario.Calculate();

        Assert.Equal([500m, 500m], result.Measures.Select(m => m.Earned.Amount));
    }
}
