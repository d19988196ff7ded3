using System.Globalization;

namespace Attain.Application.Imports.Csv;

/// <summary>
/// How values are written to and read from CSV cells, shared by imports and exports so a round trip is exact.
/// Numbers use the invariant culture with a '.' decimal point and no thousands separators.
/// </summary>
public static class CsvValues
{
    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>ISO first; then the Salesforce (US, month first) and HubSpot report formats.</summary>
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd",
        "M/d/yyyy",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "M/d/yyyy h:mm tt",
        "M/d/yyyy H:mm",
    ];

    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
        "M/d/yyyy h:mm tt",
        "M/d/yyyy H:mm",
        "M/d/yyyy",
    ];

    public static bool TryParseDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>A business date; a time of day, if present, is dropped (HubSpot writes <c>2026-03-31 00:00</c>).</summary>
    public static bool TryParseDate(string text, out DateOnly value)
    {
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dateTime))
        {
            value = DateOnly.FromDateTime(dateTime);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>An instant; without an offset it is taken as UTC.</summary>
    public static bool TryParseInstant(string text, out DateTime value)
    {
        if (DateTime.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            value = DateTime.SpecifyKind(value, DateTimeKind.Utc);
            return true;
        }

        return false;
    }

    public static bool TryParseBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "y":
                value = true;
                return true;
            case "false" or "0" or "no" or "n":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Matches an enum member ignoring case, spaces, '_' and '-' ("Best Case", "best_case", "BEST-CASE").</summary>
    public static bool TryParseEnum<T>(string text, IReadOnlyDictionary<string, T>? synonyms, out T value)
        where T : struct, Enum
    {
        var key = Normalise(text);
        if (synonyms is not null)
        {
            foreach (var (name, synonym) in synonyms)
            {
                if (Normalise(name) == key)
                {
                    value = synonym;
                    return true;
                }
            }
        }

        foreach (var member in Enum.GetValues<T>())
        {
            if (Normalise(member.ToString()) == key)
            {
                value = member;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The number of digits after the decimal point, ignoring trailing zeros.</summary>
    public static int DecimalPlaces(decimal value)
    {
        var normalised = value / 1.0000000000000000000000000000m;
        return (decimal.GetBits(normalised)[3] >> 16) & 0xFF;
    }

    /// <summary>Formats a cell value the way imports read it back.</summary>
    public static string Format(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string Normalise(string text) =>
        string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c != '_' && c != '-' && c != '/')).ToLowerInvariant();
}
