using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Crediting;

/// <summary>A person who is paid.</summary>
/// <param name="Id">Stable identifier (compared ordinally).</param>
/// <param name="PayCurrency">The currency the participant is paid in, unless the plan fixes one.</param>
public sealed record Participant(string Id, Currency PayCurrency);

/// <summary>
/// An effective-dated reporting line: <paramref name="PersonId"/> reports to <paramref name="ManagerId"/> on every day
/// of <paramref name="Effective"/> (inclusive at both ends; open-ended when it has no end).
/// </summary>
/// <param name="PersonId">The person who reports.</param>
/// <param name="ManagerId">The manager they report to.</param>
/// <param name="Effective">EffectiveFrom and optional EffectiveTo, both inclusive.</param>
public sealed record ReportingLine(string PersonId, string ManagerId, DateRange Effective);

/// <summary>
/// A booking: a closed-won order line, or (with <see cref="OriginalBookingId"/>) the cancellation or return of part or
/// all of an earlier one.
/// </summary>
/// <param name="Id">Stable identifier (compared ordinally).</param>
/// <param name="Date">The booking date: decides the period and, for original bookings, the hierarchy and FX rate used.</param>
/// <param name="Amount">
/// The amount, a whole number of minor units of its currency; negative for a cancellation, whose magnitude is at most
/// the original's.
/// </param>
/// <param name="OwnerId">The person who owns the booking and gets direct credit when there is no revenue split.</param>
/// <param name="Product">The product code (filter attribute <c>product</c>).</param>
/// <param name="Family">The product family (filter attribute <c>family</c>).</param>
/// <param name="Attributes">Free attributes (filter attribute <c>attributes.NAME</c>); keys and values compared ordinally.</param>
/// <param name="Margin">The margin in the booking's currency, or null when unknown (counts as zero for <c>bookings.margin</c>).</param>
/// <param name="Units">The number of units sold (negative for a return).</param>
/// <param name="OriginalBookingId">For a cancellation, the booking it cancels; null for an original booking.</param>
public sealed record Booking(
    string Id,
    DateOnly Date,
    Money Amount,
    string OwnerId,
    string Product,
    string Family,
    IReadOnlyDictionary<string, string> Attributes,
    Money? Margin,
    decimal Units,
    string? OriginalBookingId);

/// <summary>Whether a split share divides the booking or adds to it.</summary>
public enum SplitKind
{
    /// <summary>A share of the booking: a booking's revenue shares total exactly 100 %.</summary>
    Revenue,

    /// <summary>Extra credit on top of the booking (overlay or team credit): any percentage, any total.</summary>
    Overlay,
}

/// <summary>One participant's share of a booking.</summary>
/// <param name="ParticipantId">Who receives the credit.</param>
/// <param name="Percent">The share in percent of the booking amount (50 is half).</param>
/// <param name="Kind">Revenue or overlay.</param>
public sealed record SplitShare(string ParticipantId, decimal Percent, SplitKind Kind);

/// <summary>How one booking is split. Without a rule, or without revenue shares, the owner gets 100 % direct credit.</summary>
/// <param name="BookingId">The booking split.</param>
/// <param name="Shares">The shares; a participant appears at most once per kind.</param>
public sealed record SplitRule(string BookingId, IReadOnlyList<SplitShare> Shares);

/// <summary>How credits are made.</summary>
/// <param name="RollUpLevels">How many manager levels above each revenue share receive roll-up credit (0 for none).</param>
/// <param name="Rounding">Midpoint rounding for overlay credits (amount × percent, rounded to the minor unit) and split allocation.</param>
public sealed record CreditingPolicy(int RollUpLevels, MidpointRounding Rounding)
{
    /// <summary>No roll-up, round half to even.</summary>
    public static CreditingPolicy Default { get; } = new(0, MidpointRounding.ToEven);
}
