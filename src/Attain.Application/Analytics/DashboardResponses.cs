namespace Attain.Application.Analytics;

/// <summary>
/// What a dashboard shows: a fiscal period key (default: the current fiscal quarter), and optional filters. A rep's
/// dashboard may name another <see cref="Person"/> the viewer may see (a manager looking at a rep); team and region
/// keep the records of people who were members of that team (or of a team in that region) on the record's date.
/// </summary>
public sealed record DashboardQuery(string? Period = null, long? Person = null, long? Team = null, long? Region = null, long? Product = null);

/// <summary>The filters a dashboard was computed with, the period's dates (both inclusive) and the reporting currency.</summary>
public sealed record DashboardFilters(string Period, DateOnly From, DateOnly To, long? Person, long? Team, long? Region, long? Product, string Currency);

/// <summary>
/// One number with the records behind it. <see cref="Value"/> is unrounded; null with <see cref="NoValueReason"/> when
/// it has none (no quota, a missing FX rate). <see cref="Href"/> is the UI browse page listing the records behind it
/// (for example <c>bookings?owner=12&amp;from=2026-02-01&amp;to=2026-04-30</c>), relative to the site's base address.
/// </summary>
/// <param name="Unit">Money (in the reporting currency), Ratio (a fraction: 1.05 is 105 %) or Count.</param>
public sealed record DashboardFigure(string Name, string Unit, decimal? Value, string? NoValueReason, string? Href)
{
    public static DashboardFigure Money(string name, decimal? value, string? reason, string? href) => new(name, "Money", value, reason, href);

    public static DashboardFigure Count(string name, int value, string? href) => new(name, "Count", value, null, href);

    public static DashboardFigure Ratio(string name, decimal? numerator, decimal? denominator, string noDenominator, string? href) =>
        numerator is null || denominator is null
            ? new(name, "Ratio", null, "A part of the ratio has no value (missing FX rate).", href)
            : denominator == 0m ? new(name, "Ratio", null, noDenominator, href) : new(name, "Ratio", numerator.Value / denominator.Value, null, href);
}

/// <summary>A chart: named bars (or points) in one unit, each with its drill-down link.</summary>
public sealed record DashboardSeries(string Name, string Unit, IReadOnlyList<DashboardBar> Bars);

/// <summary>A bar of a chart: its key (a stage, a period key, an activity type, a bucket), label, value and drill-down link.</summary>
public sealed record DashboardBar(string Key, string Label, decimal? Value, string? Href);

/// <summary>A rep's own numbers for the period, this week's activities and the trend of the last eight periods of the same kind.</summary>
public sealed record RepDashboard(
    DashboardFilters Filters,
    long PersonId,
    string PersonName,
    DashboardFigure Attainment,
    DashboardFigure Bookings,
    DashboardFigure Quota,
    DashboardFigure Pipeline,
    DashboardFigure Coverage,
    DashboardSeries PipelineByStage,
    DateOnly WeekFrom,
    DateOnly WeekTo,
    DashboardSeries ActivitiesThisWeek,
    DashboardSeries BookingsTrend,
    DashboardSeries QuotaTrend);

/// <summary>A manager's team: one row per rep, the distribution of attainment, who is behind and why, and the activity mix.</summary>
public sealed record ManagerDashboard(
    DashboardFilters Filters,
    DashboardFigure Attainment,
    DashboardFigure Bookings,
    DashboardFigure Quota,
    DashboardFigure Pipeline,
    IReadOnlyList<DashboardRepRow> Reps,
    DashboardSeries AttainmentDistribution,
    IReadOnlyList<DashboardBehindRow> Behind,
    DashboardSeries ActivityMix);

/// <summary>A rep on the manager's dashboard: each number with its drill-down link.</summary>
public sealed record DashboardRepRow(
    long PersonId,
    string Name,
    DashboardFigure Bookings,
    DashboardFigure Quota,
    DashboardFigure Attainment,
    DashboardFigure Pipeline,
    DashboardFigure Coverage,
    DashboardFigure Activities);

/// <summary>A rep whose attainment is below the share of the period already gone, and the reasons found in the data.</summary>
/// <param name="ExpectedAttainment">The share of the period's days elapsed up to today (1 for a past period).</param>
public sealed record DashboardBehindRow(long PersonId, string Name, decimal? Attainment, decimal ExpectedAttainment, IReadOnlyList<string> Reasons, string Href);

/// <summary>The company (or one region or product): attainment, bookings trend, pipeline by stage and the regions side by side.</summary>
public sealed record ExecutiveDashboard(
    DashboardFilters Filters,
    DashboardFigure Attainment,
    DashboardFigure Bookings,
    DashboardFigure Quota,
    DashboardFigure Pipeline,
    DashboardSeries BookingsTrend,
    DashboardSeries QuotaTrend,
    DashboardSeries PipelineByStage,
    IReadOnlyList<DashboardRegionRow> Regions);

/// <summary>A region on the executive dashboard (<see cref="RegionId"/> null: people in no team on the record's date).</summary>
public sealed record DashboardRegionRow(long? RegionId, string Name, DashboardFigure Bookings, DashboardFigure Quota, DashboardFigure Attainment, DashboardFigure Pipeline);

/// <summary>A dashboard, or the issues with its query (unknown period, a filter naming nothing the viewer may see).</summary>
public sealed record DashboardAnswer<T>(T? Result, IReadOnlyList<Browse.QueryIssue> Issues)
    where T : class;

/// <summary>A choice of a filter: an id and its name.</summary>
public sealed record DashboardOption(long Id, string Name);

/// <summary>The filters' choices: the default period, period keys (recent quarters, months and years), teams, regions and products.</summary>
public sealed record DashboardOptions(
    string DefaultPeriod,
    IReadOnlyList<string> Periods,
    IReadOnlyList<DashboardOption> Teams,
    IReadOnlyList<DashboardOption> Regions,
    IReadOnlyList<DashboardOption> Products);
