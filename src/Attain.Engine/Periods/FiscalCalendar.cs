using System.Diagnostics.CodeAnalysis;

namespace Attain.Engine.Periods;

/// <summary>
/// A fiscal calendar of twelve calendar months starting in <see cref="FirstMonth"/>, split into quarters of three
/// months. A fiscal year is named by the calendar year in which it ENDS.
/// </summary>
/// <remarks>
/// <para>
/// Examples: with <see cref="FirstMonth"/> = 2, FY2027 runs 2026-02-01..2027-01-31 and its first fiscal month
/// (FY2027-M01) is February 2026. With <see cref="FirstMonth"/> = 1, the fiscal year is the calendar year: FY2026 runs
/// 2026-01-01..2026-12-31.
/// </para>
/// <para>
/// Every date falls in exactly one fiscal month, one quarter and one year, and month ⊂ quarter ⊂ year. All ends are
/// inclusive. Fiscal years are limited to those whose dates <see cref="DateOnly"/> can hold (FY0001 or FY0002 to
/// FY9999); dates outside them throw <see cref="ArgumentOutOfRangeException"/>.
/// </para>
/// <para>Equality is by value: calendars with the same first month are equal.</para>
/// </remarks>
/// <param name="FirstMonth">The calendar month (1 = January … 12 = December) in which each fiscal year starts.</param>
public sealed record FiscalCalendar(int FirstMonth)
{
    private const int MaxFiscalYear = 9999;

    /// <summary>The calendar month (1 = January … 12 = December) in which each fiscal year starts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The month is not 1 to 12.</exception>
    public int FirstMonth { get; } = ValidMonth(FirstMonth);

    private int MinFiscalYear => FirstMonth == 1 ? 1 : 2;

    /// <summary>The fiscal year containing <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fiscal year is not representable (see remarks on the type).</exception>
    public Period YearOf(DateOnly date) => Year(FiscalYearOf(date));

    /// <summary>The fiscal quarter containing <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fiscal year is not representable.</exception>
    public Period QuarterOf(DateOnly date) => Quarter(FiscalYearOf(date), ((FiscalMonthNumberOf(date) - 1) / 3) + 1);

    /// <summary>The fiscal month containing <paramref name="date"/>: its calendar month, numbered from <see cref="FirstMonth"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fiscal year is not representable.</exception>
    public Period MonthOf(DateOnly date) => Month(FiscalYearOf(date), FiscalMonthNumberOf(date));

    /// <summary>The period of <paramref name="kind"/> containing <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is unknown or the fiscal year is not representable.</exception>
    public Period PeriodOf(PeriodKind kind, DateOnly date) => kind switch
    {
        PeriodKind.Month => MonthOf(date),
        PeriodKind.Quarter => QuarterOf(date),
        PeriodKind.Year => YearOf(date),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown period kind."),
    };

    /// <summary>Reads a <see cref="Period.Key"/> back: <c>FY2027</c>, <c>FY2027-Q1</c> or <c>FY2027-M01</c> (exact case, four year digits, two month digits).</summary>
    /// <exception cref="FormatException">The key is not in one of those forms, or names a quarter, month or year that does not exist; the message names the key.</exception>
    public Period Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryParse(key, out var period)
            ? period
            : throw new FormatException(
                $"'{key}' is not a period key of this calendar; expected FY2027, FY2027-Q1 (quarters 1–4) or FY2027-M01 (months 01–12), " +
                $"with fiscal years {MinFiscalYear:D4} to {MaxFiscalYear}.");
    }

    /// <summary>Reads a <see cref="Period.Key"/> back without throwing; see <see cref="Parse"/>.</summary>
    public bool TryParse(string? key, [NotNullWhen(true)] out Period? period)
    {
        period = null;
        if (key is null || key.Length < 6 || !key.StartsWith("FY", StringComparison.Ordinal)
            || !TryReadDigits(key.AsSpan(2, 4), out var fiscalYear)
            || fiscalYear < MinFiscalYear || fiscalYear > MaxFiscalYear)
        {
            return false;
        }

        var rest = key.AsSpan(6);
        if (rest.IsEmpty)
        {
            period = Year(fiscalYear);
        }
        else if (rest.Length == 3 && rest.StartsWith("-Q") && TryReadDigits(rest[2..], out var quarter)
            && quarter is >= 1 and <= 4)
        {
            period = Quarter(fiscalYear, quarter);
        }
        else if (rest.Length == 4 && rest.StartsWith("-M") && TryReadDigits(rest[2..], out var month)
            && month is >= 1 and <= 12)
        {
            period = Month(fiscalYear, month);
        }

        return period is not null;
    }

    /// <summary>The fiscal months of <paramref name="period"/>, in order: 12 for a year, 3 for a quarter, itself for a month.</summary>
    /// <exception cref="ArgumentException">The period was not made by an equal calendar.</exception>
    public IReadOnlyList<Period> MonthsOf(Period period)
    {
        EnsureOwn(period);
        return period.Kind switch
        {
            PeriodKind.Year => [.. Enumerable.Range(1, 12).Select(m => Month(period.FiscalYear, m))],
            PeriodKind.Quarter => [.. Enumerable.Range(((period.Number - 1) * 3) + 1, 3).Select(m => Month(period.FiscalYear, m))],
            _ => [period],
        };
    }

    /// <summary>The fiscal quarters of a year, in order (4), or the quarter itself.</summary>
    /// <exception cref="ArgumentException">The period is a month, or was not made by an equal calendar.</exception>
    public IReadOnlyList<Period> QuartersOf(Period period)
    {
        EnsureOwn(period);
        return period.Kind switch
        {
            PeriodKind.Year => [.. Enumerable.Range(1, 4).Select(q => Quarter(period.FiscalYear, q))],
            PeriodKind.Quarter => [period],
            _ => throw new ArgumentException($"{period.Key} is a month; a month has no quarters.", nameof(period)),
        };
    }

    /// <summary>The period of the same kind that starts the day after <paramref name="period"/> ends (FY2027-Q4 → FY2028-Q1).</summary>
    /// <exception cref="ArgumentException">The period was not made by an equal calendar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The next fiscal year is not representable.</exception>
    public Period Next(Period period) => Step(period, +1);

    /// <summary>The period of the same kind that ends the day before <paramref name="period"/> starts (FY2027-M01 → FY2026-M12).</summary>
    /// <exception cref="ArgumentException">The period was not made by an equal calendar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The previous fiscal year is not representable.</exception>
    public Period Previous(Period period) => Step(period, -1);

    private Period Step(Period period, int direction)
    {
        EnsureOwn(period);
        var perYear = period.Kind switch
        {
            PeriodKind.Month => 12,
            PeriodKind.Quarter => 4,
            _ => 1,
        };
        var index = (period.FiscalYear * perYear) + (period.Kind == PeriodKind.Year ? 0 : period.Number - 1) + direction;
        var fiscalYear = index / perYear;
        var number = (index % perYear) + 1;
        return period.Kind switch
        {
            PeriodKind.Month => Month(fiscalYear, number),
            PeriodKind.Quarter => Quarter(fiscalYear, number),
            _ => Year(fiscalYear),
        };
    }

    private int FiscalYearOf(DateOnly date) =>
        FirstMonth == 1 || date.Month < FirstMonth ? date.Year : date.Year + 1;

    private int FiscalMonthNumberOf(DateOnly date) => ((date.Month - FirstMonth + 12) % 12) + 1;

    private DateOnly FirstDayOf(int fiscalYear)
    {
        if (fiscalYear < MinFiscalYear || fiscalYear > MaxFiscalYear)
        {
            throw new ArgumentOutOfRangeException(
                nameof(fiscalYear),
                fiscalYear,
                $"Fiscal year {fiscalYear} is outside FY{MinFiscalYear:D4}..FY{MaxFiscalYear} for a fiscal calendar starting in month {FirstMonth}.");
        }

        return new DateOnly(FirstMonth == 1 ? fiscalYear : fiscalYear - 1, FirstMonth, 1);
    }

    private Period Year(int fiscalYear)
    {
        var start = FirstDayOf(fiscalYear);
        return new Period(PeriodKind.Year, fiscalYear, 0, start, LastDayOf(start.AddMonths(11)));
    }

    private Period Quarter(int fiscalYear, int quarter)
    {
        var start = FirstDayOf(fiscalYear).AddMonths((quarter - 1) * 3);
        return new Period(PeriodKind.Quarter, fiscalYear, quarter, start, LastDayOf(start.AddMonths(2)));
    }

    private Period Month(int fiscalYear, int month)
    {
        var start = FirstDayOf(fiscalYear).AddMonths(month - 1);
        return new Period(PeriodKind.Month, fiscalYear, month, start, LastDayOf(start));
    }

    private void EnsureOwn(Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var same = period == PeriodOf(period.Kind, period.Start);
        if (!same)
        {
            throw new ArgumentException(
                $"{period} does not belong to a fiscal calendar starting in month {FirstMonth}.", nameof(period));
        }
    }

    private static DateOnly LastDayOf(DateOnly dayInMonth) =>
        new(dayInMonth.Year, dayInMonth.Month, DateTime.DaysInMonth(dayInMonth.Year, dayInMonth.Month));

    private static bool TryReadDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return !digits.IsEmpty;
    }

    private static int ValidMonth(int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return month;
    }
}
