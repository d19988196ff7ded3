using Attain.Application.ChangeLog;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

public class PlanServiceTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task CreateDraftAsync_InvalidDocument_IssuesNameLineColumnAndJsonPathAndNothingSaved(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        const string document = """
            {
              "id": "broken",
              "version": 1,
              "components": [
                { "id": "c", "kind": "commission", "measure": "bookings.amount", "period": "quarter", "rate": "lots" }
              ]
            }
            """;

        var outcome = await new PlanService(db, store.Clock).CreateDraftAsync(new PlanDraftRequest(document, null, "try"), ct);

        var issue = Assert.Single(outcome.Issues);
        Assert.Null(outcome.Value);
        Assert.StartsWith("document.components[0].rate", issue.Path, StringComparison.Ordinal);
        Assert.Contains("line 5, column", issue.Message, StringComparison.Ordinal);
        Assert.False(await db.Plans.AnyAsync(ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task PublishAsync_SecondVersion_RetiresThePreviousAndLogsTheReason(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = await PlanFixture.CreateAsync(provider, ct);
        await using var store = fixture.Store;
        await using var db = store.NewContext("comp-admin");
        var plans = new PlanService(db, store.Clock);

        var draft = await plans.CreateDraftAsync(new PlanDraftRequest(DemoPlans.AccountExecutiveDocument.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal), null, "higher accelerator"), ct);
        var published = await plans.PublishAsync(DemoPlans.AccountExecutive, 2, new PlanPublishRequest("approved by the board"), ct);
        var again = await plans.PublishAsync(DemoPlans.AccountExecutive, 2, new PlanPublishRequest("twice"), ct);

        Assert.Equal(PlanStatus.Draft, draft.Value!.Status);
        Assert.Equal(PlanStatus.Published, published.Value!.Status);
        Assert.Equal("plan_not_draft", again.Conflict);
        var list = Assert.Single(await plans.ListAsync(ct));
        Assert.Equal(2, list.PublishedVersion);
        Assert.Equal([(2, PlanStatus.Published), (1, PlanStatus.Retired)], list.Versions.Select(v => (v.Version, v.Status)));
        var logged = await db.ChangeLog.Where(c => c.Entity == nameof(PlanRecord) && c.Operation == ChangeOperation.Update).OrderBy(c => c.Id).Select(c => c.Reason).ToListAsync(ct);
        Assert.Contains("approved by the board", logged);
    }

    [Fact]
    public async Task CreateDraftAsync_VersionNotAboveTheLatest_Conflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = await PlanFixture.CreateAsync(StoreProvider.Sqlite, ct);
        await using var store = fixture.Store;
        await using var db = store.NewContext();

        var outcome = await new PlanService(db, store.Clock).CreateDraftAsync(new PlanDraftRequest(DemoPlans.AccountExecutiveDocument, null, "again"), ct);

        Assert.Equal("plan_version_taken", outcome.Conflict);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task CreateAssignmentAsync_OverlappingSamePlan_ConflictUntilTheFirstIsEnded(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = await PlanFixture.CreateAsync(provider, ct);
        await using var store = fixture.Store;
        await using var db = store.NewContext();
        var plans = new PlanService(db, store.Clock);
        var ann = fixture.Org.People[OrgFixture.Ann];
        var request = new PlanAssignmentRequest(ann, DemoPlans.AccountExecutive, new DateOnly(2027, 1, 1), null, 50_000m, null, null, "raise");

        var overlap = await plans.CreateAssignmentAsync(request, ct);
        var ended = await plans.EndAssignmentAsync(fixture.AnnAssignment, new PlanAssignmentEndRequest(new DateOnly(2026, 12, 31), "new terms from January"), ct);
        var second = await plans.CreateAssignmentAsync(request, ct);
        var unknown = await plans.CreateAssignmentAsync(request with { PlanKey = "nope", PersonId = 999_999, Reason = " " }, ct);

        Assert.Equal("assignment_overlap", overlap.Conflict);
        Assert.Equal(new DateOnly(2026, 12, 31), ended.Value!.EffectiveTo);
        Assert.Equal(new DateOnly(2027, 1, 1), second.Value!.EffectiveFrom);
        Assert.Equal(["reason", "personId", "planKey"], unknown.Issues.Select(i => i.Path));
        Assert.Equal(2, (await plans.ListAssignmentsAsync(DemoPlans.AccountExecutive, ann, ct)).Count);
        Assert.Equal("new terms from January", await db.ChangeLog.Where(c => c.Entity == nameof(PlanAssignmentRecord) && c.Operation == ChangeOperation.Update).Select(c => c.Reason).SingleAsync(ct));
    }
}
