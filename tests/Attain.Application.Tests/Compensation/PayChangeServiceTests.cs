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
        await using var store = await CalculationRunServiceTests.DemoStoreAsync(provider, ct);
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
        await using var store = await CalculationRunServiceTests.DemoStoreAsync(StoreProvider.Sqlite, ct);
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
        await using var store = await CalculationRunServiceTests.DemoStoreAsync(StoreProvider.Sqlite, ct);
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
}
