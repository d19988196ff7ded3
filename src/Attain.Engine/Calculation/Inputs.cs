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
