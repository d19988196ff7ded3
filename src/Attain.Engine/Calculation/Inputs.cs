using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Calculation;

/// <summary>
/// A participant's quota and target incentive for one period, as full-period amounts: the engine prorates them when
/// the assignment covers only part of the period.
/// </summary>
/// <param name="PeriodKey">The period they apply to, such as <c>FY2027-Q1</c>; a component uses the target of its own period.</param>
/// <param name="Quota">The quota of the period, in the pay currency (or units for a units measure).</param>
/// <param name="TargetIncentive">The target incentive of the period (paid at 100 % attainment by a quota bonus), in the pay currency.</param>
public sealed record PeriodTarget(string PeriodKey, decimal Quota, decimal TargetIncentive);

/// <summary>
/// An effective-dated assignment of a plan to a participant, with per-period targets. Only credits dated inside
/// <paramref name="Effective"/> count under it, and its targets are prorated by days (docs/plans.md, "Proration").
/// </summary>
/// <param name="ParticipantId">Who is paid.</param>
/// <param name="PlanId">Which plan.</param>
/// <param name="Effective">EffectiveFrom and optional EffectiveTo, both inclusive.</param>
/// <param name="Targets">Quota and target incentive per period key.</param>
public sealed partial record PlanAssignment(string ParticipantId, string PlanId, DateRange Effective, IReadOnlyList<PeriodTarget> Targets);

/// <summary>Everything a calculation reads. Collections may be in any order: the result is the same, byte for byte.</summary>
/// <param name="Calendar">The fiscal calendar that defines months, quarters and years.</param>
/// <param name="Period">The period calculated: earning lines dated inside it are returned.</param>
/// <param name="Plans">The plans, unique by id.</param>
/// <param name="Participants">The participants, unique by id.</param>
/// <param name="Hierarchy">Effective-dated reporting lines.</param>
/// <param name="Assignments">Plan assignments.</param>
/// <param name="Bookings">Bookings and cancellations; those of earlier days of the same component periods are needed too,
/// because period-to-date values start at each component period's first day, and so are the originals of any cancellations.</param>
/// <param name="Splits">Split rules.</param>
/// <param name="Fx">Exchange rates.</param>
/// <param name="Crediting">Roll-up depth and crediting rounding.</param>
public sealed partial record CalculationInput(
    FiscalCalendar Calendar,
    Period Period,
    IReadOnlyList<Plan> Plans,
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<ReportingLine> Hierarchy,
    IReadOnlyList<PlanAssignment> Assignments,
    IReadOnlyList<Booking> Bookings,
    IReadOnlyList<SplitRule> Splits,
    FxTable Fx,
    CreditingPolicy Crediting);

/// <summary>
/// Asks a streaming calculation (<see cref="Calculator.Calculate(CalculationInput, Action{IReadOnlyList{EarningLine}}, LineTotals)"/>)
/// for totals instead of the earning lines nobody will read one by one: the lines of a component period that ends before
/// <paramref name="Before"/> are handed over as their sum per period of <paramref name="Periods"/> (<see cref="EarningTotal"/>)
/// where that sum does not depend on the lines, and as lines otherwise.
/// </summary>
/// <remarks>
/// The sum does not depend on the lines for a commission on the bookings amount with marginal tiers keyed by the
/// period-to-date value or attainment, at most a per-period cap, no other rate, cap, gate or guarantee, and no filter or
/// condition, under a plan without clawback, hold or draw terms: each credit pays the move of the bands and the cap
/// between the period-to-date value before and after it, so the lines up to a day sum to the running total at that day's
/// value, whatever the order of the credits (docs/plans.md, "Commission" and "Rounding"). The calculator totals such a component period only
/// when every number involved fits in 64 bits at its scale (so no line's arithmetic rounded), and otherwise makes its
/// lines as without this request.
/// </remarks>
/// <param name="Before">Component periods that end before this day may be totalled.</param>
/// <param name="Periods">The periods totals are made per, in order (the payment periods); a credit dated outside them keeps its component period in lines.</param>
/// <param name="Receive">Receives each batch's totals, in participant order, just before the batch's lines, on the same thread and one call at a time.</param>
public sealed record LineTotals(DateOnly Before, IReadOnlyList<Period> Periods, Action<IReadOnlyList<EarningTotal>> Receive);
