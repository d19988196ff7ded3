using System.Globalization;
using Attain.Engine.Monetary;

namespace Attain.Engine.Tests.Monetary;

// Inside any Attain.Engine.* namespace the name Money finds the namespace Attain.Engine.Monetary first; alias the type here.

public class MoneyTests
{
    private static readonly Currency Eur = Currency.FromCode("EUR");
    private static readonly Currency Usd = Currency.FromCode("USD");
    private static readonly Currency Jpy = Currency.FromCode("JPY");
    private static readonly Currency Bhd = Currency.FromCode("BHD");

    [Fact]
    public void Constructor_NullCurrency_Throws()
    {
        Currency? missing = null;

        Assert.Throws<ArgumentNullException>(() => new Money(1m, missing!));
    }

    [Fact]
    public void Add_SameCurrency_SumsAmounts()
    {
        var left = new Money(10.25m, Eur);
        var right = new Money(2.5m, Eur);

        var sum = left + right;

        Assert.Equal(new Money(12.75m, Eur), sum);
    }

    [Fact]
    public void Add_DifferentCurrencies_ThrowsNamingBothCodes()
    {
        var euros = new Money(10m, Eur);
        var dollars = new Money(10m, Usd);

        var exception = Assert.Throws<InvalidOperationException>(() => euros + dollars);

        Assert.Contains("EUR", exception.Message, StringComparison.Ordinal);
        Assert.Contains("USD", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subtract_SameCurrency_CanGoNegative()
    {
        var left = new Money(10.00m, Eur);
        var right = new Money(12.50m, Eur);

        var difference = left - right;

        Assert.Equal(new Money(-2.50m, Eur), difference);
    }

    [Fact]
    public void Subtract_DifferentCurrencies_Throws()
    {
        var euros = new Money(10m, Eur);
        var dollars = new Money(1m, Usd);

        Assert.Throws<InvalidOperationException>(() => euros - dollars);
    }

    [Fact]
    public void Negate_Positive_ReturnsNegative()
    {
        var money = new Money(7.30m, Eur);

        var negated = -money;

        Assert.Equal(new Money(-7.30m, Eur), negated);
    }

    [Fact]
    public void Multiply_ByDecimal_KeepsEveryDigit()
    {
        var price = new Money(19.99m, Eur);

        var total = price * 3.5m;
        var commuted = 3.5m * price;

        Assert.Equal(69.965m, total.Amount);
        Assert.Equal(total, commuted);
    }

    [Fact]
    public void Multiply_Overflow_ThrowsOverflowException()
    {
        var huge = new Money(decimal.MaxValue, Eur);

        Assert.Throws<OverflowException>(() => huge * 2m);
    }

    [Fact]
    public void CompareOperators_SameCurrency_CompareAmounts()
    {
        var small = new Money(9.99m, Eur);
        var large = new Money(10.00m, Eur);

        Assert.True(small < large);
        Assert.True(large > small);
        Assert.True(small <= new Money(9.990m, Eur));
        Assert.True(large >= small);
        Assert.Equal(-1, small.CompareTo(large));
    }

    [Fact]
    public void CompareTo_DifferentCurrencies_ThrowsNamingBothCodes()
    {
        var euros = new Money(1m, Eur);
        var yen = new Money(1m, Jpy);

        var exception = Assert.Throws<InvalidOperationException>(() => euros < yen);

        Assert.Contains("EUR", exception.Message, StringComparison.Ordinal);
        Assert.Contains("JPY", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_SameValueDifferentScale_AreEqual()
    {
        var onePointFive = new Money(1.5m, Eur);
        var onePointFiveHundred = new Money(1.500m, Eur);

        Assert.Equal(onePointFive, onePointFiveHundred);
        Assert.Equal(onePointFive.GetHashCode(), onePointFiveHundred.GetHashCode());
    }

    [Fact]
    public void Equals_SameAmountDifferentCurrency_AreNotEqual()
    {
        var euros = new Money(1m, Eur);
        var dollars = new Money(1m, Usd);

        Assert.NotEqual(euros, dollars);
    }

    [Theory]
    [InlineData("2.345", MidpointRounding.ToEven, "2.34")]
    [InlineData("2.345", MidpointRounding.AwayFromZero, "2.35")]
    [InlineData("2.355", MidpointRounding.ToEven, "2.36")]
    [InlineData("-2.345", MidpointRounding.AwayFromZero, "-2.35")]
    [InlineData("2.349", MidpointRounding.ToZero, "2.34")]
    [InlineData("2.341", MidpointRounding.ToPositiveInfinity, "2.35")]
    public void Round_Euro_RoundsToCentsWithGivenMode(string amount, MidpointRounding mode, string expected)
    {
        var money = new Money(decimal.Parse(amount, CultureInfo.InvariantCulture), Eur);

        var rounded = money.Round(mode);

        Assert.Equal(expected, rounded.Amount.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Round_Yen_RoundsToWholeYen()
    {
        var money = new Money(1234.5m, Jpy);

        var rounded = money.Round(MidpointRounding.ToEven);

        Assert.Equal("1234 JPY", rounded.ToString());
    }

    [Fact]
    public void Round_Dinar_RoundsToThreeDecimals()
    {
        var money = new Money(1.23456m, Bhd);

        var rounded = money.Round(MidpointRounding.AwayFromZero);

        Assert.Equal("1.235 BHD", rounded.ToString());
    }

    [Fact]
    public void Round_FewerDigitsThanMinorUnit_WritesMinorUnitScale()
    {
        var money = new Money(1.5m, Eur);

        var rounded = money.Round(MidpointRounding.ToEven);

        Assert.Equal("1.50 EUR", rounded.ToString());
    }

    [Fact]
    public void ToMinorUnits_RoundedEuros_ReturnsCents()
    {
        var money = new Money(12.34m, Eur);

        var cents = money.ToMinorUnits();

        Assert.Equal(1234L, cents);
    }

    [Fact]
    public void ToMinorUnits_TrailingZerosBeyondMinorUnit_ReturnsCents()
    {
        var money = new Money(-12.3400m, Eur);

        var cents = money.ToMinorUnits();

        Assert.Equal(-1234L, cents);
    }

    [Fact]
    public void ToMinorUnits_FractionOfACent_ThrowsAskingToRound()
    {
        var money = new Money(12.345m, Eur);

        var exception = Assert.Throws<InvalidOperationException>(() => money.ToMinorUnits());

        Assert.Contains("round", exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FromMinorUnits_Fils_ReturnsDinarsWithThreeDecimals()
    {
        var fils = 12345L;

        var money = Money.FromMinorUnits(fils, Bhd);

        Assert.Equal("12.345 BHD", money.ToString());
    }

    [Fact]
    public void Zero_Euro_IsZeroWithCentScale()
    {
        var zero = Money.Zero(Eur);

        Assert.Equal("0.00 EUR", zero.ToString());
    }

    [Fact]
    public void ToString_Unrounded_ShowsEveryDigitAndCode()
    {
        var money = new Money(1234.5678m, Usd);

        var text = money.ToString();

        Assert.Equal("1234.5678 USD", text);
    }
}
