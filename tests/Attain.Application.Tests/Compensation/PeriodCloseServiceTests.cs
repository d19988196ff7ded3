using Attain.Application.Bookings;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Engine.Periods;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

public class PeriodCloseServiceTests
{
    /// <summary>FY2027-M08: September 2026 in the demo's calendar (fiscal year from February).</summary>
    internal const string August = "FY2027-M08";

    /// <summary>FY2027-M09: October 2026, the month after.</summary>
    internal const string September = "FY2027-M09";

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task CloseAsync_PublishedPeriod_ClosedAndARunAfterwardsIsAStagedRecalculation(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        var published = await RunAsync(store, August, ct);

        PeriodCloseOutcome closed, twice;
        await using (var db = store.NewContext("controller"))
        {
            closed = await new PeriodCloseService(db, store.Clock).CloseAsync(August, "month end", ct);
            twice = await new PeriodCloseService(db, store.Clock).CloseAsync(August, null, ct);
        }

        var again = await RunAsync(store, August, ct);

        await using var read = store.NewContext();
        var period = await read.CompensationPeriods.SingleAsync(p => p.PeriodKey == August, ct);
        Assert.Null(closed.Problem);
        Assert.Equal(PeriodState.Closed, closed.Period!.State);
        Assert.Equal(PeriodCloseService.PeriodClosed, twice.Problem!.Code);
        Assert.Equal("controller", period.ClosedBy);
        Assert.Equal(store.Clock.GetUtcNow().UtcDateTime, period.ClosedAt);
        Assert.Equal(published.Id, period.PublishedRunId);
        Assert.Equal(RunStatus.Published, (await read.CalculationRuns.SingleAsync(r => r.Id == published.Id, ct)).Status);
        Assert.Equal(RunStatus.Staged, again.Status);
        Assert.Equal(published.Id, again.RecalculatesRunId);
        Assert.True(await read.ChangeLog.AnyAsync(e => e.Entity == nameof(CompensationPeriod) && e.EntityKey == August && e.Reason == "month end", ct));
    }

    [Fact]
    public async Task CloseAsync_PeriodWithoutPublishedRun_PeriodNotPublished()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, ct);
        await using var db = store.NewContext();

        var outcome = await new PeriodCloseService(db, store.Clock).CloseAsync(August, null, ct);
        var invalid = await new PeriodCloseService(db, store.Clock).CloseAsync("2026-09", null, ct);
        var list = await new PeriodCloseService(db, store.Clock).ListAsync(new DateOnly(2026, 11, 27), ct);

        Assert.Equal(PeriodCloseService.PeriodNotPublished, outcome.Problem!.Code);
        Assert.Equal("invalid_period", invalid.Problem!.Code);
        Assert.False(await db.CompensationPeriods.AnyAsync(ct));
        Assert.Equal(24, list.Count);
        Assert.Equal("FY2027-M12", list[0].PeriodKey);
        Assert.All(list, p => Assert.Equal(PeriodState.Open, p.State));
    }

    internal static async Task<CalculationRun> RunAsync(TestStore store, string period, CancellationToken ct)
    {
        await using var db = store.NewContext("analyst");
        var outcome = await new CalculationRunService(db, store.Clock).RunAsync(period, null, ct);
        Assert.Empty(outcome.Problems);
        return outcome.Run!;
    }

    internal static async Task CloseAsync(TestStore store, string period, CancellationToken ct)
    {
        await using var db = store.NewContext("controller");
        Assert.Null((await new PeriodCloseService(db, store.Clock).CloseAsync(period, null, ct)).Problem);
    }

    /// <summary>
    /// Books a cancellation of <paramref name="original"/> (the whole amount) dated <paramref name="date"/>, through the
    /// change log like any edit, an hour after the clock's time.
    /// </summary>
    internal static async Task<Booking> CancelAsync(TestStore store, Booking original, string externalId, DateOnly date, CancellationToken ct)
    {
        store.Clock.Advance(TimeSpan.FromHours(1));
        await using var db = store.NewContext("sales-ops");
        var cancellation = new Booking
        {
            ExternalId = externalId,
            Kind = BookingKind.Cancellation,
            OwnerId = original.OwnerId,
            AccountId = original.AccountId,
            OpportunityId = original.OpportunityId,
            ProductId = original.ProductId,
            Quantity = -original.Quantity,
            Amount = -original.Amount,
            Currency = original.Currency,
            BookingDate = date,
            Margin = original.Margin is { } m ? -m : null,
            OriginalBookingId = original.Id,
        };
        db.Bookings.Add(cancellation);
        db.ChangeContext.Reason = "customer cancelled";
        await db.SaveChangesAsync(ct);
        store.Clock.Advance(TimeSpan.FromHours(1));
        return cancellation;
    }

    /// <summary>An order booked in <paramref name="period"/> whose only commission line in <paramref name="run"/> belongs to an account executive.</summary>
    internal static async Task<(Booking Booking, long PersonId)> CommissionedOrderAsync(TestStore store, long run, string period, CancellationToken ct)
    {
        await using var db = store.NewContext();
        var calendar = new FiscalCalendar(DemoCompanyGenerator.FiscalYearStartMonth);
        var month = calendar.Parse(period);
        var lines = await db.RunLines.AsNoTracking()
            .Where(l => l.RunId == run && l.PlanKey == DemoPlans.AccountExecutive && l.Kind == "Commission" && l.BookingIds != null && l.Amount > 0)
            .OrderBy(l => l.PersonId).ThenBy(l => l.Number).ToListAsync(ct);
        foreach (var line in lines.Where(l => !l.BookingIds!.Contains('|', StringComparison.Ordinal)))
        {
            var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.ExternalId == line.BookingIds, ct);
            if (booking.Kind == BookingKind.Order && month.Contains(booking.BookingDate) && booking.OwnerId == line.PersonId
                && !await db.Bookings.AnyAsync(b => b.OriginalBookingId == booking.Id, ct))
            {
                return (booking, line.PersonId);
            }
        }

        throw new InvalidOperationException("the demo month has no single-booking commission line");
    }
}
