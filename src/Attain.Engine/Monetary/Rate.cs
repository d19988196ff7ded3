using System.Globalization;

namespace Attain.Engine.Monetary;

/// <summary>
/// A dimensionless rate, such as a commission rate: 0.05 is 5 %. A rate is not money; it scales money.
/// </summary>
/// <remarks>
/// Exact decimal, never rounded. Equality and ordering are numeric (0.05 equals 0.050). Multiplying money by a rate
/// keeps every digit; round the product where the plan says.
/// </remarks>
/// <param name="Value">The rate as a fraction: 0.05 for 5 %, 1 for 100 %, may be negative or above 1.</param>
public readonly record struct Rate(decimal Value) : IComparable<Rate>
{
    /// <summary>A rate of zero.</summary>
    public static Rate Zero => new(0m);

    /// <summary>Builds a rate from a percentage: 5 gives 0.05, 12.5 gives 0.125. Exact.</summary>
    /// <param name="percent">The rate in percent.</param>
    public static Rate FromPercent(decimal percent) => new(percent / 100m);

    /// <summary>The rate in percent: 0.05 gives 5. Exact.</summary>
    public decimal ToPercent() => Value * 100m;

    /// <summary>Applies a rate to money: 1,234.56 EUR × 7.5 % = 92.592 EUR. Not rounded.</summary>
    public static Money operator *(Money money, Rate rate) => new(money.Amount * rate.Value, money.Currency);

    /// <summary>Applies a rate to money: 7.5 % × 1,234.56 EUR = 92.592 EUR. Not rounded.</summary>
    public static Money operator *(Rate rate, Money money) => new(rate.Value * money.Amount, money.Currency);

    /// <summary>True when <paramref name="left"/> is lower than <paramref name="right"/>.</summary>
    public static bool operator <(Rate left, Rate right) => left.Value < right.Value;

    /// <summary>True when <paramref name="left"/> is higher than <paramref name="right"/>.</summary>
    public static bool operator >(Rate left, Rate right) => left.Value > right.Value;

    /// <summary>True when <paramref name="left"/> is lower than or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(Rate left, Rate right) => left.Value <= right.Value;

    /// <summary>True when <paramref name="left"/> is higher than or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(Rate left, Rate right) => left.Value >= right.Value;

    /// <summary>Compares rates numerically.</summary>
    public int CompareTo(Rate other) => Value.CompareTo(other.Value);

    /// <summary>The fraction, invariant culture: <c>0.05</c>.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
