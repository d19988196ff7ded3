using System.Globalization;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Calculation;

/// <summary>Conditions, new measures, rate rules and overrides, gates, year caps, guarantees, SPIFFs and MBOs.</summary>
public static partial class Calculator
{
    /// <summary>The first component period calculated: that of the run's start, or of its fiscal year's start with a per-year cap.</summary>
    private static Period FirstPeriod(CalculationInput input, PlanComponent component) =>
        input.Calendar.PeriodOf(component.PeriodKind, component.PerYearCap is null ? input.Period.Start : input.Calendar.YearOf(input.Period.Start).Start);

    private static YearTotals? YearOf(CalculationInput input, PlanComponent component, Period period, Dictionary<string, YearTotals> years)
    {
        if (component.PerYearCap is null)
        {
            return null;
        }

        var key = input.Calendar.YearOf(period.Start).Key;
        if (!years.TryGetValue(key, out var totals))
        {
            totals = new YearTotals();
            years.Add(key, totals);
        }

        return totals;
    }

    /// <summary>Each account's first order: its earliest original booking in the input, then the lowest booking id.</summary>
    private static Dictionary<string, string> FirstOrderOfAccounts(IReadOnlyList<Booking> bookings) =>
        bookings
            .Where(b => b.OriginalBookingId is null && b.Attributes.ContainsKey(AccountAttribute))
            .GroupBy(b => b.Attributes[AccountAttribute], StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.OrderBy(b => b.Date).ThenBy(b => b.Id, StringComparer.Ordinal).First().Id,
                StringComparer.Ordinal);

    /// <summary>The booking attribute that names the account, for <see cref="MeasureKind.NewLogos"/>.</summary>
    private const string AccountAttribute = "account";

    /// <summary>What a component has paid in one fiscal year under one assignment, before and after the per-year cap.</summary>
    private sealed class YearTotals
    {
        public decimal Uncapped { get; set; }

        public decimal Paid { get; set; }
    }

    private sealed partial class Job
    {
        private HashSet<string> Logos => field ??= new(StringComparer.Ordinal);
        private decimal gatedEarned;
        private decimal gatedPaid;
        private List<(DateOnly Date, decimal Value)>?[]? gateSeries;

        /// <summary>The fiscal year's totals shared by the component's periods, when it has a per-year cap.</summary>
        public YearTotals? Year { get; init; }

        /// <summary>Each account's first order, computed once per calculation when a new-logo measure needs it.</summary>
        public Lazy<Dictionary<string, string>>? FirstOrders { get; init; }

        private bool MatchesFeatures(Booking booking)
        {
            if (component is MboComponent)
            {
                return false;
            }

            if (component is SpiffComponent spiff && (booking.Date < spiff.From || booking.Date > spiff.To))
            {
                return false;
            }

            return component.Condition is not { } condition || Test(condition, booking, "condition.error", $"the condition of component '{component.Id}'");
        }

        private bool Test(PlanExpression condition, Booking booking, string code, string what)
        {
            var result = condition.Test(new BookingFacts(booking));
            if (result.Status == Expressions.EvaluationStatus.Error)
            {
                issues.Add(new InputIssue(code, $"bookings[{booking.Id}]", $"Evaluating {what} (\"{condition.Source}\") failed: {result.Error}; the booking does not count for it."));
                return false;
            }

            return result.HasValue && result.Value;
        }

        /// <summary>The values of the new-logo and attribute measures (docs/plans.md, "Measures and periods").</summary>
        private (decimal Value, FxConversion? Fx)? FeatureValue(int index, DateOnly fxDate)
        {
            var credit = Credits.Row(index);
            var (booking, original) = BookingsOf(index);
            if (component.Measure == MeasureKind.NewLogos)
            {
                if (booking.OriginalBookingId is not null
                    || !booking.Attributes.TryGetValue(AccountAttribute, out var account)
                    || (FirstOrders?.Value ?? FirstOrderOfAccounts(input.Bookings)).GetValueOrDefault(account) != booking.Id
                    || credit.Amount.Amount < 0m
                    || !Logos.Add(account))
                {
                    return null;
                }

                return (1m, null);
            }

            var name = component.MeasureAttribute!;
            if (original.Attributes.GetValueOrDefault(name) is not { } text)
            {
                return null;
            }

            if (!PlanExpression.TryParseNumber(text, out var number))
            {
                issues.Add(new InputIssue("booking.attribute-not-a-number", $"bookings[{original.Id}].attributes.{name}",
                    $"Attribute '{name}' is '{text}', not a number; credit '{credit.Id}' is left out of component '{component.Id}'."));
                return null;
            }

            var share = original.Amount.Amount != 0m ? credit.Amount.Amount / original.Amount.Amount : credit.Percent / 100m;
            var value = number * share;
            if (component.Measure == MeasureKind.BookingAttribute)
            {
                return (value, null);
            }

            var money = new Money(value, original.Amount.Currency);
            if (!input.Fx.TryConvert(money, payCurrency, fxDate, out var conversion))
            {
                issues.Add(new InputIssue("fx.missing", $"bookings[{credit.BookingId}]",
                    $"No {money.Currency.Code}→{payCurrency.Code} rate (or its inverse) on or before {fxDate:yyyy-MM-dd}; credit '{credit.Id}' is left out of component '{component.Id}'."));
                return null;
            }

            return (conversion.Result.Amount, conversion);
        }

        private RateOverride? Override
        {
            get
            {
                // Looked up once per job, not per credit.
                if (!overrideFound)
                {
                    overrideOfComponent = assignment.RateOverrides.FirstOrDefault(o => string.Equals(o.ComponentId, component.Id, StringComparison.Ordinal));
                    overrideFound = true;
                }

                return overrideOfComponent;
            }
        }

        private RateOverride? overrideOfComponent;
        private bool overrideFound;

        /// <summary>The component's table with the participant's tier rates, when the assignment overrides them.</summary>
        private RateTable? TableFor(CommissionComponent commission)
        {
            foreach (var unknown in assignment.RateOverrides.Count == 0 ? [] : assignment.RateOverrides.Where(o => plan.Components.All(c => c.Id != o.ComponentId || c is not CommissionComponent)))
            {
                issues.Add(new InputIssue("override.unknown-component", OverridePath(unknown.ComponentId),
                    $"Plan '{plan.Id}' has no commission component '{unknown.ComponentId}'; the override is ignored."));
            }

            if (commission.Table is not { } table || Override?.TierRates is not { } rates)
            {
                return commission.Table;
            }

            if (rates.Count != table.Tiers.Count)
            {
                issues.Add(new InputIssue("override.tier-count", OverridePath(component.Id),
                    $"The override gives {rates.Count} tier rates but the table of component '{component.Id}' has {table.Tiers.Count} tiers; the plan's rates are used."));
                return table;
            }

            return table with { Tiers = [.. table.Tiers.Select((tier, i) => tier with { Rate = rates[i] })] };
        }

        private string OverridePath(string componentId) =>
            $"assignments[{assignment.ParticipantId}/{plan.Id}/{assignment.Effective.Start:yyyy-MM-dd}].rateOverrides[{componentId}]";

        /// <summary>
        /// The flat rate of a credit and where it comes from: the participant's override, then the most specific rate rule,
        /// then the component's flat rate; null when the (possibly overridden) table applies.
        /// </summary>
        private (decimal Rate, string Source)? FlatRateFor(CommissionComponent commission, int credit)
        {
            if (Override?.Rate is { } own)
            {
                return (own.Value, $"participant's rate override");
            }

            if (commission.RateRules.Count > 0 && RatePrecedence.Resolve(commission.RateRules, Credits.Row(credit).Classification) is { } rule)
            {
                return (rule.Rate.Value, $"rate rule {rule.Key}");
            }

            return commission.Table is null ? (commission.FlatRate!.Value.Value, "flat rate") : null;
        }

        /// <summary>
        /// Withholds earnings while a gate is closed: paid so far = earned so far when every gate is open at the line's
        /// date, else 0. Returns the amount passed on to the caps.
        /// </summary>
        private decimal ApplyGates(in LineContext context, decimal raw)
        {
            if (component.Gates.Count == 0)
            {
                return raw;
            }

            var date = context.Date ?? Credits.Row(context.Credit).Date;
            gatedEarned += raw;
            var closed = new List<string>();
            for (var i = 0; i < component.Gates.Count; i++)
            {
                var gate = component.Gates[i];
                if (gate.AttainmentAtLeast is { } percent)
                {
                    var attainment = context.Quota is > 0m ? context.After / context.Quota.Value * 100m : (decimal?)null;
                    if (attainment is null || attainment < percent)
                    {
                        closed.Add($"attainment {(attainment is { } a ? F(a) : "without a quota")} % < {F(percent)} %");
                    }
                }
                else if (GateValue(i, gate, date) is var value && value < gate.AtLeast!.Value)
                {
                    closed.Add($"{GateName(gate)} {F(value)} < {F(gate.AtLeast.Value)}");
                }
            }

            var nowPaid = closed.Count == 0 ? gatedEarned : 0m;
            var adjustment = nowPaid - gatedPaid - raw;
            gatedPaid = nowPaid;
            if (adjustment != 0m)
            {
                var rule = closed.Count == 0
                    ? $"gates open on {date:yyyy-MM-dd}: earned {F(gatedEarned)}, all paid"
                    : $"gate closed on {date:yyyy-MM-dd} ({string.Join("; ", closed)}): earned {F(gatedEarned)}, 0 paid";
                Add(context, EarningKind.Gate, null, null, raw, adjustment, rule);
            }

            return raw + adjustment;
        }

        private static string GateName(Gate gate) => gate.Measure switch
        {
            MeasureKind.NewLogos => "new logos",
            MeasureKind.BookingAttribute => "attributes." + gate.MeasureAttribute,
            MeasureKind.BookingMoneyAttribute => "money." + gate.MeasureAttribute,
            var other => other.ToString()!,
        };

        /// <summary>The gate measure's value from the window's start to <paramref name="date"/>, same participant and assignment.</summary>
        private decimal GateValue(int index, Gate gate, DateOnly date)
        {
            gateSeries ??= new List<(DateOnly, decimal)>?[component.Gates.Count];
            if (gateSeries[index] is not { } series)
            {
                var measure = new CommissionComponent(component.Id, gate.Measure!.Value, component.PeriodKind, gate.Filter, null, Rate.Zero, null, null)
                {
                    MeasureAttribute = gate.MeasureAttribute,
                    Condition = gate.Condition,
                };
                var job = new Job(input, bookings, plan, measure, assignment, period, payCurrency, issues) { FirstOrders = FirstOrders, Credits = Credits };
                series = job.Series(participantCredits ?? default);
                gateSeries[index] = series;
            }

            // The series is in date order with running totals: the value at the last entry dated on or before the date.
            var (low, high) = (0, series.Count - 1);
            while (low <= high)
            {
                var middle = (low + high) / 2;
                if (series[middle].Date <= date)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return high < 0 ? 0m : series[high].Value;
        }

        /// <summary>The participant's credits, kept by <see cref="Run"/> for gates on other measures.</summary>
        private ParticipantCredits? participantCredits;

        /// <summary>The running totals of this job's measure after each counted credit, in credit order (dates ascending).</summary>
        private List<(DateOnly Date, decimal Value)> Series(ParticipantCredits credits)
        {
            var series = new List<(DateOnly Date, decimal Value)>();
            if (assignment.Effective.Intersect(period.Range) is not { } window)
            {
                return series;
            }

            for (var i = 0; i < credits.Count; i++)
            {
                var credit = credits[i];
                if (Credits.Row(credit).Date < window.Start || Credits.Row(credit).Date > window.End!.Value)
                {
                    continue;
                }

                var (_, classification) = BookingsOf(credit);
                if (Matches(classification) && Value(credit, classification.Date) is { } valued)
                {
                    series.Add((Credits.Row(credit).Date, (series.Count == 0 ? 0m : series[^1].Value) + valued.Value));
                }
            }

            return series;
        }

        private void ApplyYearCap(in LineContext context, decimal raw)
        {
            if (component.PerYearCap is not { } cap || Year is not { } year)
            {
                return;
            }

            year.Uncapped += raw;
            var nowPaid = Math.Min(year.Uncapped, cap);
            var adjustment = nowPaid - year.Paid - raw;
            year.Paid = nowPaid;
            if (adjustment != 0m)
            {
                Add(context, EarningKind.YearCap, null, null, raw, adjustment,
                    $"per-year cap {F(cap)} for {input.Calendar.YearOf(period.Start).Key}: earned {F(year.Uncapped)} uncapped, {F(nowPaid)} paid");
            }
        }

        private void PayGuarantee(decimal value, decimal? quota, decimal factor)
        {
            if (component.Guarantee is not { } guarantee || period.End > input.Period.End)
            {
                return;
            }

            var minimum = guarantee * factor;
            if (runningExact >= minimum)
            {
                return;
            }

            var context = new LineContext(-1, value, null, 0m, value, quota) { Credits = [], Date = period.End };
            Add(context, EarningKind.Guarantee, null, null, minimum, minimum - runningExact,
                $"guarantee {F(guarantee)}{(factor == 1m ? string.Empty : $" × proration {F(factor)}")} = {F(minimum)}: earned {F(runningExact)}, topped up by {F(minimum - runningExact)}");
        }

        private void PaySpiff(SpiffComponent spiff, List<Counted> counted, decimal? quota)
        {
            var ptd = 0m;
            foreach (var (index, day, value, fx) in counted)
            {
                var credit = Credits.Row(index);
                var original = credit.Classification;
                var before = ptd;
                ptd += value;
                if (measureOnly?.Contains(index) == true)
                {
                    // Under clawback terms the payment stage reverses the original's SPIFF; no line here.
                    continue;
                }

                var context = new LineContext(index, value, fx, before, ptd, quota) { CreditDay = day };
                var own = credit.Booking;
                var fraction = original.Amount.Amount != 0m ? own.Amount.Amount / original.Amount.Amount : 1m;
                decimal exact;
                string rule;
                decimal? rate = null;
                var @base = value;
                if (spiff.Payout.Amount is { } amount)
                {
                    var share = original.Amount.Amount != 0m ? credit.Amount.Amount / original.Amount.Amount : credit.Percent / 100m;
                    exact = amount * share;
                    @base = amount;
                    rate = share;
                    rule = $"SPIFF {F(amount)} per booking × credit share {F(share)}";
                }
                else if (spiff.Payout.Rate is { } spiffRate)
                {
                    exact = spiffRate.Value * value;
                    rate = spiffRate.Value;
                    rule = $"SPIFF rate: {F(value)} × {F(spiffRate.Value)}";
                }
                else
                {
                    var formula = spiff.Payout.Formula!;
                    var originalValue = fraction == 1m ? value : value / fraction;
                    var result = formula.Compute(new BookingFacts(original, originalValue, credit.Percent));
                    if (result.Status == Expressions.EvaluationStatus.Error)
                    {
                        issues.Add(new InputIssue("formula.error", $"bookings[{credit.BookingId}]",
                            $"The formula of component '{component.Id}' (\"{formula.Source}\") failed for credit '{credit.Id}': {result.Error}; it pays nothing."));
                        continue;
                    }

                    if (!result.HasValue)
                    {
                        continue;
                    }

                    exact = result.Value * fraction;
                    rule = fraction == 1m
                        ? $"SPIFF formula {formula.Source} = {F(result.Value)}"
                        : $"SPIFF formula {formula.Source} = {F(result.Value)} on the original credit × cancelled fraction {F(fraction)}";
                }

                Add(context, EarningKind.Spiff, null, rate, @base, exact, rule);
                ApplyPeriodCap(context, exact);
            }
        }

        private (decimal Value, decimal? Attainment) PayMbo(MboComponent mbo, decimal? targetIncentive)
        {
            var scores = input.Scores
                .Where(s => s.ParticipantId == assignment.ParticipantId && s.ComponentId == component.Id && s.PeriodKey == period.Key)
                .OrderBy(s => s.ObjectiveId, StringComparer.Ordinal)
                .ToList();
            var complete = period.End <= input.Period.End;
            if (scores.Count == 0)
            {
                if (complete)
                {
                    issues.Add(new InputIssue("mbo.scores-missing", Path, $"No objective scores for MBO '{component.Id}' in {period.Key}; it pays nothing."));
                }

                return (0m, null);
            }

            if (scores.GroupBy(s => s.ObjectiveId, StringComparer.Ordinal).FirstOrDefault(g => g.Skip(1).Any()) is { } twice)
            {
                issues.Add(new InputIssue("mbo.duplicate-objective", Path, $"Objective '{twice.Key}' is scored {twice.Count()} times; MBO '{component.Id}' pays nothing for {period.Key}."));
                return (0m, null);
            }

            var totalWeight = scores.Sum(s => s.Weight);
            if (scores.Any(s => s.Weight < 0m || s.ScorePercent < 0m) || totalWeight <= 0m)
            {
                issues.Add(new InputIssue("mbo.score-invalid", Path, $"MBO '{component.Id}' in {period.Key} needs weights and scores of 0 or more and a positive total weight; it pays nothing."));
                return (0m, null);
            }

            var counted = scores.Select(s => (s.ObjectiveId, s.Weight, Score: mbo.ScoreCapPercent is { } cap ? Math.Min(s.ScorePercent, cap) : s.ScorePercent)).ToList();
            var weighted = decimal.Round(counted.Sum(s => s.Weight * s.Score) / totalWeight, 2, plan.Rounding);
            if (!complete)
            {
                return (weighted, null);
            }

            if (targetIncentive is null)
            {
                issues.Add(new InputIssue("quota.missing", Path, $"MBO '{component.Id}' needs a target incentive for {period.Key}; it pays nothing."));
                return (weighted, null);
            }

            var exact = targetIncentive.Value * weighted / 100m;
            var terms = string.Join(" + ", counted.Select(s => $"{F(s.Weight)} × {F(s.Score)}"));
            var rule = $"weighted score ({terms}) ÷ {F(totalWeight)} = {F(weighted)} % (2 decimals, {plan.Rounding}); target incentive {F(targetIncentive.Value)} × {F(weighted)} %";
            var context = new LineContext(-1, weighted, null, 0m, weighted, null) { Credits = [], Date = period.End };
            Add(context, EarningKind.Mbo, null, weighted / 100m, targetIncentive.Value, exact, rule);
            ApplyPeriodCap(context, exact);
            return (weighted, null);
        }
    }
}
