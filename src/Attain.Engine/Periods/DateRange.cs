namespace Attain.Engine.Periods;

/// <summary>
/// A run of days from <see cref="Start"/> to <see cref="End"/>, inclusive at both ends, or open-ended when
/// <see cref="End"/> is null. Matches effective-dated rows: EffectiveFrom is <see cref="Start"/>, the optional
/// EffectiveTo is <see cref="End"/>.
/// </summary>
/// <remarks>
/// Equality is by value: same start and same end, where an open end (null) is not equal to an end on
/// <see cref="DateOnly.MaxValue"/>. <c>default(DateRange)</c> starts on <see cref="DateOnly.MinValue"/> and is
/// open-ended: it contains every date.
/// </remarks>
public readonly record struct DateRange
{
    /// <summary>Creates a range from <paramref name="start"/> to <paramref name="end"/>, both inclusive.</summary>
    /// <param name="start">The first day in the range.</param>
    /// <param name="end">The last day in the range, or null for open-ended. A one-day range has end equal to start.</param>
    /// <exception cref="ArgumentException"><paramref name="end"/> is before <paramref name="start"/>.</exception>
    public DateRange(DateOnly start, DateOnly? end)
    {
        if (end < start)
        {
            throw new ArgumentException($"A date range cannot end ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).", nameof(end));
        }

        Start = start;
        End = end;
    }

    /// <summary>The first day in the range (inclusive).</summary>
    public DateOnly Start { get; }

    /// <summary>The last day in the range (inclusive), or null when the range is open-ended.</summary>
    public DateOnly? End { get; }

    /// <summary>True when the range has no end.</summary>
    public bool IsOpenEnded => End is null;

    /// <summary>The number of days, counting both ends (a one-day range has 1), or null when open-ended.</summary>
    public int? Days => End is { } end ? end.DayNumber - Start.DayNumber + 1 : null;

    /// <summary>An open-ended range starting on <paramref name="start"/>.</summary>
    public static DateRange StartingOn(DateOnly start) => new(start, null);

    /// <summary>True when <paramref name="date"/> is on or after <see cref="Start"/> and, unless open-ended, on or before <see cref="End"/>.</summary>
    public bool Contains(DateOnly date) => Start <= date && (End is null || date <= End);

    /// <summary>True when every day of <paramref name="other"/> is in this range.</summary>
    public bool Contains(DateRange other) =>
        Start <= other.Start && (End is null || (other.End is { } otherEnd && otherEnd <= End));

    /// <summary>
    /// True when the ranges share at least one day. Ends are inclusive, so ranges that meet on a single day overlap
    /// (…–03-31 and 03-31–…), while back-to-back ranges do not (…–03-31 and 04-01–…).
    /// </summary>
    public bool Overlaps(DateRange other) =>
        (End is null || other.Start <= End) && (other.End is null || Start <= other.End);

    /// <summary>The days the two ranges share, or null when they do not overlap.</summary>
    /// <returns>A range from the later start to the earlier end (open-ended only when both are).</returns>
    public DateRange? Intersect(DateRange other)
    {
        if (!Overlaps(other))
        {
            return null;
        }

        var start = Start > other.Start ? Start : other.Start;
        DateOnly? end = (End, other.End) switch
        {
            (null, var b) => b,
            (var a, null) => a,
            (DateOnly a, DateOnly b) => a < b ? a : b,
        };
        return new DateRange(start, end);
    }

    /// <summary>For example <c>2026-01-01..2026-12-31</c>, or <c>2026-01-01..</c> when open-ended.</summary>
    public override string ToString() => $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";
}
