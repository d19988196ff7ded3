using Attain.Engine.Monetary;
using Attain.Engine.Plans;

namespace Attain.Engine.Calculation;

/// <summary>The commission loop's common case in plain 64-bit integers at one scale (ADR 0010).</summary>
public static partial class Calculator
{
    /// <summary>
    /// A number as a whole count of units of one scale shared by the numbers it is compared and added with (so comparing
    /// or adding two is one integer operation), beside the scale its <see cref="decimal"/> has, from which that decimal's
    /// bits are made back. Never a negative zero.
    /// </summary>
    internal readonly record struct Scaled(long Units, int Scale)
    {
        /// <summary>The largest count of units: the sum or difference of two stays within a <see cref="long"/>.</summary>
        public const long Limit = long.MaxValue / 4;

        /// <summary>Takes <paramref name="value"/> counted in units of 10^-<paramref name="common"/>, when it is exactly that within <see cref="Limit"/> and not a negative zero.</summary>
        public static bool TryOf(decimal value, int common, out Scaled result)
        {
            result = default;
            if (!ShortDecimal.TryOf(value, out var parts) || parts.Scale > common || common - parts.Scale >= ScaledInteger.Powers.Length
                || (parts.Negative && parts.IsZero) || parts.Magnitude > (ulong)Limit / ScaledInteger.Powers[common - parts.Scale])
            {
                return false;
            }

            var units = (long)(parts.Magnitude * ScaledInteger.Powers[common - parts.Scale]);
            result = new Scaled(parts.Negative ? -units : units, parts.Scale);
            return true;
        }

        /// <summary>The larger by value, as <see cref="ShortDecimal.Max"/> picks it: this one when they are equal.</summary>
        public Scaled Max(Scaled other) => Units >= other.Units ? this : other;

        /// <summary>The smaller by value, as <see cref="ShortDecimal.Min"/> picks it: <paramref name="other"/> when they are equal.</summary>
        public Scaled Min(Scaled other) => Units >= other.Units ? other : this;

        /// <summary>The decimal's parts, with <paramref name="common"/> the scale <see cref="Units"/> count in.</summary>
        public ShortDecimal Short(int common)
        {
            var magnitude = (ulong)Math.Abs(Units);
            return ShortDecimal.FromParts(Scale == common ? magnitude : magnitude / ScaledInteger.Powers[common - Scale], Units < 0, Scale);
        }

        /// <summary>The sum as decimal's addition gives it (the larger scale), or false beyond <see cref="Limit"/> or at a zero made by cancelling (whose sign decimal sets by the scales).</summary>
        public bool TryAdd(Scaled other, out Scaled sum)
        {
            var units = Units + other.Units;
            sum = new Scaled(units, Math.Max(Scale, other.Scale));
            return Math.Abs(units) <= Limit && (units != 0 || (Units == 0 && other.Units == 0));
        }
    }

    private sealed partial class Job
    {
        /// <summary>
        /// Pays the period's credits from the credit index as <see cref="PayShort"/> would, bit for bit, while they stay in
        /// the common case: each credit a positive amount in the pay currency, positive rates and cap, every number within
        /// <see cref="Scaled.Limit"/> units of one scale for the measure (the bounds', the pay currency's) and one for money
        /// (the measure's plus the rates'). Comparing and adding are then single integer operations, and each number's
        /// decimal scale is carried beside it, so the lines hold the decimals <see cref="PayShort"/>'s would. Stops before
        /// the first credit outside that case, leaving the state (<paramref name="ptd"/>, the running totals, the cap's
        /// totals) as after the credits it paid, for <see cref="PayShort"/> to go on from.
        /// </summary>
        /// <returns>How many of the period's credits it paid.</returns>
        private int PayScaled(RateTable table, decimal scale, ref decimal ptd)
        {
            var tiers = table.Tiers.Count;
            if (fromIndex is not { } index || tiers > MaxShortTiers || PayCurrencyNumber < 0)
            {
                return 0;
            }

            var bands = BandsOf(table, scale);
            var decimals = payCurrency.MinorUnits;
            var cap = component.PerPeriodCap;
            var measureScale = Math.Max(decimals, (int)ptd.Scale);
            var moneyScale = (int)Math.Max(Math.Max(runningExact.Scale, perPeriodUncapped.Scale), Math.Max(perPeriodPaid.Scale, cap?.Scale ?? 0));
            for (var i = 0; i < tiers; i++)
            {
                measureScale = Math.Max(measureScale, Math.Max(i > 0 ? bands[i].Low.Scale : 0, i < tiers - 1 ? bands[i].High.Scale : (byte)0));
            }

            for (var i = 0; i < tiers; i++)
            {
                moneyScale = Math.Max(moneyScale, measureScale + table.Tiers[i].Rate.Value.Scale);
            }

            if (moneyScale >= ScaledInteger.Powers.Length - 1)
            {
                return 0;
            }

            var (lowRoom, highRoom, rateRoom, unitRoom) = (default(Buffer16<Scaled>), default(Buffer16<Scaled>), default(Buffer16<ShortDecimal>), default(Buffer16<long>));
            var few = tiers <= Buffer16<long>.Length;
            var lows = few ? ((Span<Scaled>)lowRoom)[..tiers] : new Scaled[tiers];
            var highs = few ? ((Span<Scaled>)highRoom)[..tiers] : new Scaled[tiers];
            var rates = few ? ((Span<ShortDecimal>)rateRoom)[..tiers] : new ShortDecimal[tiers];
            var rateUnits = few ? ((Span<long>)unitRoom)[..tiers] : new long[tiers];
            for (var i = 0; i < tiers; i++)
            {
                // The first band has no lower bound and the last no upper one (decimal.MinValue and MaxValue): never compared.
                var rate = table.Tiers[i].Rate.Value;
                if ((i > 0 && !Scaled.TryOf(bands[i].Low, measureScale, out lows[i]))
                    || (i < tiers - 1 && !Scaled.TryOf(bands[i].High, measureScale, out highs[i]))
                    || !ShortDecimal.TryOf(rate, out rates[i]) || rates[i].Negative
                    || !Scaled.TryOf(rate, moneyScale - measureScale, out var units))
                {
                    return 0;
                }

                rateUnits[i] = units.Units;
            }

            var ascending = true;
            for (var i = 2; i < tiers; i++)
            {
                ascending &= lows[i - 1].Units <= lows[i].Units;
            }

            var capped = default(Scaled);
            var rounded = 0L;
            var hasRounded = runningRounded is { } known;
            if ((cap is { } periodCap && (!Scaled.TryOf(periodCap, moneyScale, out capped) || capped.Units < 0))
                || !Scaled.TryOf(ptd, measureScale, out var total) || total.Units < 0
                || !Scaled.TryOf(runningExact, moneyScale, out var exact) || exact.Units < 0
                || !Scaled.TryOf(perPeriodUncapped, moneyScale, out var uncapped) || uncapped.Units < 0
                || !Scaled.TryOf(perPeriodPaid, moneyScale, out var paid) || paid.Units < 0
                || (hasRounded && !TryRoundedUnits(runningRounded!.Value.Amount, decimals, out rounded)))
            {
                return 0;
            }

            var keyName = table.Key == TierKey.Attainment ? "attainment" : "period-to-date";
            var rounding = new Rounding(ScaledInteger.Powers[moneyScale - decimals], plan.Rounding);
            var (entries, first, count) = index;
            count -= first;
            var paidCount = 0;
            for (; paidCount < count; paidCount++)
            {
                ref readonly var entry = ref entries.Entry(first + paidCount);
                if (!entry.TryMantissaIn(PayCurrencyNumber, out var mantissa, out var valueScale) || mantissa <= 0 || valueScale > measureScale)
                {
                    break;
                }

                var valueUnits = mantissa;
                if (valueScale != measureScale)
                {
                    var factor = (long)ScaledInteger.Powers[measureScale - valueScale];
                    if (mantissa > Scaled.Limit / factor)
                    {
                        break;
                    }

                    valueUnits *= factor;
                }

                if (!total.TryAdd(new Scaled(valueUnits, valueScale), out var after))
                {
                    break;
                }

                var before = total;
                var credit = entry.Row;
                if (measureOnly?.Contains(credit) == true)
                {
                    total = after;
                    continue;
                }

                // The credit's lines are written as they are worked out, and taken back if a number leaves the common case.
                var start = Lines.Count;
                var (lineExact, lineRounded, lineHasRounded, lineUncapped, linePaid) = (exact, rounded, hasRounded, uncapped, paid);
                var line = new ShortLine(credit, entry.Day, ShortDecimal.FromParts((ulong)mantissa, false, valueScale), before.Short(measureScale), after.Short(measureScale), -1, false);
                var raw = default(Scaled);
                var fits = true;
                for (var i = 0; i < tiers && fits; i++)
                {
                    // As PayShort: bands wholly above the move end the loop when the lower bounds ascend, wholly below are skipped.
                    if (i > 0 && ascending && after.Units <= lows[i].Units)
                    {
                        break;
                    }

                    if (i < tiers - 1 && before.Units >= highs[i].Units)
                    {
                        continue;
                    }

                    var top = i < tiers - 1 ? after.Min(highs[i]) : after;
                    var bottom = i > 0 ? before.Max(lows[i]) : before;
                    var partUnits = top.Units - bottom.Units;
                    if (partUnits <= 0)
                    {
                        continue;
                    }

                    var part = new Scaled(partUnits, Math.Max(top.Scale, bottom.Scale));
                    var partShort = part.Short(measureScale);
                    if (Math.BigMul((ulong)rateUnits[i], (ulong)partUnits, out var payUnits) != 0 || payUnits > Scaled.Limit)
                    {
                        fits = false;
                        break;
                    }

                    // decimal's product keeps the scales' sum, except a zero from its wider cases, which is a plain zero.
                    var payMagnitude = rates[i].Magnitude * partShort.Magnitude;
                    var payScale = payMagnitude == 0 && partShort.Magnitude > uint.MaxValue ? 0 : rates[i].Scale + part.Scale;
                    var pay = new Scaled((long)payUnits, payScale);
                    fits = AddScaled(line, EarningKind.Commission, i, rates[i], true, partShort, pay, ShortDecimal.FromParts(payMagnitude, false, payScale), RuleShape.Marginal, BoundsOf(table, i, keyName), rounding, ref lineExact, ref lineRounded, ref lineHasRounded)
                        && raw.TryAdd(pay, out raw);
                }

                if (fits && cap is not null)
                {
                    fits = lineUncapped.TryAdd(raw, out lineUncapped);
                    var nowPaid = lineUncapped.Min(capped);
                    var adjustment = new Scaled(nowPaid.Units - linePaid.Units - raw.Units, Math.Max(Math.Max(nowPaid.Scale, linePaid.Scale), raw.Scale));
                    fits = fits && (adjustment.Units == 0 || AddScaled(line, EarningKind.PeriodCap, -1, lineUncapped.Short(moneyScale), false, raw.Short(moneyScale), adjustment, adjustment.Short(moneyScale), RuleShape.PeriodCap, null, rounding, ref lineExact, ref lineRounded, ref lineHasRounded));
                    linePaid = nowPaid;
                }
                else if (fits)
                {
                    fits = lineUncapped.TryAdd(raw, out lineUncapped);
                }

                if (!fits)
                {
                    Lines.Truncate(start);
                    break;
                }

                (total, exact, rounded, hasRounded, uncapped, paid) = (after, lineExact, lineRounded, lineHasRounded, lineUncapped, linePaid);
            }

            ptd = total.Short(measureScale).Value;
            runningExact = exact.Short(moneyScale).Value;
            runningRounded = hasRounded ? new Money(ShortDecimal.FromParts((ulong)rounded, false, decimals).Value, payCurrency) : runningRounded;
            perPeriodUncapped = uncapped.Short(moneyScale).Value;
            perPeriodPaid = paid.Short(moneyScale).Value;
            return paidCount;
        }

        /// <summary>A running total rounded so far, as a count of minor units, when it is one with the pay currency's places and not negative.</summary>
        private static bool TryRoundedUnits(decimal amount, int decimals, out long units)
        {
            units = 0;
            if (!ShortDecimal.TryOf(amount, out var parts) || parts.Scale != decimals || parts.Negative || parts.Magnitude > Scaled.Limit)
            {
                return false;
            }

            units = (long)parts.Magnitude;
            return true;
        }

        /// <summary>
        /// <see cref="AddShort"/> in <see cref="Scaled"/> units: adds <paramref name="exact"/> (whose decimal is
        /// <paramref name="exactShort"/>) to the running total, rounds that to the pay currency's minor units and writes the
        /// line paying the change; false (and no line) when the running total would leave the common case.
        /// </summary>
        private bool AddScaled(in ShortLine line, EarningKind kind, int tier, in ShortDecimal rateOrA, bool hasRate, in ShortDecimal @base, Scaled exact, in ShortDecimal exactShort, RuleShape shape, string? text, Rounding rounding, ref Scaled running, ref long rounded, ref bool hasRounded)
        {
            if (!running.TryAdd(exact, out var next) || next.Units < 0)
            {
                return false;
            }

            if (!hasRounded)
            {
                (rounded, hasRounded) = (rounding.Apply(running.Units), true);
            }

            var after = rounding.Apply(next.Units);
            var amount = after - rounded;
            (running, rounded) = (next, after);
            AddLine(line, kind, tier, hasRate, shape, text, rateOrA, @base, exactShort, ShortDecimal.FromParts((ulong)Math.Abs(amount), amount < 0, payCurrency.MinorUnits));
            return true;
        }
    }

    /// <summary>Rounding a non-negative count of units to a coarser unit (<paramref name="Unit"/> of them) by a midpoint rule, as <see cref="ShortDecimal.TryRound"/> does.</summary>
    internal readonly record struct Rounding(ulong Unit, MidpointRounding Mode)
    {
        /// <summary>The count of coarser units <paramref name="units"/> (not negative) rounds to.</summary>
        public long Apply(long units)
        {
            if (Unit == 1)
            {
                return units;
            }

            // The usual units are divided by as constants, which the compiler turns into a multiplication.
            var magnitude = (ulong)units;
            var quotient = Unit switch
            {
                10 => magnitude / 10,
                100 => magnitude / 100,
                1_000 => magnitude / 1_000,
                10_000 => magnitude / 10_000,
                _ => magnitude / Unit,
            };
            var remainder = magnitude - (quotient * Unit);
            return (long)(ShortDecimal.RoundsAway(quotient, remainder, Unit, false, Mode) ? quotient + 1 : quotient);
        }
    }
}
