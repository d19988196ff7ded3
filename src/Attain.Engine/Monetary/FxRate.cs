using System.Globalization;

namespace Attain.Engine.Monetary;

/// <summary>
/// An exchange rate quoted on a date: one unit of <see cref="From"/> is worth <see cref="Rate"/> units of
/// <see cref="To"/>. It applies from <see cref="Date"/> (inclusive) until the next quote for the same pair.
/// </summary>
/// <remarks>Equality is by value: both currencies, the date and the numeric rate.</remarks>
public sealed record FxRate
{
    /// <summary>Creates a quote: 1 <paramref name="from"/> = <paramref name="rate"/> <paramref name="to"/> from <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentException">The currencies are the same.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate is zero or negative.</exception>
    public FxRate(Currency from, Currency to, DateOnly date, decimal rate)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from == to)
        {
            throw new ArgumentException($"An FX rate converts between two currencies, not {from.Code} to itself.", nameof(to));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        From = from;
        To = to;
        Date = date;
        Rate = rate;
    }

    /// <summary>The currency converted from.</summary>
    public Currency From { get; }

    /// <summary>The currency converted to.</summary>
    public Currency To { get; }

    /// <summary>The first day the quote applies (inclusive).</summary>
    public DateOnly Date { get; }

    /// <summary>Units of <see cref="To"/> per one unit of <see cref="From"/>; positive, exact, not rounded.</summary>
    public decimal Rate { get; }

    /// <summary>For example <c>EUR→USD 1.0850 on 2026-03-31</c>.</summary>
    public override string ToString() =>
        $"{From.Code}→{To.Code} {Rate.ToString(CultureInfo.InvariantCulture)} on {Date:yyyy-MM-dd}";
}
