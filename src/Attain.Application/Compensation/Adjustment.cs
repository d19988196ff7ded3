namespace Attain.Application.Compensation;

/// <summary>Why an adjustment exists.</summary>
public enum AdjustmentKind
{
    /// <summary>Entered by a person, with a reason.</summary>
    Manual,

    /// <summary>The difference a recalculation of a closed period made, carried into an open period.</summary>
    PriorPeriod,

    /// <summary>The resolution of a dispute.</summary>
    Dispute,
}

/// <summary>Where an adjustment is in its approval.</summary>
public enum AdjustmentStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// An amount added to (or taken from) a participant's pay in a period outside the calculation, with its reason. Only
/// approved adjustments count on statements and in payouts; whoever requested one cannot approve it.
/// </summary>
public class Adjustment
{
    public long Id { get; set; }
    public long PersonId { get; set; }

    /// <summary>The period whose statement and payout it is paid in.</summary>
    public required string PeriodKey { get; set; }

    public AdjustmentKind Kind { get; set; }

    /// <summary>Signed amount in <see cref="Currency"/> (the person's pay currency).</summary>
    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    /// <summary>The component it adjusts, or null for the statement as a whole.</summary>
    public string? ComponentId { get; set; }

    /// <summary>Why, in plain words shown on the statement.</summary>
    public required string Reason { get; set; }

    public AdjustmentStatus Status { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime RequestedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }

    /// <summary>For a prior-period adjustment: the closed period recalculated.</summary>
    public string? SourcePeriodKey { get; set; }

    /// <summary>For a prior-period adjustment: the recalculation run whose difference this is.</summary>
    public long? SourceRunId { get; set; }

    /// <summary>For a dispute resolution: the dispute.</summary>
    public long? DisputeId { get; set; }
}
