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

    /// <summary>Ids read per parallel block.</summary>
    private const int BlockSize = 1 << 15;

    /// <summary>The bookings in the ordinal order of their ids (a new array; equal ids in no set order).</summary>
    /// <param name="bookings">The bookings, not changed.</param>
    /// <returns>The sorted bookings.</returns>
    public static Booking[] Sorted(Booking[] bookings) => Sorted(bookings, static b => b.Id);

    /// <summary>The split rules in the ordinal order of their booking ids (a new array; equal ids in no set order).</summary>
    /// <param name="rules">The rules, not changed.</param>
    /// <returns>The sorted rules.</returns>
    public static SplitRule[] Sorted(SplitRule[] rules) => Sorted(rules, static r => r.BookingId);

    private static T[] Sorted<T>(T[] items, Func<T, string> id)
    {
        var ids = new string[items.Length];
        Parallel.For(0, (ids.Length + BlockSize - 1) / BlockSize, b =>
        {
            for (var i = b * BlockSize; i < Math.Min(ids.Length, (b + 1) * BlockSize); i++)
            {
                ids[i] = id(items[i]);
            }
        });

        var order = Order(ids);
        var sorted = new T[items.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = items[order[i]];
        }

        return sorted;
    }

    /// <summary>The indexes of <paramref name="ids"/> in the ordinal order of the ids (equal ids in no set order).</summary>
    /// <param name="ids">The ids, not changed.</param>
    /// <returns>A permutation: <c>ids[order[0]]</c> is the first id.</returns>
    public static int[] Order(string[] ids)
    {
        var n = ids.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var comparer = Comparer<int>.Create((a, b) => string.CompareOrdinal(ids[a], ids[b]));
        if (n < RadixFrom)
        {
            Array.Sort(order, comparer);
            return order;
        }

        // The prefix all ids share, and the characters they use (in one read of each id, in parallel blocks: the strings
        // are scattered in memory). Marking a character used from several threads at once is harmless.
        var prefix = int.MaxValue;
        var first = ids[0];
        var used = new bool[char.MaxValue + 1];
        var blocks = (n + BlockSize - 1) / BlockSize;
        var prefixes = new int[blocks];
        Parallel.For(0, blocks, b =>
        {
            var shared = int.MaxValue;
            for (var i = b * BlockSize; i < Math.Min(n, (b + 1) * BlockSize); i++)
            {
                var id = ids[i];
                shared = Math.Min(shared, first.AsSpan().CommonPrefixLength(id));
                foreach (var c in id)
                {
                    used[c] = true;
                }
            }

            prefixes[b] = shared;
        });
        foreach (var shared in prefixes)
        {
            prefix = Math.Min(prefix, shared);
        }

        // The characters used (those of the prefix too, which costs at most a bit per character) ranked from 1; 0 marks
        // the end of an id.

        var rank = new ushort[char.MaxValue + 1];
        var symbols = 0;
        for (var c = 0; c < used.Length; c++)
        {
            rank[c] = used[c] ? (ushort)++symbols : (ushort)0;
        }

        if (symbols == 0)
        {
            // Every id is the shared prefix: all equal.
            return order;
        }

        var indexBits = 64 - BitOperations.LeadingZeroCount((ulong)(n - 1));
        var charBits = 64 - BitOperations.LeadingZeroCount((ulong)symbols);
        var width = (64 - indexBits) / charBits;
        var keyBits = width * charBits;
        var entries = new ulong[n];
        Parallel.For(0, blocks, b =>
        {
            for (var i = b * BlockSize; i < Math.Min(n, (b + 1) * BlockSize); i++)
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
        var indexMask = (1UL << indexBits) - 1;
        for (var i = 0; i < n; i++)
        {
            order[i] = (int)(entries[i] & indexMask);
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
                Array.Sort(order, i, j - i, comparer);
            }

            i = j;
        }

        return order;
    }

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
