using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;

namespace Attain.Engine.Monetary;

/// <summary>An amount of one currency: a <see cref="decimal"/> and its <see cref="Money.Currency"/>.</summary>
/// <remarks>
/// <para>
/// Amounts are exact decimals and are never rounded implicitly: arithmetic keeps every digit, and rounding happens only
/// through <see cref="Round"/> or <see cref="Allocate"/>, with the <see cref="MidpointRounding"/> mode written out.
/// </para>
/// <para>
/// Arithmetic and comparison are defined only within one currency; mixing currencies throws
/// <see cref="InvalidOperationException"/> naming both codes. Decimal overflow throws <see cref="OverflowException"/>.
/// </para>
/// <para>
/// Equality is by value: equal currencies and numerically equal amounts, so 1.5 EUR equals 1.50 EUR (the scale is
/// ignored, as for <see cref="decimal"/>). <c>default(Money)</c> has no currency and is not a valid value.
/// </para>
/// </remarks>
/// <param name="Amount">The amount, in whole units of the currency (12.34 EUR is 12.34, not 1234 cents).</param>
/// <param name="Currency">The currency; never null.</param>
public readonly record struct Money(decimal Amount, Currency Currency) : IComparable<Money>
{
    /// <summary>Units per whole currency unit for money at rest: a stored <see cref="long"/> counts 1/10,000 units.</summary>
    public const long StorageUnitsPerWhole = 10_000;

    /// <summary>The largest amount money at rest can hold: <see cref="long.MaxValue"/> / 10,000.</summary>
    public const decimal MaxStorable = 922_337_203_685_477.5807m;

    /// <summary>The smallest amount money at rest can hold: <see cref="long.MinValue"/> / 10,000.</summary>
    public const decimal MinStorable = -922_337_203_685_477.5808m;

    private const int StorageDecimals = 4;

    /// <summary>The currency; never null for a constructed value.</summary>
    public Currency Currency { get; } = Currency ?? throw new ArgumentNullException(nameof(Currency));

    /// <summary>Zero of <paramref name="currency"/>, written with its minor-unit scale (0.00 EUR, 0 JPY).</summary>
    public static Money Zero(Currency currency) =>
        new(ScaledInteger.WithMinimumScale(0m, currency.MinorUnits), currency);

    /// <summary>Builds money from a whole number of minor units: 1234 EUR cents is 12.34 EUR.</summary>
    /// <param name="minorUnits">The count of the currency's smallest unit (cents, fils, yen).</param>
    /// <param name="currency">The currency whose <see cref="Currency.MinorUnits"/> gives the scale.</param>
    /// <returns>Money whose amount is written with exactly the currency's minor-unit scale.</returns>
    public static Money FromMinorUnits(long minorUnits, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return new(minorUnits * ScaledInteger.Unit(currency.MinorUnits), currency);
    }

    /// <summary>The amount as a whole number of minor units: 12.34 EUR is 1234.</summary>
    /// <returns>The count of minor units, negative for a negative amount.</returns>
    /// <exception cref="InvalidOperationException">
    /// The amount has digits beyond the minor unit (round it first, with the mode the plan says), or the count
    /// does not fit in a <see cref="long"/>.
    /// </exception>
    public long ToMinorUnits() =>
        ScaledInteger.TryToInt64(Amount, Currency.MinorUnits, out var units)
            ? units
            : throw new InvalidOperationException(
                $"{this} is not a whole number of {Currency.Code} minor units (10^-{Currency.MinorUnits}) within a 64-bit count; round it first.");

    /// <summary>Rounds the amount to the currency's minor unit (2 places for EUR, 0 for JPY, 3 for BHD).</summary>
    /// <param name="mode">How to round; always explicit, for example <see cref="MidpointRounding.ToEven"/> (2.345 → 2.34)
    /// or <see cref="MidpointRounding.AwayFromZero"/> (2.345 → 2.35).</param>
    /// <returns>Money written with exactly the currency's minor-unit scale (1.5 EUR rounds to 1.50 EUR).</returns>
    public Money Round(MidpointRounding mode) =>
        new(RoundAmount(Amount, Currency.MinorUnits, mode), Currency);

    /// <summary>
    /// Splits this money into parts proportional to <paramref name="weights"/>, with largest-remainder allocation so the
    /// parts, each a whole number of minor units, sum exactly to this amount rounded to the minor unit.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Steps: (1) round this amount to the minor unit with <paramref name="mode"/> (10.005 EUR, ToEven → 10.00 EUR);
    /// (2) give each part the floor of its exact share, in minor units; (3) hand the minor units left over, one each,
    /// to the parts with the largest remainders; equal remainders go to the lower index first.
    /// </para>
    /// <para>
    /// The arithmetic is exact (integers, not decimal division), so the result depends only on the amount, the mode and
    /// the ratios of the weights: weights 1:2, 10:20 and 0.1:0.2 give identical parts. A zero weight gets zero. Each part
    /// is within one minor unit of its exact share. A negative amount is split as its absolute value, then negated.
    /// </para>
    /// <para>Example: 100.00 EUR by weights 1, 1, 1 → 33.34, 33.33, 33.33 EUR.</para>
    /// </remarks>
    /// <param name="weights">One non-negative weight per part, at least one of them positive.</param>
    /// <param name="mode">How to round the whole amount to the minor unit before splitting.</param>
    /// <returns>One part per weight, in the weights' order, each written with the currency's minor-unit scale.</returns>
    /// <exception cref="ArgumentException">No weights, a negative weight, or all weights zero.</exception>
    public IReadOnlyList<Money> Allocate(IReadOnlyList<decimal> weights, MidpointRounding mode)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0)
        {
            throw new ArgumentException("At least one weight is needed to allocate money.", nameof(weights));
        }

        if (TryAllocateSmall(weights, mode) is { } small)
        {
            return small;
        }

        var scaledWeights = ToCommonScaleIntegers(weights);
        var weightTotal = BigInteger.Zero;
        foreach (var weight in scaledWeights)
        {
            weightTotal += weight;
        }

        if (weightTotal.IsZero)
        {
            throw new ArgumentException("At least one weight must be positive to allocate money.", nameof(weights));
        }

        var whole = Round(mode);
        var (wholeMagnitude, wholeScale) = ScaledInteger.Decompose(whole.Amount);
        var totalUnits = (BigInteger)wholeMagnitude * BigInteger.Pow(10, Currency.MinorUnits - wholeScale);

        var units = new BigInteger[weights.Count];
        var remainders = new BigInteger[weights.Count];
        var leftover = totalUnits;
        for (var i = 0; i < units.Length; i++)
        {
            units[i] = BigInteger.DivRem(totalUnits * scaledWeights[i], weightTotal, out remainders[i]);
            leftover -= units[i];
        }

        // leftover < number of parts with a non-zero remainder, so a zero weight never receives one.
        var byRemainder = Enumerable.Range(0, units.Length)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => i)
            .Take((int)leftover);
        foreach (var i in byRemainder)
        {
            units[i] += 1;
        }

        var unit = ScaledInteger.Unit(Currency.MinorUnits);
        var negative = whole.Amount < 0m;
        var parts = new Money[units.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var magnitude = (decimal)units[i] * unit;
            parts[i] = new Money(negative ? -magnitude : magnitude, Currency);
        }

        return Array.AsReadOnly(parts);
    }

    /// <summary>
    /// Converts an amount to its form at rest: a <see cref="long"/> counting 1/10,000 units of its currency
    /// (12.3456 → 123456). The one converter for money at rest (ADR 0003); exact, never rounds.
    /// </summary>
    /// <param name="amount">Any decimal with at most 4 significant decimal places (trailing zeros are fine: 1.50000 → 15000).</param>
    /// <returns>The amount × 10,000.</returns>
    /// <exception cref="ArgumentException">The amount has a non-zero digit beyond the fourth decimal place.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The amount is outside <see cref="MinStorable"/>..<see cref="MaxStorable"/> (a <see cref="long"/> of 1/10,000 units).
    /// </exception>
    public static long ToStorage(decimal amount)
    {
        if (amount > MaxStorable || amount < MinStorable)
        {
            throw new ArgumentOutOfRangeException(
                nameof(amount),
                amount,
                $"Amount {amount.ToString(CultureInfo.InvariantCulture)} is outside the range money at rest can hold ({MinStorable.ToString(CultureInfo.InvariantCulture)} to {MaxStorable.ToString(CultureInfo.InvariantCulture)}).");
        }

        return ScaledInteger.TryToInt64(amount, StorageDecimals, out var stored)
            ? stored
            : throw new ArgumentException(
                $"Amount {amount.ToString(CultureInfo.InvariantCulture)} has more than 4 decimal places; money at rest holds 1/10,000 units. Round it first.",
                nameof(amount));
    }

    /// <summary>
    /// Converts money at rest back to an amount: a count of 1/10,000 units (123456 → 12.3456), exactly.
    /// </summary>
    /// <param name="stored">The stored count of 1/10,000 units.</param>
    /// <returns>The amount, written with exactly 4 decimal places (15000 → 1.5000).</returns>
    public static decimal FromStorage(long stored) => stored * ScaledInteger.Unit(StorageDecimals);

    /// <summary>Adds two amounts of the same currency; the result is not rounded.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator +(Money left, Money right) =>
        new(left.Amount + right.Amount, SameCurrency(left, right, "add"));

    /// <summary>Subtracts two amounts of the same currency; the result is not rounded.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator -(Money left, Money right) =>
        new(left.Amount - right.Amount, SameCurrency(left, right, "subtract"));

    /// <summary>Negates the amount.</summary>
    public static Money operator -(Money value) => new(-value.Amount, value.Currency);

    /// <summary>Multiplies the amount by a plain factor (a quantity, a count); the result is not rounded.</summary>
    public static Money operator *(Money value, decimal factor) => new(value.Amount * factor, value.Currency);

    /// <summary>Multiplies the amount by a plain factor (a quantity, a count); the result is not rounded.</summary>
    public static Money operator *(decimal factor, Money value) => new(factor * value.Amount, value.Currency);

    /// <summary>True when <paramref name="left"/> is less than <paramref name="right"/>; same currency only.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is greater than <paramref name="right"/>; same currency only.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is less than or equal to <paramref name="right"/>; same currency only.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is greater than or equal to <paramref name="right"/>; same currency only.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>Compares amounts numerically (scale ignored); same currency only.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public int CompareTo(Money other)
    {
        SameCurrency(this, other, "compare");
        return Amount.CompareTo(other.Amount);
    }

    /// <summary>The amount as written, then the code, invariant culture: <c>12.50 EUR</c>. Not rounded.</summary>
    public override string ToString() =>
        $"{Amount.ToString(CultureInfo.InvariantCulture)} {Currency?.Code ?? "(no currency)"}";

    internal static decimal RoundAmount(decimal amount, int decimals, MidpointRounding mode) =>
        ScaledInteger.WithMinimumScale(decimal.Round(amount, decimals, mode), decimals);

    private static Currency SameCurrency(Money left, Money right, string operation)
    {
        if (left.Currency is null || right.Currency is null)
        {
            throw new InvalidOperationException($"Cannot {operation} default(Money): it has no currency.");
        }

        return left.Currency == right.Currency
            ? left.Currency
            : throw new InvalidOperationException(
                $"Cannot {operation} {left.Currency.Code} and {right.Currency.Code} money: arithmetic and comparison are within one currency.");
    }

    /// <summary>
    /// <see cref="Allocate"/> in 128-bit integers for the usual sizes (a few weights of at most 15 digits, amounts below
    /// 10^18 minor units): the same steps and the same result, without big integers. Null for anything else, including
    /// the invalid weights the general path reports.
    /// </summary>
    private ReadOnlyCollection<Money>? TryAllocateSmall(IReadOnlyList<decimal> weights, MidpointRounding mode)
    {
        const ulong Limit = 1_000_000_000_000_000;
        if (weights.Count > 16)
        {
            return null;
        }

        var commonScale = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] < 0m)
            {
                return null;
            }

            commonScale = Math.Max(commonScale, weights[i].Scale);
        }

        var scaledRoom = default(Buffer16<long>);
        var scaled = weights.Count <= Buffer16<long>.Length ? ((Span<long>)scaledRoom)[..weights.Count] : new long[weights.Count];
        long weightTotal = 0;
        for (var i = 0; i < scaled.Length; i++)
        {
            var (magnitude, scale) = ScaledInteger.Decompose(weights[i]);
            for (var s = scale; s < commonScale; s++)
            {
                magnitude *= 10;
            }

            if (magnitude >= Limit)
            {
                return null;
            }

            scaled[i] = (long)magnitude;
            weightTotal += scaled[i];
        }

        var whole = Round(mode);
        var (wholeMagnitude, wholeScale) = ScaledInteger.Decompose(whole.Amount);
        if (weightTotal == 0 || wholeMagnitude >= Limit)
        {
            return null;
        }

        var totalUnits = (Int128)(ulong)wholeMagnitude;
        for (var s = wholeScale; s < Currency.MinorUnits; s++)
        {
            totalUnits *= 10;
        }

        var unitRoom = default(Buffer16<long>);
        var units = weights.Count <= Buffer16<long>.Length ? ((Span<long>)unitRoom)[..weights.Count] : new long[weights.Count];
        AllocateUnits(totalUnits, scaled, weightTotal, units);

        var unit = ScaledInteger.Unit(Currency.MinorUnits);
        var negative = whole.Amount < 0m;
        var parts = new Money[units.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var magnitude = (decimal)units[i] * unit;
            parts[i] = new Money(negative ? -magnitude : magnitude, Currency);
        }

        return Array.AsReadOnly(parts);
    }

    /// <summary>
    /// The integer core of <see cref="Allocate"/>: splits <paramref name="totalUnits"/> minor units by integer
    /// <paramref name="weights"/> (at most 16, each below 10^18, totalling <paramref name="weightTotal"/> &gt; 0, with
    /// <paramref name="totalUnits"/> below 10^18) into <paramref name="parts"/>: each part the floor of its exact share,
    /// then the units left over one each to the largest remainders, equal remainders to the lower index first.
    /// </summary>
    /// <param name="totalUnits">The whole amount's absolute value in minor units.</param>
    /// <param name="weights">The weights, written over a common power of ten.</param>
    /// <param name="weightTotal">Their sum.</param>
    /// <param name="parts">One part per weight, in minor units.</param>
    internal static void AllocateUnits(Int128 totalUnits, ReadOnlySpan<long> weights, long weightTotal, Span<long> parts)
    {
        var room = default(Buffer16<long>);
        var remainders = weights.Length <= Buffer16<long>.Length ? ((Span<long>)room)[..weights.Length] : new long[weights.Length];
        var leftover = totalUnits;
        for (var i = 0; i < weights.Length; i++)
        {
            var (quotient, remainder) = Int128.DivRem(totalUnits * weights[i], weightTotal);
            parts[i] = (long)quotient;
            remainders[i] = (long)remainder;
            leftover -= quotient;
        }

        // The largest remainders get one unit each; equal remainders go to the lower index first.
        for (var given = 0; given < leftover; given++)
        {
            var best = -1;
            for (var i = 0; i < remainders.Length; i++)
            {
                if (remainders[i] >= 0 && (best < 0 || remainders[i] > remainders[best]))
                {
                    best = i;
                }
            }

            parts[best] += 1;
            remainders[best] = -1;
        }
    }

    /// <summary>Writes each weight as an integer over a common power of ten, so ratios are exact.</summary>
    private static BigInteger[] ToCommonScaleIntegers(IReadOnlyList<decimal> weights)
    {
        var commonScale = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] < 0m)
            {
                throw new ArgumentException(
                    $"Weight {i} is {weights[i].ToString(CultureInfo.InvariantCulture)}; allocation weights cannot be negative.",
                    nameof(weights));
            }

            commonScale = Math.Max(commonScale, weights[i].Scale);
        }

        var scaled = new BigInteger[weights.Count];
        for (var i = 0; i < scaled.Length; i++)
        {
            var (magnitude, scale) = ScaledInteger.Decompose(weights[i]);
            scaled[i] = (BigInteger)magnitude * BigInteger.Pow(10, commonScale - scale);
        }

        return scaled;
    }
}
