using Attain.Engine.Monetary;

namespace Attain.Engine.Crediting;

/// <summary>How a participant came to hold a credit.</summary>
public enum CreditKind
{
    /// <summary>The booking's owner, with no revenue split: 100 %.</summary>
    Direct,

    /// <summary>A revenue split share.</summary>
    RevenueSplit,

    /// <summary>An overlay share, on top of the booking.</summary>
    Overlay,

    /// <summary>A manager's roll-up of a direct or revenue split share held below them.</summary>
    RollUp,
}

/// <summary>
/// The share of a booking attributed to one participant. Credits are in the booking's currency; conversion to the pay
/// currency happens in calculation.
/// </summary>
/// <param name="Id">Stable identifier: <c>BOOKING/kind/PARTICIPANT</c>, with <c>/via/HOLDER</c> for roll-ups.</param>
/// <param name="BookingId">The booking credited (for a cancellation, the cancellation booking).</param>
/// <param name="ParticipantId">Who holds the credit.</param>
/// <param name="Kind">Direct, revenue split, overlay or roll-up.</param>
/// <param name="Percent">The share in percent of the booking (100 for direct).</param>
/// <param name="Amount">The credited amount, a whole number of minor units; revenue shares sum exactly to the booking.</param>
/// <param name="Margin">The credited margin, allocated like the amount; zero when the booking has none.</param>
/// <param name="Units">The credited units: booking units × percent / 100, unrounded.</param>
/// <param name="Date">The booking date (the cancellation's date for a cancellation).</param>
/// <param name="ShareHolderId">For a roll-up, the holder of the share rolled up; otherwise the participant itself.</param>
/// <param name="Level">0 for the share itself, 1 for the holder's manager, 2 for theirs, and so on.</param>
/// <param name="ReversesCreditId">For a cancellation's credit, the id of the original booking's credit it reverses.</param>
public sealed record Credit(
    string Id,
    string BookingId,
    string ParticipantId,
    CreditKind Kind,
    decimal Percent,
    Money Amount,
    Money Margin,
    decimal Units,
    DateOnly Date,
    string ShareHolderId,
    int Level,
    string? ReversesCreditId)
{
    private readonly string? idPrefix;
    private readonly string? idSuffix;
    private string? id = Id;

    /// <summary>A credit whose id (<paramref name="bookingId"/> + <paramref name="idSuffix"/>) is made when first read.</summary>
    internal Credit(
        string idSuffix,
        string bookingId,
        string participantId,
        CreditKind kind,
        decimal percent,
        Money amount,
        Money margin,
        decimal units,
        DateOnly date,
        string shareHolderId,
        int level,
        string? reversesCreditId,
        bool lazyId)
        : this(null!, bookingId, participantId, kind, percent, amount, margin, units, date, shareHolderId, level, reversesCreditId)
    {
        _ = lazyId;
        idPrefix = bookingId;
        this.idSuffix = idSuffix;
    }

    /// <summary>Stable identifier: <c>BOOKING/kind/PARTICIPANT</c>, with <c>/via/HOLDER</c> for roll-ups.</summary>
    public string Id
    {
        get => id ??= idPrefix + idSuffix;
        init
        {
            id = value;
            idPrefix = null;
            idSuffix = null;
        }
    }

    /// <summary>Orders by <see cref="Id"/> (ordinal) without making the ids when both share their booking prefix.</summary>
    internal static int CompareIds(Credit a, Credit b) =>
        a.idPrefix is not null && a.idSuffix is not null && b.idSuffix is not null && string.Equals(a.idPrefix, b.idPrefix, StringComparison.Ordinal)
            ? string.CompareOrdinal(a.idSuffix, b.idSuffix)
            : string.CompareOrdinal(a.Id, b.Id);

    /// <summary>Equal when every property is equal (the id compared as text, however it is kept).</summary>
    public bool Equals(Credit? other) =>
        ReferenceEquals(this, other) || (other is not null
            && string.Equals(Id, other.Id, StringComparison.Ordinal)
            && string.Equals(BookingId, other.BookingId, StringComparison.Ordinal)
            && string.Equals(ParticipantId, other.ParticipantId, StringComparison.Ordinal)
            && Kind == other.Kind
            && Percent == other.Percent
            && Amount == other.Amount
            && Margin == other.Margin
            && Units == other.Units
            && Date == other.Date
            && string.Equals(ShareHolderId, other.ShareHolderId, StringComparison.Ordinal)
            && Level == other.Level
            && string.Equals(ReversesCreditId, other.ReversesCreditId, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(Id, BookingId, ParticipantId, Kind, Percent, Amount, Margin, HashCode.Combine(Units, Date, ShareHolderId, Level, ReversesCreditId));
}

/// <summary>A problem with the input data; the records involved are left out of the result and named here.</summary>
/// <param name="Code">A stable code such as <c>split.revenue-total</c>; docs/plans.md lists them.</param>
/// <param name="Path">What is affected, such as <c>bookings[B-7].splits</c>.</param>
/// <param name="Message">What is wrong, with the values involved.</param>
public sealed record InputIssue(string Code, string Path, string Message);

/// <summary>The credits made from a set of bookings, and the bookings that could not be credited.</summary>
/// <param name="Credits">Credits sorted by booking id, participant id, then credit id (ordinal).</param>
/// <param name="Issues">Issues sorted by path then code.</param>
public sealed record CreditingResult(IReadOnlyList<Credit> Credits, IReadOnlyList<InputIssue> Issues);

/// <summary>
/// One credit in compact form, as the allocator makes it and the calculation reads it: references to its booking and
/// shared strings, no object of its own. <see cref="Credit"/> records are made from rows when read (ADR 0010).
/// </summary>
/// <param name="Booking">The booking credited (the cancellation for a cancellation's credit).</param>
/// <param name="Classification">The booking that classifies the credit: the original for a cancellation, else <paramref name="Booking"/>.</param>
/// <param name="ParticipantId">Who holds the credit.</param>
/// <param name="ShareHolderId">For a roll-up, the holder of the share rolled up; otherwise the participant.</param>
/// <param name="IdSuffix">The id after the booking id, such as <c>/rollup/M/via/P</c>, shared by every credit of that shape.</param>
/// <param name="Kind">Direct, revenue split, overlay or roll-up.</param>
/// <param name="Level">0 for the share itself, 1 for the holder's manager, and so on.</param>
/// <param name="Percent">The share in percent of the booking.</param>
/// <param name="Amount">The credited amount.</param>
/// <param name="Margin">The credited margin.</param>
/// <param name="Units">The credited units.</param>
internal readonly record struct CreditRow(
    Booking Booking,
    Booking Classification,
    string ParticipantId,
    string ShareHolderId,
    string IdSuffix,
    CreditKind Kind,
    int Level,
    decimal Percent,
    Money Amount,
    Money Margin,
    decimal Units)
{
    /// <summary>The booking date (the cancellation's date for a cancellation).</summary>
    public DateOnly Date => Booking.Date;

    /// <summary>The booking credited.</summary>
    public string BookingId => Booking.Id;

    /// <summary>The credit's id, made on every call.</summary>
    public string Id => Booking.Id + IdSuffix;

    /// <summary>For a cancellation's credit, the id of the original's credit it reverses.</summary>
    public string? ReversesCreditId => ReferenceEquals(Booking, Classification) ? null : Classification.Id + IdSuffix;

    /// <summary>The credit's record.</summary>
    public Credit ToCredit() =>
        new(IdSuffix, Booking.Id, ParticipantId, Kind, Percent, Amount, Margin, Units, Booking.Date, ShareHolderId, Level, ReversesCreditId, lazyId: true);
}

/// <summary>
/// An append-only list of credit rows in chunks of 512 (64 KB, below the large object heap), so that it is never copied to
/// grow and never lands on the large object heap, whose allocations start full collections.
/// </summary>
internal sealed class CreditRows
{
    private const int ChunkBits = 9;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;
    private readonly List<CreditRow[]> chunks = [];

    /// <summary>An empty list.</summary>
    public CreditRows()
    {
    }

    /// <summary>A list of <paramref name="count"/> rows, all default until written.</summary>
    /// <param name="count">How many rows.</param>
    public CreditRows(int count)
    {
        for (var left = count; left > 0; left -= ChunkSize)
        {
            chunks.Add(new CreditRow[ChunkSize]);
        }

        Count = count;
    }

    /// <summary>How many rows there are.</summary>
    public int Count { get; private set; }

    /// <summary>The row at <paramref name="index"/>, by reference.</summary>
    /// <param name="index">From 0.</param>
    public ref CreditRow this[int index] => ref chunks[index >> ChunkBits][index & ChunkMask];

    /// <summary>Appends a row.</summary>
    /// <param name="row">The row.</param>
    public void Add(in CreditRow row)
    {
        var (chunk, offset) = (Count >> ChunkBits, Count & ChunkMask);
        if (chunk == chunks.Count)
        {
            chunks.Add(new CreditRow[chunk == 0 ? 8 : ChunkSize]);
        }
        else if (offset == chunks[chunk].Length)
        {
            var grown = chunks[chunk];
            Array.Resize(ref grown, Math.Min(grown.Length * 2, ChunkSize));
            chunks[chunk] = grown;
        }

        chunks[chunk][offset] = row;
        Count++;
    }

    /// <summary>Appends rows [<paramref name="from"/>, <paramref name="from"/> + <paramref name="count"/>) of <paramref name="other"/>.</summary>
    /// <param name="other">Where the rows come from.</param>
    /// <param name="from">The first row.</param>
    /// <param name="count">How many.</param>
    public void AddRange(CreditRows other, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            Add(in other[i]);
        }
    }
}

/// <summary>
/// The allocator's credits: a read-only list over compact rows that makes each <see cref="Credit"/> when it is first read
/// and keeps it, so every read gives the same record.
/// </summary>
/// <param name="rows">The rows, in the list's order.</param>
internal sealed class CreditList(CreditRows rows) : IReadOnlyList<Credit>
{
    private Credit?[]? made;
    private Credit[]? allMade;

    /// <inheritdoc/>
    public int Count => rows.Count;

    /// <summary>The row at <paramref name="index"/>.</summary>
    /// <param name="index">From 0.</param>
    /// <returns>The row, by reference.</returns>
    public ref readonly CreditRow Row(int index) => ref rows[index];

    /// <inheritdoc/>
    public Credit this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, rows.Count);
            var credits = Volatile.Read(ref made) ?? Interlocked.CompareExchange(ref made, new Credit?[rows.Count], null) ?? made;
            return Volatile.Read(ref credits[index]) ?? Interlocked.CompareExchange(ref credits[index], rows[index].ToCredit(), null) ?? credits[index]!;
        }
    }

    /// <summary>Every credit's record, made where not made yet; the array is the list's own (do not change it).</summary>
    /// <returns>The records, in the list's order.</returns>
    public Credit[] Records()
    {
        if (Volatile.Read(ref allMade) is { } done)
        {
            return done;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            _ = this[i];
        }

        Credit[] records = made is null ? [] : Array.ConvertAll(made, c => c!);
        Volatile.Write(ref allMade, records);
        return records;
    }

    /// <inheritdoc/>
    public IEnumerator<Credit> GetEnumerator()
    {
        for (var i = 0; i < rows.Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
