using System.Diagnostics.CodeAnalysis;

namespace Attain.Engine.Monetary;

/// <summary>An ISO 4217 currency: its three-letter code and the number of digits of its minor unit.</summary>
/// <remarks>
/// Equality is by value: two currencies are equal when both <see cref="Code"/> and <see cref="MinorUnits"/> are equal.
/// Prefer <see cref="FromCode(string)"/>, which returns the single instance from the ISO 4217 table.
/// </remarks>
/// <param name="Code">The ISO 4217 alphabetic code: exactly three ASCII upper-case letters (for example <c>EUR</c>).</param>
/// <param name="MinorUnits">
/// Digits after the decimal point of the currency's smallest unit (EUR 2, JPY 0, BHD 3), from 0 to 4;
/// more than 4 could not be held at rest in 1/10,000 units (ADR 0003).
/// </param>
public sealed record Currency(string Code, int MinorUnits)
{
    /// <summary>The largest number of minor-unit digits a currency may have (ISO 4217's largest is 4, for CLF and UYW).</summary>
    public const int MaxMinorUnits = 4;

    private static readonly Dictionary<string, Currency> Table = BuildTable();

    /// <summary>The ISO 4217 alphabetic code: exactly three ASCII upper-case letters.</summary>
    /// <exception cref="ArgumentException">The code is not three ASCII upper-case letters.</exception>
    public string Code { get; init => field = ValidCode(value); } = ValidCode(Code);

    /// <summary>Digits after the decimal point of the currency's smallest unit, from 0 to <see cref="MaxMinorUnits"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above <see cref="MaxMinorUnits"/>.</exception>
    public int MinorUnits { get; init => field = ValidMinorUnits(value); } = ValidMinorUnits(MinorUnits);

    /// <summary>Every currency in the built-in ISO 4217 table, ordered by code (ordinal).</summary>
    public static IReadOnlyList<Currency> All { get; } = [.. Table.Values.OrderBy(c => c.Code, StringComparer.Ordinal)];

    /// <summary>Looks up a currency in the built-in ISO 4217 table.</summary>
    /// <param name="code">The alphabetic code; compared ignoring ASCII case, so <c>eur</c> finds EUR.</param>
    /// <returns>The table's instance, whose <see cref="Code"/> is upper case.</returns>
    /// <exception cref="ArgumentException">The code is not in the table; the message names it.</exception>
    public static Currency FromCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return TryFromCode(code, out var currency)
            ? currency
            : throw new ArgumentException($"Unknown ISO 4217 currency code '{code}'.", nameof(code));
    }

    /// <summary>Looks up a currency in the built-in ISO 4217 table without throwing.</summary>
    /// <param name="code">The alphabetic code; compared ignoring ASCII case. Null is allowed and is not found.</param>
    /// <param name="currency">The table's instance when found; otherwise null.</param>
    /// <returns>True when the code is in the table.</returns>
    public static bool TryFromCode(string? code, [NotNullWhen(true)] out Currency? currency)
    {
        currency = null;
        return code is not null && Table.TryGetValue(code, out currency);
    }

    /// <summary>Returns the code, for example <c>EUR</c>.</summary>
    public override string ToString() => Code;

    private static string ValidCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"A currency code is three ASCII upper-case letters, not '{code}'.", nameof(code));
        }

        return code;
    }

    private static int ValidMinorUnits(int minorUnits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minorUnits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minorUnits, MaxMinorUnits);
        return minorUnits;
    }

    private static Dictionary<string, Currency> BuildTable()
    {
        // ISO 4217 minor units, kept to currencies a sales organisation is likely to pay in; add rows as needed.
        Currency[] currencies =
        [
            new("AED", 2), new("ARS", 2), new("AUD", 2), new("BHD", 3), new("BRL", 2), new("CAD", 2),
            new("CHF", 2), new("CLF", 4), new("CLP", 0), new("CNY", 2), new("COP", 2), new("CZK", 2),
            new("DKK", 2), new("EGP", 2), new("EUR", 2), new("GBP", 2), new("HKD", 2), new("HUF", 2),
            new("IDR", 2), new("ILS", 2), new("INR", 2), new("IQD", 3), new("ISK", 0), new("JOD", 3),
            new("JPY", 0), new("KES", 2), new("KRW", 0), new("KWD", 3), new("LYD", 3), new("MXN", 2),
            new("MYR", 2), new("NGN", 2), new("NOK", 2), new("NZD", 2), new("OMR", 3), new("PEN", 2),
            new("PHP", 2), new("PKR", 2), new("PLN", 2), new("PYG", 0), new("QAR", 2), new("RON", 2),
            new("SAR", 2), new("SEK", 2), new("SGD", 2), new("THB", 2), new("TND", 3), new("TRY", 2),
            new("TWD", 2), new("UGX", 0), new("USD", 2), new("UYU", 2), new("VND", 0), new("XAF", 0),
            new("XOF", 0), new("ZAR", 2),
        ];
        return currencies.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
    }
}
