using System.Globalization;
using Attain.Engine.Periods;

namespace Attain.Engine.Tests.Periods;

public class DateRangeTests
{
    private static readonly DateRange FirstQuarter = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31));

    [Theory]
    [InlineData("2026-01-01", true)]
    [InlineData("2026-03-31", true)]
    [InlineData("2026-02-15", true)]
    [InlineData("2025-12-31", false)]
    [InlineData("2026-04-01", false)]
    public void Contains_Date_InclusiveAtBothEnds(string date, bool expected)
    {
        var day = DateOnly.Parse(date, CultureInfo.InvariantCulture);

        var contains = FirstQuarter.Contains(day);

        Assert.Equal(expected, contains);
    }

    [Fact]
    public void Contains_OpenEnded_ContainsEveryLaterDate()
    {
        var range = DateRange.StartingOn(new DateOnly(2026, 1, 1));

        Assert.True(range.Contains(DateOnly.MaxValue));
        Assert.False(range.Contains(new DateOnly(2025, 12, 31)));
        Assert.True(range.IsOpenEnded);
        Assert.Null(range.Days);
    }

    [Fact]
    public void Days_SingleDay_IsOne()
    {
        var day = new DateOnly(2026, 2, 28);

        var range = new DateRange(day, day);

        Assert.Equal(1, range.Days);
        Assert.Equal(90, FirstQuarter.Days);
    }

    [Fact]
    public void Constructor_EndBeforeStart_Throws()
    {
        var start = new DateOnly(2026, 3, 1);
        var end = new DateOnly(2026, 2, 28);

        Assert.Throws<ArgumentException>(() => new DateRange(start, end));
    }

    [Fact]
    public void Overlaps_MeetOnOneDay_True()
    {
        var april = new DateRange(new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30));

        var overlaps = FirstQuarter.Overlaps(april);

        Assert.True(overlaps);
        Assert.True(april.Overlaps(FirstQuarter));
    }

    [Fact]
    public void Overlaps_BackToBack_False()
    {
        var secondQuarter = new DateRange(new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30));

        var overlaps = FirstQuarter.Overlaps(secondQuarter);

        Assert.False(overlaps);
        Assert.False(secondQuarter.Overlaps(FirstQuarter));
    }

    [Fact]
    public void Overlaps_TwoOpenEnded_True()
    {
        var early = DateRange.StartingOn(new DateOnly(2020, 1, 1));
        var late = DateRange.StartingOn(new DateOnly(2030, 1, 1));

        Assert.True(early.Overlaps(late));
    }

    [Fact]
    public void Overlaps_OpenEndedStartingAfterEnd_False()
    {
        var later = DateRange.StartingOn(new DateOnly(2026, 4, 1));

        Assert.False(FirstQuarter.Overlaps(later));
        Assert.False(later.Overlaps(FirstQuarter));
    }

    [Fact]
    public void Intersect_Overlapping_ReturnsSharedDays()
    {
        var february15Onwards = DateRange.StartingOn(new DateOnly(2026, 2, 15));

        var shared = FirstQuarter.Intersect(february15Onwards);

        Assert.Equal(new DateRange(new DateOnly(2026, 2, 15), new DateOnly(2026, 3, 31)), shared);
    }

    [Fact]
    public void Intersect_BothOpenEnded_IsOpenEndedFromLaterStart()
    {
        var early = DateRange.StartingOn(new DateOnly(2020, 1, 1));
        var late = DateRange.StartingOn(new DateOnly(2030, 1, 1));

        var shared = early.Intersect(late);

        Assert.Equal(late, shared);
    }

    [Fact]
    public void Intersect_Disjoint_ReturnsNull()
    {
        var secondQuarter = new DateRange(new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30));

        var shared = FirstQuarter.Intersect(secondQuarter);

        Assert.Null(shared);
    }

    [Fact]
    public void ContainsRange_InsideAndPartlyOutside_TrueThenFalse()
    {
        var february = new DateRange(new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28));
        var openFromFebruary = DateRange.StartingOn(new DateOnly(2026, 2, 1));

        Assert.True(FirstQuarter.Contains(february));
        Assert.False(FirstQuarter.Contains(openFromFebruary));
        Assert.True(openFromFebruary.Contains(february));
    }

    [Fact]
    public void ToString_ClosedAndOpen_ShowsInclusiveEnds()
    {
        var open = DateRange.StartingOn(new DateOnly(2026, 1, 1));

        Assert.Equal("2026-01-01..2026-03-31", FirstQuarter.ToString());
        Assert.Equal("2026-01-01..", open.ToString());
    }

    [Fact]
    public void Default_ContainsEveryDate()
    {
        var everything = default(DateRange);

        Assert.True(everything.Contains(DateOnly.MinValue));
        Assert.True(everything.Contains(DateOnly.MaxValue));
    }
}
