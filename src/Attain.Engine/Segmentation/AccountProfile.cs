using Attain.Engine.Expressions;

namespace Attain.Engine.Segmentation;

/// <summary>
/// What segmentation knows of one account: its firmographics and its sales history, money already in the
/// organisation's reporting currency. The application builds it; the engine never converts currencies here.
/// </summary>
/// <param name="Id">The account's stable id (compared ordinally; decides every tie).</param>
/// <param name="Industry">Industry name, or null.</param>
/// <param name="Employees">Head count, or null when unknown.</param>
/// <param name="AnnualRevenue">Annual revenue in the reporting currency, or null when unknown or not convertible.</param>
/// <param name="Country">ISO 3166-1 alpha-2 code, or null.</param>
/// <param name="Region">The account's region (free text), or null.</param>
/// <param name="City">City, or null.</param>
/// <param name="Bookings12Months">Net bookings (orders minus cancellations and returns) of the 365 days up to and including the as-of date.</param>
/// <param name="Opportunities">Opportunities of the account, whatever their status.</param>
/// <param name="WonOpportunities">Opportunities won.</param>
/// <param name="LostOpportunities">Opportunities lost.</param>
/// <param name="WeightedPipeline">Open opportunities' amounts times their stage probability, in the reporting currency.</param>
public sealed record AccountProfile(
    string Id,
    string? Industry,
    decimal? Employees,
    decimal? AnnualRevenue,
    string? Country,
    string? Region,
    string? City,
    decimal Bookings12Months,
    int Opportunities,
    int WonOpportunities,
    int LostOpportunities,
    decimal WeightedPipeline) : IExpressionRecord
{
    /// <summary>Won divided by closed (won + lost) opportunities; null when none is closed.</summary>
    public decimal? WinRate => WonOpportunities + LostOpportunities == 0 ? null : (decimal)WonOpportunities / (WonOpportunities + LostOpportunities);

    /// <summary>
    /// The revenue potential ABC classification ranks by: net bookings of the last 12 months plus the weighted open
    /// pipeline, never below zero.
    /// </summary>
    public decimal Potential => Math.Max(0m, Bookings12Months + WeightedPipeline);

    /// <inheritdoc />
    public ExpressionValue this[int slot] => slot switch
    {
        0 => ExpressionValue.FromString(Industry),
        1 => Number(Employees),
        2 => Number(AnnualRevenue),
        3 => ExpressionValue.FromString(Country),
        4 => ExpressionValue.FromString(Region),
        5 => ExpressionValue.FromString(City),
        6 => ExpressionValue.FromDecimal(Bookings12Months),
        7 => ExpressionValue.FromDecimal(Opportunities),
        8 => ExpressionValue.FromDecimal(WonOpportunities),
        9 => Number(WinRate),
        10 => ExpressionValue.FromDecimal(WeightedPipeline),
        11 => ExpressionValue.FromDecimal(Potential),
        _ => throw new ArgumentOutOfRangeException(nameof(slot)),
    };

    /// <summary>
    /// The names a segment condition may read, in slot order: <c>industry</c>, <c>employees</c>, <c>annual_revenue</c>,
    /// <c>country</c>, <c>region</c>, <c>city</c>, <c>bookings_12m</c>, <c>opportunities</c>, <c>won_opportunities</c>,
    /// <c>win_rate</c>, <c>weighted_pipeline</c>, <c>potential</c>.
    /// </summary>
    public static ExpressionSchema Schema { get; } = new(
        new ExpressionField("industry", ExpressionType.String),
        new ExpressionField("employees", ExpressionType.Number),
        new ExpressionField("annual_revenue", ExpressionType.Number),
        new ExpressionField("country", ExpressionType.String),
        new ExpressionField("region", ExpressionType.String),
        new ExpressionField("city", ExpressionType.String),
        new ExpressionField("bookings_12m", ExpressionType.Number),
        new ExpressionField("opportunities", ExpressionType.Number),
        new ExpressionField("won_opportunities", ExpressionType.Number),
        new ExpressionField("win_rate", ExpressionType.Number),
        new ExpressionField("weighted_pipeline", ExpressionType.Number),
        new ExpressionField("potential", ExpressionType.Number));

    private static ExpressionValue Number(decimal? value) => value is { } v ? ExpressionValue.FromDecimal(v) : ExpressionValue.Null;
}
