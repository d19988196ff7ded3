using Attain.Application.Bookings;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Imports;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Tests.Imports;

public class BookingImportTests
{
    private const string Header = "external_id,kind,owner_external_id,amount,currency,booking_date,original_booking_external_id\n";

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_NewAndChangedBookings_BulkInsertsNewAndUpdatesChangedInPlace(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        var logBefore = await ImportTestKit.ChangeLogCountAsync(store);

        var result = await ImportTestKit.ImportAsync(store, ImportEntity.Bookings, Header
            + "B-9,Cancellation,P-102,-10,USD,2026-11-20,B-10\n"
            + "B-10,Order,P-102,10,USD,2026-11-19,\n"
            + "B-1,Order,P-102,45001,USD,2026-10-31,\n"
            + "B-11,Return,P-102,-1,USD,2026-11-21,B-404\n"
            + "B-12,Return,P-102,-1,USD,2026-11-21,B-2\n");

        await using var read = store.NewContext();
        var log = await read.ChangeLog.OrderBy(e => e.Id).Skip(logBefore).ToListAsync(ct);
        var cancellation = await read.Bookings.SingleAsync(b => b.ExternalId == "B-9", ct);
        var order = await read.Bookings.SingleAsync(b => b.ExternalId == "B-10", ct);
        Assert.Equal((2, 1, 0), (result.Inserted, result.Updated, result.Unchanged));
        Assert.Equal(
            [("bookings.csv", 5, "original_booking_external_id", UnknownReference), ("bookings.csv", 6, "original_booking_external_id", InvalidValue)],
            result.Errors.Select(e => (e.File, e.Row, e.Column, e.Code)));
        Assert.Equal(order.Id, cancellation.OriginalBookingId);
        Assert.Equal(45001m, await read.Bookings.Where(b => b.ExternalId == "B-1").Select(b => b.Amount).SingleAsync(ct));
        Assert.Equal(
            [(ChangeOperation.BulkInsert, nameof(Booking), "import bookings.csv"), (ChangeOperation.Update, nameof(Booking), "import bookings.csv")],
            log.Select(e => (e.Operation, e.Entity, e.Reason)));
    }
}
