using System.Diagnostics;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;

namespace Attain.Benchmarks.EngineVsSql;

/// <summary>
/// A floor for the engine's time (<c>engine-vs-sql --floor</c>): this data set's calculation written out by hand for its
/// one plan shape, from the same booking records the engine reads, with nothing general left in. It reads each
/// booking's owner, date and amount, allocates a split as the SQL side does, rolls each share up two levels of a fixed
/// hierarchy, groups the credits by participant and month, orders each group by day and booking, and pays each credit
/// across the two marginal bands with the per-period cap, writing one 32-byte line per band and per cap adjustment
/// (the engine's lines, in number, without their rule texts, conversions or ids) into a buffer that is reused. What it
/// leaves out makes it faster than any engine could be: effective-dated reporting lines, other plan shapes, currencies,
/// cancellations, issues, and records a caller can read. Its earnings must agree with the engine's to the cent.
/// </summary>
public static class FloorSide
{
    private const int BlockSize = 1 << 16;

    /// <summary>One earning line as the floor writes it: the credit, its band (−1 for a cap adjustment), the value before it, its part and its exact amount.</summary>
    private readonly record struct Line(int Credit, int Band, long Before, long Part, long Exact);

    /// <summary>One timed run: wall and processor seconds, earned cents per participant × 12 + month, and the lines written.</summary>
    public static (double Wall, double Cpu, long[] Earned, long Lines) Run(CalculationInput input, SalesDataSet data)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var bookings = (Booking[])input.Bookings;
        var splits = input.Splits as IReadOnlyList<SplitRule> ?? [.. input.Splits];
        var participants = new Dictionary<string, int>(SalesDataSet.Participants, StringComparer.Ordinal);
        foreach (var participant in input.Participants)
        {
            participants.Add(participant.Id, participants.Count);
        }

        var manager = data.Manager;
        var yearStart = new DateOnly(SalesDataSet.Year, 1, 1).DayNumber;
        var monthOfDay = new byte[366];
        for (var d = 0; d < monthOfDay.Length; d++)
        {
            monthOfDay[d] = (byte)(DateOnly.FromDayNumber(yearStart + d).Month - 1);
        }

        // The bookings' columns, read from the records in parallel blocks; each block finds its first split rule by id.
        var n = bookings.Length;
        var blocks = (n + BlockSize - 1) / BlockSize;
        var owner = new int[n];
        var partner = new int[n];
        var ownerCents = new long[n];
        var partnerCents = new long[n];
        var day = new short[n];
        var groups = SalesDataSet.Participants * SalesDataSet.Months;
        var counts = new int[blocks][];
        Parallel.For(0, blocks, b =>
        {
            var (from, to) = (b * BlockSize, Math.Min(n, (b + 1) * BlockSize));
            var next = FirstRule(splits, bookings[from].Id);
            var count = counts[b] = new int[groups];
            for (var i = from; i < to; i++)
            {
                var booking = bookings[i];
                var cents = decimal.ToInt64(booking.Amount.Amount * 100m);
                var d = day[i] = (short)(booking.Date.DayNumber - yearStart);
                var month = monthOfDay[d];
                int o, p;
                if (next < splits.Count && ReferenceEquals(splits[next].BookingId, booking.Id))
                {
                    var shares = splits[next++].Shares;
                    (o, p) = (participants[shares[0].ParticipantId], participants[shares[1].ParticipantId]);
                    var first = ((cents * decimal.ToInt64(shares[0].Percent)) + 50) / 100;
                    (ownerCents[i], partnerCents[i]) = (first, cents - first);
                }
                else
                {
                    (o, p) = (participants[booking.OwnerId], -1);
                    ownerCents[i] = cents;
                }

                (owner[i], partner[i]) = (o, p);
                for (var h = o; h >= 0; h = manager[h])
                {
                    count[(h * SalesDataSet.Months) + month]++;
                }

                for (var h = p; h >= 0; h = manager[h])
                {
                    count[(h * SalesDataSet.Months) + month]++;
                }
            }
        });

        // Each block's place in each group, then the credits written in place: key (day, booking), amount.
        var starts = new int[groups + 1];
        for (var g = 0; g < groups; g++)
        {
            var at = starts[g];
            for (var b = 0; b < blocks; b++)
            {
                (counts[b][g], at) = (at, at + counts[b][g]);
            }

            starts[g + 1] = at;
        }

        // Blocks and bookings in id order, so each group comes out in booking order: a stable sort by day then orders it
        // by day and booking. A manager above both shares of a split holds two credits of one booking: the share of the
        // lower participant is written first, as the engine orders a booking's shares.
        var total = starts[groups];
        var bookingOf = new int[total];
        var dayOf = new short[total];
        var amounts = new long[total];
        Parallel.For(0, blocks, b =>
        {
            var (from, to) = (b * BlockSize, Math.Min(n, (b + 1) * BlockSize));
            var place = counts[b];
            for (var i = from; i < to; i++)
            {
                var d = day[i];
                var month = monthOfDay[d];
                var (first, firstCents, second, secondCents) = partner[i] >= 0 && partner[i] < owner[i]
                    ? (partner[i], partnerCents[i], owner[i], ownerCents[i])
                    : (owner[i], ownerCents[i], partner[i], partnerCents[i]);
                for (var h = first; h >= 0; h = manager[h])
                {
                    var at = place[(h * SalesDataSet.Months) + month]++;
                    (bookingOf[at], dayOf[at], amounts[at]) = (i, d, firstCents);
                }

                for (var h = second; h >= 0; h = manager[h])
                {
                    var at = place[(h * SalesDataSet.Months) + month]++;
                    (bookingOf[at], dayOf[at], amounts[at]) = (i, d, secondCents);
                }
            }
        });

        // Each participant's months: ordered by day and booking, paid credit by credit into a reused line buffer.
        var earned = new long[groups];
        long lines = 0;
        var terms = new[] { data.Terms(leader: false), data.Terms(leader: true) };
        Parallel.For(0, SalesDataSet.Participants, () => (Buffer: new Line[4096], Written: 0L, Credits: new int[4096], Cents: new long[4096], Days: new int[367]), (participant, _, state) =>
        {
            var plan = terms[SalesDataSet.IsLeader(participant) ? 1 : 0];
            var cap = plan.CapCents * 10_000;
            for (var month = 0; month < SalesDataSet.Months; month++)
            {
                var g = (participant * SalesDataSet.Months) + month;
                var (first, end) = (starts[g], starts[g + 1]);
                if (end - first > state.Credits.Length)
                {
                    (state.Credits, state.Cents) = (new int[end - first], new long[end - first]);
                }

                // Counting sort by day (stable): the group's credits by day and booking into the worker's scratch arrays.
                var dayStarts = state.Days;
                Array.Clear(dayStarts);
                for (var c = first; c < end; c++)
                {
                    dayStarts[dayOf[c] + 1]++;
                }

                for (var d = 1; d < dayStarts.Length; d++)
                {
                    dayStarts[d] += dayStarts[d - 1];
                }

                for (var c = first; c < end; c++)
                {
                    var at = dayStarts[dayOf[c]]++;
                    (state.Credits[at], state.Cents[at]) = (c, amounts[c]);
                }
                var quota = data.QuotaDollars[g] * 100;
                long ptd = 0, uncapped = 0, paid = 0;
                var used = 0;
                for (var k = 0; k < end - first; k++)
                {
                    var c = state.Credits[k];
                    var (before, after) = (ptd, ptd + state.Cents[k]);
                    ptd = after;
                    if (used + 3 > state.Buffer.Length)
                    {
                        (state.Written, used) = (state.Written + used, 0);
                    }

                    var raw = 0L;
                    var below = Math.Min(after, quota) - Math.Min(before, quota);
                    if (below != 0)
                    {
                        raw += plan.BelowBasisPoints * below;
                        state.Buffer[used++] = new Line(c, 0, before, below, plan.BelowBasisPoints * below);
                    }

                    var above = Math.Max(after, quota) - Math.Max(before, quota);
                    if (above != 0)
                    {
                        raw += plan.AboveBasisPoints * above;
                        state.Buffer[used++] = new Line(c, 1, before, above, plan.AboveBasisPoints * above);
                    }

                    uncapped += raw;
                    var adjustment = Math.Min(uncapped, cap) - paid - raw;
                    paid = Math.Min(uncapped, cap);
                    if (adjustment != 0)
                    {
                        state.Buffer[used++] = new Line(c, -1, before, raw, adjustment);
                    }
                }

                state.Written += used;
                earned[g] = (paid + 5_000) / 10_000;
            }

            return state;
        }, state => Interlocked.Add(ref lines, state.Written));

        clock.Stop();
        return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, earned, lines);
    }

    /// <summary>The first split rule whose booking id is not before <paramref name="bookingId"/> (rules in id order).</summary>
    private static int FirstRule(IReadOnlyList<SplitRule> splits, string bookingId)
    {
        var (low, high) = (0, splits.Count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (string.CompareOrdinal(splits[middle].BookingId, bookingId) < 0)
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
