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

    /// <summary>
    /// A credit whose id (<paramref name="bookingId"/> + <paramref name="idSuffix"/>) is made when first read, made by the
    /// allocator from <paramref name="booking"/>, classified by <paramref name="classification"/> (its original for a cancellation).
    /// </summary>
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
        Booking booking,
        Booking classification)
        : this(null!, bookingId, participantId, kind, percent, amount, margin, units, date, shareHolderId, level, reversesCreditId)
    {
        Booking = booking;
        Classification = classification;
        idPrefix = bookingId;
        this.idSuffix = idSuffix;
    }

    /// <summary>The booking credited, when the allocator made the credit (so the calculation needs no look-up by id); not part of equality.</summary>
    internal Booking? Booking { get; }

    /// <summary>The booking that classifies the credit (the original for a cancellation), when the allocator made it.</summary>
    internal Booking? Classification { get; }

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
