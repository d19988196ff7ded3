namespace Attain.Application.Segmentation;

/// <summary>
/// A named segmentation scheme: rules, k-means or ABC, with its parameters as JSON (<see cref="SegmentationParameters"/>).
/// Its accounts' segments are stored as <see cref="AccountSegment"/> rows, replaced whenever it is recomputed.
/// </summary>
public class SegmentationScheme
{
    public long Id { get; set; }
    /// <summary>Stable key used in filters (<c>segment=KEY:SEGMENT</c>) and rule attributes (<c>segment.KEY</c>).</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public SegmentationKind Kind { get; set; }
    /// <summary>The parameters as JSON: rules and default segment, k and seed, or the ABC thresholds.</summary>
    public required string Parameters { get; set; }
    /// <summary>When the assignments were last computed (UTC), or null when never.</summary>
    public DateTime? ComputedAt { get; set; }
}

public enum SegmentationKind
{
    Rules,
    KMeans,
    Abc,
}

/// <summary>The segment an account fell in when its scheme was last computed. Derived data: not in the change log.</summary>
public class AccountSegment
{
    public long Id { get; set; }
    public long SegmentationId { get; set; }
    public long AccountId { get; set; }
    public required string SegmentKey { get; set; }
    public required string SegmentName { get; set; }
    /// <summary>Why: the rule that matched, the distance to the cluster centre, or the cumulative share.</summary>
    public required string Reason { get; set; }
    public DateTime ComputedAt { get; set; }
}
