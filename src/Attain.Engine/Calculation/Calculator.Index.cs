using Attain.Engine.Crediting;
using Attain.Engine.Monetary;

namespace Attain.Engine.Calculation;

/// <summary>The credits of each participant, laid out one after the other for the component periods to scan.</summary>
public static partial class Calculator
{
    /// <summary>
    /// One credit of a participant in 16 bytes: its row in the calculation's credits, its day, whether it cancels, and its
    /// amount (decimal mantissa, scale and currency) when that fits, so that a component period measuring amounts in the
    /// credit's currency reads nothing else.
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
        private readonly long mantissa;

        public IndexEntry(int row, int day, bool cancels, decimal amount, int currency)
        {
            Row = row;
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(amount, bits);
            var negative = bits[3] < 0;
            var scale = (bits[3] >> 16) & 0xFF;
            var magnitude = ((long)bits[1] << 32) | (uint)bits[0];
            var fits = currency is >= 0 and < Currencies && bits[2] == 0 && bits[1] >= 0 && !(negative && magnitude == 0);
            mantissa = fits ? (negative ? -magnitude : magnitude) : 0;
            packed = (uint)day | ((uint)(fits ? scale : 0) << ScaleShift) | ((uint)(fits ? currency : Currencies) << CurrencyShift) | (cancels ? CancelsBit : 0);
        }

        /// <summary>The credit's row in the calculation's credits.</summary>
        public int Row { get; }

        /// <summary>The credit's date as a day number.</summary>
        public int Day => (int)(packed & DayMask);

        /// <summary>Whether the credit is a cancellation's.</summary>
        public bool Cancels => (packed & CancelsBit) != 0;

        /// <summary>The credit's amount, when it is in currency number <paramref name="currency"/> and kept here.</summary>
        public bool TryAmountIn(int currency, out decimal amount)
        {
            if ((int)((packed >> CurrencyShift) & 0xF) != currency || currency is < 0 or >= Currencies)
            {
                amount = 0m;
                return false;
            }

            var magnitude = Math.Abs(mantissa);
            amount = new decimal((int)magnitude, (int)(magnitude >> 32), 0, mantissa < 0, (byte)((packed >> ScaleShift) & 0x1F));
            return true;
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
        /// entries (16 bytes a credit) and one group's scratch are held.
        /// </summary>
        public static CreditIndex Build(CreditList credits)
        {
            var count = credits.Count;
            var names = new List<string?>();
            var starts = new int[1];
            for (var i = 0; i < count; i++)
            {
                // The allocator numbers participants; the index keeps its numbers and each one's id.
                var row = credits.Row(i);
                var participant = row.ParticipantIndex;
                while (names.Count <= participant)
                {
                    names.Add(null);
                }

                names[participant] ??= row.ParticipantId;
                if (starts.Length < names.Count + 1)
                {
                    Array.Resize(ref starts, Math.Max(names.Count + 1, starts.Length * 2));
                }

                starts[participant + 1]++;
            }

            Array.Resize(ref starts, names.Count + 1);
            for (var p = 1; p < starts.Length; p++)
            {
                starts[p] += starts[p - 1];
            }

            var ranges = new Dictionary<string, (int From, int Count)>(names.Count, StringComparer.Ordinal);
            var largest = 0;
            for (var p = 0; p < names.Count; p++)
            {
                largest = Math.Max(largest, starts[p + 1] - starts[p]);
                if (names[p] is { } name)
                {
                    ranges.Add(name, (starts[p], starts[p + 1] - starts[p]));
                }
            }

            var entries = new IndexEntry[count];
            var currencies = new List<Currency>();
            var next = starts[..^1];
            for (var i = 0; i < count; i++)
            {
                var row = credits.Row(i);
                var amount = row.Amount;
                var currency = currencies.IndexOf(amount.Currency);
                if (currency < 0 && currencies.Count < IndexEntry.Currencies)
                {
                    currency = currencies.Count;
                    currencies.Add(amount.Currency);
                }

                entries[next[row.ParticipantIndex]++] = new IndexEntry(i, row.Day, row.IsCancellation, amount.Amount, currency);
            }

            var scratch = new IndexEntry[largest];
            for (var p = 0; p < names.Count; p++)
            {
                SortByDay(credits, entries.AsSpan(starts[p], starts[p + 1] - starts[p]), scratch);
            }

            return new CreditIndex(entries, ranges, currencies);
        }

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
