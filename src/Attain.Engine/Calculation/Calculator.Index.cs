using System.Runtime.InteropServices;
using Attain.Engine.Crediting;

namespace Attain.Engine.Calculation;

/// <summary>The credits of each participant, laid out one after the other for the component periods to scan.</summary>
public static partial class Calculator
{
    /// <summary>One credit of a participant: its row in the calculation's credits, its day and whether it cancels.</summary>
    internal readonly record struct IndexEntry(int Row, int Day, bool Cancels);

    /// <summary>
    /// Every credit of the calculation grouped by participant, each group ordered by date, booking id and credit id, in one
    /// array with no references (ADR 0010): a component period scans its participant's days without touching the rows
    /// of credits outside its dates, and the collector has nothing in it to trace.
    /// </summary>
    internal sealed class CreditIndex
    {
        private readonly Dictionary<string, (int From, int Count)> ranges;

        private CreditIndex(IndexEntry[] entries, Dictionary<string, (int From, int Count)> ranges)
        {
            Entries = entries;
            this.ranges = ranges;
        }

        public IndexEntry[] Entries { get; }

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
            var count = credits.Count;
            var (first, last) = (int.MaxValue, int.MinValue);
            var participantOf = new int[count];
            var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
            var names = new List<string>();
            var (lastName, lastOrdinal) = ((string?)null, -1);
            for (var i = 0; i < count; i++)
            {
                ref readonly var row = ref credits.Row(i);
                var day = row.Date.DayNumber;
                first = Math.Min(first, day);
                last = Math.Max(last, day);
                var name = row.ParticipantId;
                if (!ReferenceEquals(name, lastName))
                {
                    ref var ordinal = ref CollectionsMarshal.GetValueRefOrAddDefault(ordinals, name, out var exists);
                    if (!exists)
                    {
                        ordinal = names.Count;
                        names.Add(name);
                    }

                    (lastName, lastOrdinal) = (name, ordinal);
                }

                participantOf[i] = lastOrdinal;
            }

            var byDay = ByDay(credits, first, last);
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
                ranges.Add(names[p], (starts[p], starts[p + 1] - starts[p]));
            }

            var entries = new IndexEntry[count];
            foreach (var i in byDay)
            {
                ref readonly var row = ref credits.Row(i);
                entries[starts[participantOf[i]]++] = new IndexEntry(i, row.Date.DayNumber, row.Booking.OriginalBookingId is not null);
            }

            return new CreditIndex(entries, ranges);
        }

        private static int[] ByDay(CreditList credits, int first, int last)
        {
            var count = credits.Count;
            if (count == 0 || (long)last - first > (2L * count) + 4096)
            {
                int[] sorted = [.. Enumerable.Range(0, count)];
                Array.Sort(sorted, (a, b) =>
                {
                    ref readonly var x = ref credits.Row(a);
                    ref readonly var y = ref credits.Row(b);
                    var byDate = x.Date.CompareTo(y.Date);
                    if (byDate != 0)
                    {
                        return byDate;
                    }

                    var byBooking = string.CompareOrdinal(x.BookingId, y.BookingId);
                    return byBooking != 0 ? byBooking : string.CompareOrdinal(x.IdSuffix, y.IdSuffix);
                });
                return sorted;
            }

            var starts = new int[last - first + 2];
            for (var i = 0; i < count; i++)
            {
                starts[credits.Row(i).Date.DayNumber - first + 1]++;
            }

            for (var i = 1; i < starts.Length; i++)
            {
                starts[i] += starts[i - 1];
            }

            var byDay = new int[count];
            for (var i = 0; i < count; i++)
            {
                byDay[starts[credits.Row(i).Date.DayNumber - first]++] = i;
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
