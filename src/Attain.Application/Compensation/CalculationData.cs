using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Application.Compensation;

/// <summary>How an assignment's <c>target_incentive</c> is meant: per fiscal year, quarter or month.</summary>
public enum TargetIncentiveBasis
{
    Year,
    Quarter,
    Month,
}

/// <summary>One row of plan-assignments.csv, with its row number for problems found once the plans are known.</summary>
public sealed record AssignmentRow(int Row, string PersonId, string PlanId, DateRange Effective, decimal? TargetIncentive, TargetIncentiveBasis Basis);

/// <summary>One row of quotas.csv: a full-period quota, in <see cref="Currency"/>.</summary>
public sealed record QuotaRow(int Row, string PersonId, Period Period, decimal Amount, Currency Currency);

/// <summary>
/// Everything a data directory holds, read and checked row by row (<see cref="CalculationFileReader"/>). Plans are
/// applied by <see cref="ToInput"/>, which turns the rows into the engine's <see cref="CalculationInput"/>.
/// </summary>
public sealed record CalculationData(
    FiscalCalendar Calendar,
    CreditingPolicy Crediting,
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<ReportingLine> Hierarchy,
    IReadOnlyList<Booking> Bookings,
    IReadOnlyList<SplitRule> Splits,
    FxTable Fx,
    IReadOnlyList<AssignmentRow> Assignments,
    IReadOnlyList<QuotaRow> Quotas)
{
    /// <summary>Overlay credit by rule, from credit-rules.csv; empty without the file.</summary>
    public IReadOnlyList<CreditRule> CreditRules { get; init; } = [];

    /// <summary>
    /// The engine input for <paramref name="period"/>. Each assignment gets a <see cref="PeriodTarget"/> per quota row of
    /// its participant: the quota, and the target incentive scaled from its basis to the quota's period kind
    /// (a year is 4 quarters and 12 months; the result is exact, unrounded). Problems name the CSV row at fault:
    /// an unknown plan, or a quota in another currency than the plan pays in.
    /// </summary>
    public CalculationInput ToInput(Period period, IReadOnlyList<Plan> plans, List<CalculationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(problems);
        var planById = plans.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var payCurrency = Participants.ToDictionary(p => p.Id, p => p.PayCurrency, StringComparer.Ordinal);
        var quotas = Quotas.ToLookup(q => q.PersonId, StringComparer.Ordinal);
        var assignments = new List<PlanAssignment>();
        var assignmentsFile = CalculationFiles.FileName(CalculationFiles.PlanAssignments);
        foreach (var row in Assignments)
        {
            if (!planById.TryGetValue(row.PlanId, out var plan))
            {
                problems.Add(new CalculationProblem(assignmentsFile, $"row {row.Row}, column {CalculationFiles.Plan}", Imports.ImportErrorCodes.UnknownReference,
                    $"Plan '{row.PlanId}' is not among the plan files."));
                continue;
            }

            var currency = plan.PayCurrency ?? payCurrency[row.PersonId];
            var targets = new List<PeriodTarget>();
            foreach (var quota in quotas[row.PersonId])
            {
                if (quota.Currency != currency)
                {
                    problems.Add(new CalculationProblem(CalculationFiles.FileName(CalculationFiles.Quotas), $"row {quota.Row}, column {Imports.ImportColumns.Currency}",
                        Imports.ImportErrorCodes.InvalidValue,
                        $"The quota is in {quota.Currency.Code} but plan '{plan.Id}' pays '{row.PersonId}' in {currency.Code}; give quotas in the pay currency."));
                    continue;
                }

                targets.Add(new PeriodTarget(quota.Period.Key, quota.Amount, row.TargetIncentive is { } incentive ? Scale(incentive, row.Basis, quota.Period.Kind) : 0m));
            }

            assignments.Add(new PlanAssignment(row.PersonId, row.PlanId, row.Effective, targets));
        }

        return new CalculationInput(Calendar, period, plans, Participants, Hierarchy, assignments, Bookings, Splits, Fx, Crediting) { CreditRules = CreditRules };
    }

    /// <summary>Scales a target incentive given per <paramref name="basis"/> to a period of <paramref name="kind"/> (exact, unrounded).</summary>
    internal static decimal Scale(decimal amount, TargetIncentiveBasis basis, PeriodKind kind) => (basis, kind) switch
    {
        (TargetIncentiveBasis.Year, PeriodKind.Quarter) or (TargetIncentiveBasis.Quarter, PeriodKind.Month) => amount / (basis == TargetIncentiveBasis.Year ? 4m : 3m),
        (TargetIncentiveBasis.Year, PeriodKind.Month) => amount / 12m,
        (TargetIncentiveBasis.Quarter, PeriodKind.Year) => amount * 4m,
        (TargetIncentiveBasis.Month, PeriodKind.Quarter) => amount * 3m,
        (TargetIncentiveBasis.Month, PeriodKind.Year) => amount * 12m,
        _ => amount,
    };
}
