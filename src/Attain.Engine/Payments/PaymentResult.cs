using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;

namespace Attain.Engine.Payments;

/// <summary>What a <see cref="PayoutLine"/> adds to (or takes from) the payable amount.</summary>
public enum PayoutLineKind
{
    /// <summary>An earning line of the period, as the calculation paid it.</summary>
    Earning,

    /// <summary>The reversal of an earlier earning line, because its booking was cancelled inside the clawback window.</summary>
    Clawback,

    /// <summary>The part of a booking's earnings of the period that is held back (negative; positive for a held clawback).</summary>
    Hold,

    /// <summary>A held amount released because the booking's release date has come.</summary>
    Release,

    /// <summary>A recoverable draw's advance: the draw minus the period's net earnings, owed back.</summary>
    DrawAdvance,

    /// <summary>A non-recoverable draw's top-up of net earnings to the draw amount, never recovered.</summary>
    Guarantee,

    /// <summary>Net earnings below zero, carried forward as owed instead of paid as a negative amount.</summary>
    Deficit,

    /// <summary>The recovery of the outstanding balance (draw advances and deficits) from net earnings above the draw (negative).</summary>
    Recovery,
}

/// <summary>One line of a payout, with its lineage.</summary>
/// <param name="ParticipantId">Who is paid.</param>
/// <param name="PlanId">The plan whose terms apply.</param>
/// <param name="PeriodKey">The payment period.</param>
/// <param name="Sequence">Position within participant, plan and payment period (from 1).</param>
/// <param name="Kind">What the line is.</param>
/// <param name="BookingIds">The bookings behind the line (for a clawback, the original booking), ordered.</param>
/// <param name="CancellationBookingId">For a clawback, the cancellation or return that caused it; otherwise null.</param>
/// <param name="Earning">
/// For an earning line, the line itself; for a clawback, the original earning line reversed (its rate and tier are the
/// ones clawed back at); otherwise null.
/// </param>
/// <param name="Fraction">For a clawback, the share of the original credit cancelled (0.4 for 40 %); for a hold, the hold percentage as a fraction (0.5 for 50 %); otherwise null.</param>
/// <param name="Amount">The signed amount this line adds to the payable amount, whole minor units of the pay currency.</param>
/// <param name="Rule">The rule in words and numbers.</param>
public sealed record PayoutLine(
    string ParticipantId,
    string PlanId,
    string PeriodKey,
    int Sequence,
    PayoutLineKind Kind,
    IReadOnlyList<string> BookingIds,
    string? CancellationBookingId,
    EarningLine? Earning,
    decimal? Fraction,
    Money Amount,
    string Rule);

/// <summary>
/// A participant's payout under one plan for one payment period. <see cref="Payable"/> = Earned + ClawedBack − Held +
/// Released + DrawAdvanced + Guaranteed + DeficitCarried − Recovered, and is never negative.
/// </summary>
/// <param name="ParticipantId">Who is paid.</param>
/// <param name="PlanId">The plan.</param>
/// <param name="PeriodKey">The payment period.</param>
/// <param name="Earned">The period's earning lines.</param>
/// <param name="ClawedBack">The clawback lines (negative or zero).</param>
/// <param name="Held">Amounts put on hold this period (positive holds back).</param>
/// <param name="Released">Held amounts released this period.</param>
/// <param name="DrawAdvanced">Recoverable draw advanced this period.</param>
/// <param name="Guaranteed">Non-recoverable draw top-up this period.</param>
/// <param name="DeficitCarried">Net earnings below zero carried forward as owed.</param>
/// <param name="Recovered">Outstanding balance recovered this period.</param>
/// <param name="Payable">The amount to pay for the period.</param>
/// <param name="BalanceBefore">Outstanding balance owed by the participant at the start of the period (draw advances and deficits).</param>
/// <param name="BalanceAfter">Outstanding balance at the end of the period, carried to the next.</param>
/// <param name="HeldBefore">Amounts on hold at the start of the period.</param>
/// <param name="HeldAfter">Amounts on hold at the end of the period.</param>
public sealed record Payout(
    string ParticipantId,
    string PlanId,
    string PeriodKey,
    Money Earned,
    Money ClawedBack,
    Money Held,
    Money Released,
    Money DrawAdvanced,
    Money Guaranteed,
    Money DeficitCarried,
    Money Recovered,
    Money Payable,
    Money BalanceBefore,
    Money BalanceAfter,
    Money HeldBefore,
    Money HeldAfter);

/// <summary>The outcome of the payment stage.</summary>
/// <param name="Payouts">One per participant, plan and payment period, ordered by participant, plan, period.</param>
/// <param name="Lines">The lines behind the payouts, in the same order, then by sequence.</param>
/// <param name="Issues">Problems with the input, ordered by path and code.</param>
public sealed record PaymentResult(IReadOnlyList<Payout> Payouts, IReadOnlyList<PayoutLine> Lines, IReadOnlyList<InputIssue> Issues);
