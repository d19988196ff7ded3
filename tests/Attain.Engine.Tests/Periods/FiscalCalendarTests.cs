using System.Globalization;
using Attain.Engine.Periods;
using CsCheck;

namespace Attain.Engine.Tests.Periods;

public class FiscalCalendarTests
{
    private static readonly FiscalCalendar February = new(2);
    private static readonly FiscalCalendar January = new(1);

    private static readonly Gen<(int FirstMonth, DateOnly Date)> GenCalendarDate =
        Gen.Select(Gen.Int[1, 12], Gen.DateOnly[new DateOnly(1900, 1, 1), new DateOnly(2200, 12, 31)]);

    [Fact]
    public void YearOf_FirstMonthFebruary_NamedByYearItEndsIn()
    {
        var date = new DateOnly(2026, 2, 1);

        var year = February.YearOf(date);

        Assert.Equal("FY2027", year.Key);
        Assert.Equal(new DateOnly(2026, 2, 1), year.Start);
        Assert.Equal(new DateOnly(2027, 1, 31), year.End);
        Assert.Equal(365, year.Days);
    }

    [Fact]
    public void YearOf_FirstMonthFebruaryInJanuary_BelongsToYearEndingThatMonth()
    {
        var date = new DateOnly(2026, 1, 31);

        var year = February.YearOf(date);

        Assert.Equal("FY2026", year.Key);
        Assert.Equal(new DateOnly(2025, 2, 1), year.Start);
        Assert.Equal(new DateOnly(2026, 1, 31), year.End);
    }

    [Fact]
    public void YearOf_FirstMonthJanuary_IsCalendarYear()
    {
        var date = new DateOnly(2024, 7, 4);

        var year = January.YearOf(date);

        Assert.Equal("FY2024", year.Key);
        Assert.Equal(new DateOnly(2024, 1, 1), year.Start);
        Assert.Equal(new DateOnly(2024, 12, 31), year.End);
        Assert.Equal(366, year.Days);
    }

    [Fact]
    public void QuarterOf_FirstMonthFebruaryInMay_IsSecondQuarter()
    {
        var date = new DateOnly(2026, 5, 15);

        var quarter = February.QuarterOf(date);

        Assert.Equal("FY2027-Q2", quarter.Key);
        Assert.Equal(new DateOnly(2026, 5, 1), quarter.Start);
        Assert.Equal(new DateOnly(2026, 7, 31), quarter.End);
        Assert.Equal(92, quarter.Days);
    }

    [Fact]
    public void QuarterOf_FirstMonthDecember_FirstQuarterSpansNewYear()
    {
        var calendar = new FiscalCalendar(12);

        var quarter = calendar.QuarterOf(new DateOnly(2028, 2, 29));

        Assert.Equal("FY2028-Q1", quarter.Key);
        Assert.Equal(new DateOnly(2027, 12, 1), quarter.Start);
        Assert.Equal(new DateOnly(2028, 2, 29), quarter.End);
    }

    [Fact]
    public void MonthOf_FirstMonthApril_AprilIsFiscalMonthOne()
    {
        var calendar = new FiscalCalendar(4);

        var month = calendar.MonthOf(new DateOnly(2026, 4, 10));

        Assert.Equal("FY2027-M01", month.Key);
        Assert.Equal(PeriodKind.Month, month.Kind);
        Assert.Equal(2027, month.FiscalYear);
        Assert.Equal(1, month.Number);
        Assert.Equal(new DateOnly(2026, 4, 1), month.Start);
        Assert.Equal(new DateOnly(2026, 4, 30), month.End);
    }

    [Fact]
    public void MonthOf_FirstMonthAprilInMarch_IsFiscalMonthTwelve()
    {
        var calendar = new FiscalCalendar(4);

        var month = calendar.MonthOf(new DateOnly(2027, 3, 31));

        Assert.Equal("FY2027-M12", month.Key);
        Assert.Equal(31, month.Days);
    }

    [Fact]
    public void MonthOf_LeapFebruary_HasTwentyNineDays()
    {
        var month = January.MonthOf(new DateOnly(2028, 2, 10));

        Assert.Equal(new DateOnly(2028, 2, 29), month.End);
        Assert.Equal(29, month.Days);
    }

    [Theory]
    [InlineData(PeriodKind.Month, "FY2027-M04")]
    [InlineData(PeriodKind.Quarter, "FY2027-Q2")]
    [InlineData(PeriodKind.Year, "FY2027")]
    public void PeriodOf_Kind_ReturnsPeriodOfThatKind(PeriodKind kind, string key)
    {
        var date = new DateOnly(2026, 5, 15);

        var period = February.PeriodOf(kind, date);

        Assert.Equal(key, period.Key);
    }

    [Theory]
    [InlineData("FY2027", "2026-02-01", "2027-01-31")]
    [InlineData("FY2027-Q4", "2026-11-01", "2027-01-31")]
    [InlineData("FY2027-M12", "2027-01-01", "2027-01-31")]
    [InlineData("FY0002", "0001-02-01", "0002-01-31")]
    [InlineData("FY9999-M12", "9999-01-01", "9999-01-31")]
    public void Parse_ValidKey_ReturnsPeriodWithThoseDates(string key, string start, string end)
    {
        var period = February.Parse(key);

        Assert.Equal(key, period.Key);
        Assert.Equal(DateOnly.Parse(start, CultureInfo.InvariantCulture), period.Start);
        Assert.Equal(DateOnly.Parse(end, CultureInfo.InvariantCulture), period.End);
    }

    [Theory]
    [InlineData("")]
    [InlineData("FY27")]
    [InlineData("fy2027")]
    [InlineData("FY2027-Q0")]
    [InlineData("FY2027-Q5")]
    [InlineData("FY2027-M00")]
    [InlineData("FY2027-M13")]
    [InlineData("FY2027-M1")]
    [InlineData("FY2027-W01")]
    [InlineData("FY2027-Q1 ")]
    [InlineData("FY0001")]
    [InlineData("FY١٢٣٤")]
    public void Parse_BadKey_ThrowsFormatExceptionNamingKey(string key)
    {
        var exception = Assert.Throws<FormatException>(() => February.Parse(key));

        Assert.Contains($"'{key}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        var parsed = February.TryParse(null, out var period);

        Assert.False(parsed);
        Assert.Null(period);
    }

    [Fact]
    public void MonthsOf_Quarter_ReturnsItsThreeMonths()
    {
        var quarter = February.Parse("FY2027-Q2");

        var months = February.MonthsOf(quarter);

        Assert.Equal(["FY2027-M04", "FY2027-M05", "FY2027-M06"], months.Select(m => m.Key));
        Assert.Equal(new DateOnly(2026, 5, 1), months[0].Start);
    }

    [Fact]
    public void MonthsOf_Year_ReturnsTwelveContiguousMonths()
    {
        var year = February.Parse("FY2027");

        var months = February.MonthsOf(year);

        Assert.Equal(12, months.Count);
        Assert.Equal(year.Start, months[0].Start);
        Assert.Equal(year.End, months[^1].End);
        Assert.All(months.Zip(months.Skip(1)), pair => Assert.Equal(pair.First.End.AddDays(1), pair.Second.Start));
    }

    [Fact]
    public void MonthsOf_Month_ReturnsItself()
    {
        var month = February.Parse("FY2027-M05");

        var months = February.MonthsOf(month);

        Assert.Equal([month], months);
    }

    [Fact]
    public void QuartersOf_Year_ReturnsFourQuarters()
    {
        var year = January.Parse("FY2026");

        var quarters = January.QuartersOf(year);

        Assert.Equal(["FY2026-Q1", "FY2026-Q2", "FY2026-Q3", "FY2026-Q4"], quarters.Select(q => q.Key));
        Assert.Equal(new DateOnly(2026, 10, 1), quarters[3].Start);
    }

    [Fact]
    public void MonthsOf_PeriodOfAnotherCalendar_Throws()
    {
        var januaryQuarter = January.Parse("FY2027-Q1");

        Assert.Throws<ArgumentException>(() => February.MonthsOf(januaryQuarter));
    }

    [Theory]
    [InlineData("FY2027-Q4", "FY2028-Q1")]
    [InlineData("FY2027-M12", "FY2028-M01")]
    [InlineData("FY2027-M01", "FY2027-M02")]
    [InlineData("FY2027", "FY2028")]
    public void Next_Period_IsFollowingPeriodOfSameKind(string key, string nextKey)
    {
        var period = February.Parse(key);

        var next = February.Next(period);

        Assert.Equal(nextKey, next.Key);
        Assert.Equal(period.End.AddDays(1), next.Start);
    }

    [Theory]
    [InlineData("FY2027-M01", "FY2026-M12")]
    [InlineData("FY2027-Q1", "FY2026-Q4")]
    [InlineData("FY2027", "FY2026")]
    public void Previous_Period_IsPrecedingPeriodOfSameKind(string key, string previousKey)
    {
        var period = February.Parse(key);

        var previous = February.Previous(period);

        Assert.Equal(previousKey, previous.Key);
        Assert.Equal(period.Start.AddDays(-1), previous.End);
    }

    [Fact]
    public void Next_LastRepresentableYear_ThrowsArgumentOutOfRange()
    {
        var last = January.Parse("FY9999");

        Assert.Throws<ArgumentOutOfRangeException>(() => January.Next(last));
    }

    [Fact]
    public void YearOf_DateInUnrepresentableFiscalYear_ThrowsArgumentOutOfRange()
    {
        var lastDay = DateOnly.MaxValue;

        Assert.Throws<ArgumentOutOfRangeException>(() => February.YearOf(lastDay));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void Constructor_FirstMonthOutsideOneToTwelve_Throws(int firstMonth)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalCalendar(firstMonth));
    }

    [Fact]
    public void Equals_SameKeyDifferentCalendars_AreNotEqual()
    {
        var february = February.Parse("FY2027-Q1");
        var january = January.Parse("FY2027-Q1");

        Assert.NotEqual(february, january);
        Assert.Equal(February.Parse("FY2027-Q1"), february);
    }

    [Fact]
    public void Contains_PeriodEnds_AreInclusive()
    {
        var quarter = February.Parse("FY2027-Q1");

        Assert.True(quarter.Contains(new DateOnly(2026, 2, 1)));
        Assert.True(quarter.Contains(new DateOnly(2026, 4, 30)));
        Assert.False(quarter.Contains(new DateOnly(2026, 1, 31)));
        Assert.False(quarter.Contains(new DateOnly(2026, 5, 1)));
    }

    [Fact]
    public void PeriodOf_AnyDate_FallsInExactlyOneMonthQuarterAndYear()
    {
        GenCalendarDate.Sample((firstMonth, date) =>
        {
            var calendar = new FiscalCalendar(firstMonth);

            var year = calendar.YearOf(date);

            Assert.True(year.Contains(date));
            Assert.False(calendar.Previous(year).Contains(date));
            Assert.False(calendar.Next(year).Contains(date));
            Assert.Single(calendar.QuartersOf(year), q => q.Contains(date));
            Assert.Single(calendar.MonthsOf(year), m => m.Contains(date));
            Assert.Equal(calendar.QuarterOf(date), calendar.QuartersOf(year).Single(q => q.Contains(date)));
            Assert.Equal(calendar.MonthOf(date), calendar.MonthsOf(year).Single(m => m.Contains(date)));
        }, iter: 5_000);
    }

    [Fact]
    public void PeriodOf_AnyDate_MonthWithinQuarterWithinYear()
    {
        GenCalendarDate.Sample((firstMonth, date) =>
        {
            var calendar = new FiscalCalendar(firstMonth);

            var month = calendar.MonthOf(date);
            var quarter = calendar.QuarterOf(date);
            var year = calendar.YearOf(date);

            Assert.True(quarter.Range.Contains(month.Range));
            Assert.True(year.Range.Contains(quarter.Range));
            Assert.Contains(month, calendar.MonthsOf(quarter));
            Assert.Equal(year.FiscalYear, quarter.FiscalYear);
            Assert.Equal(year.FiscalYear, month.FiscalYear);
            Assert.Equal(((month.Number - 1) / 3) + 1, quarter.Number);
            Assert.Equal(year.Start.Month, firstMonth);
            Assert.Equal(year.End, year.Start.AddYears(1).AddDays(-1));
        }, iter: 5_000);
    }

    [Fact]
    public void Parse_KeyOfAnyPeriod_RoundTrips()
    {
        Gen.Select(GenCalendarDate, Gen.Enum<PeriodKind>()).Sample((pair, kind) =>
        {
            var calendar = new FiscalCalendar(pair.FirstMonth);
            var period = calendar.PeriodOf(kind, pair.Date);

            var parsed = calendar.Parse(period.Key);

            Assert.Equal(period, parsed);
        }, iter: 5_000);
    }

    [Fact]
    public void NextThenPrevious_AnyPeriod_ReturnsSamePeriodAndTilesDays()
    {
        Gen.Select(GenCalendarDate, Gen.Enum<PeriodKind>()).Sample((pair, kind) =>
        {
            var calendar = new FiscalCalendar(pair.FirstMonth);
            var period = calendar.PeriodOf(kind, pair.Date);

            var next = calendar.Next(period);

            Assert.Equal(period.End.AddDays(1), next.Start);
            Assert.Equal(kind, next.Kind);
            Assert.Equal(period, calendar.Previous(next));
        }, iter: 5_000);
    }
}
