using Attain.Engine.Monetary;

namespace Attain.Engine.Tests.Monetary;


public class RateTests
{
    private static readonly Currency Eur = Currency.FromCode("EUR");

    [Fact]
    public void FromPercent_Five_IsFiveHundredths()
    {
        var rate = Rate.FromPercent(5m);

        Assert.Equal(0.05m, rate.Value);
    }

    [Fact]
    public void FromPercent_TwelveAndAHalf_IsExact()
    {
        var rate = Rate.FromPercent(12.5m);

        Assert.Equal(0.125m, rate.Value);
    }

    [Fact]
    public void ToPercent_SevenAndAHalfHundredths_IsSevenAndAHalf()
    {
        var rate = new Rate(0.075m);

        var percent = rate.ToPercent();

        Assert.Equal(7.5m, percent);
    }

    [Fact]
    public void Multiply_MoneyByRate_IsNotRounded()
    {
        var sales = new Money(1234.56m, Eur);
        var rate = Rate.FromPercent(7.5m);

        var commission = sales * rate;

        Assert.Equal(new Money(92.592m, Eur), commission);
        Assert.Equal(commission, rate * sales);
    }

    [Fact]
    public void Multiply_ZeroRate_PaysZero()
    {
        var sales = new Money(1000m, Eur);

        var commission = sales * Rate.Zero;

        Assert.Equal(0m, commission.Amount);
    }

    [Fact]
    public void Equals_SameFractionDifferentScale_AreEqual()
    {
        var five = new Rate(0.05m);
        var fiveWithZeros = new Rate(0.0500m);

        Assert.Equal(five, fiveWithZeros);
        Assert.True(five <= fiveWithZeros);
        Assert.True(new Rate(0.04m) < five);
    }
}
