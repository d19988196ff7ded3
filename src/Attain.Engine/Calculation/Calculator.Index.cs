using Attain.Engine.Crediting;
using Attain.Engine.Monetary;

namespace Attain.Engine.Calculation;

/// <summary>The credits of each participant, laid out one after the other for the component periods to scan.</summary>
public static partial class Calculator
{
    /// <summary>
    /// One credit of a participant in 12 bytes: its row in the calculation's credits, its day, whether it cancels, and its
    /// amount (decimal mantissa, scale and currency) when that fits (a mantissa within 32 bits, as a credit row keeps
    /// an amount in minor units), so that a component period measuring amounts in the credit's currency reads nothing else.
    /// </summary>
    internal readonly struct IndexEntry
    {
        /// <summary>How many currencies an index can keep amounts for (numbered from 0); credits in others are read from their rows.</summary>
        public const int Currencies = 15;

        private const int DayBits = 22;
        private const int DayMask = (1 << DayBits) - 1;
        private const int ScaleShift = DayBits;
        private const int CurrencyShift = DayBits + 5;
        private const uint CancelsBit = 1u << 31;
        private readonly uint packed;
        private readonly int mantissa;

        public IndexEntry(int row, int day, bool cancels, decimal amount, int currency)
        {
            Row = row;
            var buffer = default(DecimalBits);
            Span<int> bits = buffer;
            decimal.GetBits(amount, bits);
            var negative = bits[3] < 0;
            var scale = (bits[3] >> 16) & 0xFF;
            var magnitude = (uint)bits[0];
            var fits = currency is >= 0 and < Currencies && bits[2] == 0 && bits[1] == 0 && magnitude <= int.MaxValue && !(negative && magnitude == 0);
            mantissa = fits ? (negative ? -(int)magnitude : (int)magnitude) : 0;
            packed = (uint)day | ((uint)(fits ? scale : 0) << ScaleShift) | ((uint)(fits ? currency : Currencies) << CurrencyShift) | (cancels ? CancelsBit : 0);
        }

        /// <summary>An entry whose amount is <paramref name="mantissa"/> with <paramref name="scale"/> places in currency number <paramref name="currency"/> (0 to 14; not a negative zero).</summary>
        public IndexEntry(int row, int day, bool cancels, int mantissa, int scale, int currency)
        {
            Row = row;
            this.mantissa = mantissa;
            packed = (uint)day | ((uint)scale << ScaleShift) | ((uint)currency << CurrencyShift) | (cancels ? CancelsBit : 0);
        }

        /// <summary>The credit's row in the calculation's credits.</summary>
        public int Row { get; }

        /// <summary>The credit's date as a day number.</summary>
        public int Day => (int)(packed & DayMask);

        /// <summary>Whether the credit is a cancellation's.</summary>
        public bool Cancels => (packed & CancelsBit) != 0;

        /// <summary>The credit's amount as its parts (the decimal <see cref="TryAmountIn"/> gives), when it is in currency number <paramref name="currency"/> and kept here.</summary>
        public bool TryShortAmountIn(int currency, out ShortDecimal amount)
        {
            var kept = TryMantissaIn(currency, out var signed, out var scale);
            amount = kept ? ShortDecimal.FromParts((ulong)Math.Abs(signed), signed < 0, scale) : default;
            return kept;
        }

        /// <summary>The credit's amount as its signed mantissa and scale, when it is in currency number <paramref name="currency"/> and kept here.</summary>
        public bool TryMantissaIn(int currency, out long mantissa, out int scale)
        {
            (mantissa, scale) = (this.mantissa, (int)((packed >> ScaleShift) & 0x1F));
            return (int)((packed >> CurrencyShift) & 0xF) == currency && currency is >= 0 and < Currencies;
        }

        /// <summary>The credit's amount as its parts and its currency's number, when it is kept here.</summary>
        public bool TryShortAmount(out ShortDecimal amount, out int currency)
        {
            currency = (int)((packed >> CurrencyShift) & 0xF);
            return TryShortAmountIn(currency, out amount);
        }

        /// <summary>The credit's amount, when it is in currency number <paramref name="currency"/> and kept here.</summary>
        public bool TryAmountIn(int currency, out decimal amount)
        {
            var kept = TryMantissaIn(currency, out var signed, out var scale);
            amount = kept ? new decimal((int)Math.Abs(signed), 0, 0, signed < 0, (byte)scale) : 0m;
            return kept;
        }
    }

    /// <summary>
    /// Every credit of the calculation grouped by participant, each group ordered by date, booking id and credit id, in one
    /// array with no references (ADR 0010): a component period scans its participant's days without touching the rows
    /// of credits outside its dates, and the collector has nothing in it to trace.
    /// </summary>
    internal sealed class CreditIndex
    {
        private readonly Dictionary<string, (int From, int Count)> ranges;

        private readonly List<Currency> currencies;

        private CreditIndex(IndexEntry[] entries, Dictionary<string, (int From, int Count)> ranges, List<Currency> currencies)
        {
            Entries = entries;
            this.ranges = ranges;
            this.currencies = currencies;
        }

        public IndexEntry[] Entries { get; }

        /// <summary>The currencies the entries keep amounts in, by number.</summary>
        public IReadOnlyList<Currency> Currencies => currencies;

        /// <summary>The number the entries give <paramref name="currency"/>, or −1 when they keep no amount in it.</summary>
        public int CurrencyNumber(Currency currency) => currencies.IndexOf(currency);

        /// <summary>The credits of <paramref name="participantId"/> (none when it holds none).</summary>
        public ParticipantCredits Of(string participantId) =>
            ranges.TryGetValue(participantId, out var range) ? new ParticipantCredits(Entries, range.From, range.Count) : new ParticipantCredits(Entries, 0, 0);

        /// <summary>
        /// Groups <paramref name="credits"/>. The allocator's credits are ordered by booking id, participant id and credit
        /// id: a stable placement by participant keeps (booking id, credit id) within each group, and a stable counting
        /// sort of each group on the day then orders it by (date, booking id, credit id) with no comparisons. A group
        /// whose dates are too far apart for counting falls back to a comparison sort, which orders the same. Only the
        /// entries (16 bytes a credit) and a scratch as large as the largest group per worker are held.
        /// </summary>
        /// <remarks>
        /// Built in parallel: the credits are cut into blocks that count their participants' credits (and note their
        /// currencies) on their own; the counts summed in block order give each block's place in each group, so the
        /// blocks write their entries in place with the same stable order as one pass would; then the groups are sorted
        /// on the day, a worker at a time per group. A credit's amount is read from its row's minor units where the row
        /// keeps it so (its booking's currency looked up once per booking), else as money.
        /// </remarks>
        public static CreditIndex Build(CreditList credits) => Build(credits, BlockCredits, Environment.ProcessorCount * 4);

        /// <summary><see cref="Build(CreditList)"/> with blocks of about <paramref name="blockCredits"/> credits, at most <paramref name="maxBlocks"/> of them (tests cut small inputs into many).</summary>
        internal static CreditIndex Build(CreditList credits, int blockCredits, int maxBlocks)
        {
            var count = credits.Count;
            var blockCount = Math.Clamp(count / blockCredits, 1, maxBlocks);
            var blocks = new IndexBlock[blockCount];
            for (var b = 0; b < blockCount; b++)
            {
                blocks[b] = new IndexBlock((int)((long)count * b / blockCount), (int)((long)count * (b + 1) / blockCount));
            }

            RunInParallel(blockCount, b => blocks[b].Count(credits));

            // Currencies numbered in the order of their first credit, as one pass would.
            var currencies = new List<Currency>();
            foreach (var block in blocks)
            {
                foreach (var currency in block.Currencies)
                {
                    if (currencies.Count < IndexEntry.Currencies && !currencies.Contains(currency))
                    {
                        currencies.Add(currency);
                    }
                }
            }

            var participants = 0;
            foreach (var block in blocks)
            {
                participants = Math.Max(participants, block.Participants);
            }

            // Each block's place in each group: the groups one after the other, within a group the blocks in order.
            var starts = new int[participants + 1];
            var next = 0;
            for (var p = 0; p < participants; p++)
            {
                starts[p] = next;
                foreach (var block in blocks)
                {
                    if (p < block.Participants)
                    {
                        var held = block.Counts[p];
                        block.Counts[p] = next;
                        next += held;
                    }
                }
            }

            starts[participants] = next;
            var entries = new IndexEntry[count];
            var names = new string?[participants];
            RunInParallel(blockCount, b => blocks[b].Write(credits, currencies, entries, starts, names));

            var ranges = new Dictionary<string, (int From, int Count)>(participants, StringComparer.Ordinal);
            for (var p = 0; p < participants; p++)
            {
                if (names[p] is { } name)
                {
                    ranges.Add(name, (starts[p], starts[p + 1] - starts[p]));
                }
            }

            // Groups sorted in parallel, largest first so that the long ones do not end the work alone; each worker keeps
            // one scratch array as large as the largest group it sorted.
            var order = new int[participants];
            for (var p = 0; p < participants; p++)
            {
                order[p] = p;
            }

            Array.Sort(order, (x, y) => (starts[y + 1] - starts[y]).CompareTo(starts[x + 1] - starts[x]) is var bySize && bySize != 0 ? bySize : x.CompareTo(y));
            var sortable = 0;
            while (sortable < order.Length && starts[order[sortable] + 1] - starts[order[sortable]] > 1)
            {
                sortable++;
            }

            var taken = -1;
            RunInParallel(Math.Min(Environment.ProcessorCount, Math.Max(1, sortable)), _ =>
            {
                var scratch = Array.Empty<IndexEntry>();
                for (var i = Interlocked.Increment(ref taken); i < sortable; i = Interlocked.Increment(ref taken))
                {
                    var p = order[i];
                    var length = starts[p + 1] - starts[p];
                    if (scratch.Length < length)
                    {
                        scratch = new IndexEntry[length];
                    }

                    SortByDay(credits, entries.AsSpan(starts[p], length), scratch);
                }
            });
            return new CreditIndex(entries, ranges, currencies);
        }

        /// <summary>About how many credits one block of <see cref="Build(CreditList)"/> takes (more blocks than cores, for balance).</summary>
        private const int BlockCredits = 1 << 16;

        /// <summary>Orders one group by day, stably (a counting sort, or a comparison sort when the days are far apart).</summary>
        private static void SortByDay(CreditList credits, Span<IndexEntry> group, IndexEntry[] scratch)
        {
            if (group.Length < 2)
            {
                return;
            }

            var (first, last) = (int.MaxValue, int.MinValue);
            var sorted = true;
            for (var i = 0; i < group.Length; i++)
            {
                var day = group[i].Day;
                sorted &= i == 0 || day >= group[i - 1].Day;
                first = Math.Min(first, day);
                last = Math.Max(last, day);
            }

            if (sorted)
            {
                return;
            }

            if ((long)last - first > (2L * group.Length) + 4096)
            {
                var copy = group.ToArray();
                Array.Sort(copy, (x, y) =>
                {
                    var byDate = x.Day.CompareTo(y.Day);
                    if (byDate != 0)
                    {
                        return byDate;
                    }

                    var a = credits.Row(x.Row);
                    var b = credits.Row(y.Row);
                    var byBooking = string.CompareOrdinal(a.BookingId, b.BookingId);
                    return byBooking != 0 ? byBooking : string.CompareOrdinal(a.IdSuffix, b.IdSuffix);
                });
                copy.CopyTo(group);
                return;
            }

            var counts = new int[last - first + 2];
            foreach (var entry in group)
            {
                counts[entry.Day - first + 1]++;
            }

            for (var i = 1; i < counts.Length; i++)
            {
                counts[i] += counts[i - 1];
            }

            var target = scratch.AsSpan(0, group.Length);
            foreach (var entry in group)
            {
                target[counts[entry.Day - first]++] = entry;
            }

            target.CopyTo(group);
        }
    }

    /// <summary>
    /// A run of credits [<paramref name="from"/>, <paramref name="to"/>) of <see cref="CreditIndex.Build(CreditList)"/>: it counts
    /// each participant's credits and notes the currencies, then writes its entries where its counts say.
    /// </summary>
    private sealed class IndexBlock(int from, int to)
    {
        /// <summary>How many credits each participant holds in the block; after the offsets are summed, where its next one goes.</summary>
        public int[] Counts { get; private set; } = [];

        /// <summary>How many participant numbers <see cref="Counts"/> covers.</summary>
        public int Participants { get; private set; }

        /// <summary>The currencies of the block's amounts, in the order of their first credit.</summary>
        public List<Currency> Currencies { get; } = [];

        public void Count(CreditList credits)
        {
            var counts = new int[64];
            var participants = 0;
            var lastBooking = -1;
            Currency? last = null;
            var shared = credits.Table.BookingCurrency;
            for (var i = from; i < to; i++)
            {
                var row = credits.Row(i);
                var participant = row.ParticipantIndex;
                if (participant >= counts.Length)
                {
                    var grown = counts;
                    Array.Resize(ref grown, Math.Max(participant + 1, counts.Length * 2));
                    counts = grown;
                }

                counts[participant]++;
                participants = Math.Max(participants, participant + 1);
                var fields = row.Fields;
                if ((fields.DayAndFlags & CreditRow.AmountInTable) != 0)
                {
                    Note(row.Amount.Currency);
                }
                else if (shared is not null)
                {
                    if (!ReferenceEquals(shared, last))
                    {
                        last = shared;
                        Note(shared);
                    }
                }
                else if (fields.Booking != lastBooking)
                {
                    lastBooking = fields.Booking;
                    var currency = row.Booking.Amount.Currency;
                    if (!ReferenceEquals(currency, last))
                    {
                        last = currency;
                        Note(currency);
                    }
                }
            }

            Counts = counts;
            Participants = participants;
        }

        public void Write(CreditList credits, List<Currency> currencies, IndexEntry[] entries, int[] starts, string?[] names)
        {
            var next = Counts;
            var (lastBooking, currency, scale) = (-1, -1, 0);
            Currency? lastCurrency = null;
            var shared = credits.Table.BookingCurrency;
            if (shared is not null)
            {
                // Every booking's rows are in the one currency: no row's booking is looked at.
                (currency, scale) = (currencies.IndexOf(shared), shared.MinorUnits);
            }

            for (var i = from; i < to; i++)
            {
                var row = credits.Row(i);
                var participant = row.ParticipantIndex;
                var at = next[participant]++;
                if (at == starts[participant])
                {
                    // The group's first entry: only one block writes it.
                    names[participant] = row.ParticipantId;
                }

                var fields = row.Fields;
                var flags = fields.DayAndFlags;
                if ((flags & (CreditRow.AmountInTable | CreditRow.AmountNegativeZero)) == 0)
                {
                    if (shared is null && fields.Booking != lastBooking)
                    {
                        lastBooking = fields.Booking;
                        var booked = row.Booking.Amount.Currency;
                        if (!ReferenceEquals(booked, lastCurrency))
                        {
                            lastCurrency = booked;
                            (currency, scale) = (currencies.IndexOf(booked), booked.MinorUnits);
                        }
                    }

                    // The amount as the row reads it: the minor units with the booking currency's places.
                    entries[at] = currency >= 0
                        ? new IndexEntry(i, row.Day, row.IsCancellation, fields.Amount, scale, currency)
                        : new IndexEntry(i, row.Day, row.IsCancellation, row.Amount.Amount, -1);
                }
                else
                {
                    var amount = row.Amount;
                    entries[at] = new IndexEntry(i, row.Day, row.IsCancellation, amount.Amount, currencies.IndexOf(amount.Currency));
                }
            }
        }

        private void Note(Currency currency)
        {
            if (Currencies.Count < IndexEntry.Currencies && !Currencies.Contains(currency))
            {
                Currencies.Add(currency);
            }
        }
    }

    /// <summary>One participant's credits in <see cref="CreditIndex"/>: a run of its entries.</summary>
    internal readonly struct ParticipantCredits(IndexEntry[] entries, int from, int count)
    {
        public int Count => count;

        /// <summary>The row (in the calculation's credits) of the participant's credit number <paramref name="index"/>.</summary>
        public int this[int index] => entries[from + index].Row;

        public ref readonly IndexEntry Entry(int index) => ref entries[from + index];

        /// <summary>The position of the first credit dated on or after <paramref name="date"/>.</summary>
        public int FirstOnOrAfter(DateOnly date) => FirstFromDay(date.DayNumber);

        /// <summary>The position of the first credit dated after <paramref name="date"/> (the count when there is none).</summary>
        public int FirstAfter(DateOnly date) => date == DateOnly.MaxValue ? count : FirstFromDay(date.DayNumber + 1);

        private int FirstFromDay(int day)
        {
            var (low, high) = (0, count);
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (entries[from + middle].Day < day)
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
