using Attain.Engine.Calculation;

namespace Attain.Engine.Payments;

/// <summary>
/// The earning lines an account keeps for one payment period, in the order they came, in chunks of at most 1,024 (8 KB)
/// that are never copied once full: a manager's account can keep hundreds of thousands of lines, and one list grown by
/// doubling would copy them again and again and put its arrays on the large object heap, whose allocations start full
/// collections.
/// </summary>
internal sealed class KeptLines
{
    private const int ChunkBits = 10;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private readonly List<EarningLine[]> chunks = [];

    /// <summary>No lines.</summary>
    public static KeptLines None { get; } = new();

    public int Count { get; private set; }

    public EarningLine this[int index] => chunks[index >> ChunkBits][index & ChunkMask];

    public void Add(EarningLine line)
    {
        var (chunk, offset) = (Count >> ChunkBits, Count & ChunkMask);
        if (chunk == chunks.Count)
        {
            // The first chunk starts small and doubles, so that the many short lists stay small.
            chunks.Add(new EarningLine[chunk == 0 ? 4 : ChunkSize]);
        }
        else if (offset == chunks[chunk].Length)
        {
            var grown = chunks[chunk];
            Array.Resize(ref grown, Math.Min(grown.Length * 2, ChunkSize));
            chunks[chunk] = grown;
        }

        chunks[chunk][offset] = line;
        Count++;
    }
}
