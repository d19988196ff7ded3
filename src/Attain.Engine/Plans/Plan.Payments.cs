namespace Attain.Engine.Plans;

/// <content>The payment terms of a plan: draws, clawbacks and holds, applied by <c>Payments.PaymentCalculator</c>.</content>
public sealed partial record Plan
{
    /// <summary>The draw paid each payment period, or null for none.</summary>
    public DrawTerms? Draw { get; init; }

    /// <summary>How cancellations claw back earnings, or null for the default (negative commission at the current tier).</summary>
    public ClawbackTerms? Clawback { get; init; }

    /// <summary>The hold on bookings' earnings until their release date, or null for none.</summary>
    public HoldRule? Hold { get; init; }

    /// <summary>
    /// Whether the plan has any payment terms (a draw, clawback or hold): without them the payment stage pays the sum of
    /// its earning lines per period, which is all a period it does not report needs of them.
    /// </summary>
    internal bool HasPaymentTerms => Draw is not null || Clawback is not null || Hold is not null;
}
