using System.Globalization;
using System.Numerics;
using Attain.Engine.Monetary;
using CsCheck;

namespace Attain.Engine.Tests.Monetary;

public class ScaledIntegerTests
{
    [Theory]
    [InlineData("1234.5600", 2, true, 123456L)]
    [InlineData("1234.5610", 2, false, 0L)]
    [InlineData("-0.01", 2, true, -1L)]
    [InlineData("-0.00", 2, true, 0L)]
    [InlineData("7", 4, true, 70000L)]
    [InlineData("92233720368547758.07", 2, true, long.MaxValue)]
    [InlineData("-92233720368547758.08", 2, true, long.MinValue)]
    [InlineData("92233720368547758.08", 2, false, 0L)]
    [InlineData("1844674407370955161.6", 1, false, 0L)]
    [InlineData("0.0000000000000000000000000001", 0, false, 0L)]
    public void TryToInt64_WorkedValues_ConvertsExactlyOrRefuses(string text, int decimals, bool expected, long expectedUnits)
    {
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);

        var converted = ScaledInteger.TryToInt64(value, decimals, out var units);

        Assert.Equal((expected, expectedUnits), (converted, units));
    }

    [Fact]
    public void TryToInt64_AnyDecimal_AgreesWithBigIntegerArithmetic()
    {
        var values = Gen.Select(Gen.Long, Gen.Int[0, 28], Gen.Bool, Gen.Int[0, 2]).Select((mantissa, scale, negative, width) =>
            width == 0
                ? new decimal((int)mantissa, (int)(mantissa >> 32), (int)(mantissa >> 48) & 0xFF, negative, (byte)scale)
                : new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative, (byte)scale));

        Gen.Select(values, Gen.Int[0, 28]).Sample((value, decimals) =>
        {
            var converted = ScaledInteger.TryToInt64(value, decimals, out var units);

            var (exact, expected) = Reference(value, decimals);
            Assert.Equal(exact, converted);
            Assert.Equal(exact ? expected : 0L, units);
        });
    }

    /// <summary>|value| × 10^decimals in arbitrary precision: whether it is a whole number within long's range, and which.</summary>
    private static (bool Exact, long Units) Reference(decimal value, int decimals)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scaled = magnitude * BigInteger.Pow(10, decimals);
        var whole = BigInteger.DivRem(scaled, BigInteger.Pow(10, value.Scale), out var remainder);
        var signed = value < 0m ? -whole : whole;
        return remainder.IsZero && signed >= long.MinValue && signed <= long.MaxValue ? (true, (long)signed) : (false, 0L);
    }
}
