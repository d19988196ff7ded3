using System.Numerics;

namespace Attain.Engine.Crediting;

/// <summary>
/// Puts items in the ordinal order of their ids without comparing strings for most of them: each id becomes an integer
/// key (the characters after the prefix all ids share, each as its rank in the alphabet those characters use, as many as
/// fit beside the item's index in 64 bits), the keys are sorted by radix, and only items whose keys are equal (ids that
/// agree over the whole key) are compared as strings.
/// </summary>
internal static class IdOrder
{
    /// <summary>Below this many items a comparison sort is as quick.</summary>
    private const int RadixFrom = 4096;

    /// <summary>The items in the ordinal order of their ids (a new array; items with equal ids in no set order).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items, not changed.</param>
    /// <param name="idOf">An item's id.</param>
    /// <returns>The sorted items.</returns>
    public static T[] Sorted<T>(T[] items, Func<T, string> idOf)
    {
        var n = items.Length;
        var comparer = Comparer<T>.Create((a, b) => string.CompareOrdinal(idOf(a), idOf(b)));
        if (n < RadixFrom)
        {
            var copy = (T[])items.Clone();
            Array.Sort(copy, comparer);
            return copy;
        }

        var ids = new string[n];
        var prefix = int.MaxValue;
        for (var i = 0; i < n; i++)
        {
            ids[i] = idOf(items[i]);
            prefix = Math.Min(prefix, CommonPrefix(ids[0], ids[i]));
        }

        // The characters the ids use after their common prefix, ranked from 1 (0 marks the end of an id).
        var used = new bool[char.MaxValue + 1];
        foreach (var id in ids)
        {
            foreach (var c in id.AsSpan(prefix))
            {
                used[c] = true;
            }
        }

        var rank = new ushort[char.MaxValue + 1];
        var symbols = 0;
        for (var c = 0; c < used.Length; c++)
        {
            rank[c] = used[c] ? (ushort)++symbols : (ushort)0;
        }

        if (symbols == 0)
        {
            // Every id is the shared prefix: all equal.
            return (T[])items.Clone();
        }

        var indexBits = 64 - BitOperations.LeadingZeroCount((ulong)(n - 1));
        var charBits = 64 - BitOperations.LeadingZeroCount((ulong)symbols);
        var width = (64 - indexBits) / charBits;
        var keyBits = width * charBits;
        var entries = new ulong[n];
        Parallel.For(0, (n + 65535) / 65536, block =>
        {
            for (var i = block * 65536; i < Math.Min(n, (block + 1) * 65536); i++)
            {
                var id = ids[i];
                ulong key = 0;
                for (var k = 0; k < width; k++)
                {
                    var at = prefix + k;
                    key = (key << charBits) | (at < id.Length ? rank[id[at]] : 0u);
                }

                entries[i] = (key << indexBits) | (uint)i;
            }
        });

        RadixSort(entries, indexBits, indexBits + keyBits);
        var sorted = new T[n];
        var indexMask = (1UL << indexBits) - 1;
        for (var i = 0; i < n; i++)
        {
            sorted[i] = items[(int)(entries[i] & indexMask)];
        }

        // Ids that agree over the whole key (longer than it, or duplicates) are ordered by comparison.
        for (var i = 0; i < n;)
        {
            var j = i + 1;
            while (j < n && (entries[j] >> indexBits) == (entries[i] >> indexBits))
            {
                j++;
            }

            if (j - i > 1)
            {
                Array.Sort(sorted, i, j - i, comparer);
            }

            i = j;
        }

        return sorted;
    }

    /// <summary>How many leading characters <paramref name="a"/> and <paramref name="b"/> share.</summary>
    private static int CommonPrefix(string a, string b) => a.AsSpan().CommonPrefixLength(b);

    /// <summary>Sorts the values by bits [<paramref name="from"/>, <paramref name="to"/>) (stable, least significant byte first; bytes every value shares are skipped).</summary>
    private static void RadixSort(ulong[] values, int from, int to)
    {
        ulong[]? buffer = null;
        var source = values;
        var counts = new int[256];
        for (var shift = from; shift < to; shift += 8)
        {
            var digitMask = (1UL << Math.Min(8, to - shift)) - 1;
            Array.Clear(counts);
            foreach (var value in source)
            {
                counts[(int)((value >> shift) & digitMask)]++;
            }

            if (Array.IndexOf(counts, source.Length) >= 0)
            {
                continue;
            }

            var total = 0;
            for (var d = 0; d < counts.Length; d++)
            {
                (counts[d], total) = (total, total + counts[d]);
            }

            var target = ReferenceEquals(source, values) ? buffer ??= new ulong[values.Length] : values;
            foreach (var value in source)
            {
                target[counts[(int)((value >> shift) & digitMask)]++] = value;
            }

            source = target;
        }

        if (!ReferenceEquals(source, values))
        {
            source.AsSpan().CopyTo(values);
        }
    }
}
