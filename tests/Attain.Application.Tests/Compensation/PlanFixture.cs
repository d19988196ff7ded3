using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Quotas;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;

namespace Attain.Application.Tests.Compensation;

/// <summary>
/// The hand-made organisation (<see cref="OrgFixture"/>, calendar fiscal years) with the demo's account executive plan
/// published through <see cref="PlanService"/> and assigned to Ann from 2026-01-01 with a yearly target incentive of
/// 40,000 EUR (10,000 a quarter) and a FY2026-Q4 quota of 120,000 EUR.
/// </summary>
internal sealed class PlanFixture
{
    public const decimal Quota = 120_000m;

    public required TestStore Store { get; init; }
    public required OrgFixture Org { get; init; }
    public long AnnAssignment { get; private set; }

    public static async Task<PlanFixture> CreateAsync(StoreProvider provider, CancellationToken ct)
    {
        var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext("comp-admin");
        var org = await OrgFixture.SeedAsync(db, ct);
        var plans = new PlanService(db, store.Clock);
        var draft = await plans.CreateDraftAsync(new PlanDraftRequest(DemoPlans.AccountExecutiveDocument, "Account Executive quarterly plan", "first version"), ct);
        await plans.PublishAsync(DemoPlans.AccountExecutive, 1, new PlanPublishRequest("go live"), ct);
        db.Quotas.Add(new Quota { PersonId = org.People[OrgFixture.Ann], Period = "FY2026-Q4", PeriodStart = new DateOnly(2026, 10, 1), PeriodEnd = new DateOnly(2026, 12, 31), Amount = Quota, Currency = "EUR" });
        await db.SaveChangesAsync(ct);
        var assignment = await plans.CreateAssignmentAsync(
            new PlanAssignmentRequest(org.People[OrgFixture.Ann], DemoPlans.AccountExecutive, new DateOnly(2026, 1, 1), null, 40_000m, TargetIncentiveBasis.Year, null, "new hire"), ct);
        Assert.NotNull(draft.Value);
        return new PlanFixture { Store = store, Org = org, AnnAssignment = assignment.Value!.Id };
    }
}
