using Attain.Application.Access;
using Attain.Application.Bookings;
using Attain.Application.Calendar;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

public class EstimatorServiceTests
{
    /// <summary>
    /// Ann (quota 120,000 EUR in FY2026-Q4, target incentive 10,000 a quarter) has booked 500.25 in the quarter. Adding
    /// her open opportunity (1,000) and a typed deal of 59,000 makes 60,500.25, attainment 50.416875 %: commission
    /// 60,500.25 × 5 % = 3,025.01 (was 25.01), and the bonus curve between (50 %, 25 %) and (100 %, 100 %) gives
    /// 25 + 75 × 0.416875 / 50 = 25.6253125 % × 10,000 = 2,562.53 (was 0: below the 50 % threshold).
    /// </summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task EstimateAsync_OpportunityAndTypedDeal_ExtraEarningsAsComputedByHand(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = await PlanFixture.CreateAsync(provider, ct);
        await using var store = fixture.Store;
        await using var db = store.NewContext();
        var ann = fixture.Org.People[OrgFixture.Ann];
        var opportunity = fixture.Org.OpportunityOwners.Single(o => o.Value == ann).Key;
        var request = new EstimateRequest(null, [opportunity], [new HypotheticalDeal(59_000m, "EUR", new DateOnly(2026, 12, 15), null)]);

        var outcome = await Service(db, store).EstimateAsync(Rep(ann), Scope.Only([ann]), request, ct);

        var estimate = outcome.Value!;
        var commission = estimate.Components.Single(c => c.ComponentId == "commission");
        var bonus = estimate.Components.Single(c => c.ComponentId == "bonus");
        Assert.Equal((500.25m, 60_500.25m, 25.01m, 3_025.01m, 3_000.00m), (commission.ValueBefore, commission.ValueAfter, commission.EarnedBefore, commission.EarnedAfter, commission.Extra));
        Assert.Equal((0m, 2_562.53m), (bonus.EarnedBefore, bonus.EarnedAfter));
        Assert.Equal(50.416875m, decimal.Round(bonus.AttainmentAfter!.Value, 6, MidpointRounding.ToEven));
        Assert.Equal((0, 0), (commission.TierBefore, commission.TierAfter));
        Assert.Equal(new EstimateTotal("EUR", 25.01m, 5_587.54m, 5_562.53m), Assert.Single(estimate.Totals));
        Assert.Equal(2, estimate.Deals.Count);
    }

    [Fact]
    public async Task EstimateAsync_WhoMayEstimateForWhom_RepOwnManagerSubtreeOthersNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = await PlanFixture.CreateAsync(StoreProvider.Sqlite, ct);
        await using var store = fixture.Store;
        await using var db = store.NewContext();
        var people = fixture.Org.People;
        var ann = people[OrgFixture.Ann];
        var request = new EstimateRequest(ann, null, [new HypotheticalDeal(10_000m, "EUR", new DateOnly(2026, 11, 30), null)]);
        var service = Service(db, store);

        var byCal = await service.EstimateAsync(Rep(people[OrgFixture.Cal]), Scope.Only([people[OrgFixture.Cal]]), request, ct);
        var byNorth = await service.EstimateAsync(
            new Viewer("u-north", "north", people[OrgFixture.North], new HashSet<string> { Roles.Manager }), Scope.Only(fixture.Org.SubtreeOf(OrgFixture.North)), request, ct);
        var othersOpportunity = await service.EstimateAsync(Rep(ann), Scope.Only([ann]), new EstimateRequest(null, [fixture.Org.OpportunityOwners.First(o => o.Value != ann).Key], null), ct);
        var bad = await service.EstimateAsync(Rep(ann), Scope.Only([ann]), new EstimateRequest(null, null, [new HypotheticalDeal(-1m, "XYZ", new DateOnly(2026, 11, 30), "P-NONE")]), ct);

        Assert.True(byCal.NotFound);
        Assert.Equal(ann, byNorth.Value!.PersonId);
        Assert.Equal("opportunityIds[0]", Assert.Single(othersOpportunity.Issues).Path);
        Assert.Equal(["deals[0].amount", "deals[0].currency", "deals[0].product"], bad.Issues.Select(i => i.Path));
    }

    /// <summary>The estimate of a deal equals a full calc run of the demo month with the deal stored as a booking.</summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task EstimateAsync_DemoRepDeal_EqualsAFullRunWithTheDealBooked(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        await using var db = store.NewContext();
        var rep = await db.PlanAssignments.Where(a => a.PlanKey == DemoPlans.AccountExecutive).OrderBy(a => a.Id).Select(a => a.PersonId).FirstAsync(ct);
        var currency = await db.People.Where(p => p.Id == rep).Select(p => p.PayCurrency).SingleAsync(ct);
        var date = new DateOnly(2026, 10, 15);
        const string period = "FY2027-M09";
        var before = await new CalculationRunService(db, store.Clock).RunAsync(period, "baseline", ct);

        var estimate = (await Service(db, store).EstimateAsync(Rep(rep), Scope.Only([rep]), new EstimateRequest(null, null, [new HypotheticalDeal(75_000m, currency, date, null)]), ct)).Value!;

        db.Bookings.Add(new Booking { ExternalId = "B-ESTIMATED", Kind = BookingKind.Order, OwnerId = rep, Quantity = 1m, Amount = 75_000m, Currency = currency, BookingDate = date });
        await db.SaveChangesAsync(ct);
        var after = await new CalculationRunService(db, store.Clock).RunAsync(period, "with the deal", ct);
        var runBefore = await Measures(db, before.Run!.Id, rep, ct);
        var runAfter = await Measures(db, after.Run!.Id, rep, ct);
        Assert.NotEmpty(runAfter);
        foreach (var (component, measure) in runAfter)
        {
            var estimated = estimate.Components.Single(c => c.ComponentId == component && c.PeriodKey == measure.PeriodKey);
            Assert.Equal((runBefore[component].Value, runBefore[component].Earned), (estimated.ValueBefore, estimated.EarnedBefore));
            Assert.Equal((measure.Value, measure.Earned, measure.AttainmentPercent), (estimated.ValueAfter, estimated.EarnedAfter, estimated.AttainmentAfter));
        }

        var commission = estimate.Components.Single(c => c.ComponentId == "commission" && c.PeriodKey == "FY2027-Q3");
        Assert.Equal(75_000m, commission.ValueAfter - commission.ValueBefore);
    }

    private static async Task<Dictionary<string, RunMeasure>> Measures(AttainDbContext db, long run, long person, CancellationToken ct) =>
        await db.RunMeasures.AsNoTracking().Where(m => m.RunId == run && m.PersonId == person && m.PlanKey == DemoPlans.AccountExecutive && m.PeriodKey == "FY2027-Q3")
            .ToDictionaryAsync(m => m.ComponentId, ct);

    private static EstimatorService Service(AttainDbContext db, TestStore store) => new(db, new EstimatorCache(), new OrganisationTime(db, store.Clock));

    private static Viewer Rep(long person) => new("u" + person, "rep" + person, person, new HashSet<string> { Roles.Rep });

    /// <summary>
    /// Ann's plan as version 2 with a 50 % hold until the invoice is paid. The same deals as above earn 3,000.00 of
    /// commission on two bookings (held: 25.00 + 1,475.00, no invoice paid yet) and 2,562.53 of quota bonus (a period's
    /// pay, not held): the year's extra earnings 5,562.53, extra payable 5,562.53 − 1,500.00 = 4,062.53.
    /// </summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task EstimateAsync_PlanWithAHold_EarningsAndPayableAfterThePaymentStage(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = await PlanFixture.CreateAsync(provider, ct);
        await using var store = fixture.Store;
        await using var db = store.NewContext();
        var plans = new PlanService(db, store.Clock);
        var document = DemoPlans.AccountExecutiveDocument.Replace("\"version\": 1,", "\"version\": 2, \"hold\": { \"percent\": 50, \"releaseOn\": \"attributes.invoicePaid\" },", StringComparison.Ordinal);
        Assert.NotNull((await plans.CreateDraftAsync(new PlanDraftRequest(document, "Account Executive quarterly plan", "hold until paid"), ct)).Value);
        await plans.PublishAsync(DemoPlans.AccountExecutive, 2, new PlanPublishRequest("hold until paid"), ct);
        var ann = fixture.Org.People[OrgFixture.Ann];
        var opportunity = fixture.Org.OpportunityOwners.Single(o => o.Value == ann).Key;
        var request = new EstimateRequest(null, [opportunity], [new HypotheticalDeal(59_000m, "EUR", new DateOnly(2026, 12, 15), null)]);

        var estimate = (await Service(db, store).EstimateAsync(Rep(ann), Scope.Only([ann]), request, ct)).Value!;

        var payment = Assert.Single(estimate.Payments);
        Assert.Equal(("FY2026", "EUR", 5_562.53m, 4_062.53m), (payment.FiscalYear, payment.Currency, payment.ExtraEarned, payment.ExtraPayable));
        Assert.Equal(1_500m, payment.EarnedAfter - payment.PayableAfter - (payment.EarnedBefore - payment.PayableBefore));
        Assert.Equal(5_562.53m, Assert.Single(estimate.Totals).Extra);
    }
}
