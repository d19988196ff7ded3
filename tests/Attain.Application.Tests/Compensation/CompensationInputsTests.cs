using Attain.Application.Bookings;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

public class CompensationInputsTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task LoadAsync_DemoMonth_BookingsReadByTheDataReaderEqualAnEfCoreQueryOfTheYear(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        await using var db = store.NewContext();

        var loaded = await CompensationInputs.LoadAsync(db, CalculationRunServiceTests.Period, [], cancellationToken: ct);

        var year = loaded!.Input.Calendar.YearOf(loaded.Period.Start);
        var people = await db.People.ToDictionaryAsync(p => p.Id, p => p.ExternalId, ct);
        var expected = await db.Bookings.AsNoTracking()
            .Where(b => b.BookingDate >= year.Start && b.BookingDate <= loaded.Period.End)
            .ToListAsync(ct);
        var byId = loaded.Input.Bookings.ToDictionary(b => b.Id);
        Assert.True(expected.Count > 100, "the demo year should hold well over 100 bookings");
        foreach (var b in expected)
        {
            var read = byId[b.ExternalId];
            Assert.Equal((b.BookingDate, b.Amount, b.Currency, b.Quantity, b.Margin, people[b.OwnerId], b.Kind.ToString()),
                (read.Date, read.Amount.Amount, read.Amount.Currency.Code, read.Units, read.Margin?.Amount, read.OwnerId, read.Attributes["kind"]));
            Assert.Equal(b.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), read.Amount.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // The originals of cancellations dated in the year are read too, and nothing else.
        var originals = expected.Where(b => b.OriginalBookingId is not null).Select(b => b.OriginalBookingId!.Value).Except(expected.Select(b => b.Id)).Count();
        Assert.Equal(expected.Count + originals, loaded.Input.Bookings.Count);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task LoadAsync_CancellationOfABookingBeforeTheYear_ReadsTheOriginalAndGivesTheBookingsInOrdinalIdOrder(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        Booking original;
        DateOnly yearStart;
        await using (var db = store.NewContext())
        {
            var input = await CompensationInputs.LoadAsync(db, CalculationRunServiceTests.Period, [], cancellationToken: ct);
            yearStart = input!.Input.Calendar.YearOf(input.Period.Start).Start;
            var cancelled = db.Bookings.Where(b => b.OriginalBookingId != null).Select(b => b.OriginalBookingId);
            original = await db.Bookings.AsNoTracking()
                .Where(b => b.BookingDate < yearStart && b.Kind == BookingKind.Order && !cancelled.Contains(b.Id))
                .OrderBy(b => b.Id).FirstAsync(ct);
        }

        // An external id that sorts after every demo booking's (BKG-000001 ...), dated in the year.
        var cancellation = await PeriodCloseServiceTests.CancelAsync(store, original, "BKG-999999", yearStart.AddDays(3), ct);
        await using var read = store.NewContext();

        var loaded = await CompensationInputs.LoadAsync(read, CalculationRunServiceTests.Period, [], cancellationToken: ct);

        var bookings = loaded!.Input.Bookings;
        var older = Assert.Single(bookings, b => b.Id == original.ExternalId);
        Assert.Equal((original.BookingDate, (string?)null), (older.Date, older.OriginalBookingId));
        Assert.Equal(original.ExternalId, Assert.Single(bookings, b => b.Id == cancellation.ExternalId).OriginalBookingId);
        Assert.All(bookings.Zip(bookings.Skip(1)), pair => Assert.True(string.CompareOrdinal(pair.First.Id, pair.Second.Id) < 0, $"{pair.First.Id} before {pair.Second.Id}"));
    }
}
