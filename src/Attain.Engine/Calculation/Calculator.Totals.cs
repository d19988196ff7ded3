using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Calculation;

/// <summary>Totals instead of lines for component periods nobody reads line by line (<see cref="LineTotals"/>).</summary>
public static partial class Calculator
{
    private sealed partial class Job
    {
        /// <summary>
        /// The totals the calculation asked for and the list they go to, or null when it asked for none; whether this
        /// component period is totalled is <see cref="MayPayTotals"/>'s to say.
        /// </summary>
        public (LineTotals Asked, List<EarningTotal> Into)? Totals { get; init; }

        /// <summary>
        /// What <see cref="TryPayTotals"/> needs of this component period's credits, gathered as
        /// <see cref="TrySumFromIndex"/> summed them (when <see cref="MayPayTotals"/> allowed it and the sum was made);
        /// else null.
        /// </summary>
        private TotalsWalk? totalsWalk;

        /// <summary>
        /// Whether this component period may be paid as totals per period (<see cref="TryPayTotals"/>) instead of lines,
        /// as far as can be told before its credits are read. Every condition under which a component period is paid as
        /// totals is listed here; the first group is checked here, the second where the credits are read.
        /// <list type="number">
        /// <item>The calculation asked for totals (<see cref="Totals"/>) and the period ends before
        /// <see cref="LineTotals.Before"/> (later periods are reported, so line by line).</item>
        /// <item>The plan has no payment terms (<see cref="Plan.HasPaymentTerms"/>: no draw, clawback or hold), so the
        /// payment stage needs only the sum of the lines per period.</item>
        /// <item>The credits are read from the credit index in 64-bit arithmetic (<see cref="ReadsIndex"/>: a commission
        /// on the bookings amount, no filter or condition, <see cref="ShortArithmetic"/>).</item>
        /// <item><see cref="CanPayShort"/>: marginal tiers keyed by the period-to-date value or attainment, no override
        /// rate, rate rules, per-deal cap, gates or per-year cap; for attainment, a positive quota
        /// (<see cref="ScaleOf"/>).</item>
        /// <item>No guarantee, and no negative per-period cap (under which even a credit of zero pays a line).</item>
        /// <item>The tiers' bands follow each other with no gap or overlap (<see cref="BandsContiguous"/>).</item>
        /// </list>
        /// Checked on the credits, from the one pass of <see cref="TrySumFromIndex"/> over them, which gathers a
        /// <see cref="TotalsWalk"/> only when this is true (any of them false leaves the component period to its lines):
        /// <list type="number">
        /// <item>Every credit is valued from the index and their sum fits in 64 bits (<see cref="TrySumFromIndex"/>).</item>
        /// <item>Every credit that moves the value (not zero) is dated in one of <see cref="LineTotals.Periods"/>
        /// (<see cref="TotalsWalk.InPeriods"/>, checked by <see cref="TryPayTotals"/>).</item>
        /// <item>The exactness bound of <see cref="TryPayTotals"/>, on the largest places and the absolute sum of the
        /// credits the walk gathered: no line's decimal arithmetic could round.</item>
        /// </list>
        /// </summary>
        /// <remarks>
        /// <see cref="ReadsIndex"/> and the positive quota are also what the index path and <see cref="PayCommission"/>
        /// need to run at all, so they cannot make a difference where this is called; they are checked here too so that
        /// the list is whole.
        /// </remarks>
        private bool MayPayTotals(CommissionComponent commission, RateTable? table, decimal? quota) =>
            Totals is { } totals && period.End < totals.Asked.Before && !plan.HasPaymentTerms
            && ReadsIndex && CanPayShort(commission, table) && ScaleOf(table, quota) is { } scale
            && component.Guarantee is null && component.PerPeriodCap is not < 0m
            && BandsContiguous(table!, scale);

        /// <summary>
        /// Whether the bands of <paramref name="table"/> at <paramref name="scale"/> follow each other: each starts where
        /// the one before ends, and none but the last ends below its start.
        /// </summary>
        private bool BandsContiguous(RateTable table, decimal scale)
        {
            var bands = BandsOf(table, scale);
            for (var i = 1; i < bands.Length; i++)
            {
                if (bands[i].Low != bands[i - 1].High || (i < bands.Length - 1 && bands[i].Low > bands[i].High))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Pays the credits <paramref name="walk"/> gathered as <see cref="PayShort"/> would, but adds, instead of their
        /// lines, the sum of the lines per period of <see cref="LineTotals.Periods"/>: the running total rounded after the
        /// period's last credit less the running total rounded before its first. Leaves the running totals as after the
        /// last credit. False, with nothing changed, when the sum could differ from the lines': a credit outside the
        /// periods, or a number that a line's arithmetic could not hold exactly (the rest of the conditions are
        /// <see cref="MayPayTotals"/>'s, checked before).
        /// </summary>
        /// <remarks>
        /// Each credit moving the period-to-date value from v to w pays, in band i of [lowᵢ, highᵢ), rateᵢ ×
        /// (clampᵢ(w) − clampᵢ(v)), so the uncapped earnings after a credit are U(s) = Σ rateᵢ × (clampᵢ(s) − clampᵢ(0))
        /// at the value s after it, whatever came before; a per-period cap C ≥ 0 pays min(U, C) − the paid so far, so
        /// the running exact total after a credit is min(U(s), C). This holds exactly as long as no line's decimal
        /// arithmetic rounds, which the bound checked here guarantees: every value, bound, part, product and running
        /// total a line meets is below 8 × (largest rate + 1) × (Σ|credit| + largest bound + cap + 1) at no more than the
        /// largest rate's places plus the largest places of the values, bounds and cap; that must fit in 10¹⁸.
        /// </remarks>
        private bool TryPayTotals(RateTable table, decimal scale, TotalsWalk walk)
        {
            if (!walk.InPeriods)
            {
                return false;
            }

            var tiers = table.Tiers.Count;
            var bands = BandsOf(table, scale);
            var (rateMax, ratePlaces, boundMax, places) = (0m, 0, 0m, payCurrency.MinorUnits);
            for (var i = 0; i < tiers; i++)
            {
                var rate = table.Tiers[i].Rate.Value;
                (rateMax, ratePlaces) = (Math.Max(rateMax, Math.Abs(rate)), Math.Max(ratePlaces, rate.Scale));
                if (i > 0)
                {
                    var low = bands[i].Low;
                    (boundMax, places) = (Math.Max(boundMax, Math.Abs(low)), Math.Max(places, low.Scale));
                }
            }

            var cap = component.PerPeriodCap;
            places = Math.Max(Math.Max(places, cap?.Scale ?? 0), walk.Places) + ratePlaces;
            var bound = 8d * ((double)rateMax + 1d) * (walk.Absolute + (double)boundMax + (double)(cap ?? 0m) + 1d);
            if (places > 18 || bound * Math.Pow(10d, places) >= 1e18)
            {
                return false;
            }

            decimal Clamped(int i, decimal value) =>
                i > 0 && value < bands[i].Low ? bands[i].Low : i < tiers - 1 && value > bands[i].High ? bands[i].High : value;

            decimal Uncapped(decimal value)
            {
                var earned = 0m;
                for (var i = 0; i < tiers; i++)
                {
                    earned += table.Tiers[i].Rate.Value * (Clamped(i, value) - Clamped(i, 0m));
                }

                return earned;
            }

            var into = Totals!.Value.Into;
            var rounded = new Money(0m, payCurrency).Round(plan.Rounding);
            var (uncapped, exact) = (0m, 0m);
            foreach (var (from, to, value) in walk.Groups)
            {
                uncapped = Uncapped(value);
                exact = cap is { } limit ? Math.Min(uncapped, limit) : uncapped;
                var after = new Money(exact, payCurrency).Round(plan.Rounding);
                into.Add(new EarningTotal(assignment.ParticipantId, plan.Id, component.Id, period.Key, new DateRange(from, to), after - rounded));
                rounded = after;
            }

            (runningExact, perPeriodUncapped, perPeriodPaid) = (exact, uncapped, exact);
            runningRounded = walk.Groups.Count > 0 ? rounded : runningRounded;
            return true;
        }
    }

    /// <summary>
    /// What <see cref="Job.TryPayTotals"/> needs of a component period's credits, taken one credit at a time as
    /// <see cref="Job.TrySumFromIndex"/> sums them (so they are read once): the sum after each period's last credit that
    /// moves the value (a credit of zero makes no line) with the dates of its first and last such credit, the largest
    /// places of the values, and the sum of their absolute values.
    /// </summary>
    /// <param name="periods">The periods to total per, in order (<see cref="LineTotals.Periods"/>).</param>
    private sealed class TotalsWalk(IReadOnlyList<Period> periods)
    {
        /// <summary>The first of the periods that does not end before the last credit taken.</summary>
        private int next;

        /// <summary>Per period with a credit that moves the value, in order: its first and last such credit's dates, and the sum after the last.</summary>
        public List<(DateOnly First, DateOnly Last, decimal Value)> Groups { get; } = [];

        /// <summary>The largest places of a value taken.</summary>
        public int Places { get; private set; }

        /// <summary>The sum of the values' absolute values (in double: it feeds a bound only).</summary>
        public double Absolute { get; private set; }

        /// <summary>Whether every credit taken that moves the value is dated in one of the periods (once false, the rest is not gathered).</summary>
        public bool InPeriods { get; private set; } = true;

        /// <summary>Takes the next credit, in the index's order: its day number, its value and the sum up to and with it.</summary>
        public void Add(int day, in ShortDecimal value, in ShortDecimal sum)
        {
            if (!InPeriods)
            {
                return;
            }

            Places = Math.Max(Places, value.Scale);
            Absolute += Math.Abs((double)value.Value);
            if (value.IsZero)
            {
                return;
            }

            var date = DateOnly.FromDayNumber(day);
            while (next < periods.Count && periods[next].End < date)
            {
                next++;
            }

            if (next == periods.Count || periods[next].Start > date)
            {
                InPeriods = false;
                return;
            }

            if (Groups.Count > 0 && Groups[^1].Last >= periods[next].Start)
            {
                Groups[^1] = (Groups[^1].First, date, sum.Value);
            }
            else
            {
                Groups.Add((date, date, sum.Value));
            }
        }
    }
}
