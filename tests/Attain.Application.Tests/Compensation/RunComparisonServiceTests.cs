using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Attain.Engine.Periods;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

public class RunComparisonServiceTests
{
    private static readonly string Period = new FiscalCalendar(DemoCompanyGenerator.FiscalYearStartMonth).MonthOf(new DateOnly(2026, 10, 15)).Key;

    /// <summary>
    /// Before: A 100, B 50, C 10, C 10 (payable 170). After: A 120, C 10, D 30 (payable 160).
    /// A changed +20, B removed -50, the second C removed -10, D added +30, the first C unchanged: -10 in all. Listed in
    /// the order of their numbers (the earlier run's number, else the later run's).
    /// </summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task CompareAsync_HandMadeRuns_LinesAddedRemovedChangedAndPayableDifference(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var ann = new Person { ExternalId = "ann", FirstName = "Ann", LastName = "Lee", Email = "ann@example.com", PayCurrency = "EUR" };
        db.People.Add(ann);
        var before = new CalculationRun { PeriodKey = Period, Number = 1, Status = RunStatus.Superseded, StartedBy = "a" };
        var after = new CalculationRun { PeriodKey = Period, Number = 2, Status = RunStatus.Published, StartedBy = "a" };
        db.CalculationRuns.AddRange(before, after);
        await db.SaveChangesAsync(ct);
        AddLines(db, before.Id, ann.Id, ("commission", "b1", 100m), ("commission", "b2", 50m), ("bonus", null, 10m), ("bonus", null, 10m));
        AddLines(db, after.Id, ann.Id, ("commission", "b1", 120m), ("bonus", null, 10m), ("commission", "b3", 30m));
        db.RunPayouts.Add(new RunPayout { RunId = before.Id, PersonId = ann.Id, PlanKey = "p", PeriodKey = Period, Currency = "EUR", Payable = 170m });
        db.RunPayouts.Add(new RunPayout { RunId = after.Id, PersonId = ann.Id, PlanKey = "p", PeriodKey = Period, Currency = "EUR", Payable = 160m });
        await db.SaveChangesAsync(ct);

        var comparison = await new RunComparisonService(db).CompareAsync(before.Id, after.Id, cancellationToken: ct);

        Assert.NotNull(comparison);
        Assert.Equal(1, comparison.UnchangedLines);
        Assert.Equal(
            [(LineChange.Changed, "b1", 100m, 120m, 20m), (LineChange.Removed, "b2", 50m, 0m, -50m), (LineChange.Added, "b3", 0m, 30m, 30m), (LineChange.Removed, null, 10m, 0m, -10m)],
            comparison.Lines.Select(l => (l.Change, l.BookingIds, l.Before, l.After, l.Difference)));
        var payout = Assert.Single(comparison.Payouts);
        Assert.Equal(("Ann Lee", 170m, 160m, -10m), (payout.PersonName, payout.Before, payout.After, payout.Difference));
        Assert.Equal(payout.Difference, comparison.Lines.Sum(l => l.Difference));
        Assert.Equal(new CurrencyTotal("EUR", -10m), Assert.Single(comparison.Differences));
    }

    [Fact]
    public async Task CompareAsync_UnknownRun_Null()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var db = store.NewContext();

        var comparison = await new RunComparisonService(db).CompareAsync(1, 2, cancellationToken: ct);

        Assert.Null(comparison);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task CompareAsync_DemoRerunAfterABookingDoubled_LineDifferencesSumToEachPayoutDifference(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        var (start, end) = (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));
        long first, second, third;
        string booking;
        await using (var db = store.NewContext())
        {
            var service = new CalculationRunService(db, store.Clock);
            first = (await service.RunAsync(Period, null, ct)).Run!.Id;
            second = (await service.RunAsync(Period, null, ct)).Run!.Id;
            var doubled = await db.Bookings.Where(b => b.BookingDate >= start && b.BookingDate <= end && b.Kind == Attain.Application.Bookings.BookingKind.Order).OrderBy(b => b.Id).FirstAsync(ct);
            booking = doubled.ExternalId;
            doubled.Amount *= 2;
            await db.SaveChangesAsync(ct);
            third = (await service.RunAsync(Period, null, ct)).Run!.Id;
        }

        await using var read = store.NewContext();
        var comparisons = new RunComparisonService(read);

        var same = await comparisons.CompareAsync(first, second, cancellationToken: ct);
        var changed = await comparisons.CompareAsync(second, third, cancellationToken: ct);

        Assert.Empty(same!.Lines);
        Assert.Equal(await read.RunLines.CountAsync(l => l.RunId == first, ct), same.UnchangedLines);
        Assert.All(same.Payouts, p => Assert.Equal(0m, p.Difference));
        Assert.Contains(changed!.Lines, l => l.Change == LineChange.Changed && l.BookingIds == booking && l.Difference > 0);
        Assert.Contains(changed.Payouts, p => p.Difference != 0);
        foreach (var payout in changed.Payouts)
        {
            var lines = changed.Lines.Where(l => l.PersonId == payout.PersonId && l.PlanKey == payout.PlanKey && l.Currency == payout.Currency);
            Assert.Equal(payout.Difference, lines.Sum(l => l.Difference));
            Assert.Equal(payout.After - payout.Before, payout.Difference);
        }

        Assert.Equal(changed.Payouts.GroupBy(p => p.Currency).Select(g => (g.Key, g.Sum(p => p.Difference))).OrderBy(g => g.Key), changed.Differences.Select(d => (d.Currency, d.Payable)));
    }

    private static void AddLines(AttainDbContext db, long runId, long personId, params (string Component, string? Booking, decimal Amount)[] lines)
    {
        var number = 0;
        foreach (var (component, booking, amount) in lines)
        {
            db.RunLines.Add(new RunLine
            {
                RunId = runId,
                PersonId = personId,
                Number = ++number,
                Kind = "Commission",
                PlanKey = "p",
                ComponentId = component,
                PeriodKey = Period,
                BookingIds = booking,
                Rule = "rule",
                Amount = amount,
                Currency = "EUR",
            });
        }
    }
}
