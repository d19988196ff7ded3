using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Plans;

/// <summary>The optional parts every component may have besides its measure, period, filter and period cap.</summary>
public abstract partial record PlanComponent
{
    /// <summary>
    /// For <see cref="MeasureKind.BookingAttribute"/> and <see cref="MeasureKind.BookingMoneyAttribute"/>, the name of the
    /// booking attribute measured (without a prefix, such as <c>acv</c>); null for the other measures.
    /// </summary>
    public string? MeasureAttribute { get; init; }

    /// <summary>
    /// An expression condition (<c>"condition"</c>) a booking must meet, on top of <see cref="Filter"/>; null for none.
    /// A null result does not match; an evaluation error leaves the booking out with the issue <c>condition.error</c>.
    /// </summary>
    public PlanExpression? Condition { get; init; }

    /// <summary>Gates that must all be open for the component to pay (docs/plans.md, "Gates"); empty for none.</summary>
    public IReadOnlyList<Gate> Gates { get; init; } = [];

    /// <summary>
    /// Largest total the component pays a participant in one fiscal year under one assignment (pay currency), or null.
    /// Applied after the per-period cap; earlier periods of the fiscal year are calculated to know what was paid.
    /// </summary>
    public decimal? PerYearCap { get; init; }

    /// <summary>
    /// The least the component pays a participant for a complete component period (pay currency, prorated like the
    /// target incentive), or null. Paid as a <c>Guarantee</c> line on the period's last day after every gate and cap.
    /// </summary>
    public decimal? Guarantee { get; init; }
}

/// <summary>The rate rules of a commission (docs/plans.md, "Rates by product or attribute").</summary>
public sealed partial record CommissionComponent
{
    /// <summary>
    /// Rules that give some bookings their own flat rate. The most specific matching rule wins (see
    /// <see cref="RatePrecedence"/>); a booking no rule matches pays the component's own rate or table.
    /// </summary>
    public IReadOnlyList<RateRule> RateRules { get; init; } = [];
}

/// <summary>
/// A rate for the bookings whose attributes have the given values (all of them).
/// </summary>
/// <param name="When">Attribute (<c>product</c>, <c>family</c> or <c>attributes.NAME</c>) → the value it must equal (ordinal).</param>
/// <param name="Rate">The flat rate paid on such a booking's credits.</param>
public sealed record RateRule(IReadOnlyDictionary<string, string> When, Rate Rate)
{
    /// <summary>The conditions written as <c>attribute=value</c> joined by <c>, </c>, ordered: the rule's canonical key.</summary>
    public string Key { get; } = string.Join(", ", When.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>
/// A gate: a condition on the period-to-date value of the component's own measure or of another measure. While it is
/// closed, the component's earnings are withheld; when it opens they are paid, withheld amounts included.
/// </summary>
/// <param name="AttainmentAtLeast">
/// Open when the component's own attainment (percent of the prorated quota) is at least this; null when the gate is on
/// a value instead. Closed when there is no positive quota.
/// </param>
/// <param name="Measure">The measure whose value is compared with <paramref name="AtLeast"/>, or null for an attainment gate.</param>
/// <param name="MeasureAttribute">The attribute name of an attribute measure, or null.</param>
/// <param name="Filter">Booking conditions for the gate's measure (all must hold).</param>
/// <param name="Condition">An expression condition for the gate's measure, or null.</param>
/// <param name="AtLeast">Open when the gate measure's period-to-date value is at least this; null for an attainment gate.</param>
public sealed record Gate(
    decimal? AttainmentAtLeast,
    MeasureKind? Measure,
    string? MeasureAttribute,
    IReadOnlyList<BookingCondition> Filter,
    PlanExpression? Condition,
    decimal? AtLeast);

/// <summary>How a SPIFF pays each qualifying credit: exactly one of the three is set.</summary>
/// <param name="Amount">A fixed amount per booking (pay currency), shared by the credit's part of the booking.</param>
/// <param name="Rate">A rate on the credit's measure value.</param>
/// <param name="Formula">A number expression giving the credit's pay (pay currency).</param>
public sealed record SpiffPayout(decimal? Amount, Rate? Rate, PlanExpression? Formula);

/// <summary>
/// A SPIFF: a bonus on each qualifying booking dated inside a time box, paid on the credit's date (docs/plans.md, "SPIFF").
/// </summary>
/// <param name="Id">Identifier unique within the plan.</param>
/// <param name="Measure">The measure a rate or formula reads, and which credits count.</param>
/// <param name="PeriodKind">The period caps and gates work over.</param>
/// <param name="Filter">Booking conditions, all of which must hold.</param>
/// <param name="PerPeriodCap">Largest total paid per participant and period (pay currency), or null.</param>
/// <param name="From">First booking date that qualifies (inclusive).</param>
/// <param name="To">Last booking date that qualifies (inclusive).</param>
/// <param name="Payout">What each credit pays.</param>
public sealed record SpiffComponent(
    string Id,
    MeasureKind Measure,
    PeriodKind PeriodKind,
    IReadOnlyList<BookingCondition> Filter,
    decimal? PerPeriodCap,
    DateOnly From,
    DateOnly To,
    SpiffPayout Payout)
    : PlanComponent(Id, Measure, PeriodKind, Filter, PerPeriodCap);

/// <summary>
/// An MBO (management by objectives) component: target incentive × the weighted score of objectives a manager scored,
/// paid once per period on its last day (docs/plans.md, "MBO").
/// </summary>
/// <param name="Id">Identifier unique within the plan; scores name it.</param>
/// <param name="PeriodKind">The period objectives are scored for.</param>
/// <param name="PerPeriodCap">Largest amount paid per participant and period (pay currency), or null.</param>
/// <param name="ScoreCapPercent">The highest score counted for one objective, in percent, or null for none.</param>
public sealed record MboComponent(
    string Id,
    PeriodKind PeriodKind,
    decimal? PerPeriodCap,
    decimal? ScoreCapPercent)
    : PlanComponent(Id, MeasureKind.BookingsAmount, PeriodKind, [], PerPeriodCap);
