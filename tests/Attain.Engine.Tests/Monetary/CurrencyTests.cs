using Attain.Engine.Monetary;

namespace Attain.Engine.Tests.Monetary;

public class CurrencyTests
{
    [Theory]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("GBP", 2)]
    [InlineData("JPY", 0)]
    [InlineData("CHF", 2)]
    [InlineData("CAD", 2)]
    [InlineData("AUD", 2)]
    [InlineData("NZD", 2)]
    [InlineData("SEK", 2)]
    [InlineData("NOK", 2)]
    [InlineData("DKK", 2)]
    [InlineData("PLN", 2)]
    [InlineData("CZK", 2)]
    [InlineData("HUF", 2)]
    [InlineData("INR", 2)]
    [InlineData("CNY", 2)]
    [InlineData("HKD", 2)]
    [InlineData("SGD", 2)]
    [InlineData("BRL", 2)]
    [InlineData("MXN", 2)]
    [InlineData("ZAR", 2)]
    [InlineData("KRW", 0)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("JOD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("TND", 3)]
    [InlineData("CLP", 0)]
    [InlineData("ISK", 0)]
    [InlineData("AED", 2)]
    [InlineData("SAR", 2)]
    [InlineData("ILS", 2)]
    [InlineData("TRY", 2)]
    [InlineData("CLF", 4)]
    public void FromCode_Iso4217Code_HasIsoMinorUnits(string code, int minorUnits)
    {
        var currency = Currency.FromCode(code);

        Assert.Equal(new Currency(code, minorUnits), currency);
    }

    [Fact]
    public void FromCode_LowerCase_ReturnsUpperCaseTableInstance()
    {
        var currency = Currency.FromCode("eur");

        Assert.Same(Currency.FromCode("EUR"), currency);
        Assert.Equal("EUR", currency.Code);
    }

    [Fact]
    public void FromCode_UnknownCode_ThrowsArgumentExceptionNamingCode()
    {
        var exception = Assert.Throws<ArgumentException>(() => Currency.FromCode("XYZ"));

        Assert.Contains("XYZ", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("EURO")]
    [InlineData("")]
    [InlineData(null)]
    public void TryFromCode_UnknownCode_ReturnsFalse(string? code)
    {
        var found = Currency.TryFromCode(code, out var currency);

        Assert.False(found);
        Assert.Null(currency);
    }

    [Fact]
    public void TryFromCode_KnownCode_ReturnsCurrency()
    {
        var found = Currency.TryFromCode("KWD", out var currency);

        Assert.True(found);
        Assert.Equal(3, currency!.MinorUnits);
    }

    [Fact]
    public void All_Table_IsOrderedByCodeWithoutDuplicates()
    {
        var codes = Currency.All.Select(c => c.Code).ToList();

        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.True(codes.Count >= 33);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EU")]
    [InlineData("EUR1")]
    [InlineData("E1R")]
    public void Constructor_MalformedCode_Throws(string code)
    {
        var create = () => new Currency(code, 2);

        var exception = Assert.Throws<ArgumentException>(create);

        Assert.Contains(code, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void Constructor_MinorUnitsOutsideZeroToFour_Throws(int minorUnits)
    {
        var create = () => new Currency("XTS", minorUnits);

        Assert.Throws<ArgumentOutOfRangeException>(create);
    }

    [Fact]
    public void With_MinorUnitsOutsideZeroToFour_Throws()
    {
        var euro = Currency.FromCode("EUR");

        Assert.Throws<ArgumentOutOfRangeException>(() => euro with { MinorUnits = 9 });
    }
}
