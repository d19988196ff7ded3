using System.Globalization;
using Attain.Engine.Monetary;
using CsCheck;

namespace Attain.Engine.Tests.Monetary;


public class MoneyStorageTests
{
    [Theory]
    [InlineData("12.3456", 123456L)]
    [InlineData("1.5", 15000L)]
    [InlineData("1.50000", 15000L)]
    [InlineData("-0.0001", -1L)]
    [InlineData("0", 0L)]
    [InlineData("922337203685477.5807", long.MaxValue)]
    [InlineData("-922337203685477.5808", long.MinValue)]
    public void ToStorage_AtMostFourDecimals_ReturnsTenThousandths(string amount, long expected)
    {
        var value = decimal.Parse(amount, CultureInfo.InvariantCulture);

        var stored = Money.ToStorage(value);

        Assert.Equal(expected, stored);
    }

    [Theory]
    [InlineData("1.23456")]
    [InlineData("0.00001")]
    [InlineData("1.0000000000000000000000000001")]
    public void ToStorage_MoreThanFourDecimals_ThrowsArgumentException(string amount)
    {
        var value = decimal.Parse(amount, CultureInfo.InvariantCulture);

        var exception = Assert.Throws<ArgumentException>(() => Money.ToStorage(value));

        Assert.Contains("4 decimal places", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("922337203685477.5808")]
    [InlineData("-922337203685477.5809")]
    [InlineData("79228162514264337593543950335")]
    public void ToStorage_BeyondLongRange_ThrowsArgumentOutOfRange(string amount)
    {
        var value = decimal.Parse(amount, CultureInfo.InvariantCulture);

        Assert.Throws<ArgumentOutOfRangeException>(() => Money.ToStorage(value));
    }

    [Fact]
    public void FromStorage_TenThousandths_ReturnsAmountWithFourDecimals()
    {
        var stored = 15000L;

        var amount = Money.FromStorage(stored);

        Assert.Equal("1.5000", amount.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void FromStorage_ThenToStorage_AnyLong_RoundTrips()
    {
        Gen.Long.Sample(stored =>
        {
            var amount = Money.FromStorage(stored);

            Assert.Equal(stored, Money.ToStorage(amount));
        }, iter: 10_000);
    }

    [Fact]
    public void ToStorage_ThenFromStorage_AnyAmountWithFourDecimals_RoundTrips()
    {
        // Any long count of 1/10,000 units, written with 0 to 6 extra trailing zeros.
        var gen = Gen.Select(Gen.Long, Gen.Int[0, 6])
            .Select((units, zeros) => units * 0.0001m * TrailingZeros(zeros));

        gen.Sample(amount =>
        {
            var stored = Money.ToStorage(amount);

            Assert.Equal(amount, Money.FromStorage(stored));
        }, iter: 10_000);
    }

    [Fact]
    public void ToStorage_AnyAmountWithAFifthDecimal_Throws()
    {
        var gen = Gen.Long[-1_000_000_000_000L, 1_000_000_000_000L]
            .Where(units => units % 10 != 0)
            .Select(units => units * 0.00001m);

        gen.Sample(amount => Assert.Throws<ArgumentException>(() => Money.ToStorage(amount)), iter: 1_000);
    }

    private static decimal TrailingZeros(int count)
    {
        var one = 1m;
        for (var i = 0; i < count; i++)
        {
            one *= 1.0m;
        }

        return one;
    }
}
