using System.Collections;

namespace Attain.Engine.Calculation;

/// <summary>
/// A read-only list made of runs of other lists' arrays, so that a list with one item appended or a few runs replaced
/// shares its items with the list it came from instead of copying them (<see cref="IncrementalCalculator"/>: the input's
/// bookings and the result's credits and measures). The arrays are never written once a list holds them.
/// </summary>
/// <typeparam name="T">The items.</typeparam>
internal sealed class SplicedList<T> : IReadOnlyList<T>
{
    /// <summary>Above this many runs a new list is copied into one array, so that reading an item stays a short search.</summary>
    private const int MostRuns = 64;

    private readonly Run[] runs;
    private readonly int[] starts;

    private SplicedList(Run[] runs)
    {
        this.runs = runs;
        starts = new int[runs.Length];
        var count = 0;
        for (var i = 0; i < runs.Length; i++)
        {
            starts[i] = count;
            count += runs[i].Count;
        }

        Count = count;
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var run = Array.BinarySearch(starts, index);
            if (run < 0)
            {
                run = ~run - 1;
            }

            while (runs[run].Count == 0 || index - starts[run] >= runs[run].Count)
            {
                run++;
            }

            var (store, from, _) = runs[run];
            return store[from + index - starts[run]];
        }
    }

    /// <summary><paramref name="list"/> with <paramref name="item"/> added at its end.</summary>
    public static IReadOnlyList<T> Append(IReadOnlyList<T> list, T item)
    {
        var built = new List<Run>();
        AddRuns(built, list, 0, list.Count);
        built.Add(new Run([item], 0, 1));
        return Make(built);
    }

    /// <summary>
    /// <paramref name="sorted"/> (ordered by <paramref name="keyOf"/>, ordinal) with the runs of the given
    /// <paramref name="keys"/> replaced by <paramref name="replacements"/> (kept in their own order), each at the place of its key.
    /// </summary>
    public static IReadOnlyList<T> Splice(IReadOnlyList<T> sorted, Func<T, string> keyOf, IReadOnlySet<string> keys, IEnumerable<T> replacements)
    {
        var byKey = replacements.GroupBy(keyOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var built = new List<Run>();
        var next = 0;
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            var from = Bound(sorted, keyOf, key, upper: false);
            AddRuns(built, sorted, next, from);
            if (byKey.TryGetValue(key, out var items))
            {
                built.Add(new Run(items, 0, items.Length));
            }

            next = Math.Max(next, Bound(sorted, keyOf, key, upper: true));
        }

        AddRuns(built, sorted, next, sorted.Count);
        return Make(built);
    }

    /// <summary>The first index whose key is not below (or, <paramref name="upper"/>, above) <paramref name="key"/>, ordinal.</summary>
    public static int Bound(IReadOnlyList<T> sorted, Func<T, string> keyOf, string key, bool upper)
    {
        var low = 0;
        var high = sorted.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var comparison = string.CompareOrdinal(keyOf(sorted[middle]), key);
            if (comparison < 0 || (upper && comparison == 0))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator()
    {
        foreach (var (store, from, count) in runs)
        {
            for (var i = from; i < from + count; i++)
            {
                yield return store[i];
            }
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static SplicedList<T> Make(List<Run> built)
    {
        if (built.Count <= MostRuns)
        {
            return new SplicedList<T>([.. built]);
        }

        var all = new T[built.Sum(r => r.Count)];
        var at = 0;
        foreach (var (store, from, count) in built)
        {
            Array.Copy(store, from, all, at, count);
            at += count;
        }

        return new SplicedList<T>([new Run(all, 0, all.Length)]);
    }

    /// <summary>Adds items [from, to) of <paramref name="list"/> as runs, sharing its arrays (any other list is copied once).</summary>
    private static void AddRuns(List<Run> built, IReadOnlyList<T> list, int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        switch (list)
        {
            case T[] array:
                Add(built, new Run(array, from, to - from));
                break;
            case SplicedList<T> spliced:
                for (var i = 0; i < spliced.runs.Length; i++)
                {
                    var (store, start, count) = spliced.runs[i];
                    var low = Math.Max(from, spliced.starts[i]);
                    var high = Math.Min(to, spliced.starts[i] + count);
                    if (low < high)
                    {
                        Add(built, new Run(store, start + low - spliced.starts[i], high - low));
                    }
                }

                break;
            default:
                var copy = new T[to - from];
                for (var i = from; i < to; i++)
                {
                    copy[i - from] = list[i];
                }

                Add(built, new Run(copy, 0, copy.Length));
                break;
        }
    }

    /// <summary>Adds a run, joined to the last when they are neighbours in the same array.</summary>
    private static void Add(List<Run> built, Run run)
    {
        if (built.Count > 0 && built[^1] is var last && ReferenceEquals(last.Store, run.Store) && last.From + last.Count == run.From)
        {
            built[^1] = last with { Count = last.Count + run.Count };
            return;
        }

        built.Add(run);
    }

    /// <summary>Items [From, From + Count) of Store.</summary>
    private readonly record struct Run(T[] Store, int From, int Count);
}
