using Attain.Engine.Monetary;

namespace Attain.Engine.Calculation;

/// <summary>A manager's score of one objective of an MBO component, for one participant and period.</summary>
/// <param name="ParticipantId">Who was scored.</param>
/// <param name="ComponentId">The MBO component the objective belongs to.</param>
/// <param name="PeriodKey">The component period scored, such as <c>FY2026-Q1</c>.</param>
/// <param name="ObjectiveId">The objective, unique per participant, component and period.</param>
/// <param name="Weight">The objective's weight, 0 or more; weights need not sum to anything in particular.</param>
/// <param name="ScorePercent">The score in percent (100 = fully met), 0 or more.</param>
public sealed record ObjectiveScore(string ParticipantId, string ComponentId, string PeriodKey, string ObjectiveId, decimal Weight, decimal ScorePercent);

/// <summary>
/// A participant's own rate for one commission component: either a flat <paramref name="Rate"/> for every credit, or
/// new rates for the component's table tiers (bounds unchanged).
/// </summary>
/// <param name="ComponentId">The commission component of the assigned plan.</param>
/// <param name="Rate">The flat rate every credit of the component pays this participant (rate rules and table ignored), or null.</param>
/// <param name="TierRates">The rates of the component's table tiers, one per tier in order, or null.</param>
public sealed record RateOverride(string ComponentId, Rate? Rate = null, IReadOnlyList<Rate>? TierRates = null);

/// <summary>Per-person rate overrides on an assignment.</summary>
public sealed partial record PlanAssignment
{
    /// <summary>Rate overrides for this participant, at most one per component; empty for none.</summary>
    public IReadOnlyList<RateOverride> RateOverrides { get; init; } = [];
}

/// <summary>MBO scores as calculation input.</summary>
public sealed partial record CalculationInput
{
    /// <summary>Objective scores for MBO components, in any order; empty when there are none.</summary>
    public IReadOnlyList<ObjectiveScore> Scores { get; init; } = [];

    /// <summary>Overlay credit by rule (<see cref="Crediting.CreditRule"/>), in any order; empty when there are none.</summary>
    public IReadOnlyList<Crediting.CreditRule> CreditRules { get; init; } = [];
}
