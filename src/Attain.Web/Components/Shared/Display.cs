using System.Globalization;
using Attain.Engine.Monetary;

namespace Attain.Web.Components.Shared;

/// <summary>How the UI writes amounts and dates: invariant culture, ISO dates, amounts with their currency's minor units.</summary>
public static class Display
{
    /// <summary><c>12,345.60 EUR</c>: grouped, with as many decimals as the currency has minor units (2 when unknown).</summary>
    public static string Money(decimal amount, string currency)
    {
        var decimals = Currency.TryFromCode(currency, out var known) ? known.MinorUnits : 2;
        return $"{amount.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {currency}";
    }

    public static string Money(decimal? amount, string currency) => amount is { } value ? Money(value, currency) : "—";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is { } value ? Date(value) : "—";

    /// <summary>An instant stored as UTC, written as UTC to the minute.</summary>
    public static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Instant(DateTime? utc) => utc is { } value ? Instant(value) : "—";

    public static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);

    /// <summary>An enum value as words: <c>BestCase</c> → "Best case", <c>NoAnswer</c> → "No answer".</summary>
    public static string Words<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var words = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }

        return words.ToString();
    }
}
