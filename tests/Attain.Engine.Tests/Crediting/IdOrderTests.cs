using Attain.Engine.Crediting;
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
    public void Sorted_RandomIds_SameOrderAsOrdinalComparison()
    {
        GenIds.Sample(ids =>
        {
            var items = ids.Select((id, i) => (Id: id, Index: i)).ToArray();

            var sorted = IdOrder.Sorted(items, static item => item.Id);

            var expected = (string[])ids.Clone();
            Array.Sort(expected, StringComparer.Ordinal);
            Assert.Equal(expected, sorted.Select(s => s.Id));
            Assert.Equal(Enumerable.Range(0, ids.Length), sorted.Select(s => s.Index).Order());
        }, iter: 30);
    }

    [Fact]
    public void Sorted_NumberedIdsInReverse_AscendingWithoutLoss()
    {
        // 10,000 ids B0000000000 … B0000009999 given backwards: the shared prefix B00000 is skipped, four digits key them.
        var ids = Enumerable.Range(0, 10_000).Select(i => $"B{i:D10}").Reverse().ToArray();

        var sorted = IdOrder.Sorted(ids, static id => id);

        Assert.Equal("B0000000000", sorted[0]);
        Assert.Equal("B0000009999", sorted[^1]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), sorted);
    }

    [Fact]
    public void Sorted_AllIdsEqual_KeepsEveryItem()
    {
        var items = Enumerable.Range(0, 5_000).Select(i => ("same", i)).ToArray();

        var sorted = IdOrder.Sorted(items, static item => item.Item1);

        Assert.Equal(Enumerable.Range(0, 5_000), sorted.Select(s => s.Item2).Order());
    }
}
