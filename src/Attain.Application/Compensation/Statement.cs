namespace Attain.Application.Compensation;

/// <summary>
/// A participant's statement for one period (docs/compensation.md, "Statements"): read from the period's published run
/// (or an explicit run for the compensation office). <see cref="Totals"/> has one entry per currency (a person with plans
/// in two pay currencies has two; amounts in different currencies are never added) and each reconciles to the cent with
/// the <see cref="Lines"/> and <see cref="Adjustments"/> in its currency: Total = Payable + Adjustments, Payable = the sum
/// of the lines.
/// </summary>
public sealed record Statement(
    StatementHeader Header,
    IReadOnlyList<StatementTotals> Totals,
    IReadOnlyList<StatementComponent> Components,
    IReadOnlyList<StatementAttainment> Attainment,
    IReadOnlyList<StatementLine> Lines,
    IReadOnlyList<StatementAdjustment> Adjustments,
    StatementYearToDate YearToDate)
{
    /// <summary>The totals in <paramref name="currency"/>, or zeros when the statement has nothing in it.</summary>
    public StatementTotals TotalsIn(string currency) =>
        Totals.FirstOrDefault(t => t.Currency == currency) ?? new StatementTotals(0m, 0m, 0m, 0m, 0m, 0m, 0m, currency);
}

/// <summary>Who, which period, which run, and whether the results are final.</summary>
/// <param name="Final">True when the run's approval is complete (<see cref="ApprovalStatus.Approved"/>); otherwise the statement is provisional.</param>
/// <param name="Status">"final" or "provisional", as shown.</param>
/// <param name="Currency">The pay currency of the person's first plan (the person's pay currency without results); the statement's first totals are in it.</param>
public sealed record StatementHeader(
    long PersonId,
    string PersonExternalId,
    string PersonName,
    string PeriodKey,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<StatementPlan> Plans,
    string Currency,
    long RunId,
    int RunNumber,
    bool Final,
    string Status,
    DateTime? PublishedAt);

/// <summary>A plan the statement's lines come from.</summary>
public sealed record StatementPlan(string Key, int Version, string Name);

/// <summary>
/// The statement's money in one currency. <see cref="Earned"/> is the sum of the earning lines, <see cref="PaymentLines"/> the sum of the
/// payment lines (clawbacks, holds, releases, draws, recoveries), <see cref="Payable"/> = Earned + PaymentLines (what the
/// plans pay), <see cref="Adjustments"/> the approved adjustments, and <see cref="Total"/> = Payable + Adjustments.
/// </summary>
/// <param name="DrawBalance">What is owed back from draws and deficits after this period (the payouts' balance after).</param>
/// <param name="HeldPending">Amounts held, waiting for their release, after this period.</param>
public sealed record StatementTotals(
    decimal Earned,
    decimal PaymentLines,
    decimal Payable,
    decimal Adjustments,
    decimal Total,
    decimal DrawBalance,
    decimal HeldPending,
    string Currency);

/// <summary>What a statement line or component group is.</summary>
public enum StatementGroup
{
    /// <summary>Earnings of a plan component.</summary>
    Earnings,

    /// <summary>Payment lines: clawbacks, holds, releases, draws, deficits and recoveries.</summary>
    Payments,
}

/// <summary>The sum of the lines of one plan component (earnings) or one kind of payment line.</summary>
/// <param name="ComponentId">The component (earnings), or null for a payment kind.</param>
/// <param name="Kind">The payment kind (<c>Clawback</c>, <c>Hold</c>, ...), or null for a component.</param>
/// <param name="Name">Plain words: "Commission", "Clawbacks".</param>
public sealed record StatementComponent(StatementGroup Group, string PlanKey, string? ComponentId, string? Kind, string Name, int Lines, decimal Amount, string Currency);

/// <summary>A component's measure against its quota for one component period (a quarter, say) overlapping the statement's period.</summary>
/// <param name="Value">The period-to-date measure value at <see cref="To"/>.</param>
/// <param name="AttainmentPercent">Value ÷ quota × 100, or null without a quota.</param>
/// <param name="Earned">The component period's earnings up to <see cref="To"/>.</param>
public sealed record StatementAttainment(
    string PlanKey,
    string ComponentId,
    string PeriodKey,
    DateOnly From,
    DateOnly To,
    decimal Value,
    decimal? Quota,
    decimal? AttainmentPercent,
    decimal? TargetIncentive,
    decimal Earned,
    string Currency);

/// <summary>One line of the statement in plain words, addressed by <see cref="Number"/> within the run and person.</summary>
/// <param name="Kind">The engine's kind: <c>Commission</c>, <c>QuotaBonus</c>, ..., or <c>Clawback</c>, <c>Hold</c>, ...</param>
/// <param name="PeriodKey">The component's own period (an earning) or the payment period (a payment line).</param>
/// <param name="Description">What the line is, in words a rep follows, with the amount's arithmetic.</param>
/// <param name="BookingIds">The bookings behind the line (external ids).</param>
public sealed record StatementLine(
    int Number,
    StatementGroup Group,
    string Kind,
    string PlanKey,
    string? ComponentId,
    string PeriodKey,
    DateOnly Date,
    string Description,
    IReadOnlyList<string> BookingIds,
    int? Tier,
    decimal? Rate,
    decimal? Base,
    decimal? AttainmentPercent,
    decimal Amount,
    string Currency);

/// <summary>An approved adjustment paid in the statement's period.</summary>
public sealed record StatementAdjustment(
    long Id,
    AdjustmentKind Kind,
    string? ComponentId,
    string Reason,
    string RequestedBy,
    string? ApprovedBy,
    DateTime? ApprovedAt,
    string? SourcePeriodKey,
    decimal Amount,
    string Currency);

/// <summary>
/// Year to date: the fiscal year's periods of the statement's kind from the first through the statement's, each read from
/// its published run (the statement's own period from the statement's run), plus their approved adjustments, per currency.
/// </summary>
/// <param name="Periods">The periods counted, in order; a period without a published run counts zero.</param>
/// <param name="Totals">One entry per currency, in the order of the statement's totals.</param>
public sealed record StatementYearToDate(string FiscalYear, IReadOnlyList<string> Periods, IReadOnlyList<StatementYearToDateTotal> Totals)
{
    /// <summary>The year to date in <paramref name="currency"/>, or zeros.</summary>
    public StatementYearToDateTotal In(string currency) =>
        Totals.FirstOrDefault(t => t.Currency == currency) ?? new StatementYearToDateTotal(0m, 0m, 0m, currency);
}

/// <summary>The year to date in one currency: Total = Payable + Adjustments.</summary>
public sealed record StatementYearToDateTotal(decimal Payable, decimal Adjustments, decimal Total, string Currency);

/// <summary>A statement line opened to what is behind it: bookings, credits, tier, rate, rule and rounding.</summary>
/// <param name="TierText">The tier in words ("tier 2: from 100 % of quota"), or null without a tier.</param>
/// <param name="Rule">The rule as the engine wrote it, numbers and all.</param>
/// <param name="Cancellations">For a clawback: the cancellations or returns of the booking.</param>
public sealed record StatementLineDetail(
    StatementLine Line,
    string PersonExternalId,
    string PersonName,
    long RunId,
    IReadOnlyList<StatementBooking> Bookings,
    IReadOnlyList<string> CreditIds,
    decimal? CreditValue,
    decimal? MeasureBefore,
    decimal? MeasureAfter,
    decimal? Quota,
    string? TierText,
    string? FxQuote,
    string Rule,
    string? Rounding,
    IReadOnlyList<StatementBooking> Cancellations);

/// <summary>A booking behind a line, as a rep recognises it.</summary>
public sealed record StatementBooking(string ExternalId, string Kind, DateOnly Date, string? Account, string? Product, decimal Amount, string Currency);

/// <summary>Why no statement was given.</summary>
public enum StatementFailure
{
    /// <summary>Not a failure.</summary>
    None,

    /// <summary>The period key is not a fiscal period.</summary>
    InvalidPeriod,

    /// <summary>No person was named and the viewer is no person.</summary>
    NoPerson,

    /// <summary>The person, run or line does not exist or is outside the viewer's scope (indistinguishable on purpose).</summary>
    NotFound,

    /// <summary>The period has no published run yet.</summary>
    NotPublished,

    /// <summary>Only the compensation office may read a run other than the published one.</summary>
    Forbidden,
}

/// <summary>A statement (or a line's detail), or why there is none.</summary>
public sealed record StatementAnswer<T>(T? Value, StatementFailure Failure, string Message)
    where T : class;

/// <summary>Makes <see cref="StatementAnswer{T}"/>s.</summary>
public static class StatementAnswer
{
    public static StatementAnswer<T> Of<T>(T value)
        where T : class => new(value, StatementFailure.None, string.Empty);

    public static StatementAnswer<T> Fail<T>(StatementFailure failure, string message)
        where T : class => new(null, failure, message);
}
