using System.Globalization;
using Attain.Application.Analytics;
using Attain.Web.Components.Shared;

namespace Attain.Web.Components.Dashboards;

/// <summary>How dashboards write their numbers: money in the reporting currency, ratios as percentages rounded half away from zero.</summary>
public static class DashboardFormat
{
    public static string Value(string unit, decimal? value, string currency) => value is not { } v
        ? "—"
        : unit switch
        {
            "Money" => Display.Money(decimal.Round(v, 2, MidpointRounding.AwayFromZero), currency),
            "Ratio" => decimal.Round(v * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + " %",
            _ => v.ToString("#,0.##", CultureInfo.InvariantCulture),
        };

    public static string Value(DashboardFigure figure, string currency) => Value(figure.Unit, figure.Value, currency);

    /// <summary>The unrounded value as invariant text, for the data-value attribute tests compare with the API.</summary>
    public static string Raw(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A chart's value as a double (charts draw doubles; the tables beside them keep the exact figure).</summary>
    public static double Plot(decimal? value) => value is { } v ? (double)v : 0d;
}
