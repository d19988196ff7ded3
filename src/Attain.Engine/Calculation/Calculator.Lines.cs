using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;

namespace Attain.Engine.Calculation;

/// <summary>
/// Earning lines kept compact while calculating: a line is a struct of numbers and references into its job and credit,
/// and its <see cref="EarningLine"/> (ids as lists, rule as text) is made when it is read (ADR 0010).
/// </summary>
public static partial class Calculator
{
    /// <summary>What every line of one component period of one assignment shares.</summary>
    internal sealed class LineSource(
        string participantId,
        string planId,
        int planVersion,
        string componentId,
        string periodKey,
        Currency payCurrency,
        MidpointRounding rounding,
        bool unitsMeasure,
        decimal? periodCap,
        CreditList credits,
        decimal? quota)
    {
        /// <summary>The job's (prorated) quota, which its lines show unless they say otherwise.</summary>
        public decimal? Quota { get; } = quota;

        /// <summary>The calculation's credits, which lines refer to by index.</summary>
        public CreditList Credits { get; } = credits;

        public string ParticipantId { get; } = participantId;

        public string PlanId { get; } = planId;

        public int PlanVersion { get; } = planVersion;

        public string ComponentId { get; } = componentId;

        public string PeriodKey { get; } = periodKey;

        public Currency PayCurrency { get; } = payCurrency;

        public bool UnitsMeasure { get; } = unitsMeasure;

        public decimal? PeriodCap { get; } = periodCap;

        public string RoundingText => field ??= $"running total to {Money.FromMinorUnits(1, PayCurrency)}, {rounding}";
    }

    /// <summary>How a line's rule text is made from its numbers when it is read.</summary>
    internal enum RuleShape : byte
    {
        /// <summary>The text as it is.</summary>
        Text,

        /// <summary>"{text}: {base} × {rate}" (a flat rate and where it comes from).</summary>
        Flat,

        /// <summary>"marginal tier {tier} {text}: {base} × {rate}" (text = the tier's bounds).</summary>
        Marginal,

        /// <summary>"per-period cap {cap}: earned {a} uncapped, {min(a, cap)} paid".</summary>
        PeriodCap,
    }

    /// <summary>A line's rule: a text, or the pieces it is formatted from.</summary>
    internal readonly record struct RuleText(RuleShape Shape, string? Text, decimal A = 0m)
    {
        public static implicit operator RuleText(string text) => new(RuleShape.Text, text);
    }

    /// <summary>What a line keeps besides its numbers when it has more than a rule text and a conversion: credits, date, quota.</summary>
    internal sealed record LineExtra(IReadOnlyList<Credit>? Credits, DateOnly? Date, decimal? Quota, string? Text, decimal A);

    /// <summary>
    /// One earning line in compact form (96 bytes and no references, so the collector never traces a buffer of them):
    /// the credit by index, the day, the numbers as 64-bit mantissas with their scales and signs (the decimals they came
    /// from, bit for bit), its source, its credit's currency conversion, and its rule text or, rarely, a
    /// <see cref="LineExtra"/> by index into its <see cref="LineBuffer"/>'s objects. The job's quota is kept once in its
    /// <see cref="LineSource"/>.
    /// </summary>
    internal readonly struct LineData
    {
        private const byte HasRate = 1;
        private const byte HasSourceQuota = 2;
        private const byte HasExtra = 4;
        private const byte HasWide = 8;
        private const byte FxInverted = 16;

        // The numbers' places in Numbers: the credit's value, the measure before and after it, the rate (or the rule's
        // value), the base, the exact amount and the amount paid.
        private const int ValueSlot = 0;
        private const int BeforeSlot = 1;
        private const int AfterSlot = 2;
        private const int RateOrASlot = 3;
        private const int BaseSlot = 4;
        private const int ExactSlot = 5;
        private const int AmountSlot = 6;
        private const int Slots = 7;
        private const int CodeBits = 6;
        private const int SignBit = 1 << 5;

        private readonly int source;
        private readonly int extra;
        private readonly int tier;
        private readonly byte kind;
        private readonly byte shape;
        private readonly byte flags;

        // Each number as its decimal's 64-bit mantissa here and its scale and sign in codes (6 bits a number), or, when
        // one of them needs more than 64 bits (HasWide), all seven in a decimal[] kept in the buffer at index numbers[0].
        private readonly Mantissas numbers;
        private readonly ulong codes;

        /// <summary>
        /// A line of <paramref name="source"/> (at <paramref name="sourceIndex"/> in <paramref name="buffer"/>'s objects),
        /// whose context's conversion's quote is at <paramref name="fxIndex"/> there (−1 for none).
        /// </summary>
        public LineData(LineBuffer buffer, LineSource source, int sourceIndex, int sequence, EarningKind kind, in LineContext context, int? tier, decimal? rate, decimal @base, decimal exact, decimal amount, RuleText rule, int textIndex, int fxIndex)
        {
            this.source = sourceIndex;
            fx = fxIndex;
            Sequence = sequence;
            Credit = context.Credit;
            this.kind = (byte)kind;
            this.tier = tier ?? -1;
            shape = (byte)rule.Shape;
            var sourceQuota = context.Quota is { } quota && source.Quota is { } jobQuota && SameBits(quota, jobQuota);
            var needsA = rule.A != 0m && rate is not null;
            if (context.Credits is not null || context.Date is not null || (context.Quota is not null && !sourceQuota) || needsA)
            {
                extra = buffer.Keep(new LineExtra(context.Credits, context.Date, context.Quota, rule.Text, rule.A));
                flags = HasExtra;
                Day = context.Date?.DayNumber ?? context.CreditDay ?? source.Credits.Row(context.Credit).Date.DayNumber;
            }
            else
            {
                extra = textIndex;
                flags = sourceQuota ? HasSourceQuota : (byte)0;
                Day = context.CreditDay ?? source.Credits.Row(context.Credit).Date.DayNumber;
            }

            if (rate is not null)
            {
                flags |= HasRate;
            }

            if (context.Fx is { Inverted: true })
            {
                flags |= FxInverted;
            }

            var rateOrA = rate ?? ((flags & HasExtra) != 0 ? 0m : rule.A);
            Span<decimal> all = [context.Value, context.Before, context.After, rateOrA, @base, exact, amount];
            var parts = default(DecimalBits);
            Span<int> bits = parts;
            for (var slot = 0; slot < Slots; slot++)
            {
                decimal.GetBits(all[slot], bits);
                if (bits[2] != 0)
                {
                    flags |= HasWide;
                    numbers = default;
                    numbers[0] = (ulong)buffer.Keep(all.ToArray());
                    codes = 0;
                    return;
                }

                numbers[slot] = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
                codes |= (ulong)(((bits[3] >> 16) & 0x1F) | (bits[3] < 0 ? SignBit : 0)) << (slot * CodeBits);
            }
        }

        /// <summary>
        /// A line of the commission loop's 64-bit arithmetic (<see cref="Job.PayShort"/>): its numbers are kept as they
        /// are, with no decimal in between; the line has no side record, and shows the job's quota when it has one.
        /// </summary>
        public LineData(int sourceIndex, int sequence, EarningKind kind, in ShortLine credit, int tier, bool hasRate, bool sourceQuota, RuleShape shape, int textIndex, in ShortDecimal rateOrA, in ShortDecimal @base, in ShortDecimal exact, in ShortDecimal amount)
        {
            source = sourceIndex;
            fx = credit.Fx;
            Sequence = sequence;
            Credit = credit.Credit;
            Day = credit.Day;
            this.kind = (byte)kind;
            this.tier = tier;
            this.shape = (byte)shape;
            extra = textIndex;
            flags = (byte)((sourceQuota ? HasSourceQuota : 0) | (hasRate ? HasRate : 0) | (credit.FxInverted ? FxInverted : 0));
            (numbers[ValueSlot], numbers[BeforeSlot], numbers[AfterSlot]) = (credit.Value.Magnitude, credit.Before.Magnitude, credit.After.Magnitude);
            (numbers[RateOrASlot], numbers[BaseSlot], numbers[ExactSlot], numbers[AmountSlot]) = (rateOrA.Magnitude, @base.Magnitude, exact.Magnitude, amount.Magnitude);
            codes = Code(credit.Value, ValueSlot) | Code(credit.Before, BeforeSlot) | Code(credit.After, AfterSlot) | Code(rateOrA, RateOrASlot)
                | Code(@base, BaseSlot) | Code(exact, ExactSlot) | Code(amount, AmountSlot);
        }

        private static ulong Code(in ShortDecimal number, int slot) => (ulong)(number.Scale | (number.Negative ? SignBit : 0)) << (slot * CodeBits);

        /// <summary>Seven 64-bit mantissas in place.</summary>
        [InlineArray(Slots)]
        private struct Mantissas
        {
            private ulong element;
        }

        public int Sequence { get; }

        /// <summary>The line's credit, an index into the calculation's credits, or −1.</summary>
        public int Credit { get; }

        /// <summary>The line's date as a day number.</summary>
        public int Day { get; }

        // The credit's conversion as the quote it applied (an FxRate among the buffer's objects, or −1) and FxInverted.
        // Declared after the properties' fields so that it takes the padding at the end: the line stays 96 bytes.
        private readonly int fx;

        /// <summary>The exact amount.</summary>
        public decimal ExactIn(LineBuffer buffer) => Number(ExactSlot, buffer);

        /// <summary>The amount paid.</summary>
        public decimal AmountIn(LineBuffer buffer) => Number(AmountSlot, buffer);

        private decimal Number(int slot, LineBuffer buffer)
        {
            if ((flags & HasWide) != 0)
            {
                return ((decimal[])buffer.Object((int)numbers[0])!)[slot];
            }

            var mantissa = numbers[slot];
            var code = (int)(codes >> (slot * CodeBits));
            return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, (code & SignBit) != 0, (byte)(code & 0x1F));
        }

        public LineSource SourceIn(LineBuffer buffer) => (LineSource)buffer.Object(source)!;

        /// <summary>The index of the line's source among its buffer's objects: neighbouring lines mostly share it.</summary>
        public int SourceIndex => source;

        /// <summary>What the payment stage and slicing read of a line, without making its record.</summary>
        public LineFacts FactsIn(LineBuffer buffer) => FactsIn(buffer, SourceIn(buffer));

        /// <summary><see cref="FactsIn(LineBuffer)"/> with the line's source already read (<see cref="SourceIn"/>).</summary>
        public LineFacts FactsIn(LineBuffer buffer, LineSource from) =>
            new(from.ParticipantId, from.PlanId, Day, (EarningKind)kind, new Money(AmountIn(buffer), from.PayCurrency));

        private LineExtra? ExtraIn(LineBuffer buffer) => (flags & HasExtra) != 0 ? (LineExtra)buffer.Object(extra)! : null;


        public EarningLine ToLine(LineBuffer buffer)
        {
            var source = SourceIn(buffer);
            var more = ExtraIn(buffer);
            var quote = (FxRate?)buffer.Object(fx);
            decimal? appliedRate = quote is null ? null : (flags & FxInverted) != 0 ? 1m / quote.Rate : quote.Rate;
            var text = more is not null ? more.Text : (string?)buffer.Object(extra);
            var rateOrA = Number(RateOrASlot, buffer);
            decimal? rate = (flags & HasRate) != 0 ? rateOrA : null;
            var a = more is not null ? more.A : (flags & HasRate) != 0 ? 0m : rateOrA;
            var (after, @base) = (Number(AfterSlot, buffer), Number(BaseSlot, buffer));
            IReadOnlyList<string> bookingIds;
            IReadOnlyList<string> creditIds;
            if (more?.Credits is null && Credit >= 0)
            {
                var single = source.Credits.Row(Credit);
                bookingIds = [single.BookingId];
                creditIds = [single.Id];
            }
            else
            {
                var credits = more?.Credits ?? [];
                bookingIds = [.. credits.Select(c => c.BookingId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
                creditIds = [.. credits.Select(c => c.Id).Order(StringComparer.Ordinal)];
            }

            var quota = more is not null ? more.Quota : (flags & HasSourceQuota) != 0 ? source.Quota : null;
            int? tierOrNull = tier < 0 ? null : tier;
            return new EarningLine(
                source.ParticipantId,
                source.PlanId,
                source.PlanVersion,
                source.ComponentId,
                source.PeriodKey,
                Sequence,
                DateOnly.FromDayNumber(Day),
                (EarningKind)kind,
                bookingIds,
                creditIds,
                Number(ValueSlot, buffer),
                appliedRate ?? (Credit < 0 || source.UnitsMeasure ? null : 1m),
                quote is null ? null : QuoteTexts.GetValue(quote, q => q.ToString()),
                Number(BeforeSlot, buffer),
                after,
                quota,
                quota is > 0m ? after / quota.Value * 100m : null,
                tierOrNull,
                rate,
                @base,
                RuleTextOf(source, text, a, tierOrNull, @base, rate),
                Number(ExactSlot, buffer),
                new Money(Number(AmountSlot, buffer), source.PayCurrency),
                source.RoundingText);
        }

        /// <summary>
        /// Each exchange rate's text, made once per quote rather than once per line converted at it (a quote serves every
        /// booking of its pair and date), and kept only as long as the quote.
        /// </summary>
        private static readonly ConditionalWeakTable<FxRate, string> QuoteTexts = [];

        /// <summary>Whether two decimals are the same value written the same way (same scale), so either prints the same.</summary>
        private static bool SameBits(decimal a, decimal b) => a == b && a.Scale == b.Scale && decimal.IsNegative(a) == decimal.IsNegative(b);

        private string RuleTextOf(LineSource source, string? text, decimal a, int? tierOrNull, decimal @base, decimal? rate) => (RuleShape)shape switch
        {
            RuleShape.Flat => string.Create(CultureInfo.InvariantCulture, $"{text}: {@base} × {rate!.Value}"),
            RuleShape.Marginal => string.Create(CultureInfo.InvariantCulture, $"marginal tier {tierOrNull!.Value} {text}: {@base} × {rate!.Value}"),
            RuleShape.PeriodCap => string.Create(CultureInfo.InvariantCulture, $"per-period cap {source.PeriodCap!.Value}: earned {a} uncapped, {Math.Min(a, source.PeriodCap!.Value)} paid"),
            _ => text!,
        };
    }

    /// <summary>
    /// The compact lines of one assignment (or one component period) and the objects they refer to, each in a
    /// <see cref="ChunkedList{T}"/>: lines in chunks of 256 (24 KB), objects in chunks of 1,024 (8 KB; one object a line,
    /// an exchange quote say, for a director's million credits would otherwise be an array of megabytes grown by doubling).
    /// </summary>
    /// <param name="expected">About how many lines are expected: the first chunk is made that large (at most 256).</param>
    /// <param name="pool">Where full-size chunks come from and go back to (<see cref="Release"/>) when lines are streamed, or null.</param>
    internal sealed class LineBuffer(int expected = 8, LineChunks? pool = null)
    {
        /// <summary>How many lines a full chunk holds.</summary>
        public const int ChunkSize = 1 << ChunkBits;
        private const int ChunkBits = 8;

        private readonly ChunkedList<LineData> lines = new(ChunkBits, Math.Max(expected, 8), expected, pool is null ? null : new Func<LineData[]>(pool.Rent));
        private readonly ChunkedList<object> objects = new(10, 8);

        public int Count => lines.Count;

        /// <summary>Keeps <paramref name="item"/> among the objects the lines refer to; −1 for null.</summary>
        /// <returns>Its index.</returns>
        public int Keep(object? item)
        {
            if (item is null)
            {
                return -1;
            }

            objects.Add(item);
            return objects.Count - 1;
        }

        /// <summary>The object at <paramref name="index"/> (from <see cref="Keep"/>), or null for −1.</summary>
        public object? Object(int index) => index < 0 ? null : objects[index];

        public ref LineData this[int index] => ref lines[index];

        public void Add(in LineData line) => lines.Add(line);

        /// <summary>Gives the full-size chunks back to the pool the buffer came with; the buffer is empty after.</summary>
        public void Release()
        {
            if (pool is not null)
            {
                foreach (var chunk in lines.Chunks)
                {
                    if (chunk.Length == ChunkSize)
                    {
                        pool.Return(chunk);
                    }
                }
            }

            lines.Clear();
            objects.Clear();
        }

        /// <summary>Keeps the first <paramref name="count"/> lines.</summary>
        public void Truncate(int count) => lines.Truncate(count);
    }

    /// <summary>
    /// Full-size line chunks to reuse when lines are streamed: a batch's buffers give theirs back once the batch has been
    /// handed over, so a long calculation allocates chunks for about one batch, not for every line.
    /// </summary>
    internal sealed class LineChunks
    {
        private readonly Stack<LineData[]> free = new();
        private readonly Lock gate = new();

        public LineData[] Rent()
        {
            lock (gate)
            {
                if (free.Count > 0)
                {
                    return free.Pop();
                }
            }

            // A new chunk is made outside the lock: zeroing it (or a collection it starts) would hold up every worker.
            return new LineData[LineBuffer.ChunkSize];
        }

        public void Return(LineData[] chunk)
        {
            lock (gate)
            {
                free.Push(chunk);
            }
        }
    }

    /// <summary>
    /// Compact lines and the records made from them, made once when first read. The records are kept in chunks of
    /// <see cref="LineBuffer.ChunkSize"/>, made when a line of theirs is first read: one array for all the lines of a
    /// manager's period would be large (the large object heap, whose allocations start full collections).
    /// </summary>
    internal sealed class LineStore(LineBuffer items)
    {
        private const int ChunkBits = 8;
        private const int ChunkMask = (1 << ChunkBits) - 1;
        private EarningLine?[]?[]? made;

        public LineBuffer Items { get; } = items;

        public EarningLine Line(int index)
        {
            var chunks = Volatile.Read(ref made) ?? Interlocked.CompareExchange(ref made, new EarningLine?[]?[(Items.Count + ChunkMask) >> ChunkBits], null) ?? made;
            ref var slot = ref chunks[index >> ChunkBits];
            var lines = Volatile.Read(ref slot)
                ?? Interlocked.CompareExchange(ref slot, new EarningLine?[Math.Min(LineBuffer.ChunkSize, Items.Count - (index & ~ChunkMask))], null)
                ?? slot!;
            ref var line = ref lines[index & ChunkMask];
            return Volatile.Read(ref line) ?? Interlocked.CompareExchange(ref line, Items[index].ToLine(Items), null) ?? line!;
        }

        /// <summary>The record of line <paramref name="index"/> as <see cref="Line"/> keeps it, or, when none was made yet, a new one that is not kept.</summary>
        public EarningLine Unkept(int index) =>
            (Volatile.Read(ref made) is { } chunks && Volatile.Read(ref chunks[index >> ChunkBits]) is { } lines ? Volatile.Read(ref lines[index & ChunkMask]) : null)
            ?? Items[index].ToLine(Items);
    }

    /// <summary>A line's participant, plan, day, kind and amount, read without making its record.</summary>
    internal readonly record struct LineFacts(string ParticipantId, string PlanId, int Day, EarningKind Kind, Money Amount);

    /// <summary>Lines whose facts can be read without making their records (the engine's own lists).</summary>
    internal interface ICompactLines : IReadOnlyList<EarningLine>
    {
        LineFacts Facts(int index);

        /// <summary>The facts of the lines from <paramref name="from"/> on, in order, as many as <paramref name="into"/> holds.</summary>
        void Facts(int from, Span<LineFacts> into);

        /// <summary>The record of line <paramref name="index"/>: the list's own if it was read, else made without being kept.</summary>
        EarningLine Unkept(int index);

        /// <summary>Every line's day, in order, read in one pass (and kept).</summary>
        int[] Days();
    }

    /// <summary>The facts of line <paramref name="index"/> of <paramref name="lines"/>: from the compact line when the engine made the list, else from the record.</summary>
    internal static LineFacts FactsOf(IReadOnlyList<EarningLine> lines, int index)
    {
        if (lines is ICompactLines compact)
        {
            return compact.Facts(index);
        }

        var line = lines[index];
        return new LineFacts(line.ParticipantId, line.PlanId, line.Date.DayNumber, line.Kind, line.Amount);
    }

    /// <summary>
    /// The facts of the lines of <paramref name="lines"/> from <paramref name="from"/> on, as many as
    /// <paramref name="into"/> holds: read run by run from the engine's compact lines (each line's source read once per
    /// run of lines that share it), else from the records.
    /// </summary>
    internal static void FactsOf(IReadOnlyList<EarningLine> lines, int from, Span<LineFacts> into)
    {
        if (lines is ICompactLines compact)
        {
            compact.Facts(from, into);
            return;
        }

        for (var i = 0; i < into.Length; i++)
        {
            into[i] = FactsOf(lines, from + i);
        }
    }

    /// <summary>
    /// The record of line <paramref name="index"/> of <paramref name="lines"/> for a reader that keeps it itself (the
    /// payment stage over a streamed batch): when the engine made the list and nobody read that line yet, a record the
    /// list does not keep, so it can go as soon as the reader lets it go (equal to the list's, not the same object);
    /// else the list's own.
    /// </summary>
    internal static EarningLine LineFor(IReadOnlyList<EarningLine> lines, int index) =>
        lines is ICompactLines compact ? compact.Unkept(index) : lines[index];

    /// <summary>
    /// The lines of <paramref name="lines"/> dated in <paramref name="range"/> (inclusive), in their order: a view over the
    /// engine's compact lines that makes no record until one is read (the same record as through
    /// <paramref name="lines"/>), or a filtered copy of any other list.
    /// </summary>
    /// <param name="lines">Earning lines, such as <see cref="CalculationResult.Earnings"/>.</param>
    /// <param name="range">The dates kept, both ends inclusive (an open end keeps every later date).</param>
    /// <returns>The lines dated in the range.</returns>
    public static IReadOnlyList<EarningLine> LinesDatedIn(IReadOnlyList<EarningLine> lines, Periods.DateRange range)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var (first, last) = (range.Start.DayNumber, range.End?.DayNumber ?? int.MaxValue);
        if (lines is not ICompactLines compact)
        {
            return [.. lines.Where(l => l.Date.DayNumber >= first && l.Date.DayNumber <= last)];
        }

        var kept = new List<int>();
        var days = compact.Days();
        for (var i = 0; i < days.Length; i++)
        {
            if (days[i] >= first && days[i] <= last)
            {
                kept.Add(i);
            }
        }

        return new LineView(compact, [.. kept]);
    }

    /// <summary>Some lines of another compact list, by index.</summary>
    private sealed class LineView(ICompactLines source, int[] indexes) : ICompactLines
    {
        public int Count => indexes.Length;

        public EarningLine this[int index] => source[indexes[index]];

        public LineFacts Facts(int index) => source.Facts(indexes[index]);

        public void Facts(int from, Span<LineFacts> into)
        {
            for (var i = 0; i < into.Length; i++)
            {
                into[i] = source.Facts(indexes[from + i]);
            }
        }

        public EarningLine Unkept(int index) => source.Unkept(indexes[index]);

        private int[]? days;

        public int[] Days()
        {
            var all = source.Days();
            return days ??= Array.ConvertAll(indexes, i => all[i]);
        }

        public IEnumerator<EarningLine> GetEnumerator()
        {
            foreach (var index in indexes)
            {
                yield return source[index];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A run of lines [From, From + Count) of one store.</summary>
    internal readonly record struct LineSegment(LineStore Store, int From, int Count);

    /// <summary>
    /// The result's earning lines: a read-only list over compact lines (one store, or runs of several after an
    /// incremental recalculation) that makes each <see cref="EarningLine"/> when it is first read and keeps it, so every
    /// read gives the same record, also through a list spliced from this one.
    /// </summary>
    internal sealed class EarningLineList : ICompactLines
    {
        private int[]? days;
        private int lastSegment;
        private readonly LineSegment[] segments;
        private readonly int[] starts;

        /// <summary>The lines of several lists, one after the other.</summary>
        public EarningLineList(IReadOnlyList<LineBuffer> parts)
            : this([.. parts.Where(p => p.Count > 0).Select(p => new LineSegment(new LineStore(p), 0, p.Count))])
        {
        }

        private EarningLineList(LineSegment[] segments)
        {
            this.segments = segments;
            starts = new int[segments.Length];
            var count = 0;
            for (var i = 0; i < segments.Length; i++)
            {
                starts[i] = count;
                count += segments[i].Count;
            }

            Count = count;
        }

        public int Count { get; }

        public EarningLine this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                var (segment, offset) = Locate(index);
                return segment.Store.Line(segment.From + offset);
            }
        }

        public IEnumerator<EarningLine> GetEnumerator()
        {
            foreach (var segment in segments)
            {
                for (var i = 0; i < segment.Count; i++)
                {
                    yield return segment.Store.Line(segment.From + i);
                }
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>
        /// These lines (ordered by participant first) with the runs of <paramref name="participants"/> replaced by their
        /// runs in <paramref name="recalculated"/> (ordered the same way); kept lines stay the same records.
        /// </summary>
        internal EarningLineList Replace(IReadOnlySet<string> participants, EarningLineList recalculated)
        {
            var result = new List<LineSegment>();
            var next = 0;
            foreach (var participant in participants.Order(StringComparer.Ordinal))
            {
                var from = Bound(participant, upper: false);
                AddRange(result, next, from);
                recalculated.AddRange(result, recalculated.Bound(participant, upper: false), recalculated.Bound(participant, upper: true));
                next = Math.Max(next, Bound(participant, upper: true));
            }

            AddRange(result, next, Count);
            return new EarningLineList([.. result]);
        }

        /// <summary>Appends the lines [from, to) as runs of their stores, joining a run to the last when they touch.</summary>
        private void AddRange(List<LineSegment> result, int from, int to)
        {
            while (from < to)
            {
                var (segment, offset) = Locate(from);
                var count = Math.Min(segment.Count - offset, to - from);
                var run = new LineSegment(segment.Store, segment.From + offset, count);
                if (result.Count > 0 && result[^1] is var last && last.Store == run.Store && last.From + last.Count == run.From)
                {
                    result[^1] = last with { Count = last.Count + count };
                }
                else
                {
                    result.Add(run);
                }

                from += count;
            }
        }

        private (LineSegment Segment, int Offset) Locate(int index)
        {
            // Lines are mostly read in order: the segment of the last look-up is tried first (any value is safe to try).
            var hint = lastSegment;
            if (starts[hint] <= index && index - starts[hint] < segments[hint].Count)
            {
                return (segments[hint], index - starts[hint]);
            }

            var (low, high) = (0, segments.Length - 1);
            while (low < high)
            {
                var middle = low + ((high - low + 1) / 2);
                if (starts[middle] <= index)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            lastSegment = low;
            return (segments[low], index - starts[low]);
        }

        public LineFacts Facts(int index)
        {
            var (segment, offset) = Locate(index);
            return segment.Store.Items[segment.From + offset].FactsIn(segment.Store.Items);
        }

        public void Facts(int from, Span<LineFacts> into)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(from);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(into.Length, Count - from);
            for (var done = 0; done < into.Length;)
            {
                var (segment, offset) = Locate(from + done);
                var items = segment.Store.Items;
                var count = Math.Min(segment.Count - offset, into.Length - done);
                var (sourceIndex, source) = (-1, (LineSource?)null);
                for (var k = segment.From + offset; k < segment.From + offset + count; k++)
                {
                    ref var line = ref items[k];
                    if (line.SourceIndex != sourceIndex)
                    {
                        (sourceIndex, source) = (line.SourceIndex, line.SourceIn(items));
                    }

                    into[done++] = line.FactsIn(items, source!);
                }
            }
        }

        public EarningLine Unkept(int index)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var (segment, offset) = Locate(index);
            return segment.Store.Unkept(segment.From + offset);
        }

        public int[] Days()
        {
            if (Volatile.Read(ref days) is { } made)
            {
                return made;
            }

            made = new int[Count];
            var next = 0;
            foreach (var segment in segments)
            {
                for (var i = 0; i < segment.Count; i++)
                {
                    made[next++] = segment.Store.Items[segment.From + i].Day;
                }
            }

            Volatile.Write(ref days, made);
            return made;
        }

        private string ParticipantAt(int index)
        {
            var (segment, offset) = Locate(index);
            return segment.Store.Items[segment.From + offset].SourceIn(segment.Store.Items).ParticipantId;
        }

        private int Bound(string participant, bool upper)
        {
            var (low, high) = (0, Count);
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                var comparison = string.CompareOrdinal(ParticipantAt(middle), participant);
                if (comparison < 0 || (upper && comparison == 0))
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }
    }
}
