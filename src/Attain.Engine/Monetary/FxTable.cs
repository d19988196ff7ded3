using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Attain.Engine.Monetary;

/// <summary>
/// A set of <see cref="FxRate"/> quotes that converts money between currencies at the rate effective on a date.
/// </summary>
/// <remarks>
/// <para>
/// The rate effective on a date is the latest quote dated on or before it. The direct pair (from → to) is used when
/// it has such a quote; only when it has none is the inverse pair (to → from) used, dividing by its rate. There are no
/// cross rates through a third currency. Converting to the same currency uses a rate of exactly 1.
/// </para>
/// <para>
/// Results are not rounded: round where the plan says. (Dividing by an inverse quote is decimal division, exact to
/// 28-29 significant digits.) The table is immutable, and the order of the quotes given to
/// it does not matter.
/// </para>
/// </remarks>
public sealed class FxTable
{
    private readonly Dictionary<(string From, string To), FxRate[]> byPair;

    /// <summary>Builds a table from quotes in any order.</summary>
    /// <exception cref="ArgumentException">
    /// Two quotes for the same pair and date disagree; the message names the pair and date. Identical repeats are allowed.
    /// </exception>
    public FxTable(IEnumerable<FxRate> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        byPair = [];
        foreach (var group in rates.GroupBy(r => (r.From.Code, r.To.Code)))
        {
            var ordered = group.OrderBy(r => r.Date).ToList();
            var distinct = new List<FxRate>(ordered.Count);
            foreach (var rate in ordered)
            {
                if (distinct.Count > 0 && distinct[^1].Date == rate.Date)
                {
                    if (distinct[^1].Rate != rate.Rate)
                    {
                        throw new ArgumentException(
                            $"Two different FX rates for {rate.From.Code}→{rate.To.Code} on {rate.Date:yyyy-MM-dd}: " +
                            $"{distinct[^1].Rate.ToString(CultureInfo.InvariantCulture)} and {rate.Rate.ToString(CultureInfo.InvariantCulture)}.",
                            nameof(rates));
                    }

                    continue;
                }

                distinct.Add(rate);
            }

            byPair.Add(group.Key, [.. distinct]);
        }
    }

    /// <summary>
    /// Converts <paramref name="money"/> to <paramref name="to"/> at the rate effective on <paramref name="date"/>.
    /// </summary>
    /// <returns>The conversion, with the quote used; its <see cref="FxConversion.Result"/> is not rounded.</returns>
    /// <exception cref="InvalidOperationException">
    /// Neither the pair nor its inverse has a quote on or before <paramref name="date"/>; the message names the pair
    /// and the date.
    /// </exception>
    public FxConversion Convert(Money money, Currency to, DateOnly date) =>
        TryConvert(money, to, date, out var conversion)
            ? conversion
            : throw new InvalidOperationException(
                $"No FX rate for {money.Currency.Code}→{to.Code} (or its inverse) on or before {date:yyyy-MM-dd}.");

    /// <summary>
    /// Converts <paramref name="money"/> to <paramref name="to"/> at the rate effective on <paramref name="date"/>,
    /// returning false instead of throwing when no quote applies.
    /// </summary>
    public bool TryConvert(Money money, Currency to, DateOnly date, [NotNullWhen(true)] out FxConversion? conversion)
    {
        ArgumentNullException.ThrowIfNull(to);
        var from = money.Currency;
        if (from == to)
        {
            conversion = new FxConversion(money, money, null, false, 1m);
            return true;
        }

        if (Find(from, to, date) is { } direct)
        {
            conversion = new FxConversion(money, new Money(money.Amount * direct.Rate, to), direct, false, direct.Rate);
            return true;
        }

        if (Find(to, from, date) is { } inverse)
        {
            conversion = new FxConversion(money, new Money(money.Amount / inverse.Rate, to), inverse, true, 1m / inverse.Rate);
            return true;
        }

        conversion = null;
        return false;
    }

    /// <summary>
    /// The quote <see cref="TryConvert"/> multiplies by when it converts <paramref name="from"/> to <paramref name="to"/> on
    /// <paramref name="date"/> (the latest <paramref name="from"/>→<paramref name="to"/> quote on or before it), and the
    /// last day it stays so (the day before the next such quote); false when there is no such quote (it would use an
    /// inverse quote, or none).
    /// </summary>
    internal bool TryDirectQuote(Currency from, Currency to, DateOnly date, [NotNullWhen(true)] out FxRate? quote, out DateOnly lastDay)
    {
        (quote, lastDay) = (null, DateOnly.MinValue);
        if (!byPair.TryGetValue((from.Code, to.Code), out var quotes) || Found(quotes, date) is not (>= 0 and var found))
        {
            return false;
        }

        quote = quotes[found];
        lastDay = found + 1 < quotes.Length ? quotes[found + 1].Date.AddDays(-1) : DateOnly.MaxValue;
        return true;
    }

    private FxRate? Find(Currency from, Currency to, DateOnly date) =>
        byPair.TryGetValue((from.Code, to.Code), out var quotes) && Found(quotes, date) is >= 0 and var found ? quotes[found] : null;

    /// <summary>The index of the latest quote dated on or before <paramref name="date"/> (ordered by date), or −1.</summary>
    private static int Found(FxRate[] quotes, DateOnly date)
    {

        // Latest quote dated on or before the date: binary search over quotes ordered by date.
        int low = 0, high = quotes.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (quotes[middle].Date <= date)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
