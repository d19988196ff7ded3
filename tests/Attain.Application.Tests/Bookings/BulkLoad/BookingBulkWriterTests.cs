using System.Text.Json;
using Attain.Application.Bookings;
using Attain.Application.Bookings.BulkLoad;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Bookings.BulkLoad;

public class BookingBulkWriterTests
{
    private static async Task<long> SeedOwnerAsync(TestStore store)
    {
        await using var db = store.NewContext();
        var person = new Person
        {
            ExternalId = "P1",
            FirstName = "Ada",
            LastName = "Lovelace",
            Email = "ada@example.com",
            PayCurrency = "EUR",
            HireDate = new DateOnly(2025, 1, 1),
        };
        db.People.Add(person);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return person.Id;
    }

    private static IEnumerable<Booking> Orders(long ownerId, int count, string prefix) =>
        Enumerable.Range(1, count).Select(i => new Booking
        {
            ExternalId = $"{prefix}{i}",
            Kind = BookingKind.Order,
            OwnerId = ownerId,
            Quantity = i % 7,
            Amount = (i * 1234.5678m) % 100_000m,
            Currency = "EUR",
            BookingDate = new DateOnly(2026, 1, 1).AddDays(i % 365),
            Margin = i % 3 == 0 ? null : i * 0.0001m,
        });

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task WriteAsync_ThousandsOfRows_WritesExactAmountsAndOneChangeLogEntry(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        var owner = await SeedOwnerAsync(store);
        var rows = Orders(owner, 5_000, "B").ToList();
        var writer = new BookingBulkWriter(store.Clock);

        BulkLoadResult result;
        await using (var db = store.NewContext("loader"))
        {
            result = await writer.WriteAsync(db, rows, "bookings-2026.csv", ct);
        }

        await using var read = store.NewContext();
        var stored = await read.Bookings.OrderBy(b => b.Id).ToListAsync(ct);
        var log = await read.ChangeLog.Where(e => e.Entity == nameof(Booking)).ToListAsync(ct);
        Assert.Equal(5_000, stored.Count);
        Assert.Equal(rows.Sum(r => r.Amount), stored.Sum(b => b.Amount));
        Assert.Equal(rows.Select(r => (r.ExternalId, r.Amount, r.Quantity, r.Margin, r.BookingDate)), stored.Select(b => (b.ExternalId, b.Amount, b.Quantity, b.Margin, b.BookingDate)));
        Assert.Equal((5_000, stored[0].Id, stored[^1].Id), (result.Count, result.FirstId!.Value, result.LastId!.Value));
        Assert.Equal(stored.Select(b => b.Id), rows.Select(r => r.Id));
        var entry = Assert.Single(log);
        Assert.Equal((ChangeOperation.BulkInsert, $"{result.FirstId}..{result.LastId}", "bookings-2026.csv", "loader"), (entry.Operation, entry.EntityKey, entry.Reason, entry.Actor));
        var after = JsonDocument.Parse(entry.After!).RootElement;
        Assert.Equal((5_000, "bookings-2026.csv"), (after.GetProperty("count").GetInt32(), after.GetProperty("file").GetString()));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task WriteAsync_SecondLoadAfterTrackedInsert_ContinuesIdsAndKeepsSequenceUsable(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        var owner = await SeedOwnerAsync(store);
        var writer = new BookingBulkWriter(store.Clock);
        await using var db = store.NewContext();
        var first = await writer.WriteAsync(db, Orders(owner, 10, "A"), "a", ct);

        var second = await writer.WriteAsync(db, Orders(owner, 10, "B").ToAsyncEnumerable(), "b", ct);
        var tracked = new Booking { ExternalId = "C1", OwnerId = owner, Currency = "EUR", Amount = 1m, BookingDate = new DateOnly(2026, 5, 1) };
        db.Bookings.Add(tracked);
        await db.SaveChangesAsync(ct);

        Assert.Equal(first.LastId + 1, second.FirstId);
        Assert.Equal(second.LastId + 1, tracked.Id);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task WriteAsync_RowsFailMidLoad_KeepsNothing(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        var owner = await SeedOwnerAsync(store);
        var writer = new BookingBulkWriter(store.Clock);
        await using var db = store.NewContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(db, Failing(Orders(owner, 100, "B")), "broken", ct));

        await using var read = store.NewContext();
        Assert.Equal((0, 0), (await read.Bookings.CountAsync(ct), await read.ChangeLog.CountAsync(e => e.Entity == nameof(Booking), ct)));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task WriteAsync_NoRows_WritesNoChangeLogEntry(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();

        var result = await new BookingBulkWriter(store.Clock).WriteAsync(db, Array.Empty<Booking>(), "empty", ct);

        Assert.Equal(new BulkLoadResult(0, null, null), result);
        Assert.Equal(0, await db.ChangeLog.CountAsync(ct));
    }

    private static IEnumerable<Booking> Failing(IEnumerable<Booking> rows)
    {
        var count = 0;
        foreach (var row in rows)
        {
            if (++count == 50)
            {
                throw new InvalidOperationException("generator failed");
            }

            yield return row;
        }
    }
}
