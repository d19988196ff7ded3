using System.Collections.Frozen;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using CsCheck;

namespace Attain.Engine.Tests.Crediting;

/// <summary>A booking keeps its amount, margin and units compactly; every property reads back exactly as given.</summary>
public class BookingTests
{
    private static readonly Currency Usd = Currency.FromCode("USD");
    private static readonly Currency Jpy = Currency.FromCode("JPY");
    private static readonly IReadOnlyDictionary<string, string> None = FrozenDictionary<string, string>.Empty;

    private static Booking Make(decimal amount, decimal? margin = null, decimal units = 1m, string? original = null, Currency? marginCurrency = null) =>
        new("B1", new DateOnly(2026, 1, 5), new Money(amount, Usd), "ana", "p-1", "software", None,
            margin is { } m ? new Money(m, marginCurrency ?? Usd) : null, units, original);

    private static int[] Bits(decimal value) => decimal.GetBits(value);

    [Theory]
    [InlineData("1234.56")]
    [InlineData("1234.5600")]
    [InlineData("-0.00")]
    [InlineData("-21474836.48")]
    [InlineData("92233720368547758.07")]
    [InlineData("100000000000000000000")]
    [InlineData("-79228162514264337593543950335")]
    public void Amount_AnyDecimal_ReadsBackDigitForDigit(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var booking = Make(value, margin: value, units: value);

        Assert.Equal(Bits(value), Bits(booking.Amount.Amount));
        Assert.Equal(Bits(value), Bits(booking.Margin!.Value.Amount));
        Assert.Equal(Bits(value), Bits(booking.Units));
        Assert.Same(Usd, booking.Amount.Currency);
    }

    [Fact]
    public void Properties_PackedAndSideValues_ReadBackAsGiven()
    {
        // A margin in another currency and a cancellation's original id live beside the packed values; no margin stays null.
        var cancellation = Make(-10m, margin: -2m, units: 2.5m, original: "B0", marginCurrency: Jpy);
        var plain = Make(10m);

        Assert.Equal((new Money(-2m, Jpy), 2.5m, "B0"), (cancellation.Margin, cancellation.Units, cancellation.OriginalBookingId));
        Assert.Equal(((Money?)null, 1m, (string?)null), (plain.Margin, plain.Units, plain.OriginalBookingId));
        Assert.EndsWith("Amount = 10 USD, OwnerId = ana, Product = p-1, Family = software, Attributes = System.Collections.Frozen.EmptyFrozenDictionary`2[System.String,System.String], Margin = , Units = 1, OriginalBookingId =  }", plain.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void With_OneValueReplaced_OthersKept()
    {
        var booking = Make(10.50m, margin: 3m, units: 4m, original: "B0");

        var changed = booking with { Amount = new Money(-7.25m, Jpy), OriginalBookingId = null };

        Assert.Equal((new Money(-7.25m, Jpy), (Money?)new Money(3m, Usd), 4m, (string?)null), (changed.Amount, changed.Margin, changed.Units, changed.OriginalBookingId));
        Assert.Equal((new Money(10.50m, Usd), "B0"), (booking.Amount, booking.OriginalBookingId));
    }

    [Fact]
    public void Equals_SameValuesWrittenWithOtherScales_EqualAsRecordsWere()
    {
        // Money compares decimals by value (10.5 = 10.50), as the record's generated equality did.
        Assert.Equal(Make(10.5m, margin: 1m, units: 2m), Make(10.50m, margin: 1.0m, units: 2.00m));
        Assert.Equal(Make(10.5m).GetHashCode(), Make(10.50m).GetHashCode());
        Assert.NotEqual(Make(10.5m), Make(10.51m));
        Assert.NotEqual(Make(10.5m, margin: 1m), Make(10.5m));
        Assert.NotEqual(Make(10.5m, original: "B0"), Make(10.5m));
    }

    [Fact]
    public void Deconstruct_GivesTheConstructorsValues()
    {
        var (id, _, amount, owner, _, _, _, margin, units, original) = Make(12m, margin: 5m, units: 3m, original: "B0");

        Assert.Equal(("B1", new Money(12m, Usd), "ana", (Money?)new Money(5m, Usd), 3m, (string?)"B0"), (id, amount, owner, margin, units, original));
    }

    [Fact]
    public void Properties_RandomDecimals_ReadBackDigitForDigit()
    {
        Gen.Select(Gen.Decimal, Gen.Decimal, Gen.Decimal).Sample((amount, margin, units) =>
        {
            var booking = Make(amount, margin, units);
            Assert.Equal(Bits(amount), Bits(booking.Amount.Amount));
            Assert.Equal(Bits(margin), Bits(booking.Margin!.Value.Amount));
            Assert.Equal(Bits(units), Bits(booking.Units));
        });
    }
}
