using Attain.Application.Bookings;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Demo;

public class DemoScaleTests
{
    private static readonly DemoOptions Options = new(DemoCompanyGeneratorTests.AsOf);

    [Fact]
    public void Bookings_SameOptions_SameFirstRowsWhateverTheCount()
    {
        var few = new DemoScale(Options).Bookings(5_000).Select(Row).ToList();

        var many = new DemoScale(Options).Bookings(DemoScale.DefaultBookings).Take(5_000).Select(Row).ToList();

        Assert.Equal(few, many);
        Assert.NotEqual(few, new DemoScale(Options with { Seed = 1 }).Bookings(5_000).Select(Row).ToList());
    }

    [Fact]
    public void Bookings_Reversals_ReferToEarlierOrdersWithNegativeAmounts()
    {
        var rows = new DemoScale(Options).Bookings(50_000).ToList();

        var byId = rows.ToDictionary(b => b.Id);
        var reversals = rows.Where(b => b.OriginalBookingId is not null).ToList();

        Assert.Equal(Enumerable.Range(1, 50_000).Select(i => (long)i), rows.Select(b => b.Id));
        Assert.InRange(reversals.Count, 500, 1_500);
        Assert.All(reversals, r =>
        {
            var original = byId[r.OriginalBookingId!.Value];
            Assert.Equal(BookingKind.Order, original.Kind);
            Assert.True(original.Id < r.Id);
            Assert.True(r.Amount < 0 && -r.Amount <= original.Amount);
            Assert.True(r.BookingDate >= original.BookingDate);
        });
        Assert.All(rows, b => Assert.InRange(b.BookingDate, Options.AsOf.AddMonths(-24).AddDays(1), Options.AsOf));
    }

    [Fact]
    public void People_TenThousand_SixLevelsWithRepsUnderFirstLineManagers()
    {
        var scale = new DemoScale(Options);

        var lines = scale.ReportingLines(scale.People()).ToList();
        var managerOf = lines.ToDictionary(l => l.PersonId, l => l.ManagerId);
        int Depth(long id) => managerOf[id] is { } manager ? 1 + Depth(manager) : 1;
        var depths = lines.Select(l => Depth(l.PersonId)).ToList();

        Assert.Equal(DemoScale.DefaultParticipants, lines.Count);
        Assert.Equal(6, depths.Max());
        Assert.Equal(1, depths.Count(d => d == 1));
        Assert.Equal(625, depths.Count(d => d == 5));
        Assert.Equal(DemoScale.DefaultParticipants - 781, depths.Count(d => d == 6));
        Assert.All(lines.Where(l => l.ManagerId is not null), l => Assert.True(l.ManagerId < l.PersonId));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task LoadScaleAsync_SmallScale_RowsAndReferencesHold(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        var scale = new DemoScale(Options, participants: 1_000, accounts: 2_000);
        await using var db = store.NewContext();

        var result = await DemoCompanyLoader.LoadScaleAsync(db, scale, bookings: 10_000, progress: null, ct);

        await using var read = store.NewContext();
        Assert.Equal(1_000, await read.People.CountAsync(ct));
        Assert.Equal(2_000, await read.Accounts.CountAsync(ct));
        Assert.Equal(10_000, await read.Bookings.CountAsync(ct));
        Assert.True(await read.Bookings.AnyAsync(b => b.OriginalBookingId != null, ct));
        Assert.Equal(result.Rows, await read.ChangeLog.CountAsync(ct));
    }

    private static string Row(Booking b) =>
        $"{b.Id}|{b.ExternalId}|{b.Kind}|{b.OwnerId}|{b.AccountId}|{b.ProductId}|{b.Quantity}|{b.Amount}|{b.Currency}|{b.BookingDate:O}|{b.Margin}|{b.ListAmount}|{b.OriginalBookingId}";
}

/// <summary>Tests that read process-wide memory run alone: no other test runs in parallel with this collection.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

[Collection(nameof(MemoryMeasurement))]
public class DemoScaleMemoryTests
{
    private static readonly DemoOptions Options = new(DemoCompanyGeneratorTests.AsOf);

    [Fact]
    public void Bookings_TwoHundredThousandRows_MemoryStaysBounded()
    {
        const int rows = 200_000;
        var stream = new DemoScale(Options).Bookings(DemoScale.DefaultBookings);
        long afterWarmUp = 0;
        long atEnd = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var read = 0;

        foreach (var _ in stream)
        {
            read++;
            if (read == 20_000)
            {
                afterWarmUp = GC.GetTotalMemory(forceFullCollection: true);
            }
            else if (read == rows)
            {
                atEnd = GC.GetTotalMemory(forceFullCollection: true);
                break;
            }
        }

        var allocatedPerRow = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / rows;

        // Materialising 180,000 more bookings would hold well over 30 MB.
        Assert.InRange(atEnd - afterWarmUp, long.MinValue, 4L * 1024 * 1024);
        Assert.InRange(allocatedPerRow, 1, 1_024);
    }
}
