namespace Attain.Engine.Calculation;

/// <summary>
/// An append-only list in chunks of 2^<paramref name="chunkBits"/> items that are never copied once full: a long list is
/// never copied to grow and, with chunks under 85,000 bytes, never lands on the large object heap, whose allocations
/// start full collections. The first chunk starts at <paramref name="first"/> items and doubles up to full size, so
/// that the many short lists stay small; with <paramref name="rent"/>, every chunk is full-size and comes from it.
/// </summary>
/// <param name="chunkBits">The size of a full chunk, as a power of two.</param>
/// <param name="first">How many items the first chunk starts with (at most a full chunk).</param>
/// <param name="expected">About how many items are expected, so that the list of chunks is made once.</param>
/// <param name="rent">Where chunks come from (full-size), or null to make them.</param>
internal sealed class ChunkedList<T>(int chunkBits, int first, int expected = 0, Func<T[]>? rent = null)
{
    private readonly int full = 1 << chunkBits;
    private readonly int mask = (1 << chunkBits) - 1;
    private readonly List<T[]> chunks = new(Math.Max(1, (expected + (1 << chunkBits) - 1) >> chunkBits));

    public int Count { get; private set; }

    /// <summary>The chunks holding the items, in order; the last may be partly filled, and the first shorter than full.</summary>
    public IReadOnlyList<T[]> Chunks => chunks;

    public ref T this[int index] => ref chunks[index >> chunkBits][index & mask];

    public void Add(in T item)
    {
        var (chunk, offset) = (Count >> chunkBits, Count & mask);
        if (chunk == chunks.Count)
        {
            chunks.Add(rent?.Invoke() ?? new T[chunk == 0 ? Math.Clamp(first, 1, full) : full]);
        }
        else if (offset == chunks[chunk].Length)
        {
            var grown = chunks[chunk];
            Array.Resize(ref grown, Math.Min(grown.Length * 2, full));
            chunks[chunk] = grown;
        }

        chunks[chunk][offset] = item;
        Count++;
    }

    /// <summary>Keeps the first <paramref name="count"/> items (the others cleared, so that nothing they refer to is held).</summary>
    public void Truncate(int count)
    {
        for (var i = count; i < Count; i++)
        {
            this[i] = default!;
        }

        Count = count;
    }

    /// <summary>Drops every chunk; the list is empty after.</summary>
    public void Clear()
    {
        chunks.Clear();
        Count = 0;
    }
}
