using Attain.Engine.Monetary;
using CsCheck;

namespace Attain.Engine.Tests.Monetary;


public class FxTableTests
{
    private static readonly Currency Eur = Currency.FromCode("EUR");
    private static readonly Currency Usd = Currency.FromCode("USD");
    private static readonly Currency Gbp = Currency.FromCode("GBP");

    private static readonly FxRate EurUsdJan = new(Eur, Usd, new DateOnly(2026, 1, 1), 1.10m);
    private static readonly FxRate EurUsdFeb = new(Eur, Usd, new DateOnly(2026, 2, 1), 1.20m);

    [Fact]
    public void Convert_DateBetweenQuotes_UsesLatestOnOrBefore()
    {
        var table = new FxTable([EurUsdJan, EurUsdFeb]);

        var conversion = table.Convert(new Money(100m, Eur), Usd, new DateOnly(2026, 1, 31));

        Assert.Equal(new Money(110.00m, Usd), conversion.Result);
        Assert.Same(EurUsdJan, conversion.Quote);
        Assert.False(conversion.Inverted);
    }

    [Fact]
    public void Convert_OnQuoteDate_UsesThatQuote()
    {
        var table = new FxTable([EurUsdJan, EurUsdFeb]);

        var conversion = table.Convert(new Money(100m, Eur), Usd, new DateOnly(2026, 2, 1));

        Assert.Equal(new Money(120.00m, Usd), conversion.Result);
    }

    [Fact]
    public void Convert_AfterLastQuote_KeepsUsingIt()
    {
        var table = new FxTable([EurUsdJan, EurUsdFeb]);

        var conversion = table.Convert(new Money(10m, Eur), Usd, new DateOnly(2030, 6, 30));

        Assert.Equal(12.0m, conversion.Result.Amount);
    }

    [Fact]
    public void Convert_OnlyInverseQuote_DividesByIt()
    {
        // 1 EUR = 1.25 USD, so 100 USD = 100 / 1.25 = 80 EUR.
        var table = new FxTable([new FxRate(Eur, Usd, new DateOnly(2026, 1, 1), 1.25m)]);

        var conversion = table.Convert(new Money(100m, Usd), Eur, new DateOnly(2026, 3, 1));

        Assert.Equal(new Money(80m, Eur), conversion.Result);
        Assert.True(conversion.Inverted);
        Assert.Equal(0.8m, conversion.AppliedRate);
    }

    [Fact]
    public void Convert_DirectAndInverseQuotes_PrefersDirect()
    {
        var usdEur = new FxRate(Usd, Eur, new DateOnly(2026, 1, 1), 0.9m);
        var table = new FxTable([EurUsdJan, usdEur]);

        var conversion = table.Convert(new Money(100m, Usd), Eur, new DateOnly(2026, 1, 15));

        Assert.Equal(new Money(90.0m, Eur), conversion.Result);
        Assert.False(conversion.Inverted);
    }

    [Fact]
    public void Convert_ResultIsNotRounded()
    {
        // 1 EUR = 3 USD, so 100 USD = 33.333… EUR, left with every digit.
        var table = new FxTable([new FxRate(Eur, Usd, new DateOnly(2026, 1, 1), 3m)]);

        var conversion = table.Convert(new Money(100m, Usd), Eur, new DateOnly(2026, 1, 1));

        Assert.Equal(33.333333333333333333333333333m, conversion.Result.Amount);
        Assert.Equal(new Money(33.33m, Eur), conversion.Result.Round(MidpointRounding.ToEven));
    }

    [Fact]
    public void Convert_SameCurrency_ReturnsSameMoneyWithoutQuote()
    {
        var table = new FxTable([]);

        var conversion = table.Convert(new Money(12.34m, Eur), Eur, new DateOnly(2026, 1, 1));

        Assert.Equal(new Money(12.34m, Eur), conversion.Result);
        Assert.Null(conversion.Quote);
        Assert.Equal(1m, conversion.AppliedRate);
    }

    [Fact]
    public void Convert_DateBeforeFirstQuote_ThrowsNamingPairAndDate()
    {
        var table = new FxTable([EurUsdJan]);

        var exception = Assert.Throws<InvalidOperationException>(
            () => table.Convert(new Money(1m, Eur), Usd, new DateOnly(2025, 12, 31)));

        Assert.Contains("EUR→USD", exception.Message, StringComparison.Ordinal);
        Assert.Contains("2025-12-31", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryConvert_UnknownPair_ReturnsFalse()
    {
        var table = new FxTable([EurUsdJan]);

        var converted = table.TryConvert(new Money(1m, Eur), Gbp, new DateOnly(2026, 6, 1), out var conversion);

        Assert.False(converted);
        Assert.Null(conversion);
    }

    [Fact]
    public void Constructor_ConflictingQuotesSamePairAndDate_ThrowsNamingThem()
    {
        var conflicting = new FxRate(Eur, Usd, new DateOnly(2026, 1, 1), 1.11m);

        var exception = Assert.Throws<ArgumentException>(() => new FxTable([EurUsdJan, conflicting]));

        Assert.Contains("EUR→USD on 2026-01-01", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_IdenticalRepeatedQuote_IsAccepted()
    {
        var repeat = new FxRate(Eur, Usd, new DateOnly(2026, 1, 1), 1.100m);

        var table = new FxTable([EurUsdJan, repeat]);

        Assert.Equal(11.0m, table.Convert(new Money(10m, Eur), Usd, new DateOnly(2026, 1, 1)).Result.Amount);
    }

    [Fact]
    public void FxRate_SameCurrencyOrNonPositiveRate_Throws()
    {
        var date = new DateOnly(2026, 1, 1);

        Assert.Throws<ArgumentException>(() => new FxRate(Eur, Eur, date, 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FxRate(Eur, Usd, date, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FxRate(Eur, Usd, date, -1.1m));
    }

    [Fact]
    public void Convert_QuotesInAnyOrder_SameResult()
    {
        // Twelve monthly quotes for each direction, given shuffled; the answer depends only on the set.
        FxRate[] quotes =
        [
            .. Enumerable.Range(1, 12).Select(m => new FxRate(Eur, Usd, new DateOnly(2026, m, 1), 1m + (m * 0.01m))),
            .. Enumerable.Range(1, 12).Select(m => new FxRate(Gbp, Eur, new DateOnly(2026, m, 15), 1m + (m * 0.02m))),
        ];
        var expected = new FxTable(quotes);
        var shuffledQuotes = Gen.Int.Select(seed =>
        {
            var copy = quotes.ToArray();
            new Random(seed).Shuffle(copy);
            return copy;
        });
        var gen = Gen.Select(shuffledQuotes, Gen.DateOnly[new DateOnly(2026, 1, 15), new DateOnly(2027, 1, 31)]);

        gen.Sample((shuffled, date) =>
        {
            var table = new FxTable(shuffled);

            Assert.Equal(
                expected.Convert(new Money(100m, Eur), Usd, date),
                table.Convert(new Money(100m, Eur), Usd, date));
            Assert.Equal(
                expected.Convert(new Money(100m, Eur), Gbp, date),
                table.Convert(new Money(100m, Eur), Gbp, date));
        }, iter: 500);
    }
}
