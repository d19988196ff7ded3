using Attain.Application.Access;
using Attain.Application.Calendar;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Attain.Application.Tests.Browse;
using Attain.Testing.Documents;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

public class PlanDocumentServiceTests
{
    /// <summary>
    /// Ann: quota 120,000 EUR for FY2026-Q4, target incentive 10,000 a quarter. Marginal commission 5 % to 100 %, 8 %
    /// above: 60,000 → 3,000; 120,000 → 6,000; 180,000 → 6,000 + 60,000 × 8 % = 10,800. Bonus curve (50, 25), (100, 100),
    /// (150, 200): 2,500, 10,000 and 20,000.
    /// </summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task DocumentAsync_AnnsAssignment_WorkedExamplesComputedByTheEngineOnHerNumbers(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = await PlanFixture.CreateAsync(provider, ct);
        await using var store = fixture.Store;
        await using var db = store.NewContext();
        var ann = fixture.Org.People[OrgFixture.Ann];

        var document = (await Service(db, store).DocumentAsync(Scope.Only([ann]), fixture.AnnAssignment, ct)).Value!;

        Assert.Equal(
            [("commission", 60_000m, 3_000m), ("bonus", 60_000m, 2_500m), ("commission", 120_000m, 6_000m), ("bonus", 120_000m, 10_000m), ("commission", 180_000m, 10_800m), ("bonus", 180_000m, 20_000m)],
            document.Examples.Select(e => (e.ComponentId, e.Booked, e.Earned)));
        Assert.All(document.Examples, e => Assert.Equal("FY2026-Q4", e.PeriodKey));
        Assert.Contains("If you book 180,000 EUR in FY2026-Q4 with a quota of 120,000, commission pays 10,800 EUR.", document.Text, StringComparison.Ordinal);
        Assert.Contains("Clawback: if a booking is cancelled within 90 days", document.Text, StringComparison.Ordinal);
        Assert.Contains("from 100 % upwards: 8 %", document.Text, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(document.Text))), document.Sha256);
        var pdf = PdfText.All(PlanDocumentService.Pdf(document));
        Assert.Contains("Worked examples", pdf, StringComparison.Ordinal);
        Assert.Contains("10,800", pdf, StringComparison.Ordinal);
        Assert.Contains("120,000", pdf, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task AcceptAsync_ThenNewVersionPublished_NeedsANewAcceptance(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = await PlanFixture.CreateAsync(provider, ct);
        await using var store = fixture.Store;
        await using var db = store.NewContext("ann");
        var ann = fixture.Org.People[OrgFixture.Ann];
        var viewer = new Viewer("u-ann", "ann", ann, new HashSet<string> { Roles.Rep });
        var scope = Scope.Only([ann]);
        var service = Service(db, store);
        var first = (await service.DocumentAsync(scope, fixture.AnnAssignment, ct)).Value!;

        var stale = await service.AcceptAsync(viewer, scope, fixture.AnnAssignment, new PlanAcceptRequest(new string('0', 64)), ct);
        var accepted = await service.AcceptAsync(viewer, scope, fixture.AnnAssignment, new PlanAcceptRequest(first.Sha256), ct);
        var byManager = await service.AcceptAsync(
            new Viewer("u-north", "north", fixture.Org.People[OrgFixture.North], new HashSet<string> { Roles.Manager }), Scope.Only(fixture.Org.SubtreeOf(OrgFixture.North)),
            fixture.AnnAssignment, new PlanAcceptRequest(first.Sha256), ct);
        var acceptedBefore = await service.StatusAsync(DemoPlans.AccountExecutive, null, ct);
        var plans = new PlanService(db, store.Clock);
        await plans.CreateDraftAsync(new PlanDraftRequest(DemoPlans.AccountExecutiveDocument.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal).Replace("0.08", "0.09", StringComparison.Ordinal), null, "v2"), ct);
        await plans.PublishAsync(DemoPlans.AccountExecutive, 2, new PlanPublishRequest("v2"), ct);
        var second = (await service.DocumentAsync(scope, fixture.AnnAssignment, ct)).Value!;
        var notAccepted = await service.StatusAsync(null, false, ct);
        var again = await service.AcceptAsync(viewer, scope, fixture.AnnAssignment, new PlanAcceptRequest(second.Sha256), ct);

        Assert.Equal("document_changed", stale.Conflict);
        Assert.Equal((1, "ann", first.Sha256), (accepted.Value!.PlanVersion, accepted.Value.AcceptedBy, accepted.Value.DocumentSha256));
        Assert.Equal("not_own_document", byManager.Conflict);
        Assert.True(Assert.Single(acceptedBefore).Accepted);
        Assert.Null(second.Acceptance);
        Assert.NotEqual(first.Sha256, second.Sha256);
        Assert.Equal((fixture.AnnAssignment, 2), (Assert.Single(notAccepted).AssignmentId, notAccepted[0].PlanVersion));
        Assert.Equal(2, again.Value!.PlanVersion);
        Assert.Equal(2, await db.PlanAcceptances.CountAsync(ct));
    }

    [Fact]
    public async Task DocumentAsync_AnotherRepsAssignment_NotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = await PlanFixture.CreateAsync(StoreProvider.Sqlite, ct);
        await using var store = fixture.Store;
        await using var db = store.NewContext();

        var outcome = await Service(db, store).DocumentAsync(Scope.Only([fixture.Org.People[OrgFixture.Cal]]), fixture.AnnAssignment, ct);

        Assert.True(outcome.NotFound);
    }

    private static PlanDocumentService Service(AttainDbContext db, TestStore store) => new(db, new OrganisationTime(db, store.Clock), store.Clock);
}
