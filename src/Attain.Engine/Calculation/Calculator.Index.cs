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
        /// id, so a stable counting sort on the day, then a stable counting sort on the participant, orders each group by
        /// (date, booking id, credit id) with no comparisons. Dates too far apart for counting fall back to a comparison
        /// sort, which orders the same.
        /// </summary>
        public static CreditIndex Build(CreditList credits)
        {
            // One pass in the credits' order reads each row once: its entry, its participant's number, the days' range.
            var count = credits.Count;
            var (first, last) = (int.MaxValue, int.MinValue);
            var participantOf = new int[count];
            var inRowOrder = new IndexEntry[count];
            var names = new List<string?>();
            var currencies = new List<Currency>();
            for (var i = 0; i < count; i++)
            {
                ref readonly var row = ref credits.Row(i);
                var amount = row.Amount;
                var currency = currencies.IndexOf(amount.Currency);
                if (currency < 0 && currencies.Count < IndexEntry.Currencies)
                {
                    currency = currencies.Count;
                    currencies.Add(amount.Currency);
                }

                var day = row.Day;
                inRowOrder[i] = new IndexEntry(i, day, row.IsCancellation, amount.Amount, currency);
                first = Math.Min(first, day);
                last = Math.Max(last, day);

                // The allocator numbers participants; the index keeps its numbers and each one's id.
                var participant = row.ParticipantIndex;
                while (names.Count <= participant)
                {
                    names.Add(null);
                }

                names[participant] ??= row.ParticipantId;
                participantOf[i] = participant;
            }

            var byDay = ByDay(credits, inRowOrder, first, last);
            var starts = new int[names.Count + 1];
            foreach (var participant in participantOf)
            {
                starts[participant + 1]++;
            }

            for (var p = 1; p < starts.Length; p++)
            {
                starts[p] += starts[p - 1];
            }

            var ranges = new Dictionary<string, (int From, int Count)>(names.Count, StringComparer.Ordinal);
            for (var p = 0; p < names.Count; p++)
            {
                if (names[p] is { } name)
                {
                    ranges.Add(name, (starts[p], starts[p + 1] - starts[p]));
                }
            }

            var entries = new IndexEntry[count];
            foreach (var i in byDay)
            {
                entries[starts[participantOf[i]]++] = inRowOrder[i];
            }

            return new CreditIndex(entries, ranges, currencies);
        }

        private static int[] ByDay(CreditList credits, IndexEntry[] entries, int first, int last)
        {
            var count = entries.Length;
            if (count == 0 || (long)last - first > (2L * count) + 4096)
            {
                int[] sorted = [.. Enumerable.Range(0, count)];
                Array.Sort(sorted, (a, b) =>
                {
                    var byDate = entries[a].Day.CompareTo(entries[b].Day);
                    if (byDate != 0)
                    {
                        return byDate;
                    }

                    ref readonly var x = ref credits.Row(a);
                    ref readonly var y = ref credits.Row(b);
                    var byBooking = string.CompareOrdinal(x.BookingId, y.BookingId);
                    return byBooking != 0 ? byBooking : string.CompareOrdinal(x.IdSuffix, y.IdSuffix);
                });
                return sorted;
            }

            var starts = new int[last - first + 2];
            foreach (var entry in entries)
            {
                starts[entry.Day - first + 1]++;
            }

            for (var i = 1; i < starts.Length; i++)
            {
                starts[i] += starts[i - 1];
            }

            var byDay = new int[count];
            for (var i = 0; i < count; i++)
            {
                byDay[starts[entries[i].Day - first]++] = i;
            }

            return byDay;
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
        public int FirstOnOrAfter(DateOnly date)
        {
            var day = date.DayNumber;
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
