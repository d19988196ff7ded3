using System.Text.Json.Serialization;
using Attain.Application.Browse;

namespace Attain.Application.Segmentation;

/// <summary>A segment of a rule scheme as written in a request: key, name and condition (docs/segmentation.md).</summary>
public sealed record SegmentRuleRecord(string? Key, string? Name, string? Condition);

/// <summary>A segment's key and name.</summary>
public sealed record SegmentRecord(string? Key, string? Name);

/// <summary>The ABC thresholds as cumulative shares of the total potential (defaults 0.80 and 0.95).</summary>
public sealed record ThresholdsRecord(decimal? A, decimal? B);

/// <summary>
/// A scheme's parameters. Rules: <see cref="Segments"/> and <see cref="Default"/>. K-means: <see cref="K"/> and
/// <see cref="Seed"/> (default 1). ABC: <see cref="Thresholds"/> (optional). Parameters of another kind must be left out.
/// </summary>
public sealed record SegmentationParameters
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SegmentRuleRecord>? Segments { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SegmentRecord? Default { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? K { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Seed { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ThresholdsRecord? Thresholds { get; init; }
}

/// <summary>What creates or replaces a scheme: key, name, kind (rules, kmeans, abc) and its parameters.</summary>
public sealed record SegmentationRequest(string? Key, string? Name, string? Kind, SegmentationParameters? Parameters);

/// <summary>A scheme, its segments in display order (empty before its first computation) and when it was last computed.</summary>
public sealed record SegmentationResponse(
    long Id,
    string Key,
    string Name,
    string Kind,
    SegmentationParameters Parameters,
    DateTime? ComputedAt,
    IReadOnlyList<SegmentResponse> Segments);

/// <summary>A segment: its key and name.</summary>
public sealed record SegmentResponse(string Key, string Name);

/// <summary>The segment of an account in one scheme.</summary>
public sealed record AccountSegmentResponse(string Segmentation, string Segment, string SegmentName);

/// <summary>
/// One segment over the accounts the viewer may see: how many accounts, their net bookings of the last 12 months and
/// weighted open pipeline in the reporting currency, and their win rate (won ÷ closed opportunities, all time).
/// </summary>
public sealed record SegmentSummaryResponse(
    string Key,
    string Name,
    int Accounts,
    decimal Bookings12Months,
    decimal WeightedPipeline,
    int Won,
    int Closed,
    decimal? WinRate);

/// <summary>A scheme's segments with their figures, in the reporting currency, as of a date.</summary>
public sealed record SegmentationSummaryResponse(string Segmentation, string Name, string Currency, DateOnly AsOf, IReadOnlyList<SegmentSummaryResponse> Segments);

/// <summary>How a recomputation went: how many accounts fell in each segment.</summary>
public sealed record RecomputeResponse(string Segmentation, DateTime ComputedAt, int Accounts, IReadOnlyList<SegmentCountResponse> Segments);

/// <summary>A segment and its number of accounts.</summary>
public sealed record SegmentCountResponse(string Key, string Name, int Accounts);

/// <summary>A scheme saved or recomputed, or the problems that stopped it (code, field path, message); <see cref="NotFound"/> when there is no such scheme.</summary>
public sealed record SegmentationOutcome<T>(T? Value, IReadOnlyList<QueryIssue> Issues, bool NotFound = false)
    where T : class
{
    public bool Succeeded => Value is not null;
}
