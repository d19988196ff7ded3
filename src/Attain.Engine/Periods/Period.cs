namespace Attain.Engine.Periods;

/// <summary>
/// A fiscal month, quarter or year of a <see cref="FiscalCalendar"/>, from <see cref="Start"/> to <see cref="End"/>,
/// both inclusive. Created only by a <see cref="FiscalCalendar"/>.
/// </summary>
/// <remarks>
/// Equality is by value (kind, fiscal year, number and dates). The same <see cref="Key"/> under calendars with different
/// first months names different dates, so such periods are not equal.
/// </remarks>
public sealed record Period
{
    internal Period(PeriodKind kind, int fiscalYear, int number, DateOnly start, DateOnly end)
    {
        Kind = kind;
        FiscalYear = fiscalYear;
        Number = number;
        Start = start;
        End = end;
        Key = kind switch
        {
            PeriodKind.Year => $"FY{fiscalYear:D4}",
            PeriodKind.Quarter => $"FY{fiscalYear:D4}-Q{number}",
            _ => $"FY{fiscalYear:D4}-M{number:D2}",
        };
    }

    /// <summary>Month, quarter or year.</summary>
    public PeriodKind Kind { get; }

    /// <summary>The fiscal year, named by the calendar year in which it ends (FY2027 may start in 2026).</summary>
    public int FiscalYear { get; }

    /// <summary>
    /// The position within the fiscal year: quarter 1–4 for a quarter, fiscal month 1–12 for a month (1 is the fiscal
    /// year's first month, not January); 0 for a year.
    /// </summary>
    public int Number { get; }

    /// <summary>The first day of the period (inclusive).</summary>
    public DateOnly Start { get; }

    /// <summary>The last day of the period (inclusive).</summary>
    public DateOnly End { get; }

    /// <summary>
    /// A stable identifier: <c>FY2027</c> for a year, <c>FY2027-Q1</c> for a quarter, <c>FY2027-M01</c> for a fiscal
    /// month (two digits). Always four year digits. <see cref="FiscalCalendar.Parse"/> reads it back.
    /// </summary>
    public string Key { get; }

    /// <summary>The number of days, counting both ends: 28 to 31 for a month, 365 or 366 for a year.</summary>
    public int Days => End.DayNumber - Start.DayNumber + 1;

    /// <summary>The same dates as a <see cref="DateRange"/>, inclusive at both ends.</summary>
    public DateRange Range => new(Start, End);

    /// <summary>True when <paramref name="date"/> is on or after <see cref="Start"/> and on or before <see cref="End"/>.</summary>
    public bool Contains(DateOnly date) => Start <= date && date <= End;

    /// <summary>The key and the dates, for example <c>FY2027-Q1 (2026-02-01..2026-04-30)</c>.</summary>
    public override string ToString() => $"{Key} ({Start:yyyy-MM-dd}..{End:yyyy-MM-dd})";
}
