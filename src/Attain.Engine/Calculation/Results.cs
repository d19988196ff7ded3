using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Calculation;

/// <summary>What an earning line pays for.</summary>
public enum EarningKind
{
    /// <summary>Commission on one credit: a flat rate, a retroactive tier's rate, or one marginal band of it.</summary>
    Commission,

    /// <summary>A retroactive table's true-up: the period-to-date value before the credit, at the new tier's rate minus the old.</summary>
    TrueUp,

    /// <summary>A quota bonus: target incentive × payout %.</summary>
    QuotaBonus,

    /// <summary>The (negative or positive) adjustment that keeps one booking's earnings within the per-deal cap.</summary>
    DealCap,

    /// <summary>The (negative or positive) adjustment that keeps the period's earnings within the per-period cap.</summary>
    PeriodCap,

    /// <summary>A SPIFF's pay for one credit.</summary>
    Spiff,

    /// <summary>An MBO payout: target incentive × weighted objective score.</summary>
    Mbo,

    /// <summary>The (negative or positive) adjustment that withholds earnings while a gate is closed and releases them when it opens.</summary>
    Gate,

    /// <summary>The (negative or positive) adjustment that keeps the fiscal year's earnings within the per-year cap.</summary>
    YearCap,

    /// <summary>The top-up that brings a complete period's earnings up to the component's guarantee.</summary>
    Guarantee,
}

/// <summary>Questions about an <see cref="EarningKind"/>.</summary>
public static class EarningKinds
{
    /// <summary>
    /// Whether a line of this kind is made at one booking's credit — its commission, true-up and SPIFF, and the cap and
    /// gate adjustments made at that credit (its marginal effect on pay) — and so is clawed back and held with that
    /// booking. Quota bonus, MBO and guarantee lines belong to the period, not to one booking.
    /// </summary>
    /// <param name="kind">The kind of line.</param>
    /// <returns><see langword="false"/> for <see cref="EarningKind.QuotaBonus"/>, <see cref="EarningKind.Mbo"/> and
    /// <see cref="EarningKind.Guarantee"/>.</returns>
    public static bool BelongsToBooking(EarningKind kind) =>
        kind is not (EarningKind.QuotaBonus or EarningKind.Mbo or EarningKind.Guarantee);
}

/// <summary>
/// One line of earnings with its lineage: the records, values, tier, rate, rule and rounding that made it.
/// </summary>
/// <param name="ParticipantId">Who earns.</param>
/// <param name="PlanId">The plan.</param>
/// <param name="PlanVersion">The plan's version.</param>
/// <param name="ComponentId">The component.</param>
/// <param name="PeriodKey">The component's period (its own month, quarter or year), such as <c>FY2027-Q1</c>.</param>
/// <param name="Sequence">The line's position within its participant, plan assignment, component and period (from 1).</param>
/// <param name="Date">The credit's date; the period's last day for a quota bonus.</param>
/// <param name="Kind">What the line pays for.</param>
/// <param name="BookingIds">The bookings behind the line, ordered.</param>
/// <param name="CreditIds">The credits behind the line, ordered.</param>
/// <param name="CreditValue">The credit's measure value in the pay currency (or units); for a quota bonus, the period's value.</param>
/// <param name="FxRate">The rate that converted the credit into the pay currency (1 for the same currency), or null for a quota bonus.</param>
/// <param name="FxQuote">The quote used, such as <c>EUR→USD 1.1 on 2026-01-01</c>, or null when none was needed.</param>
/// <param name="MeasureBefore">The period-to-date measure value before the credit.</param>
/// <param name="MeasureAfter">The period-to-date measure value after the credit.</param>
/// <param name="Quota">The prorated quota, or null when the participant has none for the period.</param>
/// <param name="AttainmentPercent">Attainment after the credit, percent of the prorated quota, or null without a quota.</param>
/// <param name="TierIndex">The rate table tier (from 0), or null for a flat rate, a quota bonus or a cap.</param>
/// <param name="Rate">The rate applied, or the payout % / 100 for a quota bonus; null for a cap.</param>
/// <param name="Base">The value the rate applied to: the credit value, the band's part of it, the true-up base, or the target incentive.</param>
/// <param name="Rule">The rule in words and numbers, for example <c>marginal tier 1 [100000, 200000): 20000 × 0.08</c>.</param>
/// <param name="Exact">The exact, unrounded amount of the line.</param>
/// <param name="Amount">The amount paid: running total rounded minus the previous running total rounded (pay currency minor unit).</param>
/// <param name="Rounding">The rounding applied, for example <c>running total to 0.01 USD, ToEven</c>.</param>
public sealed record EarningLine(
    string ParticipantId,
    string PlanId,
    int PlanVersion,
    string ComponentId,
    string PeriodKey,
    int Sequence,
    DateOnly Date,
    EarningKind Kind,
    IReadOnlyList<string> BookingIds,
    IReadOnlyList<string> CreditIds,
    decimal CreditValue,
    decimal? FxRate,
    string? FxQuote,
    decimal MeasureBefore,
    decimal MeasureAfter,
    decimal? Quota,
    decimal? AttainmentPercent,
    int? TierIndex,
    decimal? Rate,
    decimal Base,
    string Rule,
    decimal Exact,
    Money Amount,
    string Rounding);

/// <summary>A component's measure and earnings for one participant, assignment and component period, up to the end of the calculated period.</summary>
/// <param name="ParticipantId">Who.</param>
/// <param name="PlanId">The plan.</param>
/// <param name="ComponentId">The component.</param>
/// <param name="PeriodKey">The component's period.</param>
/// <param name="From">First day counted: the later of the period start and the assignment start.</param>
/// <param name="To">Last day counted: the earliest of the period end, the assignment end and the calculated period's end.</param>
/// <param name="ProrationFactor">Days of the assignment inside the component period ÷ days of the period (1 when it covers it all).</param>
/// <param name="Value">The period-to-date measure value at <paramref name="To"/>.</param>
/// <param name="Quota">The prorated quota, or null.</param>
/// <param name="TargetIncentive">The prorated target incentive, or null.</param>
/// <param name="AttainmentPercent">Value ÷ prorated quota × 100, or null without a quota.</param>
/// <param name="Earned">Earnings of the component period up to <paramref name="To"/>: the exact running total rounded once.</param>
public sealed record MeasureResult(
    string ParticipantId,
    string PlanId,
    string ComponentId,
    string PeriodKey,
    DateOnly From,
    DateOnly To,
    decimal ProrationFactor,
    decimal Value,
    decimal? Quota,
    decimal? TargetIncentive,
    decimal? AttainmentPercent,
    Money Earned);

/// <summary>
/// The sum of the earning lines one component period of an assignment would have made dated inside one of
/// <see cref="LineTotals.Periods"/>, handed over instead of those lines (see <see cref="LineTotals"/>).
/// </summary>
/// <param name="ParticipantId">Who is paid.</param>
/// <param name="PlanId">The plan.</param>
/// <param name="ComponentId">The component.</param>
/// <param name="PeriodKey">The component's period.</param>
/// <param name="Dates">The days of the credits whose lines are summed (inclusive), all inside one of <see cref="LineTotals.Periods"/>.</param>
/// <param name="Amount">The sum of those lines' amounts, in the pay currency: the running total rounded at the last of them less the running total rounded before the first.</param>
public sealed record EarningTotal(string ParticipantId, string PlanId, string ComponentId, string PeriodKey, DateRange Dates, Money Amount);

/// <summary>The outcome of a calculation: credits, measures, earning lines with lineage, and input issues.</summary>
/// <param name="PeriodKey">The period calculated.</param>
/// <param name="Credits">Every credit made (all dates given), ordered by booking, participant and credit id.</param>
/// <param name="Measures">One per participant, assignment, component and component period, ordered.</param>
/// <param name="Earnings">The earning lines dated inside the calculated period, ordered. In the engine's own results each line's record (id lists, rule text) is made when it is first read and kept, so every read gives the same record (ADR 0010).</param>
/// <param name="Issues">Problems with the input; the records involved are left out. Ordered by path and code.</param>
public sealed record CalculationResult(
    string PeriodKey,
    IReadOnlyList<Credit> Credits,
    IReadOnlyList<MeasureResult> Measures,
    IReadOnlyList<EarningLine> Earnings,
    IReadOnlyList<InputIssue> Issues);
