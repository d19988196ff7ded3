using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Plans;

/// <summary>
/// A compensation plan: the components that turn a participant's credits into earnings. Read from JSON by
/// <see cref="PlanReader"/>; docs/plans.md is the reference for the format and its semantics.
/// </summary>
/// <param name="Id">Stable identifier, referenced by plan assignments.</param>
/// <param name="Version">Version number of this plan text; carried into every earning line's lineage.</param>
/// <param name="PayCurrency">
/// The currency earnings are paid in: null means each participant's own pay currency; otherwise this fixed currency.
/// Caps and target incentives are amounts in the pay currency.
/// </param>
/// <param name="Rounding">
/// How earnings are rounded to the pay currency's minor unit (the only rounding point of a calculation besides credit
/// allocation): the running total of each component's lines is rounded with this mode.
/// </param>
/// <param name="Components">The components, in the order written; each pays on its own.</param>
public sealed partial record Plan(
    string Id,
    int Version,
    Currency? PayCurrency,
    MidpointRounding Rounding,
    IReadOnlyList<PlanComponent> Components);

/// <summary>One part of a <see cref="Plan"/> that pays on its own measure over its own period.</summary>
/// <param name="Id">Identifier unique within the plan.</param>
/// <param name="Measure">What is counted from credits.</param>
/// <param name="PeriodKind">
/// The period the measure accumulates over: period-to-date values reset at each period boundary, so tiers do too.
/// </param>
/// <param name="Filter">Conditions a booking must meet for its credits to count (all of them); empty counts every booking.</param>
/// <param name="PerPeriodCap">Largest total the component pays a participant in one period (pay currency), or null.</param>
public abstract partial record PlanComponent(
    string Id,
    MeasureKind Measure,
    PeriodKind PeriodKind,
    IReadOnlyList<BookingCondition> Filter,
    decimal? PerPeriodCap);

/// <summary>
/// A commission: each credit pays its measure value at a flat rate or at the rate a <see cref="RateTable"/> gives.
/// </summary>
/// <param name="Id">Identifier unique within the plan.</param>
/// <param name="Measure">What is counted from credits.</param>
/// <param name="PeriodKind">The period the measure accumulates over.</param>
/// <param name="Filter">Booking conditions, all of which must hold.</param>
/// <param name="PerPeriodCap">Largest total paid per participant and period (pay currency), or null.</param>
/// <param name="FlatRate">The rate for every credit, when there is no table; exactly one of this and <paramref name="Table"/> is set.</param>
/// <param name="Table">The rate table, when there is no flat rate.</param>
/// <param name="PerDealCap">
/// Largest amount one booking (with its cancellations) earns a participant from this component, true-ups included
/// (pay currency), or null.
/// </param>
public sealed partial record CommissionComponent(
    string Id,
    MeasureKind Measure,
    PeriodKind PeriodKind,
    IReadOnlyList<BookingCondition> Filter,
    decimal? PerPeriodCap,
    Rate? FlatRate,
    RateTable? Table,
    decimal? PerDealCap)
    : PlanComponent(Id, Measure, PeriodKind, Filter, PerPeriodCap);

/// <summary>
/// A quota bonus: target incentive × payout % from a piecewise-linear curve in attainment, paid once per period on the
/// period's final measure value.
/// </summary>
/// <param name="Id">Identifier unique within the plan.</param>
/// <param name="Measure">What is counted from credits.</param>
/// <param name="PeriodKind">The period attainment is measured over.</param>
/// <param name="Filter">Booking conditions, all of which must hold.</param>
/// <param name="PerPeriodCap">Largest amount paid per participant and period (pay currency), or null.</param>
/// <param name="Curve">Points (attainment %, payout %) with strictly increasing attainment; see <see cref="PayoutCurve"/>.</param>
/// <param name="ThresholdPercent">Attainment % below which nothing is paid, or null for none.</param>
/// <param name="CapPercent">Largest payout % of target incentive, or null for none.</param>
public sealed record QuotaBonusComponent(
    string Id,
    MeasureKind Measure,
    PeriodKind PeriodKind,
    IReadOnlyList<BookingCondition> Filter,
    decimal? PerPeriodCap,
    PayoutCurve Curve,
    decimal? ThresholdPercent,
    decimal? CapPercent)
    : PlanComponent(Id, Measure, PeriodKind, Filter, PerPeriodCap);

/// <summary>What a component counts from each credit.</summary>
public enum MeasureKind
{
    /// <summary>The credit's share of the booking amount, converted to the pay currency (<c>bookings.amount</c>).</summary>
    BookingsAmount,

    /// <summary>The credit's share of the booking margin, converted to the pay currency (<c>bookings.margin</c>).</summary>
    BookingsMargin,

    /// <summary>The credit's share of the booking units, a plain number (<c>bookings.units</c>).</summary>
    BookingsUnits,

    /// <summary>
    /// New logos (<c>bookings.newLogos</c>): 1 for each distinct account (booking attribute <c>account</c>) whose first
    /// order is credited to the participant inside the period; see docs/plans.md, "New logos".
    /// </summary>
    NewLogos,

    /// <summary>
    /// A numeric booking attribute (<c>attributes.NAME</c>, such as <c>attributes.acv</c>): the attribute read as a
    /// decimal × the credit's share of the booking; see <see cref="PlanComponent.MeasureAttribute"/>.
    /// </summary>
    BookingAttribute,

    /// <summary>
    /// A numeric booking attribute that is an amount in the booking's currency (<c>money.NAME</c>, such as
    /// <c>money.acv</c>): the credit's share of it, converted into the pay currency like the booking amount.
    /// </summary>
    BookingMoneyAttribute,
}

/// <summary>
/// A condition on a booking: its <see cref="Attribute"/> equals one of <see cref="Values"/> (ordinal, case-sensitive).
/// </summary>
/// <param name="Attribute">
/// <c>product</c>, <c>family</c>, or <c>attributes.NAME</c> for a free booking attribute. A booking without the
/// attribute does not match.
/// </param>
/// <param name="Values">The accepted values; one for <c>equals</c>, one or more for <c>in</c>.</param>
public sealed record BookingCondition(string Attribute, IReadOnlyList<string> Values);

/// <summary>What a rate table's tier bounds are measured in.</summary>
public enum TierKey
{
    /// <summary>Attainment in percent of the (prorated) quota, period to date: 100 is quota.</summary>
    Attainment,

    /// <summary>The period-to-date measure value, in the pay currency (or units).</summary>
    PeriodToDate,

    /// <summary>The single credit's own measure value; nothing accumulates.</summary>
    Booking,
}

/// <summary>How a rate table turns a tier position into pay.</summary>
public enum TierSemantics
{
    /// <summary>Each band pays its own rate on the part of the value inside it; a credit crossing a bound is split.</summary>
    Marginal,

    /// <summary>
    /// The rate of the highest tier reached applies to the whole value; when a bound is crossed, the value before the
    /// credit is trued up to the new rate.
    /// </summary>
    Retroactive,
}

/// <summary>One band of a <see cref="RateTable"/>: from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive).</summary>
/// <param name="From">Lower bound, inclusive, in the table's key unit.</param>
/// <param name="To">Upper bound, exclusive, or null for the open last tier.</param>
/// <param name="Rate">The rate paid in this band.</param>
public sealed record Tier(decimal From, decimal? To, Rate Rate);

/// <summary>
/// Tiers keyed by attainment, period-to-date value or the single booking's value. Tiers are contiguous from 0: each
/// starts where the previous ends, and only the last may be open.
/// </summary>
/// <param name="Key">What the bounds measure.</param>
/// <param name="Semantics">Marginal or retroactive.</param>
/// <param name="Tiers">The bands, in order.</param>
public sealed record RateTable(TierKey Key, TierSemantics Semantics, IReadOnlyList<Tier> Tiers)
{
    /// <summary>
    /// The index of the tier containing <paramref name="value"/> under bounds scaled by <paramref name="scale"/>
    /// (a tier contains [From × scale, To × scale)). Values below zero are in the first tier; values at or above the last
    /// closed bound with no open tier are in the last tier.
    /// </summary>
    public int TierIndexAt(decimal value, decimal scale)
    {
        for (var i = 0; i < Tiers.Count; i++)
        {
            if (Tiers[i].To is not { } to || value < to * scale)
            {
                return i;
            }
        }

        return Tiers.Count - 1;
    }
}

/// <summary>
/// A piecewise-linear payout curve: points of (attainment %, payout % of target incentive), attainment strictly
/// increasing. Between points the payout is interpolated linearly; from 0 % to the first point it rises linearly from
/// (0, 0) unless the first point is at 0 %; beyond the last point the last segment's slope continues (an accelerator
/// keeps accelerating) until the component's cap. A curve of a single point is flat beyond it.
/// </summary>
/// <param name="Points">The points, attainment strictly increasing.</param>
public sealed record PayoutCurve(IReadOnlyList<CurvePoint> Points)
{
    /// <summary>The payout % at <paramref name="attainmentPercent"/>, unrounded; never below 0.</summary>
    public decimal PayoutPercentAt(decimal attainmentPercent)
    {
        if (attainmentPercent <= 0m || Points.Count == 0)
        {
            return 0m;
        }

        var previous = Points[0].AttainmentPercent == 0m ? Points[0] : new CurvePoint(0m, 0m);
        foreach (var point in Points)
        {
            if (attainmentPercent <= point.AttainmentPercent)
            {
                return Interpolate(previous, point, attainmentPercent);
            }

            previous = point;
        }

        if (Points.Count == 1)
        {
            return Math.Max(0m, Points[0].PayoutPercent);
        }

        return Interpolate(Points[^2], Points[^1], attainmentPercent);
    }

    private static decimal Interpolate(CurvePoint a, CurvePoint b, decimal x)
    {
        if (b.AttainmentPercent == a.AttainmentPercent)
        {
            return Math.Max(0m, b.PayoutPercent);
        }

        var y = a.PayoutPercent + ((b.PayoutPercent - a.PayoutPercent) * (x - a.AttainmentPercent) / (b.AttainmentPercent - a.AttainmentPercent));
        return Math.Max(0m, y);
    }
}

/// <summary>A point of a <see cref="PayoutCurve"/>.</summary>
/// <param name="AttainmentPercent">Attainment in percent of quota (100 = quota).</param>
/// <param name="PayoutPercent">Payout in percent of target incentive (100 = target).</param>
public sealed record CurvePoint(decimal AttainmentPercent, decimal PayoutPercent);
