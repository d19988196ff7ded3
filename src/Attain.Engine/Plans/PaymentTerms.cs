namespace Attain.Engine.Plans;

/// <summary>Whether a draw's advances are owed back by the participant.</summary>
public enum DrawKind
{
    /// <summary>
    /// The shortfall of a period's earnings below the draw is advanced and owed: it is carried forward and recovered
    /// from later periods' earnings above the draw.
    /// </summary>
    Recoverable,

    /// <summary>A guarantee: the draw tops earnings up to the draw amount and the top-up is never recovered.</summary>
    NonRecoverable,
}

/// <summary>A draw paid in every payment period in which the participant holds the plan (docs/plans.md, "Draws").</summary>
/// <param name="Kind">Recoverable or non-recoverable (guarantee).</param>
/// <param name="Amount">The draw per payment period in the pay currency, at least 0; rounded to its minor unit when paid.</param>
/// <param name="RecoveryLimit">
/// For a recoverable draw, the most recovered in one payment period (pay currency), or null for no limit; always null
/// for a guarantee.
/// </param>
public sealed record DrawTerms(DrawKind Kind, decimal Amount, decimal? RecoveryLimit);

/// <summary>
/// How cancellations and returns are treated under a plan (docs/plans.md, "Clawbacks"). Without these terms a
/// cancellation pays negative commission at the tier reached in its own period.
/// </summary>
/// <param name="WindowDays">
/// A cancellation dated at most this many days after its original booking claws back the earnings the original booking
/// produced; a later one claws nothing back.
/// </param>
/// <param name="ReduceAttainment">
/// Whether a cancellation (inside or outside the window) lowers the measure, and so attainment and later tiers, of the
/// component period it is dated in. Either way it pays no commission line of its own.
/// </param>
public sealed record ClawbackTerms(int WindowDays, bool ReduceAttainment)
{
    /// <summary>True when a cancellation dated <paramref name="cancelled"/> of a booking dated <paramref name="booked"/> is inside the window.</summary>
    public bool Covers(DateOnly booked, DateOnly cancelled) => cancelled.DayNumber - booked.DayNumber <= WindowDays;
}

/// <summary>
/// A hold: part of each matching booking's earnings is held back and released in the payment period that contains the
/// booking's release date (docs/plans.md, "Holds").
/// </summary>
/// <param name="Percent">The part held, in percent (50 is half), from 0 to 100.</param>
/// <param name="ReleaseOn">
/// The booking attribute, <c>attributes.NAME</c>, whose value is the release date (<c>yyyy-MM-dd</c>), such as the date
/// the invoice was paid. Without it the amount stays held.
/// </param>
/// <param name="Filter">Conditions a booking must meet to be held (all of them); empty holds every booking.</param>
public sealed record HoldRule(decimal Percent, string ReleaseOn, IReadOnlyList<BookingCondition> Filter)
{
    /// <summary>The attribute name behind <see cref="ReleaseOn"/>, without the <c>attributes.</c> prefix.</summary>
    public string ReleaseAttribute => ReleaseOn.StartsWith("attributes.", StringComparison.Ordinal) ? ReleaseOn["attributes.".Length..] : ReleaseOn;
}
