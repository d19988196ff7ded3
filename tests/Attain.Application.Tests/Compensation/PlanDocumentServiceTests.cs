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
            document.Examples.Where(e => e.Kind != "clawback").Select(e => (e.ComponentId, e.Booked, e.Earned)));
        Assert.All(document.Examples, e => Assert.Equal("FY2026-Q4", e.PeriodKey));
        Assert.Equal((120_000m, 6_000m, -6_000m), document.Examples.Where(e => e.Kind == "clawback").Select(e => (e.Booked, e.Earned, e.ClawedBack!.Value)).Single());
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

    /// <summary>
    /// Every component kind, quota 100,000 for FY2026-Q4, target incentive 8,000 a quarter, today 2026-11-27, a 50 % hold
    /// until the invoice is paid (the example bookings have none, so half of booking earnings waits):
    /// <c>cloud</c> 10 % on Cloud bookings only, capped at 7,000 a quarter: 50,000 → 5,000 (2,500 paid now); 100,000 →
    /// 10,000 capped to 7,000 (3,500); 150,000 → 15,000 capped to 7,000. <c>gated</c> 2 % once attainment reaches 100 %:
    /// 50,000 → 1,000 withheld, 0; 100,000 → 2,000 (1,000). SPIFF 500 a booking in November: 500 (250). Objectives fully
    /// met: 8,000 (not held: it belongs to the period, not a booking).
    /// </summary>
    [Fact]
    public void Examples_EveryComponentKindWithFilterCapGateHoldAndClawback_ComputedByTheEngine()
    {
        var plan = Attain.Engine.Plans.PlanReader.Read("""
            {
              "id": "full", "version": 1,
              "hold": { "percent": 50, "releaseOn": "attributes.invoicePaid" },
              "clawback": { "windowDays": 90, "reduceAttainment": false },
              "components": [
                { "id": "cloud", "kind": "commission", "measure": "bookings.amount", "period": "quarter", "rate": 0.10,
                  "filter": [ { "attribute": "family", "equals": "Cloud" } ], "perPeriodCap": 7000 },
                { "id": "gated", "kind": "commission", "measure": "bookings.amount", "period": "quarter", "rate": 0.02,
                  "gates": [ { "attainmentAtLeast": 100 } ] },
                { "id": "spiff", "kind": "spiff", "measure": "bookings.amount", "period": "quarter", "from": "2026-11-01", "to": "2026-11-30", "amount": 500 },
                { "id": "objectives", "kind": "mbo", "period": "quarter" }
              ]
            }
            """).Plan!;
        var calendar = new Attain.Engine.Periods.FiscalCalendar(1);
        var assignment = new PlanAssignmentRecord { PlanKey = "full", TargetIncentive = 8_000m, Basis = TargetIncentiveBasis.Quarter };

        var examples = PlanDocumentService.Examples(calendar, plan, assignment, [(calendar.Parse("FY2026-Q4"), 100_000m)], Attain.Engine.Monetary.Currency.FromCode("EUR"), new DateOnly(2026, 11, 27));

        PlanDocumentExample One(string component, decimal booked, string kind = "commission") => examples.Single(e => e.ComponentId == component && e.Booked == booked && e.Kind == kind);
        Assert.Equal((5_000m, 2_500m), (One("cloud", 50_000m).Earned, One("cloud", 50_000m).Payable));
        Assert.Equal((7_000m, 3_500m, "capped for the period: -3,000"), (One("cloud", 100_000m).Earned, One("cloud", 100_000m).Payable, One("cloud", 100_000m).Note));
        Assert.Equal(7_000m, One("cloud", 150_000m).Earned);
        Assert.Equal((0m, "withheld while a gate is closed: -1,000"), (One("gated", 50_000m).Earned, One("gated", 50_000m).Note));
        Assert.Equal((2_000m, 1_000m), (One("gated", 100_000m).Earned, One("gated", 100_000m).Payable));
        Assert.Equal((500m, 250m), (One("spiff", 100_000m, "SPIFF").Earned, One("spiff", 100_000m, "SPIFF").Payable));
        Assert.Equal((8_000m, 8_000m), (One("objectives", 0m, "objectives").Earned, One("objectives", 0m, "objectives").Payable));
        Assert.Equal(["cloud", "gated"], examples.Where(e => e.Kind == "clawback").Select(e => e.ComponentId));
        Assert.All(examples.Where(e => e.Kind == "clawback"), e => Assert.True(e.ClawedBack < 0m, $"{e.ComponentId} should claw back: {e.Note}"));
    }
}
