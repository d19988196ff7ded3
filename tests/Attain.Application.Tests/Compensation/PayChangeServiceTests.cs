using Attain.Application.Access;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Tests.Compensation.PeriodCloseServiceTests;

namespace Attain.Application.Tests.Compensation;

public class PayChangeServiceTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task CompareAsync_ClosedRunAgainstRecalculation_ItemsSumToTheDifferenceAndNameTheCancellation(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        var closedRun = await RunAsync(store, August, ct);
        await CloseAsync(store, August, ct);
        var (order, rep) = await CommissionedOrderAsync(store, closedRun.Id, August, ct);
        await CancelAsync(store, order, "CXL-LATE-1", order.BookingDate, ct);
        RecalculationOutcome recalculation;
        await using (var db = store.NewContext("comp-admin"))
        {
            recalculation = await new PriorPeriodAdjustmentService(db, store.Clock).RecalculateAsync(August, null, null, ct);
        }

        await using var read = store.NewContext();
        var service = new PayChangeService(read);

        var outcome = await service.CompareAsync(Scope.All, new PayChangeRequest(rep, FromRunId: closedRun.Id, ToRunId: recalculation.Run!.Id), ct);
        var hidden = await service.CompareAsync(Scope.Only([rep + 1]), new PayChangeRequest(rep, FromRunId: closedRun.Id, ToRunId: recalculation.Run.Id), ct);
        var own = await service.CompareAsync(Scope.Only([rep]), new PayChangeRequest(rep, FromPeriod: August, ToPeriod: August), ct);

        var report = outcome.Report!;
        var total = Assert.Single(report.Totals);
        var item = Assert.Single(report.Items);
        Assert.Equal(total.ToPayable - total.FromPayable, total.Difference);
        Assert.True(total.Difference < 0m);
        Assert.Equal(total.Difference, item.Amount);
        Assert.Equal(PayChangeCause.ChangedBooking, item.Cause);
        Assert.Equal($"booking {order.ExternalId} cancelled by CXL-LATE-1 dated {order.BookingDate:yyyy-MM-dd} (recorded 2026-11-27 10:00 UTC)", item.Because);
        Assert.Equal([order.ExternalId], item.BookingIds);
        Assert.True(hidden.NotFound);
        Assert.Null(hidden.Report);
        Assert.Empty(own.Report!.Items);
        Assert.Equal(closedRun.Id, own.Report.From.RunId);
    }

    [Fact]
    public async Task CompareAsync_TwoPeriodsWithAnAdjustment_EveryPersonsItemsSumToTheirDifference()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, ct);
        await RunAsync(store, August, ct);
        var september = await RunAsync(store, September, ct);
        await using var db = store.NewContext();
        var someone = await db.RunPayouts.Where(p => p.RunId == september.Id).OrderBy(p => p.PersonId).Select(p => p.PersonId).FirstAsync(ct);
        db.Adjustments.Add(new Adjustment
        {
            PersonId = someone,
            PeriodKey = September,
            Kind = AdjustmentKind.Manual,
            Amount = 125.50m,
            Currency = "USD",
            Reason = "missed SPIFF",
            Status = AdjustmentStatus.Approved,
            RequestedBy = "comp-admin",
            DecidedBy = "finance",
        });
        await db.SaveChangesAsync(ct);
        var people = await db.RunPayouts.Select(p => p.PersonId).Distinct().ToListAsync(ct);
        var service = new PayChangeService(db);

        var reports = new List<PayChangeReport>();
        foreach (var person in people)
        {
            reports.Add((await service.CompareAsync(Scope.All, new PayChangeRequest(person, August, September), ct)).Report!);
        }

        Assert.True(people.Count > 60);
        foreach (var report in reports)
        {
            foreach (var total in report.Totals)
            {
                Assert.Equal(total.Difference, report.Items.Where(i => i.Currency == total.Currency).Sum(i => i.Amount));
            }
        }

        var adjusted = reports.Single(r => r.PersonId == someone);
        var adjustment = Assert.Single(adjusted.Items, i => i.Cause == PayChangeCause.Adjustment);
        Assert.Equal(125.50m, adjustment.Amount);
        Assert.Contains("missed SPIFF", adjustment.Explanation, StringComparison.Ordinal);
        Assert.Contains(reports.SelectMany(r => r.Items), i => i.Cause == PayChangeCause.NewBooking);
    }

    [Fact]
    public async Task CompareAsync_CorrectedPlanForClosedPeriod_PlanChangeAndCarriedWithThePlanInTheReason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, ct);
        var closedRun = await RunAsync(store, August, ct);
        await CloseAsync(store, August, ct);
        await using (var db = store.NewContext("comp-admin"))
        {
            db.Plans.Add(new PlanRecord
            {
                Key = DemoPlans.AccountExecutive,
                Version = 2,
                Name = "Account Executive quarterly plan",
                Status = PlanStatus.Published,
                CreatedBy = "comp-admin",
                Document = DemoPlans.AccountExecutiveDocument.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal)
                    .Replace("\"rate\": 0.05", "\"rate\": 0.06", StringComparison.Ordinal),
            });
            await db.SaveChangesAsync(ct);
        }

        RecalculationOutcome recalculation;
        await using (var db = store.NewContext("comp-admin"))
        {
            recalculation = await new PriorPeriodAdjustmentService(db, store.Clock).RecalculateAsync(August, "corrected rate", null, ct);
        }

        await using var read = store.NewContext();
        var adjustment = await read.Adjustments.OrderBy(a => a.Id).FirstAsync(ct);
        var report = (await new PayChangeService(read).CompareAsync(Scope.All, new PayChangeRequest(adjustment.PersonId, FromRunId: closedRun.Id, ToRunId: recalculation.Run!.Id), ct)).Report!;

        Assert.NotEmpty(recalculation.Adjustments);
        Assert.Contains("plan ae-quarterly changed from version 1 to 2", adjustment.Reason, StringComparison.Ordinal);
        Assert.All(report.Items, i => Assert.Equal(PayChangeCause.PlanOrQuotaChange, i.Cause));
        Assert.Equal(adjustment.Amount, report.Items.Sum(i => i.Amount));
    }

    /// <summary>
    /// Two hand-built runs of Ann's FY2026-M10: the later one adds booking B-2 (commission 800), which lifts the
    /// quarter's measure from 10,000 to 20,000, so the quota bonus moves from 1,000 to 1,500 and B-1's retroactive
    /// commission moves from tier 1 (500) to tier 2 (800).
    /// </summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task CompareAsync_QuotaBonusMovedByANewBooking_NewBookingNotTierCrossing(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var ann = (await Browse.OrgFixture.SeedAsync(db, ct)).People[Browse.OrgFixture.Ann];
        var earlier = await HandBuiltRunAsync(db, ann, 1, 10_000m, [Line("Commission", "B-1", 0, 0.05m, 500m), Line("QuotaBonus", null, null, 0.10m, 1_000m)], ct);
        var later = await HandBuiltRunAsync(db, ann, 2, 20_000m,
            [Line("Commission", "B-1", 1, 0.08m, 800m), Line("Commission", "B-2", 1, 0.08m, 800m), Line("QuotaBonus", null, null, 0.15m, 1_500m)], ct);

        var report = (await new PayChangeService(db).CompareAsync(Scope.All, new PayChangeRequest(ann, FromRunId: earlier, ToRunId: later), ct)).Report!;

        var bonus = Assert.Single(report.Items, i => i.Kind == "QuotaBonus");
        Assert.Equal((PayChangeCause.NewBooking, 500m), (bonus.Cause, bonus.Amount));
        Assert.Equal("booking B-2 moved the FY2026-Q4 measure", bonus.Because);
        Assert.Equal(PayChangeCause.NewBooking, Assert.Single(report.Items, i => i.BookingIds.SequenceEqual(["B-2"])).Cause);
        Assert.Equal(PayChangeCause.TierCrossing, Assert.Single(report.Items, i => i.BookingIds.SequenceEqual(["B-1"])).Cause);
        Assert.Equal(Assert.Single(report.Totals).Difference, report.Items.Sum(i => i.Amount));
    }

    private static RunLine Line(string kind, string? booking, int? tier, decimal rate, decimal amount) => new()
    {
        Source = RunLineSource.Earning,
        Kind = kind,
        PlanKey = "ae",
        PlanVersion = 1,
        ComponentId = kind == "QuotaBonus" ? "bonus" : "commission",
        PeriodKey = "FY2026-Q4",
        Date = new DateOnly(2026, 10, 31),
        BookingIds = booking,
        CreditValue = booking is null ? null : 10_000m,
        TierIndex = tier,
        Rate = rate,
        Rule = "hand-built",
        Amount = amount,
        Currency = "EUR",
    };

    private static async Task<long> HandBuiltRunAsync(AttainDbContext db, long person, int number, decimal measure, IReadOnlyList<RunLine> lines, CancellationToken ct)
    {
        var run = new CalculationRun { PeriodKey = "FY2026-M10", Number = number, Status = RunStatus.Staged, StartedBy = "test" };
        db.CalculationRuns.Add(run);
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < lines.Count; i++)
        {
            (lines[i].RunId, lines[i].PersonId, lines[i].Number) = (run.Id, person, i + 1);
        }

        db.RunLines.AddRange(lines);
        db.RunMeasures.AddRange(new[] { "commission", "bonus" }.Select(component => new RunMeasure
        {
            RunId = run.Id,
            PersonId = person,
            PlanKey = "ae",
            ComponentId = component,
            PeriodKey = "FY2026-Q4",
            Value = measure,
            Quota = 100_000m,
            Currency = "EUR",
        }));
        db.RunPayouts.Add(new RunPayout { RunId = run.Id, PersonId = person, PlanKey = "ae", PeriodKey = "FY2026-M10", Currency = "EUR", Payable = lines.Sum(l => l.Amount) });
        await db.SaveChangesAsync(ct);
        return run.Id;
    }
}
