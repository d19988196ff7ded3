using Attain.Application.Analytics;
using Attain.Application.Browse;

namespace Attain.Application.Pipeline;

/// <summary>
/// What every pipeline view is filtered by. <see cref="OwnerId"/> keeps one person's records; <see cref="TeamId"/> and
/// <see cref="RegionId"/> keep the records of people in that team (or a team of that region) as of today;
/// <see cref="Period"/> is a fiscal period key (default: the current fiscal quarter). Scoping applies first.
/// </summary>
public sealed record PipelineFilter
{
    public long? OwnerId { get; init; }
    public long? TeamId { get; init; }
    public long? RegionId { get; init; }
    public string? Period { get; init; }
}

/// <summary>The flag list's query: the filters, a flag code, whether to list healthy deals too, and paging.</summary>
public sealed record PipelineFlagsQuery : ListQuery
{
    public PipelineFilter Filter { get; init; } = new();

    /// <summary>Only deals carrying this flag (a code of docs/pipeline.md).</summary>
    public string? Code { get; init; }

    /// <summary>True (default) lists only flagged deals; false lists every open deal.</summary>
    public bool FlaggedOnly { get; init; } = true;

    /// <summary>When set, only deals whose close date lies in the filter's period.</summary>
    public bool InPeriodOnly { get; init; }

    /// <summary>Sort keys; without <see cref="ListQuery.Sort"/> the longest untouched deals come first (<c>-daysSinceTouch</c>).</summary>
    public override IReadOnlyList<string> SortKeys => ["daysSinceTouch", "closeDate", "amount", "name"];

    protected override void AddIssues(List<QueryIssue> issues)
    {
        if (Code is { } code && !Engine.Pipeline.PipelineFlagCodes.All.Contains(code, StringComparer.Ordinal))
        {
            issues.Add(new("unknown_value", "code", $"code must be one of {string.Join(", ", Engine.Pipeline.PipelineFlagCodes.All)}."));
        }
    }
}

/// <summary>A fact a flag rests on: for example <c>close date</c> = <c>2026-11-01</c>.</summary>
public sealed record FlagEvidenceResponse(string Name, string Value);

/// <summary>A flag on an open opportunity: its stable code, the reason in plain words and the evidence.</summary>
public sealed record PipelineFlagResponse(string Code, string Reason, IReadOnlyList<FlagEvidenceResponse> Evidence);

/// <summary>An open opportunity with its health: the dates it was last touched and its flags.</summary>
public sealed record OpportunityHealthResponse(
    long OpportunityId,
    string Name,
    long OwnerId,
    string OwnerName,
    long AccountId,
    string AccountName,
    decimal? Amount,
    string Currency,
    string Stage,
    DateOnly CloseDate,
    DateOnly CreatedDate,
    int CloseDatePushCount,
    DateOnly? LastStageChange,
    DateOnly? LastActivity,
    DateOnly LastTouch,
    int DaysSinceTouch,
    IReadOnlyList<PipelineFlagResponse> Flags);

/// <summary>How many deals carry a flag, over the filtered open deals (before the code filter and paging).</summary>
public sealed record FlagCountResponse(string Code, int Count);

/// <summary>One page of open opportunities with their flags, the counts per flag code, and the rules they were judged by.</summary>
public sealed record PipelineFlagsResponse(
    IReadOnlyList<OpportunityHealthResponse> Items,
    int Page,
    int PageSize,
    int Total,
    int PageCount,
    DateOnly AsOf,
    int StalledAfterDays,
    int OpenCount,
    IReadOnlyList<FlagCountResponse> Counts);

/// <summary>A stage's conversion rate (the Stage conversion rate KPI) with its terms and the opportunities of the visits.</summary>
public sealed record StageConversionResponse(decimal? Value, string? NoValueReason, decimal Converted, decimal Entered, IReadOnlyList<long> OpportunityIds);

/// <summary>One stage of the funnel: open deals now in it closing in the period, their value, and its conversion rate.</summary>
public sealed record FunnelStageResponse(
    string Stage,
    int Count,
    decimal? Value,
    string? NoValueReason,
    IReadOnlyList<long> OpportunityIds,
    StageConversionResponse Conversion);

/// <summary>The funnel of a period, in the reporting currency; the stages' values add up to <see cref="TotalValue"/>.</summary>
public sealed record FunnelResponse(
    string Period,
    DateOnly From,
    DateOnly To,
    string Currency,
    int TotalCount,
    decimal? TotalValue,
    string? NoValueReason,
    IReadOnlyList<FunnelStageResponse> Stages);

/// <summary>One person's coverage gap for a period (docs/pipeline.md), with the records behind it.</summary>
public sealed record CoverageGapResponse(
    long PersonId,
    string Name,
    decimal Quota,
    decimal NetBookings,
    decimal Remaining,
    decimal Pipeline,
    decimal WeightedPipeline,
    decimal? Gap,
    decimal? WeightedGap,
    decimal? Coverage,
    string? NoValueReason,
    IReadOnlyList<KpiRecordResponse> Records);

/// <summary>The coverage gaps of a period.</summary>
public sealed record CoverageGapsResponse(
    string Period,
    DateOnly From,
    DateOnly To,
    string Currency,
    IReadOnlyList<CoverageGapResponse> Gaps);

/// <summary>A pipeline review of one person: every open deal of theirs with its flags, worst first, and their coverage gap.</summary>
public sealed record PipelineReviewResponse(
    long PersonId,
    string Name,
    DateOnly AsOf,
    int StalledAfterDays,
    string Currency,
    IReadOnlyList<OpportunityHealthResponse> Deals,
    CoverageGapResponse? CoverageGap);

/// <summary>A person whose pipeline can be reviewed: in the viewer's scope, with their number of open deals.</summary>
public sealed record ReviewablePersonResponse(long PersonId, string Name, int OpenDeals);

/// <summary>The organisation's pipeline settings.</summary>
public sealed record PipelineSettingsResponse(int StalledAfterDays);

/// <summary>An answer, or the issues (code, parameter path, message) that stop it.</summary>
public sealed record PipelineAnswer<T>(T? Result, IReadOnlyList<QueryIssue> Issues)
    where T : class;
