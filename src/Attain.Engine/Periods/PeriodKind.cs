namespace Attain.Engine.Periods;

/// <summary>The length of a fiscal <see cref="Period"/>.</summary>
public enum PeriodKind
{
    /// <summary>A fiscal month: one calendar month, numbered 1–12 from the fiscal year's first month.</summary>
    Month,

    /// <summary>A fiscal quarter: three consecutive fiscal months, numbered 1–4.</summary>
    Quarter,

    /// <summary>A fiscal year: twelve consecutive calendar months, named by the calendar year in which it ends.</summary>
    Year,
}
