using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class AssignmentTests
{
    private static string Bonus(string id) => $$"""
        { "id": "{{id}}", "version": 1, "components": [ { "id": "bonus", "kind": "quotaBonus", "measure": "bookings.amount", "period": "quarter",
          "curve": [ { "attainment": 100, "payout": 100 }, { "attainment": 200, "payout": 300 } ] } ] }
        """;

    [Fact]
    public void Calculate_PlanChangeMidQuarter_EachAssignmentProratedAndCountsOwnDays()
    {
        // Plan A 2026-01-01..2026-02-14 (31 + 14 = 45 of 90 days), plan B from 2026-02-15 (45 days): each quota
        // 100,000 → 50,000, each target 10,000 → 5,000. A counts the January 30,000 only: 60 % → 60 % → 3,000.
        // B counts the March 60,000 only: 120 % → 100 + 200 × 20/100 = 140 % → 7,000.
        var scenario = new Scenario().Plan(Bonus("A")).Plan(Bonus("B")).Person("ana")
            .Assign("ana", "A", "2026-01-01", "2026-02-14", quota: 100_000m, targetIncentive: 10_000m)
            .Assign("ana", "B", "2026-02-15", quota: 100_000m, targetIncentive: 10_000m)
            .Book("B1", "2026-01-20", 30_000m, "ana").Book("B2", "2026-03-01", 60_000m, "ana");

        var result = scenario.Calculate();

        Assert.Equal(
            [("A", 0.5m, 30_000m, 60m, 3_000m), ("B", 0.5m, 60_000m, 120m, 7_000m)],
            result.Measures.Select(m => (m.PlanId, m.ProrationFactor, m.Value, m.AttainmentPercent!.Value, m.Earned.Amount)));
    }

    [Fact]
    public void Calculate_OverlappingAssignmentsOfSamePlan_LaterOneSkippedWithIssue()
    {
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05")).Person("ana")
            .Assign("ana", "p", "2026-01-01").Assign("ana", "p", "2026-02-01").Book("B1", "2026-02-10", 1_000m, "ana");

        var result = scenario.Calculate();

        Assert.Equal(50m, Paid(result, "ana"));
        Assert.Equal("assignment.overlap", result.Issues.Single().Code);
    }

    [Fact]
    public void Calculate_AssignmentToUnknownPlan_Issue()
    {
        var scenario = new Scenario().Person("ana").Assign("ana", "missing", "2026-01-01");

        var result = scenario.Calculate();

        Assert.Equal(("assignment.unknown-plan", "assignments[ana/missing/2026-01-01]"), (result.Issues.Single().Code, result.Issues.Single().Path));
    }
}
