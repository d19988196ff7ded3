using Attain.Application.Browse;

namespace Attain.Application.Analytics;

/// <summary>One KPI of the catalog: its URL key, its name in docs/kpis.md, what its parameter is, and a one-line definition.</summary>
/// <param name="Key">The name in URLs: lower case, words joined by '-' (<c>win-rate-by-count</c>).</param>
/// <param name="Name">The name in docs/kpis.md (<c>Win rate by count</c>).</param>
/// <param name="Parameter">What <c>parameter</c> is for this KPI (<c>stage</c>, <c>activityType</c>), or null when it takes none.</param>
/// <param name="ParameterRequired">True when the KPI cannot be computed without its parameter.</param>
/// <param name="Unit">Money, Count, Ratio, Days or MoneyPerDay.</param>
/// <param name="Additive">True when the groups' values add up to the total.</param>
/// <param name="Definition">The formula and deciding date in one line.</param>
public sealed record KpiCatalogEntry(
    string Key,
    string Name,
    string? Parameter,
    bool ParameterRequired,
    string Unit,
    bool Additive,
    string Definition);

/// <summary>
/// What to compute: a KPI by its key, a fiscal period key (default: the current fiscal quarter), a grouping and a
/// parameter; <see cref="Segmentation"/> names the scheme <c>groupBy=segment</c> groups by, and <see cref="Segment"/>
/// (<c>SCHEME:SEGMENT</c>) keeps only the records of accounts in that segment.
/// </summary>
public sealed record KpiQuery(string Kpi, string? Period = null, string? GroupBy = null, string? Parameter = null, string? Segmentation = null, string? Segment = null);

/// <summary>A KPI for a period, with the previous period and the same period a year earlier, in total and per group.</summary>
/// <param name="Kpi">The KPI's key.</param>
/// <param name="Name">The KPI's name.</param>
/// <param name="Parameter">The stage or activity type it is restricted to, or null.</param>
/// <param name="Unit">Money, Count, Ratio, Days or MoneyPerDay.</param>
/// <param name="Currency">The reporting currency (the organisation's base currency) for money units; otherwise null.</param>
/// <param name="Period">The period key asked for (or defaulted to).</param>
/// <param name="GroupBy">rep, team, region, product, segment, or none.</param>
/// <param name="Total">The value over every record the viewer may see.</param>
/// <param name="Groups">One value per group key, ordered by key; empty for <c>none</c>.</param>
public sealed record KpiResponse(
    string Kpi,
    string Name,
    string? Parameter,
    string Unit,
    string? Currency,
    string Period,
    string GroupBy,
    KpiValueResponse Total,
    IReadOnlyList<KpiGroupResponse> Groups);

/// <summary>The period asked for, the previous one and the same period a year earlier.</summary>
public sealed record KpiValueResponse(KpiMeasurementResponse Current, KpiMeasurementResponse Previous, KpiMeasurementResponse YearAgo);

/// <summary>A group: its key (a person, team, region or product id, a segment key, or <c>none</c>), its display name, and its values.</summary>
public sealed record KpiGroupResponse(string Key, string? Name, KpiValueResponse Value);

/// <summary>
/// A KPI over one period (both ends inclusive). <see cref="Value"/> is unrounded and null with <see cref="NoValueReason"/>
/// when it has none. <see cref="Records"/> holds the first <see cref="KpiService.MaxRecords"/> records that count, ordered
/// by type then id; <see cref="RecordCount"/> counts them all.
/// </summary>
public sealed record KpiMeasurementResponse(
    string Period,
    DateOnly From,
    DateOnly To,
    decimal? Value,
    string? NoValueReason,
    IReadOnlyList<KpiTermResponse> Terms,
    int RecordCount,
    IReadOnlyList<KpiRecordResponse> Records);

/// <summary>A named sum the value was computed from (for example <c>won</c> = 3, <c>closed</c> = 5).</summary>
public sealed record KpiTermResponse(string Name, decimal Amount);

/// <summary>A record behind a number: its type (Opportunity, Activity, Booking, Quota, Account) and id.</summary>
public sealed record KpiRecordResponse(string Type, long Id);

/// <summary>A computed KPI, or the reasons the query cannot be answered (code, field path, message).</summary>
public sealed record KpiAnswer(KpiResponse? Result, IReadOnlyList<QueryIssue> Issues)
{
    public bool IsValid => Issues.Count == 0;
}
