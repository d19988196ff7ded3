namespace Attain.Application.Compensation;

/// <summary>
/// An estimate request: whose pay (null: the caller's own), which of their open opportunities to count as won (booked
/// on their close date, or today when that has passed), and hypothetical deals typed in.
/// </summary>
public sealed record EstimateRequest(long? PersonId, IReadOnlyList<long>? OpportunityIds, IReadOnlyList<HypotheticalDeal>? Deals);

/// <summary>A deal that does not exist yet: amount in a currency, booking date, and optionally a product's external id.</summary>
public sealed record HypotheticalDeal(decimal Amount, string Currency, DateOnly Date, string? Product);

/// <summary>A deal the estimate added as a booking of the person.</summary>
public sealed record EstimateDeal(string BookingId, string Description, DateOnly Date, decimal Amount, string Currency, string PeriodKey);

/// <summary>
/// One component period of the person's plan, before and after the deals: the measure, attainment, the highest rate
/// tier reached (from 0; null for no table), and the earnings, with the difference.
/// </summary>
public sealed record EstimateComponent(
    string PlanKey, string ComponentId, string PeriodKey, decimal? Quota,
    decimal ValueBefore, decimal ValueAfter, decimal? AttainmentBefore, decimal? AttainmentAfter,
    int? TierBefore, int? TierAfter, decimal EarnedBefore, decimal EarnedAfter, decimal Extra, string Currency);

/// <summary>The extra earnings of the estimate in one pay currency: the sum of its components' <see cref="EstimateComponent.Extra"/>.</summary>
public sealed record EstimateTotal(string Currency, decimal EarnedBefore, decimal EarnedAfter, decimal Extra);

/// <summary>Projected earnings and attainment for the component periods the deals fall in (or change), against the baseline.</summary>
public sealed record EstimateResponse(long PersonId, string PersonName, IReadOnlyList<EstimateDeal> Deals, IReadOnlyList<EstimateComponent> Components, IReadOnlyList<EstimateTotal> Totals)
{
    /// <summary>
    /// Earnings against what is payable, per fiscal year of the deals and pay currency, when the person's plans have
    /// payment terms (clawback, hold or draw); empty otherwise.
    /// </summary>
    public IReadOnlyList<EstimatePayment> Payments { get; init; } = [];
}

/// <summary>
/// A fiscal year's earnings and payable in one pay currency, without and with the deals: the payment stage (clawbacks,
/// holds and releases, draws and recoveries) run over the year's months as a run would, so <see cref="ExtraPayable"/>
/// is what the deals add to pay in the year and <see cref="ExtraEarned"/> what they earn.
/// </summary>
public sealed record EstimatePayment(
    string FiscalYear, string Currency, decimal EarnedBefore, decimal EarnedAfter, decimal PayableBefore, decimal PayableAfter, decimal ExtraEarned, decimal ExtraPayable);

/// <summary>An open opportunity a person can pick for an estimate.</summary>
public sealed record EstimateOpportunity(long Id, string Name, string Account, decimal? Amount, string Currency, DateOnly CloseDate, string Stage);
