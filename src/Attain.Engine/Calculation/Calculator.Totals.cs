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
        /// The periods to total this job's lines per and the list the totals go to, when its component period may be
        /// totalled (it ends before <see cref="LineTotals.Before"/>, under a plan without payment terms); else null.
        /// </summary>
        public (IReadOnlyList<Period> Periods, List<EarningTotal> Into)? Totals { get; init; }

        /// <summary>
        /// Pays the credits [<paramref name="first"/>, <paramref name="end"/>) of the index as <see cref="PayShort"/>
        /// would, but adds, instead of their lines, the sum of the lines per period of <see cref="Totals"/>: the running
        /// total rounded after the period's last credit less the running total rounded before its first. Leaves the
        /// running totals as after the last credit. False, with nothing changed, when the sum could differ from the
        /// lines': a credit outside the periods, tiers that are not contiguous, a negative cap, or a number that a line's
        /// arithmetic could not hold exactly.
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
        private bool TryPayTotals(RateTable table, decimal scale, ParticipantCredits credits, int first, int end)
        {
            if (Totals is not { } asked || component.Guarantee is not null || (component.PerPeriodCap is { } negative && negative < 0m))
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
                    if (low != bands[i - 1].High || (i < tiers - 1 && low > bands[i].High))
                    {
                        return false;
                    }

                    (boundMax, places) = (Math.Max(boundMax, Math.Abs(low)), Math.Max(places, low.Scale));
                }
            }

            var cap = component.PerPeriodCap;
            places = Math.Max(places, cap?.Scale ?? 0);

            // The value after each period's last credit that moves it (a credit of zero makes no line).
            var groups = new List<(DateOnly First, DateOnly Last, decimal Value)>();
            var sum = ShortDecimal.Of(0);
            var absolute = 0d;
            var p = 0;
            for (var i = first; i < end; i++)
            {
                ref readonly var entry = ref credits.Entry(i);
                if (!TryIndexValue(entry, out var value, out _) || !ShortDecimal.TryAdd(sum, value, out sum))
                {
                    return false;
                }

                places = Math.Max(places, value.Scale);
                absolute += Math.Abs((double)value.Value);
                if (value.IsZero)
                {
                    continue;
                }

                var day = DateOnly.FromDayNumber(entry.Day);
                while (p < asked.Periods.Count && asked.Periods[p].End < day)
                {
                    p++;
                }

                if (p == asked.Periods.Count || asked.Periods[p].Start > day)
                {
                    return false;
                }

                if (groups.Count > 0 && groups[^1].Last >= asked.Periods[p].Start)
                {
                    groups[^1] = (groups[^1].First, day, sum.Value);
                }
                else
                {
                    groups.Add((day, day, sum.Value));
                }
            }

            places += ratePlaces;
            var bound = 8d * ((double)rateMax + 1d) * (absolute + (double)boundMax + (double)(cap ?? 0m) + 1d);
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

            var rounded = new Money(0m, payCurrency).Round(plan.Rounding);
            var (uncapped, exact) = (0m, 0m);
            foreach (var (from, to, value) in groups)
            {
                uncapped = Uncapped(value);
                exact = cap is { } limit ? Math.Min(uncapped, limit) : uncapped;
                var after = new Money(exact, payCurrency).Round(plan.Rounding);
                asked.Into.Add(new EarningTotal(assignment.ParticipantId, plan.Id, component.Id, period.Key, new DateRange(from, to), after - rounded));
                rounded = after;
            }

            (runningExact, perPeriodUncapped, perPeriodPaid) = (exact, uncapped, exact);
            runningRounded = groups.Count > 0 ? rounded : runningRounded;
            return true;
        }
    }
}
