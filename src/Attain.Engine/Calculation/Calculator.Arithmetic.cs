using Attain.Engine.Monetary;
using Attain.Engine.Plans;

namespace Attain.Engine.Calculation;

/// <summary>Decimal arithmetic on 64-bit mantissas for the commission loop (ADR 0010).</summary>
public static partial class Calculator
{
    /// <summary>
    /// A <see cref="decimal"/> whose mantissa fits in 64 bits, kept as its parts (magnitude, sign, scale) so that adding,
    /// subtracting, multiplying, comparing and rounding it is a few integer operations. Each operation gives exactly the
    /// bits <see cref="decimal"/>'s own would (the same scale, and the same sign on a zero), or reports that it cannot
    /// (a result beyond 64 bits or a scale above 28), so the caller goes on with <see cref="decimal"/>.
    /// </summary>
    internal readonly struct ShortDecimal
    {
        private const int MaxScale = 28;

        private static readonly ulong[] Powers = ScaledInteger.Powers;

        private ShortDecimal(ulong magnitude, bool negative, int scale)
        {
            Magnitude = magnitude;
            Negative = negative;
            Scale = scale;
        }

        public ulong Magnitude { get; }

        public bool Negative { get; }

        public int Scale { get; }

        public bool IsZero => Magnitude == 0;

        /// <summary>The value as a <see cref="decimal"/> with the same bits.</summary>
        public decimal Value => new((int)(uint)Magnitude, (int)(uint)(Magnitude >> 32), 0, Negative, (byte)Scale);

        /// <summary>The decimal <c>(decimal)value</c> gives for an int.</summary>
        public static ShortDecimal Of(int value) => new(value < 0 ? (ulong)-(long)value : (ulong)value, value < 0, 0);

        /// <summary>Takes <paramref name="value"/> when its mantissa fits in 64 bits.</summary>
        public static bool TryOf(decimal value, out ShortDecimal result)
        {
            var buffer = default(DecimalBits);
            Span<int> bits = buffer;
            decimal.GetBits(value, bits);
            result = new ShortDecimal(((ulong)(uint)bits[1] << 32) | (uint)bits[0], bits[3] < 0, (bits[3] >> 16) & 0xFF);
            return bits[2] == 0;
        }

        /// <summary>The parts of a decimal whose mantissa is known to fit in 64 bits (a credit index entry's amount).</summary>
        public static ShortDecimal FromParts(ulong magnitude, bool negative, int scale) => new(magnitude, negative, scale);

        /// <summary>Compares by value, as <see cref="decimal.Compare"/> (a zero equals a zero whatever its sign and scale).</summary>
        public static int Compare(in ShortDecimal a, in ShortDecimal b)
        {
            if (b.Magnitude == 0)
            {
                return a.Magnitude == 0 ? 0 : a.Negative ? -1 : 1;
            }

            if (a.Magnitude == 0)
            {
                return b.Negative ? 1 : -1;
            }

            if (a.Negative != b.Negative)
            {
                return a.Negative ? -1 : 1;
            }

            var magnitudes = CompareMagnitudes(a, b);
            return a.Negative ? -magnitudes : magnitudes;
        }

        /// <summary><c>Math.Min(a, b)</c> for decimals: <paramref name="b"/> when they are equal.</summary>
        public static ShortDecimal Min(in ShortDecimal a, in ShortDecimal b) => Compare(a, b) >= 0 ? b : a;

        /// <summary><c>Math.Max(a, b)</c> for decimals: <paramref name="a"/> when they are equal.</summary>
        public static ShortDecimal Max(in ShortDecimal a, in ShortDecimal b) => Compare(a, b) >= 0 ? a : b;

        /// <summary><c>a + b</c>, or false when decimal would need more than 64 bits for it.</summary>
        public static bool TryAdd(in ShortDecimal a, in ShortDecimal b, out ShortDecimal sum) => TryAddSubtract(a, b, false, out sum);

        /// <summary><c>a − b</c>, or false when decimal would need more than 64 bits for it.</summary>
        public static bool TrySubtract(in ShortDecimal a, in ShortDecimal b, out ShortDecimal difference) => TryAddSubtract(a, b, true, out difference);

        /// <summary><c>a × b</c>, or false when the product needs more than 64 bits or a scale above 28.</summary>
        public static bool TryMultiply(in ShortDecimal a, in ShortDecimal b, out ShortDecimal product)
        {
            var scale = a.Scale + b.Scale;
            if (a.Magnitude <= uint.MaxValue && b.Magnitude <= uint.MaxValue)
            {
                // decimal's 32 × 32-bit case keeps the sign and the scale even for a zero product.
                product = new ShortDecimal(a.Magnitude * b.Magnitude, a.Negative != b.Negative, scale);
                return scale <= MaxScale;
            }

            if (a.Magnitude == 0 || b.Magnitude == 0)
            {
                // decimal's wider cases give a plain zero.
                product = default;
                return true;
            }

            var high = Math.BigMul(a.Magnitude, b.Magnitude, out var low);
            product = new ShortDecimal(low, a.Negative != b.Negative, scale);
            return high == 0 && scale <= MaxScale;
        }

        /// <summary>
        /// <c>decimal.Round(value, decimals, mode)</c> written with at least <paramref name="decimals"/> places, as
        /// <c>Money.Round</c> gives it; false when that needs more than 64 bits.
        /// </summary>
        public bool TryRound(int decimals, MidpointRounding mode, out ShortDecimal rounded)
        {
            var magnitude = Magnitude;
            if (Scale - decimals >= Powers.Length)
            {
                rounded = default;
                return false;
            }

            if (Scale > decimals)
            {
                var power = Powers[Scale - decimals];
                var (quotient, remainder) = Math.DivRem(magnitude, power);
                rounded = new ShortDecimal(RoundsAway(quotient, remainder, power, Negative, mode) ? quotient + 1 : quotient, Negative, decimals);
                return true;
            }

            if (Scale == decimals)
            {
                rounded = this;
                return true;
            }

            if (decimals - Scale >= Powers.Length)
            {
                rounded = default;
                return false;
            }

            var factor = Powers[decimals - Scale];
            var high = Math.BigMul(magnitude, factor, out var low);
            rounded = new ShortDecimal(low, Negative, decimals);
            return high == 0;
        }

        /// <summary>
        /// Whether a magnitude of <paramref name="quotient"/> whole units and <paramref name="remainder"/> of a unit of
        /// <paramref name="unit"/> parts (its sign given) rounds to <paramref name="quotient"/> + 1 under
        /// <paramref name="mode"/>, as <see cref="decimal.Round(decimal, int, MidpointRounding)"/> rounds it.
        /// </summary>
        public static bool RoundsAway(ulong quotient, ulong remainder, ulong unit, bool negative, MidpointRounding mode)
        {
            var half = unit / 2;
            return mode switch
            {
                MidpointRounding.ToEven => remainder > half || (remainder == half && (quotient & 1) != 0),
                MidpointRounding.AwayFromZero => remainder >= half,
                MidpointRounding.ToZero => false,
                MidpointRounding.ToNegativeInfinity => negative && remainder != 0,
                MidpointRounding.ToPositiveInfinity => !negative && remainder != 0,
                _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown rounding mode."),
            };
        }

        private static int CompareMagnitudes(in ShortDecimal a, in ShortDecimal b)
        {
            if (a.Scale == b.Scale)
            {
                return a.Magnitude.CompareTo(b.Magnitude);
            }

            // The operand with fewer places is scaled up; at 20 places or more a non-zero one is beyond any 64-bit mantissa.
            if (a.Scale < b.Scale)
            {
                var shift = b.Scale - a.Scale;
                return shift >= Powers.Length ? 1 : ((UInt128)a.Magnitude * Powers[shift]).CompareTo(b.Magnitude);
            }

            var by = a.Scale - b.Scale;
            return by >= Powers.Length ? -1 : ((UInt128)a.Magnitude).CompareTo((UInt128)b.Magnitude * Powers[by]);
        }

        /// <summary>decimal's add and subtract, including which sign a zero result takes, for results within 64 bits.</summary>
        private static bool TryAddSubtract(in ShortDecimal a, in ShortDecimal b, bool subtract, out ShortDecimal result)
        {
            var bNegative = b.Negative != subtract;
            var effectiveSubtract = a.Negative != bNegative;

            // decimal scales the operand with fewer places up to the other's; the first operand when the scales are equal.
            ulong left;
            bool leftNegative;
            ulong right;
            int scale;
            if (a.Scale <= b.Scale)
            {
                if (a.Scale < b.Scale && a.Magnitude == 0)
                {
                    result = new ShortDecimal(b.Magnitude, bNegative, b.Scale);
                    return true;
                }

                if (!TryScale(a.Magnitude, b.Scale - a.Scale, out left))
                {
                    result = default;
                    return false;
                }

                (leftNegative, right, scale) = (a.Negative, b.Magnitude, b.Scale);
            }
            else
            {
                if (b.Magnitude == 0)
                {
                    result = a;
                    return true;
                }

                if (!TryScale(b.Magnitude, a.Scale - b.Scale, out left))
                {
                    result = default;
                    return false;
                }

                (leftNegative, right, scale) = (bNegative, a.Magnitude, a.Scale);
            }

            if (!effectiveSubtract)
            {
                var sum = left + right;
                result = new ShortDecimal(sum, leftNegative, scale);
                return sum >= left;
            }

            result = left >= right
                ? new ShortDecimal(left - right, leftNegative, scale)
                : new ShortDecimal(right - left, !leftNegative, scale);
            return true;
        }

        private static bool TryScale(ulong magnitude, int places, out ulong scaled)
        {
            if (places == 0)
            {
                scaled = magnitude;
                return true;
            }

            if (places >= Powers.Length)
            {
                scaled = 0;
                return magnitude == 0;
            }

            var high = Math.BigMul(magnitude, Powers[places], out scaled);
            return high == 0;
        }
    }

    /// <summary>
    /// A credit paid by <see cref="Job.PayShort"/>: its row, day, value (converted to the pay currency when
    /// <paramref name="Fx"/> is not −1), the measure before and after it, and the quote its conversion applied (an index
    /// among the lines' objects) and whether inverted.
    /// </summary>
    internal readonly record struct ShortLine(int Credit, int Day, ShortDecimal Value, ShortDecimal Before, ShortDecimal After, int Fx, bool FxInverted);

    private sealed partial class Job
    {
        /// <summary>Whether the commission loop may use <see cref="ShortDecimal"/> where values fit (false: decimal only).</summary>
        public bool ShortArithmetic { get; init; }

        /// <summary>The most tiers <see cref="PayShort"/> keeps on the stack; a larger table is paid in decimal.</summary>
        private const int MaxShortTiers = 64;

        /// <summary>
        /// Whether <see cref="PayShort"/> can pay this component's credits: marginal tiers keyed by the period-to-date
        /// value or attainment, no flat or per-credit rate, no per-deal cap, no gates, no per-year cap.
        /// </summary>
        private bool CanPayShort(CommissionComponent commission, RateTable? table) =>
            ShortArithmetic && table is { Semantics: TierSemantics.Marginal } && table.Key != TierKey.Booking
            && Override?.Rate is null && commission.RateRules.Count == 0 && commission.PerDealCap is null
            && component.Gates.Count == 0 && component.PerYearCap is null;

        /// <summary>
        /// Pays the counted credits from the one at <paramref name="from"/> on as <see cref="PayCommission"/> does (the marginal band split, the
        /// running rounded total and the per-period cap), in <see cref="ShortDecimal"/> arithmetic: the same lines, bit
        /// for bit. Stops before the first credit whose numbers do not fit, leaving the state
        /// (<paramref name="ptd"/>, the running totals, the cap's totals) as after the credits it paid.
        /// </summary>
        /// <returns>How many counted credits are paid, the first <paramref name="from"/> of them already before.</returns>
        private int PayShort(RateTable table, List<Counted> counted, decimal scale, ref decimal ptd, int from)
        {
            var tiers = table.Tiers.Count;
            if (tiers > MaxShortTiers)
            {
                return from;
            }

            var bands = BandsOf(table, scale);
            var (lowRoom, highRoom, rateRoom) = (default(Buffer16<ShortDecimal>), default(Buffer16<ShortDecimal>), default(Buffer16<ShortDecimal>));
            var few = tiers <= Buffer16<ShortDecimal>.Length;
            var lows = few ? ((Span<ShortDecimal>)lowRoom)[..tiers] : new ShortDecimal[tiers];
            var highs = few ? ((Span<ShortDecimal>)highRoom)[..tiers] : new ShortDecimal[tiers];
            var rates = few ? ((Span<ShortDecimal>)rateRoom)[..tiers] : new ShortDecimal[tiers];
            for (var i = 0; i < tiers; i++)
            {
                // The first band has no lower bound and the last no upper one (decimal.MinValue and MaxValue): never compared.
                if ((i > 0 && !ShortDecimal.TryOf(bands[i].Low, out lows[i]))
                    || (i < tiers - 1 && !ShortDecimal.TryOf(bands[i].High, out highs[i]))
                    || !ShortDecimal.TryOf(table.Tiers[i].Rate.Value, out rates[i]))
                {
                    return from;
                }
            }

            var ascending = true;
            for (var i = 2; i < tiers; i++)
            {
                ascending &= ShortDecimal.Compare(lows[i - 1], lows[i]) <= 0;
            }

            var cap = default(ShortDecimal);
            if ((component.PerPeriodCap is { } periodCap && !ShortDecimal.TryOf(periodCap, out cap))
                || !ShortDecimal.TryOf(ptd, out var total)
                || !ShortDecimal.TryOf(runningExact, out var exact)
                || !ShortDecimal.TryOf(perPeriodUncapped, out var uncapped)
                || !ShortDecimal.TryOf(perPeriodPaid, out var paid))
            {
                return from;
            }

            var hasCap = component.PerPeriodCap is not null;
            var rounded = default(ShortDecimal);
            var hasRounded = runningRounded is { } known && ShortDecimal.TryOf(known.Amount, out rounded);
            if (runningRounded is not null && !hasRounded)
            {
                return from;
            }

            var keyName = table.Key == TierKey.Attainment ? "attainment" : "period-to-date";
            var decimals = payCurrency.MinorUnits;
            var mode = plan.Rounding;
            var paidCount = from;
            var (entries, first, count) = fromIndex is { } index ? (index.Credits, index.First, index.End - index.First) : (default, 0, counted.Count);
            for (; paidCount < count; paidCount++)
            {
                int credit;
                int day;
                ShortDecimal move;
                FxRate? quote;
                var inverted = false;
                if (fromIndex is not null)
                {
                    ref readonly var entry = ref entries.Entry(first + paidCount);
                    (credit, day) = (entry.Row, entry.Day);
                    _ = TryIndexValue(entry, out move, out quote);
                }
                else
                {
                    (credit, day, var value, var fx) = counted[paidCount];
                    (quote, inverted) = (fx?.Quote, fx?.Inverted == true);
                    if (!ShortDecimal.TryOf(value, out move))
                    {
                        break;
                    }
                }

                if (!ShortDecimal.TryAdd(total, move, out var after))
                {
                    break;
                }

                var before = total;
                if (measureOnly?.Contains(credit) == true)
                {
                    total = after;
                    continue;
                }

                // The credit's lines are written as they are worked out, and taken back if a number does not fit.
                var start = Lines.Count;
                var (lineExact, lineRounded, lineHasRounded, lineUncapped, linePaid) = (exact, rounded, hasRounded, uncapped, paid);
                var line = new ShortLine(credit, day, move, before, after, FxIndexOf(quote), inverted);
                var low = ShortDecimal.Min(before, after);
                var high = ShortDecimal.Max(before, after);
                var direction = ShortDecimal.Of(ShortDecimal.Compare(after, before) >= 0 ? 1 : -1);
                var raw = default(ShortDecimal);
                var fits = true;
                for (var i = 0; i < tiers && fits; i++)
                {
                    // A band wholly above the move, and every band after it when the lower bounds ascend, pays nothing; a
                    // band wholly below it neither: skipped without working out the part (which would be zero or less).
                    if (i > 0 && ascending && ShortDecimal.Compare(high, lows[i]) <= 0)
                    {
                        break;
                    }

                    if (i < tiers - 1 && ShortDecimal.Compare(low, highs[i]) >= 0)
                    {
                        continue;
                    }

                    var top = i < tiers - 1 ? ShortDecimal.Min(high, highs[i]) : high;
                    var bottom = i > 0 ? ShortDecimal.Max(low, lows[i]) : low;
                    if (!ShortDecimal.TrySubtract(top, bottom, out var part))
                    {
                        fits = false;
                        break;
                    }

                    if (part.IsZero || part.Negative)
                    {
                        continue;
                    }

                    fits = ShortDecimal.TryMultiply(direction, part, out var signed)
                        && ShortDecimal.TryMultiply(rates[i], signed, out var pay)
                        && AddShort(line, EarningKind.Commission, i, rates[i], true, signed, pay, RuleShape.Marginal, BoundsOf(table, i, keyName), ref lineExact, ref lineRounded, ref lineHasRounded, decimals, mode)
                        && ShortDecimal.TryAdd(raw, pay, out raw);
                }

                if (fits && hasCap)
                {
                    fits = ShortDecimal.TryAdd(lineUncapped, raw, out lineUncapped)
                        && ShortDecimal.TrySubtract(ShortDecimal.Min(lineUncapped, cap), linePaid, out var unpaid)
                        && ShortDecimal.TrySubtract(unpaid, raw, out var adjustment)
                        && (adjustment.IsZero || AddShort(line, EarningKind.PeriodCap, -1, lineUncapped, false, raw, adjustment, RuleShape.PeriodCap, null, ref lineExact, ref lineRounded, ref lineHasRounded, decimals, mode));
                    linePaid = ShortDecimal.Min(lineUncapped, cap);
                }
                else if (fits)
                {
                    fits = ShortDecimal.TryAdd(lineUncapped, raw, out lineUncapped);
                }

                if (!fits)
                {
                    Lines.Truncate(start);
                    break;
                }

                (total, exact, rounded, hasRounded, uncapped, paid) = (after, lineExact, lineRounded, lineHasRounded, lineUncapped, linePaid);
            }

            ptd = total.Value;
            runningExact = exact.Value;
            runningRounded = hasRounded ? new Money(rounded.Value, payCurrency) : runningRounded;
            perPeriodUncapped = uncapped.Value;
            perPeriodPaid = paid.Value;
            return paidCount;
        }

        /// <summary>
        /// The period's credits when <see cref="PayShort"/> reads them straight from the credit index (set by
        /// <see cref="TrySumFromIndex"/>'s caller), else null and they are in the counted list.
        /// </summary>
        private (ParticipantCredits Credits, int First, int End)? fromIndex;

        /// <summary>
        /// Whether the credits [<paramref name="first"/>, <paramref name="end"/>) can be counted from the index alone: each
        /// amount kept there and valued by <see cref="TryIndexValue"/>, no cancellation under clawback terms (which may
        /// count in the measure only), and their sum within 64 bits; <paramref name="value"/> is then the sum the counted
        /// list would give, bit for bit (decimal's additions from 0 in order). Each credit summed is handed to
        /// <paramref name="walk"/>, when there is one, so that the credits are read once for totals too.
        /// </summary>
        private bool TrySumFromIndex(ParticipantCredits credits, int first, int end, TotalsWalk? walk, out decimal value)
        {
            var sum = ShortDecimal.Of(0);
            var clawback = plan.Clawback is not null;
            for (var i = first; i < end; i++)
            {
                ref readonly var entry = ref credits.Entry(i);
                if ((clawback && entry.Cancels) || !TryIndexValue(entry, out var amount, out _) || !ShortDecimal.TryAdd(sum, amount, out sum))
                {
                    value = 0m;
                    return false;
                }

                walk?.Add(entry.Day, amount, sum);
            }

            value = sum.Value;
            return true;
        }

        /// <summary>
        /// Fills <paramref name="counted"/> with the credits [<paramref name="first"/>, <paramref name="end"/>), as the
        /// counting loop would (all of them kept in the index and valued by <see cref="TryIndexValue"/>).
        /// </summary>
        private void CountFromIndex(ParticipantCredits credits, int first, int end, List<Counted> counted)
        {
            counted.Clear();
            if (counted.Capacity < end - first)
            {
                counted.Capacity = end - first;
            }

            for (var i = first; i < end; i++)
            {
                ref readonly var entry = ref credits.Entry(i);
                if (entry.TryAmountIn(PayCurrencyNumber, out var amount))
                {
                    counted.Add(new Counted(entry.Row, entry.Day, amount, null));
                }
                else if (Value(entry.Row, entry.Cancels ? Credits.Row(entry.Row).Classification.Date : DateOnly.FromDayNumber(entry.Day)) is { } valued)
                {
                    counted.Add(new Counted(entry.Row, entry.Day, valued.Value, valued.Fx));
                }
            }
        }

        /// <summary>
        /// The value <see cref="Value"/> gives an index entry's amount, in 64-bit arithmetic: the amount itself in the pay
        /// currency, else the amount × the direct quote to the pay currency on its date (a cancellation's: its booking's),
        /// which is given too. False when neither applies (no such quote: an inverse quote divides, or none is there to
        /// report) or the product does not fit; the counted list then converts in decimal.
        /// </summary>
        private bool TryIndexValue(in IndexEntry entry, out ShortDecimal value, out FxRate? quote)
        {
            quote = null;
            if (entry.TryShortAmountIn(PayCurrencyNumber, out value))
            {
                return true;
            }

            if (IndexCurrencies is null || !entry.TryShortAmount(out var amount, out var number))
            {
                return false;
            }

            // Credits come by day: the quote found for one day is kept for the days it stays the latest.
            var day = entry.Cancels ? Credits.Row(entry.Row).Classification.Date.DayNumber : entry.Day;
            ref var span = ref (quoteSpans ??= new QuoteSpan[IndexCurrencies.Count])[number];
            if (span.Quote is null || day < span.FirstDay || day > span.LastDay)
            {
                if (!input.Fx.TryDirectQuote(IndexCurrencies[number], payCurrency, DateOnly.FromDayNumber(day), out var found, out var lastDay)
                    || !ShortDecimal.TryOf(found.Rate, out var rate))
                {
                    return false;
                }

                span = new QuoteSpan(found, found.Date.DayNumber, lastDay == DateOnly.MaxValue ? int.MaxValue : lastDay.DayNumber, rate);
            }

            quote = span.Quote;
            return ShortDecimal.TryMultiply(amount, span.Rate, out value);
        }

        /// <summary>The currencies of the credit index's amounts by number (<see cref="CreditIndex.Currencies"/>).</summary>
        public IReadOnlyList<Currency>? IndexCurrencies { get; init; }

        /// <summary>The direct quote to the pay currency found last per index currency, and the days it applies to.</summary>
        private QuoteSpan[]? quoteSpans;

        private readonly record struct QuoteSpan(FxRate? Quote, int FirstDay, int LastDay, ShortDecimal Rate);

        /// <summary><see cref="Add"/> in <see cref="ShortDecimal"/>: false (and no line) when the running total does not fit.</summary>
        private bool AddShort(in ShortLine line, EarningKind kind, int tier, in ShortDecimal rateOrA, bool hasRate, in ShortDecimal @base, in ShortDecimal exact, RuleShape shape, string? text, ref ShortDecimal running, ref ShortDecimal rounded, ref bool hasRounded, int decimals, MidpointRounding mode)
        {
            if (!hasRounded)
            {
                if (!running.TryRound(decimals, mode, out rounded))
                {
                    return false;
                }

                hasRounded = true;
            }

            if (!ShortDecimal.TryAdd(running, exact, out var next)
                || !next.TryRound(decimals, mode, out var after)
                || !ShortDecimal.TrySubtract(after, rounded, out var amount))
            {
                return false;
            }

            (running, rounded) = (next, after);
            AddLine(line, kind, tier, hasRate, shape, text, rateOrA, @base, exact, amount);
            return true;
        }

        /// <summary>Writes a line of the 64-bit loops with its numbers as they are, keeping its source and rule text among the lines' objects.</summary>
        private void AddLine(in ShortLine line, EarningKind kind, int tier, bool hasRate, RuleShape shape, string? text, in ShortDecimal rateOrA, in ShortDecimal @base, in ShortDecimal exact, in ShortDecimal amount)
        {
            if (sourceIndex < 0)
            {
                sourceIndex = Lines.Keep(Source);
            }

            var textIndex = -1;
            if (text is not null)
            {
                if (!ReferenceEquals(text, lastText))
                {
                    lastText = text;
                    lastTextIndex = Lines.Keep(text);
                }

                textIndex = lastTextIndex;
            }

            Added(line.Day);
            Lines.Add(new LineData(sourceIndex, Lines.Count - LinesStart + 1, kind, line, tier, hasRate, jobQuota is not null, shape, textIndex, rateOrA, @base, exact, amount));
        }
    }
}
