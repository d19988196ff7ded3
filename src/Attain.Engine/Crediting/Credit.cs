using System.Collections.Concurrent;
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
/// One credit in compact form, as the allocator makes it and the calculation reads it: its <see cref="CreditFields"/> (the
/// 24 bytes a row is stored in, with no reference) and the allocation's shared <see cref="CreditTable"/>, put together
/// when a row is read (<see cref="CreditList.Row"/>); the booking and id suffix are indexes into that table (the suffix also
/// gives the participant, the kind, the share's holder and the roll-up level), the amount and margin whole minor units of
/// the booking's currency when they fit an <see cref="int"/>, the percent a scaled integer (or an index into the table when
/// it does not fit), and the day number and flags share one field. <see cref="Credit"/> records are made from rows when
/// read (ADR 0010).
/// </summary>
/// <remarks>
/// Every accessor gives exactly the value the allocator computed, digit for digit (an amount keeps its sign and scale,
/// a percent its scale): values that do not fit the compact fields are kept in the table's side lists.
/// </remarks>
internal readonly struct CreditRow
{
    /// <summary>The amount is an index into the table's side amounts.</summary>
    internal const int AmountInTable = 1;

    /// <summary>The amount is zero written with a minus sign (a zero share of a negative booking).</summary>
    internal const int AmountNegativeZero = 2;

    /// <summary>The margin is an index into the table's side amounts.</summary>
    internal const int MarginInTable = 4;

    /// <summary>The margin is zero written with a minus sign.</summary>
    internal const int MarginNegativeZero = 8;

    private const int FlagBits = 4;

    private readonly CreditTable table;
    private readonly CreditFields fields;

    /// <summary>A row of <paramref name="table"/>.</summary>
    /// <param name="table">The allocation's shared table.</param>
    /// <param name="booking">The booking's index in the table.</param>
    /// <param name="day">The booking's date as a day number (at most 3,652,058, 31 December 9999).</param>
    /// <param name="suffix">The id suffix's index in the table (it also gives the participant, kind, holder and level).</param>
    /// <param name="percent">The percent's code (<see cref="CreditTable.PercentCode"/>).</param>
    /// <param name="amount">The amount in minor units, or its index in the table's amounts.</param>
    /// <param name="margin">The margin in minor units, or its index in the table's amounts.</param>
    /// <param name="flags">Which of the amount and margin are in the table or negative zeros.</param>
    internal CreditRow(CreditTable table, int booking, int day, int suffix, int percent, int amount, int margin, int flags)
        : this(table, new CreditFields(booking, suffix, percent, amount, margin, (day << FlagBits) | flags))
    {
    }

    /// <summary>The row of <paramref name="table"/> stored as <paramref name="fields"/>.</summary>
    /// <param name="table">The allocation's shared table.</param>
    /// <param name="fields">The row's stored fields.</param>
    internal CreditRow(CreditTable table, in CreditFields fields)
    {
        this.table = table;
        this.fields = fields;
    }

    /// <summary>The row's stored fields (without the table).</summary>
    internal CreditFields Fields => fields;

    /// <summary>The booking credited (the cancellation for a cancellation's credit).</summary>
    public Booking Booking => table.Booking(fields.Booking);

    /// <summary>The booking that classifies the credit: the original for a cancellation, else <see cref="Booking"/>.</summary>
    public Booking Classification => table.Classification(fields.Booking);

    /// <summary>The booking's index in the allocation (originals in id order, then cancellations).</summary>
    public int BookingIndex => fields.Booking;

    /// <summary>The booking date (the cancellation's date for a cancellation).</summary>
    public DateOnly Date => DateOnly.FromDayNumber(Day);

    /// <summary>The booking date as a day number (<see cref="DateOnly.DayNumber"/>).</summary>
    public int Day => fields.DayAndFlags >> FlagBits;

    /// <summary>The booking credited.</summary>
    public string BookingId => Booking.Id;

    /// <summary>Who holds the credit.</summary>
    public string ParticipantId => table.Name(ParticipantIndex);

    /// <summary>Who holds the credit, as an index into the allocation's names (the same id, the same index).</summary>
    public int ParticipantIndex => table.Suffix(fields.Suffix).Participant;

    /// <summary>For a roll-up, the holder of the share rolled up; otherwise the participant.</summary>
    public string ShareHolderId => table.Name(table.Suffix(fields.Suffix).Holder);

    /// <summary>The id after the booking id, such as <c>/rollup/M/via/P</c>, shared by every credit of that shape.</summary>
    public string IdSuffix => table.Suffix(fields.Suffix).Text;

    /// <summary>Direct, revenue split, overlay or roll-up.</summary>
    public CreditKind Kind => table.Suffix(fields.Suffix).Kind;

    /// <summary>0 for the share itself, 1 for the holder's manager, and so on.</summary>
    public int Level => table.Suffix(fields.Suffix).Level;

    /// <summary>The share in percent of the booking.</summary>
    public decimal Percent => table.Percent(fields.Percent);

    /// <summary>The credited amount.</summary>
    public Money Amount => Read(fields.Amount, (fields.DayAndFlags & AmountInTable) != 0, (fields.DayAndFlags & AmountNegativeZero) != 0);

    /// <summary>The credited amount in minor units of the booking's currency.</summary>
    /// <exception cref="InvalidOperationException">The amount does not fit in a <see cref="long"/> count of minor units.</exception>
    public long AmountMinor => (fields.DayAndFlags & AmountInTable) == 0 ? fields.Amount : table.Amount(fields.Amount).ToMinorUnits();

    /// <summary>The credited margin.</summary>
    public Money Margin => Read(fields.Margin, (fields.DayAndFlags & MarginInTable) != 0, (fields.DayAndFlags & MarginNegativeZero) != 0);

    /// <summary>The credited margin in minor units of the booking's currency.</summary>
    /// <exception cref="InvalidOperationException">The margin does not fit in a <see cref="long"/> count of minor units.</exception>
    public long MarginMinor => (fields.DayAndFlags & MarginInTable) == 0 ? fields.Margin : table.Amount(fields.Margin).ToMinorUnits();

    /// <summary>The credited units: booking units × percent / 100, unrounded.</summary>
    public decimal Units => Booking.Units * Percent / 100m;

    /// <summary>The credit's id, made on every call.</summary>
    public string Id => Booking.Id + IdSuffix;

    /// <summary>For a cancellation's credit, the id of the original's credit it reverses.</summary>
    public string? ReversesCreditId => table.IsCancellation(fields.Booking) ? Classification.Id + IdSuffix : null;

    /// <summary>Whether the credit is a cancellation's.</summary>
    public bool IsCancellation => table.IsCancellation(fields.Booking);

    /// <summary>The credit's record.</summary>
    /// <returns>A new record with this row's values.</returns>
    public Credit ToCredit()
    {
        var credited = Booking;
        var shape = table.Suffix(fields.Suffix);
        return new(shape.Text, credited.Id, table.Name(shape.Participant), shape.Kind, Percent, Amount, Margin, Units, Date, table.Name(shape.Holder), shape.Level, ReversesCreditId, lazyId: true);
    }

    /// <summary>The money of a compact field: whole minor units of the booking's currency, or the table's value.</summary>
    private Money Read(int value, bool inTable, bool negativeZero)
    {
        if (inTable)
        {
            return table.Amount(value);
        }

        var currency = Booking.Amount.Currency;
        var magnitude = (uint)Math.Abs((long)value);
        return new Money(new decimal((int)magnitude, 0, 0, value < 0 || negativeZero, (byte)currency.MinorUnits), currency);
    }
}

/// <summary>
/// A credit row as it is stored, 24 bytes with no reference: the booking, id-suffix and percent codes, the amount and
/// margin, and the day number with the flags (<see cref="CreditRow"/> reads them with the table).
/// </summary>
/// <param name="Booking">The booking's index in the table.</param>
/// <param name="Suffix">The id suffix's index in the table.</param>
/// <param name="Percent">The percent's code.</param>
/// <param name="Amount">The amount in minor units, or its index in the table's amounts.</param>
/// <param name="Margin">The margin in minor units, or its index in the table's amounts.</param>
/// <param name="DayAndFlags">The day number shifted left by four, with the four flags below it.</param>
internal readonly record struct CreditFields(int Booking, int Suffix, int Percent, int Amount, int Margin, int DayAndFlags);

/// <summary>
/// What the rows of one allocation share: the bookings credited, participant names, id suffixes, and the few percents
/// and amounts that do not fit a row. Names, suffixes and side values are added while the runs credit in parallel
/// (thread-safe); bookings are set before the rows are read.
/// </summary>
internal sealed class CreditTable
{
    /// <summary>The code of 100 (scale 0), the direct credit's percent.</summary>
    public const int Whole = 100 << PercentScaleBits;

    private const int PercentScaleBits = 5;
    private const int PercentMantissaLimit = 1 << (31 - PercentScaleBits);

    private readonly ConcurrentDictionary<string, int> nameIndex = new(StringComparer.Ordinal);
    private readonly AppendOnly<string> names = new();
    private readonly ConcurrentDictionary<(CreditKind Kind, int Participant, int Holder, int Level), int> suffixIndex = new();
    private readonly AppendOnly<SuffixShape> suffixes = new();
    private readonly AppendOnly<decimal> percents = new();
    private readonly AppendOnly<Money> amounts = new();
    private Booking[] bookings = [];
    private int originalCount;
    private int[] originalOf = [];
    private int ordered;
    private readonly Lock currencyGate = new();
    private Currency? bookingCurrency;
    private bool mixedCurrencies;

    /// <summary>Sets the bookings: <paramref name="originals"/> originals first, then cancellations with their originals' indexes.</summary>
    /// <param name="all">Originals, then cancellations.</param>
    /// <param name="originals">How many originals.</param>
    /// <param name="originalOfCancellation">For each cancellation, its original's index.</param>
    public void SetBookings(Booking[] all, int originals, int[] originalOfCancellation)
    {
        bookings = all;
        originalCount = originals;
        originalOf = originalOfCancellation;
    }

    /// <summary>
    /// The one currency of every credited booking, when they share one (<see cref="NoteBookingCurrency"/>): a row whose
    /// amount is not in the table is in it, so a reader of many rows need not look at each row's booking.
    /// </summary>
    public Currency? BookingCurrency => mixedCurrencies ? null : bookingCurrency;

    /// <summary>Notes the currency of a booking whose credits are written (thread-safe).</summary>
    /// <param name="currency">The booking's currency.</param>
    public void NoteBookingCurrency(Currency currency)
    {
        lock (currencyGate)
        {
            bookingCurrency ??= currency;
            mixedCurrencies |= !bookingCurrency.Equals(currency);
        }
    }

    /// <summary>The booking at <paramref name="index"/>.</summary>
    /// <param name="index">From 0.</param>
    /// <returns>The booking.</returns>
    public Booking Booking(int index) => bookings[index];

    /// <summary>The booking that classifies the booking at <paramref name="index"/>: its original for a cancellation.</summary>
    /// <param name="index">From 0.</param>
    /// <returns>The booking.</returns>
    public Booking Classification(int index) => index < originalCount ? bookings[index] : bookings[originalOf[index - originalCount]];

    /// <summary>Whether the booking at <paramref name="index"/> is a cancellation.</summary>
    /// <param name="index">From 0.</param>
    /// <returns>True for a cancellation.</returns>
    public bool IsCancellation(int index) => index >= originalCount;

    /// <summary>The name at <paramref name="index"/>.</summary>
    /// <param name="index">From 0.</param>
    /// <returns>The name.</returns>
    public string Name(int index) => names[index];

    /// <summary>
    /// Adds <paramref name="known"/> (distinct, none added before) in ordinal order, before any other name, so that
    /// <see cref="CompareNames"/> orders two of them by their indexes alone.
    /// </summary>
    /// <param name="known">The names known before crediting starts.</param>
    public void AddOrdered(IEnumerable<string> known)
    {
        if (!nameIndex.IsEmpty)
        {
            throw new InvalidOperationException("The ordered names must come first.");
        }

        foreach (var name in known.Order(StringComparer.Ordinal))
        {
            _ = NameOf(name);
        }

        ordered = nameIndex.Count;
    }

    /// <summary>Compares the names at two indexes ordinally: by the indexes when both were added by <see cref="AddOrdered"/>.</summary>
    /// <param name="a">A name's index.</param>
    /// <param name="b">Another name's index.</param>
    /// <returns>Less than, equal to or greater than 0, as <see cref="string.CompareOrdinal(string, string)"/>'s sign.</returns>
    public int CompareNames(int a, int b) =>
        a == b ? 0 : a < ordered && b < ordered ? a.CompareTo(b) : string.CompareOrdinal(names[a], names[b]);

    /// <summary>The index of <paramref name="name"/>, added when new.</summary>
    /// <param name="name">A participant id.</param>
    /// <returns>Its index.</returns>
    public int NameOf(string name)
    {
        // Without a lock: two runs adding the same name at once may both add it to the list; one index is kept, the other
        // entry is never referred to.
        return nameIndex.TryGetValue(name, out var index) ? index : nameIndex.GetOrAdd(name, static (key, list) => list.Add(key), names);
    }

    /// <summary>The id suffix at <paramref name="index"/> with its kind and holder.</summary>
    /// <param name="index">From 0.</param>
    /// <returns>The suffix's shape.</returns>
    public ref readonly SuffixShape Suffix(int index) => ref suffixes[index];

    /// <summary>
    /// The index of the id suffix of a credit of <paramref name="kind"/> to <paramref name="participant"/> (held by
    /// <paramref name="holder"/>, at roll-up <paramref name="level"/>), added when new. Two levels of the same roll-up
    /// have the same text but two shapes, so that a row's suffix gives its level.
    /// </summary>
    /// <param name="kind">The credit's kind.</param>
    /// <param name="participant">The participant's name index.</param>
    /// <param name="holder">The share holder's name index (the participant unless a roll-up).</param>
    /// <param name="level">0 for the share itself, 1 for the holder's manager, and so on.</param>
    /// <returns>The suffix's index.</returns>
    public int SuffixOf(CreditKind kind, int participant, int holder, int level)
    {
        var key = (kind, participant, holder, level);
        if (suffixIndex.TryGetValue(key, out var index))
        {
            return index;
        }

        // Without a lock, as for names: a suffix added twice at once leaves one entry never referred to.
        var name = Name(participant);
        var text = kind switch
        {
            CreditKind.RollUp => $"/rollup/{name}/via/{Name(holder)}",
            CreditKind.Overlay => $"/overlay/{name}",
            CreditKind.Direct => $"/direct/{name}",
            _ => $"/split/{name}",
        };
        return suffixIndex.GetOrAdd(key, static (_, made) => made.List.Add(made.Shape), (List: suffixes, Shape: new SuffixShape(text, kind, participant, holder, level)));
    }

    /// <summary>The code of <paramref name="percent"/>: its digits and scale when they fit, else its index in the table.</summary>
    /// <param name="percent">A percent, kept exactly (scale included).</param>
    /// <returns>The code for <see cref="Percent"/>.</returns>
    public int PercentCode(decimal percent)
    {
        var buffer = default(DecimalBits);
        Span<int> bits = buffer;
        decimal.GetBits(percent, bits);
        return bits[3] >= 0 && bits[2] == 0 && bits[1] == 0 && (uint)bits[0] < PercentMantissaLimit
            ? (bits[0] << PercentScaleBits) | percent.Scale
            : ~percents.Add(percent);
    }

    /// <summary>The percent of <paramref name="code"/>.</summary>
    /// <param name="code">A code from <see cref="PercentCode"/>.</param>
    /// <returns>The percent, exactly as given.</returns>
    public decimal Percent(int code) =>
        code >= 0 ? new decimal(code >> PercentScaleBits, 0, 0, false, (byte)(code & ((1 << PercentScaleBits) - 1))) : percents[~code];

    /// <summary>The side amount at <paramref name="index"/>.</summary>
    /// <param name="index">From 0.</param>
    /// <returns>The money.</returns>
    public Money Amount(int index) => amounts[index];

    /// <summary>
    /// The compact form of <paramref name="money"/> (in the booking's currency) for a row: whole minor units that fit an
    /// <see cref="int"/> with no flag or <paramref name="negativeZero"/>, or, when it is not written that way, an index
    /// into the table with <paramref name="inTable"/>.
    /// </summary>
    /// <param name="money">The amount.</param>
    /// <param name="inTable">The flag for a side value.</param>
    /// <param name="negativeZero">The flag for a zero written with a minus sign.</param>
    /// <returns>The value and its flag.</returns>
    public (int Value, int Flags) Encode(Money money, int inTable, int negativeZero)
    {
        var buffer = default(DecimalBits);
        Span<int> bits = buffer;
        decimal.GetBits(money.Amount, bits);
        var negative = bits[3] < 0;
        if (bits[2] == 0 && bits[1] == 0 && money.Amount.Scale == money.Currency.MinorUnits && (uint)bits[0] <= int.MaxValue)
        {
            return bits[0] == 0 && negative ? (0, negativeZero) : (negative ? -bits[0] : bits[0], 0);
        }

        return (amounts.Add(money), inTable);
    }

    /// <summary>
    /// The compact form of <paramref name="units"/> minor units of <paramref name="currency"/> (not a negative zero) for a
    /// row: the units when they fit an <see cref="int"/>, else an index into the table with <paramref name="inTable"/>.
    /// </summary>
    /// <param name="units">Whole minor units.</param>
    /// <param name="currency">The booking's currency.</param>
    /// <param name="inTable">The flag for a side value.</param>
    /// <returns>The value and its flag.</returns>
    public (int Value, int Flags) Encode(long units, Currency currency, int inTable)
    {
        if (units is >= int.MinValue and <= int.MaxValue)
        {
            return ((int)units, 0);
        }

        var magnitude = units < 0 ? (ulong)(-(units + 1)) + 1 : (ulong)units;
        var money = new Money(new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, units < 0, (byte)currency.MinorUnits), currency);
        return (amounts.Add(money), inTable);
    }

    /// <summary>An id suffix, the kind of credit it names, its participant, the holder of the share (the participant unless a roll-up), and its level.</summary>
    /// <param name="Text">The suffix, such as <c>/rollup/M/via/P</c>.</param>
    /// <param name="Kind">The credit's kind.</param>
    /// <param name="Participant">The participant's name index.</param>
    /// <param name="Holder">The share holder's name index.</param>
    /// <param name="Level">0 for the share itself, 1 for the holder's manager, and so on.</param>
    internal readonly record struct SuffixShape(string Text, CreditKind Kind, int Participant, int Holder, int Level);

    /// <summary>A list that only grows, read without locks while it grows (adds are serialised).</summary>
    private sealed class AppendOnly<T>
    {
        private readonly Lock gate = new();
        private T[] items = new T[16];
        private int count;

        public ref readonly T this[int index] => ref Volatile.Read(ref items)[index];

        public int Add(T item)
        {
            lock (gate)
            {
                if (count == items.Length)
                {
                    var grown = new T[items.Length * 2];
                    Array.Copy(items, grown, count);
                    Volatile.Write(ref items, grown);
                }

                items[count] = item;
                return count++;
            }
        }
    }
}

/// <summary>
/// An append-only list of the credit rows of one allocation, stored as <see cref="CreditFields"/> (24 bytes, the table
/// kept once here) in chunks of 1,024 (24 KB, below the large object heap), so that it is never copied to grow and never
/// lands on the large object heap, whose allocations start full collections.
/// </summary>
/// <param name="table">The allocation's shared table, which every row refers to.</param>
internal sealed class CreditRows(CreditTable table)
{
    private const int ChunkBits = 10;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;
    private readonly List<CreditFields[]> chunks = [];

    /// <summary>The allocation's shared table.</summary>
    public CreditTable Table => table;

    /// <summary>How many rows there are.</summary>
    public int Count { get; private set; }

    /// <summary>The row at <paramref name="index"/> (read with the table, by value); setting it stores the row's fields.</summary>
    /// <param name="index">From 0.</param>
    public CreditRow this[int index]
    {
        get => new(table, in chunks[index >> ChunkBits][index & ChunkMask]);
        set => chunks[index >> ChunkBits][index & ChunkMask] = value.Fields;
    }

    /// <summary>Appends a row.</summary>
    /// <param name="row">The row.</param>
    public void Add(in CreditRow row)
    {
        var (chunk, offset) = (Count >> ChunkBits, Count & ChunkMask);
        if (chunk == chunks.Count)
        {
            chunks.Add(new CreditFields[chunk == 0 ? 8 : ChunkSize]);
        }
        else if (offset == chunks[chunk].Length)
        {
            var grown = chunks[chunk];
            Array.Resize(ref grown, Math.Min(grown.Length * 2, ChunkSize));
            chunks[chunk] = grown;
        }

        chunks[chunk][offset] = row.Fields;
        Count++;
    }

    /// <summary>Appends <paramref name="count"/> default rows, to be written in place.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The index of the first.</returns>
    public int Grow(int count)
    {
        var start = Count;
        if (count <= 0)
        {
            return start;
        }

        if (chunks.Count > 0 && chunks[^1].Length < ChunkSize)
        {
            var last = chunks[^1];
            Array.Resize(ref last, ChunkSize);
            chunks[^1] = last;
        }

        while ((long)chunks.Count * ChunkSize < (long)Count + count)
        {
            chunks.Add(new CreditFields[ChunkSize]);
        }

        Count += count;
        return start;
    }

    /// <summary>Appends rows [<paramref name="from"/>, <paramref name="from"/> + <paramref name="count"/>) of <paramref name="other"/>.</summary>
    /// <param name="other">Where the rows come from.</param>
    /// <param name="from">The first row.</param>
    /// <param name="count">How many.</param>
    public void AddRange(CreditRows other, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            Add(other[i]);
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

    /// <summary>What the rows share.</summary>
    public CreditTable Table => rows.Table;

    /// <summary>The row at <paramref name="index"/>.</summary>
    /// <param name="index">From 0.</param>
    /// <returns>The row, by value (made from its stored fields and the table).</returns>
    public CreditRow Row(int index) => rows[index];

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
