using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Payments;

/// <summary>
/// What the payment stage reads: the calculated periods in a row, and the plans, people and bookings they were
/// calculated from. Collections may be in any order: the result is the same.
/// </summary>
/// <param name="Calendar">The fiscal calendar the period keys belong to.</param>
/// <param name="Plans">The plans, with their draw, clawback and hold terms.</param>
/// <param name="Participants">The participants (for their pay currency).</param>
/// <param name="Assignments">Plan assignments: a draw is paid for a period an assignment of its plan overlaps.</param>
/// <param name="Bookings">Bookings and cancellations (for clawback windows and hold release dates).</param>
/// <param name="Periods">
/// One <see cref="Calculator"/> result per payment period: periods of one kind (all months, say) that follow each other
/// without a gap. Draw balances and held amounts carry from each to the next.
/// </param>
public sealed record PaymentInput(
    FiscalCalendar Calendar,
    IReadOnlyList<Plan> Plans,
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<PlanAssignment> Assignments,
    IReadOnlyList<Booking> Bookings,
    IReadOnlyList<CalculationResult> Periods)
{
    /// <summary>
    /// The first period whose payouts and lines the result holds, or null for every period. The periods before it are
    /// still paid (their draw balances, deficits and held amounts carry into it) but left out of the result, so a run of
    /// one month of a year to date makes payout lines for that month only. A key that is not a period of
    /// <see cref="Calendar"/> is an issue (<c>payment.report-from-unknown</c>) and no payout is made.
    /// </summary>
    public string? ReportFrom { get; init; }
}
