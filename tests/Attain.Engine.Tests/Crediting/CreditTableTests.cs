using Attain.Engine.Crediting;
using CsCheck;

namespace Attain.Engine.Tests.Crediting;

/// <summary>The credit table's participant names: those known up front are numbered in ordinal order, so indexes compare as the names do.</summary>
public class CreditTableTests
{
    [Fact]
    public void CompareNames_KnownAndLaterNames_SameSignAsOrdinalComparison()
    {
        // Ids whose ordinal order differs from a culture's and from their order of arrival; later names fall back to text.
        var known = new[] { "rep-10", "Rep-2", "rep-2", "mgr", "dir", "rep-1", "Ärzte", "z" };
        var later = new[] { "rep-15", "A", "rep-10a", "zz" };
        var table = new CreditTable();

        table.AddOrdered(known);
        var indexes = known.Concat(later).Select(table.NameOf).ToArray();

        var names = known.Concat(later).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            for (var j = 0; j < names.Length; j++)
            {
                Assert.Equal(Math.Sign(string.CompareOrdinal(names[i], names[j])), Math.Sign(table.CompareNames(indexes[i], indexes[j])));
            }
        }

        Assert.Equal(known.Order(StringComparer.Ordinal), Enumerable.Range(0, known.Length).Select(table.Name));
    }

    [Fact]
    public void CompareNames_RandomNames_SameSignAsOrdinalComparison()
    {
        Gen.Select(Gen.String[Gen.Char["aAbB-1é"], 0, 4].Array[0, 12], Gen.String[Gen.Char["aAbB-1é"], 0, 4].Array[0, 6]).Sample((known, later) =>
        {
            var table = new CreditTable();
            var distinct = known.Distinct(StringComparer.Ordinal).ToArray();

            table.AddOrdered(distinct);
            var all = distinct.Concat(later).ToArray();
            var indexes = all.Select(table.NameOf).ToArray();

            for (var i = 0; i < all.Length; i++)
            {
                for (var j = 0; j < all.Length; j++)
                {
                    Assert.Equal(Math.Sign(string.CompareOrdinal(all[i], all[j])), Math.Sign(table.CompareNames(indexes[i], indexes[j])));
                }
            }
        }, iter: 2_000);
    }

    [Fact]
    public void AddOrdered_AfterANameWasAdded_Refused()
    {
        var table = new CreditTable();
        _ = table.NameOf("rep-1");

        var error = Assert.Throws<InvalidOperationException>(() => table.AddOrdered(["mgr"]));

        Assert.Contains("first", error.Message, StringComparison.Ordinal);
    }
}
