namespace Attain.Application.Compensation;

/// <summary>What a stored run line is: an earning line of the calculation or a line of the payment stage.</summary>
public enum RunLineSource
{
    /// <summary>An earning line (commission, true-up, quota bonus, cap, SPIFF, MBO, gate, guarantee).</summary>
    Earning,

    /// <summary>A payout line other than the earning itself: clawback, hold, release, draw, deficit, recovery.</summary>
    Payment,
}

/// <summary>
/// One line of a run's results for one participant, with its lineage flattened into columns (the engine's
/// <c>EarningLine</c> or <c>PayoutLine</c>). <see cref="Number"/> numbers the participant's lines in the run from 1, in
/// the engine's order, so (run, person, number) addresses a statement line.
/// </summary>
public class RunLine
{
    public long RunId { get; set; }
    public long PersonId { get; set; }
    public int Number { get; set; }
    public RunLineSource Source { get; set; }

    /// <summary>The engine's kind name: <c>Commission</c>, <c>QuotaBonus</c>, ... or <c>Clawback</c>, <c>DrawAdvance</c>, ...</summary>
    public required string Kind { get; set; }

    public required string PlanKey { get; set; }
    public int PlanVersion { get; set; }

    /// <summary>The component, or null for a payment line that belongs to no component (a draw).</summary>
    public string? ComponentId { get; set; }

    /// <summary>The component's own period (an earning) or the payment period (a payment line).</summary>
    public required string PeriodKey { get; set; }

    public DateOnly Date { get; set; }

    /// <summary>The bookings behind the line as their external ids, separated by <c>|</c>.</summary>
    public string? BookingIds { get; set; }

    /// <summary>The credits behind the line, separated by <c>|</c>.</summary>
    public string? CreditIds { get; set; }

    public decimal? CreditValue { get; set; }
    public decimal? MeasureBefore { get; set; }
    public decimal? MeasureAfter { get; set; }
    public decimal? Quota { get; set; }
    public decimal? AttainmentPercent { get; set; }
    public int? TierIndex { get; set; }
    public decimal? Rate { get; set; }
    public decimal? Base { get; set; }
    public string? FxQuote { get; set; }

    /// <summary>The rule in words and numbers, as the engine wrote it.</summary>
    public required string Rule { get; set; }

    /// <summary>The rounding applied, or null.</summary>
    public string? Rounding { get; set; }

    /// <summary>The signed amount, in <see cref="Currency"/>.</summary>
    public decimal Amount { get; set; }

    public required string Currency { get; set; }
}

/// <summary>A participant's measure for one plan component and component period in a run (the engine's <c>MeasureResult</c>).</summary>
public class RunMeasure
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long PersonId { get; set; }
    public required string PlanKey { get; set; }
    public required string ComponentId { get; set; }
    public required string PeriodKey { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public decimal ProrationFactor { get; set; }
    public decimal Value { get; set; }
    public decimal? Quota { get; set; }
    public decimal? TargetIncentive { get; set; }
    public decimal? AttainmentPercent { get; set; }
    public decimal Earned { get; set; }
    public required string Currency { get; set; }
}

/// <summary>A participant's payout under one plan for the run's period (the engine's <c>Payout</c>).</summary>
public class RunPayout
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long PersonId { get; set; }
    public required string PlanKey { get; set; }
    public required string PeriodKey { get; set; }
    public required string Currency { get; set; }
    public decimal Earned { get; set; }
    public decimal ClawedBack { get; set; }
    public decimal Held { get; set; }
    public decimal Released { get; set; }
    public decimal DrawAdvanced { get; set; }
    public decimal Guaranteed { get; set; }
    public decimal DeficitCarried { get; set; }
    public decimal Recovered { get; set; }

    /// <summary>What the plan pays for the period, before adjustments.</summary>
    public decimal Payable { get; set; }

    public decimal BalanceBefore { get; set; }
    public decimal BalanceAfter { get; set; }
    public decimal HeldBefore { get; set; }
    public decimal HeldAfter { get; set; }
}
