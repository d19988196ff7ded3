using Attain.Application.Compensation;

namespace Attain.Application.Demo;

/// <summary>
/// The demo company's compensation plans (docs/demo.md): account executives on a quarterly plan — marginal commission
/// keyed by attainment with an accelerator above 100 %, a per-quarter cap, and a quota bonus — with clawbacks of
/// cancellations within 90 days; front-line managers on a 1 % override of their team's bookings (roll-up credit).
/// </summary>
public static class DemoPlans
{
    /// <summary>The account executives' plan key.</summary>
    public const string AccountExecutive = "ae-quarterly";

    /// <summary>The front-line managers' plan key.</summary>
    public const string ManagerOverride = "manager-override";

    /// <summary>An account executive's yearly target incentive, in their pay currency.</summary>
    public const decimal AccountExecutiveTargetIncentive = 40_000m;

    /// <summary>The account executives' plan document.</summary>
    public const string AccountExecutiveDocument = """
        {
          "id": "ae-quarterly",
          "version": 1,
              "clawback": { "windowDays": 90, "reduceAttainment": true },
          "components": [
            {
              "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "quarter",
              "rateTable": {
                "key": "attainment", "semantics": "marginal",
                "tiers": [ { "from": 0, "to": 100, "rate": 0.05 }, { "from": 100, "rate": 0.08 } ]
              },
              "perPeriodCap": 60000
            },
            {
              "id": "bonus", "kind": "quotaBonus", "measure": "bookings.amount", "period": "quarter",
              "curve": [
                { "attainment": 50, "payout": 25 },
                { "attainment": 100, "payout": 100 },
                { "attainment": 150, "payout": 200 }
              ],
              "threshold": 50,
              "cap": 200
            }
          ]
        }
        """;

    /// <summary>The managers' plan document.</summary>
    public const string ManagerOverrideDocument = """
        {
          "id": "manager-override",
          "version": 1,
              "components": [
            { "id": "override", "kind": "commission", "measure": "bookings.amount", "period": "quarter", "rate": 0.01 }
          ]
        }
        """;

    /// <summary>Both plans, published at <paramref name="publishedAt"/>.</summary>
    public static IReadOnlyList<PlanRecord> Records(DateTime publishedAt) =>
    [
        Record(1, AccountExecutive, "Account Executive quarterly plan", AccountExecutiveDocument, publishedAt),
        Record(2, ManagerOverride, "Sales manager override", ManagerOverrideDocument, publishedAt),
    ];

    private static PlanRecord Record(long id, string key, string name, string document, DateTime publishedAt) => new()
    {
        Id = id,
        Key = key,
        Version = 1,
        Name = name,
        Document = document,
        Status = PlanStatus.Published,
        CreatedAt = publishedAt,
        CreatedBy = "system:demo",
        PublishedAt = publishedAt,
    };
}
