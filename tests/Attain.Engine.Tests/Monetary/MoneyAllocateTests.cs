using System.Globalization;
using Attain.Engine.Monetary;
using CsCheck;

namespace Attain.Engine.Tests.Monetary;


public class MoneyAllocateTests
{
    private static readonly Currency Eur = Currency.FromCode("EUR");
    private static readonly Currency Jpy = Currency.FromCode("JPY");

    private static readonly Currency[] Currencies =
        [Currency.FromCode("JPY"), Currency.FromCode("EUR"), Currency.FromCode("BHD"), Currency.FromCode("CLF")];

    private static readonly MidpointRounding[] Modes =
        [MidpointRounding.ToEven, MidpointRounding.AwayFromZero, MidpointRounding.ToZero];

    [Fact]
    public void Allocate_HundredEurosInThree_FirstPartGetsTheExtraCent()
    {
        var money = new Money(100.00m, Eur);

        var parts = money.Allocate([1m, 1m, 1m], MidpointRounding.ToEven);

        Assert.Equal(["33.34 EUR", "33.33 EUR", "33.33 EUR"], parts.Select(p => p.ToString()));
    }

    [Fact]
    public void Allocate_FiveCentsInTwo_TieGoesToLowerIndex()
    {
        var money = new Money(0.05m, Eur);

        var parts = money.Allocate([1m, 1m], MidpointRounding.ToEven);

        Assert.Equal([0.03m, 0.02m], parts.Select(p => p.Amount));
    }

    [Fact]
    public void Allocate_UnequalWeights_ExtraCentGoesToLargestRemainder()
    {
        // 1001 cents × 0.2 = 200.2, × 0.3 = 300.3, × 0.5 = 500.5: floors 200 + 300 + 500 = 1000, one cent left,
        // largest remainder .5 is the third part.
        var money = new Money(10.01m, Eur);

        var parts = money.Allocate([0.2m, 0.3m, 0.5m], MidpointRounding.ToEven);

        Assert.Equal([2.00m, 3.00m, 5.01m], parts.Select(p => p.Amount));
    }

    [Fact]
    public void Allocate_NegativeAmount_MirrorsPositiveSplit()
    {
        var money = new Money(-100.00m, Eur);

        var parts = money.Allocate([1m, 1m, 1m], MidpointRounding.ToEven);

        Assert.Equal([-33.34m, -33.33m, -33.33m], parts.Select(p => p.Amount));
    }

    [Fact]
    public void Allocate_ZeroWeight_GetsZero()
    {
        var money = new Money(10.00m, Eur);

        var parts = money.Allocate([1m, 0m, 2m], MidpointRounding.ToEven);

        Assert.Equal([3.33m, 0.00m, 6.67m], parts.Select(p => p.Amount));
    }

    [Theory]
    [InlineData(MidpointRounding.ToEven, "5.00")]
    [InlineData(MidpointRounding.AwayFromZero, "5.01")]
    public void Allocate_UnroundedWhole_RoundsWholeWithGivenModeFirst(MidpointRounding mode, string firstPart)
    {
        // 10.005 EUR rounds to 10.00 (to even) or 10.01 (away from zero) before it is split in two.
        var money = new Money(10.005m, Eur);

        var parts = money.Allocate([1m, 1m], mode);

        Assert.Equal(firstPart, parts[0].Amount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("5.00", parts[1].Amount.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Allocate_Yen_PartsAreWholeYen()
    {
        var money = new Money(1000m, Jpy);

        var parts = money.Allocate([1m, 1m, 1m], MidpointRounding.ToEven);

        Assert.Equal([334m, 333m, 333m], parts.Select(p => p.Amount));
    }

    [Fact]
    public void Allocate_NoWeights_Throws()
    {
        var money = new Money(10m, Eur);

        Assert.Throws<ArgumentException>(() => money.Allocate([], MidpointRounding.ToEven));
    }

    [Fact]
    public void Allocate_NegativeWeight_ThrowsNamingIndex()
    {
        var money = new Money(10m, Eur);

        var exception = Assert.Throws<ArgumentException>(() => money.Allocate([1m, -1m], MidpointRounding.ToEven));

        Assert.Contains("Weight 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_AllWeightsZero_Throws()
    {
        var money = new Money(10m, Eur);

        Assert.Throws<ArgumentException>(() => money.Allocate([0m, 0m], MidpointRounding.ToEven));
    }

    [Fact]
    public void Allocate_RandomWeightsAndAmounts_PartsSumToRoundedWhole()
    {
        var gen = Gen.Select(GenMoney, GenWeights, Gen.OneOf(Modes));

        gen.Sample((money, weights, mode) =>
        {
            var parts = money.Allocate(weights, mode);

            Assert.Equal(weights.Length, parts.Count);
            Assert.Equal(money.Round(mode).Amount, parts.Sum(p => p.Amount));
            Assert.All(parts, p => Assert.Equal(money.Currency, p.Currency));
        }, iter: 2_000);
    }

    [Fact]
    public void Allocate_RandomWeightsAndAmounts_EachPartWithinOneMinorUnitOfExactShare()
    {
        var gen = Gen.Select(GenMoney, GenSimpleWeights, Gen.OneOf(Modes));

        gen.Sample((money, weights, mode) =>
        {
            var whole = money.Round(mode);
            var total = weights.Sum();
            var unit = Money.FromMinorUnits(1, money.Currency).Amount;

            var parts = money.Allocate(weights, mode);

            for (var i = 0; i < parts.Count; i++)
            {
                var exactShare = whole.Amount * weights[i] / total;
                Assert.True(Math.Abs(parts[i].Amount - exactShare) < unit, $"part {i}: {parts[i]} vs exact {exactShare}");
                if (weights[i] == 0m)
                {
                    Assert.Equal(0m, parts[i].Amount);
                }
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Allocate_ProportionalWeights_GivesIdenticalParts()
    {
        var gen = Gen.Select(GenMoney, GenSimpleWeights, Gen.Int[1, 1000]);

        gen.Sample((money, weights, factor) =>
        {
            var scaledUp = weights.Select(w => w * factor).ToArray();
            var scaledDown = weights.Select(w => w / 8m).ToArray();

            var parts = money.Allocate(weights, MidpointRounding.ToEven);

            Assert.Equal(parts, money.Allocate(scaledUp, MidpointRounding.ToEven));
            Assert.Equal(parts, money.Allocate(scaledDown, MidpointRounding.ToEven));
        }, iter: 1_000);
    }

    [Fact]
    public void Allocate_WeightsTooLargeForTheFastPath_ByteIdenticalToSmallWeights()
    {
        // Weights × 10^20 have more than 18 digits, so they take the big-integer path; the originals take the 128-bit path.
        var gen = Gen.Select(GenMoney, GenSimpleWeights, Gen.OneOf(Modes));

        gen.Sample((money, weights, mode) =>
        {
            var huge = weights.Select(w => w * 100_000_000_000_000_000_000m).ToArray();

            var small = money.Allocate(weights, mode).Select(p => p.ToString());

            Assert.Equal(money.Allocate(huge, mode).Select(p => p.ToString()), small);
        }, iter: 2_000);
    }

    [Fact]
    public void Allocate_SameInputTwice_ByteIdenticalOutput()
    {
        var gen = Gen.Select(GenMoney, GenWeights, Gen.OneOf(Modes));

        gen.Sample((money, weights, mode) =>
        {
            var first = money.Allocate(weights, mode).Select(p => p.ToString());

            var second = money.Allocate([.. weights], mode).Select(p => p.ToString());

            Assert.Equal(first, second);
        }, iter: 1_000);
    }

    // Amounts with up to 6 decimals (so rounding matters) in currencies with 0, 2, 3 and 4 minor units.
    private static Gen<Money> GenMoney =>
        Gen.Select(Gen.Long[-1_000_000_000_000L, 1_000_000_000_000L], Gen.OneOf(Currencies))
            .Select((units, currency) => new Money(units * 0.000001m, currency));

    // 1 to 12 weights with at most 3 decimals, some zero, at least one positive: small enough that the test's own
    // decimal arithmetic (exact shares, scaled weights) is exact.
    private static Gen<decimal[]> GenSimpleWeights =>
        Gen.OneOf(
                Gen.Int[0, 5].Select(w => (decimal)w),
                Gen.Int[0, 1_000_000].Select(w => w * 0.001m))
            .Array[1, 12]
            .Where(weights => weights.Any(w => w > 0m));

    // As above, plus arbitrary decimals of up to 28 significant digits.
    private static Gen<decimal[]> GenWeights =>
        Gen.OneOf(
                Gen.Int[0, 5].Select(w => (decimal)w),
                Gen.Int[0, 1_000_000].Select(w => w * 0.001m),
                Gen.Decimal[0m, 1_000m])
            .Array[1, 12]
            .Where(weights => weights.Any(w => w > 0m));
}
