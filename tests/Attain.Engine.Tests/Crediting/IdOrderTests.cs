using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using CsCheck;

namespace Attain.Engine.Tests.Crediting;

public class IdOrderTests
{
    /// <summary>Ids from a few characters (an end-of-id marker's neighbours included), with shared prefixes, duplicates and ids that are prefixes of others.</summary>
    private static readonly Gen<string[]> GenIds =
        Gen.Select(Gen.Int[0, 3], Gen.Char["\0\u0001AB09az\u00e9\u4e2d\uffff"].Array[0, 14].Select(c => new string(c)).Array[4_096, 6_000], Gen.Int[0, 2])
            .Select((prefix, tails, duplicates) =>
            {
                var shared = new[] { string.Empty, "B", "INV-2026-", "\uffffX" }[prefix];
                var ids = tails.Select(t => shared + t).ToArray();
                for (var i = 0; i < duplicates * 50 && i + 1 < ids.Length; i++)
                {
                    ids[i * 7 % ids.Length] = ids[(i * 13) + 1];
                }

                return ids;
            });

    [Fact]
    public void Sorted_ShuffledBookings_InIdOrder()
    {
        var bookings = Enumerable.Range(0, 5_000)
            .Select(i => new Booking($"BK-{(i * 7919) % 5_000}", new DateOnly(2026, 1, 1), new Money(1m, Currency.FromCode("USD")), "ana", "P", "F", new Dictionary<string, string>(), null, 1m, null))
            .ToArray();

        var sorted = IdOrder.Sorted(bookings);

        Assert.Equal(bookings.Select(b => b.Id).Order(StringComparer.Ordinal), sorted.Select(b => b.Id));
    }

    [Fact]
    public void Order_RandomIds_SameOrderAsOrdinalComparison()
    {
        GenIds.Sample(ids =>
        {
            var order = IdOrder.Order(ids);

            var expected = (string[])ids.Clone();
            Array.Sort(expected, StringComparer.Ordinal);
            Assert.Equal(expected, order.Select(i => ids[i]));
            Assert.Equal(Enumerable.Range(0, ids.Length), order.Order());
        }, iter: 30);
    }

    [Fact]
    public void Order_NumberedIdsInReverse_AscendingWithoutLoss()
    {
        // 10,000 ids B0000000000 … B0000009999 given backwards: the shared prefix B00000 is skipped, four digits key them.
        var ids = Enumerable.Range(0, 10_000).Select(i => $"B{i:D10}").Reverse().ToArray();

        var sorted = IdOrder.Order(ids).Select(i => ids[i]).ToArray();

        Assert.Equal("B0000000000", sorted[0]);
        Assert.Equal("B0000009999", sorted[^1]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), sorted);
    }

    [Fact]
    public void Order_AllIdsEqual_KeepsEveryItem()
    {
        var ids = Enumerable.Repeat("same", 5_000).ToArray();

        var order = IdOrder.Order(ids);

        Assert.Equal(Enumerable.Range(0, 5_000), order.Order());
    }
}
