using System.Collections.Frozen;
using System.Globalization;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Benchmarks.EngineVsSql;

/// <summary>The engine's side: the calculation input built from the data set, and its earnings per participant and month.</summary>
public static class EngineSide
{
    public static readonly FiscalCalendar Calendar = new(1);
    public static readonly Currency Usd = Currency.FromCode("USD");
    private static readonly FrozenDictionary<string, string> NoAttributes = FrozenDictionary<string, string>.Empty;

    public static Plan ReadPlan(SalesDataSet data, bool leader)
    {
        var read = PlanReader.Read(data.PlanJson(leader));
        return read.Plan ?? throw new InvalidOperationException("The benchmark plan does not read: " + string.Join("; ", read.Issues));
    }

    /// <summary>Everything the engine reads, as records in memory (not timed).</summary>
    public static CalculationInput Input(SalesDataSet data, IReadOnlyList<Booking>? bookings = null)
    {
        var year = Calendar.YearOf(new DateOnly(SalesDataSet.Year, 1, 1));
        var months = Calendar.MonthsOf(year);
        var participants = new Participant[SalesDataSet.Participants];
        var hierarchy = new List<ReportingLine>();
        var assignments = new PlanAssignment[SalesDataSet.Participants];
        var start = new DateOnly(SalesDataSet.Year, 1, 1);
        for (var p = 0; p < SalesDataSet.Participants; p++)
        {
            var id = SalesDataSet.ParticipantId(p);
            participants[p] = new Participant(id, Usd);
            if (data.Manager[p] >= 0)
            {
                hierarchy.Add(new ReportingLine(id, SalesDataSet.ParticipantId(data.Manager[p]), DateRange.StartingOn(start)));
            }

            var targets = new PeriodTarget[SalesDataSet.Months];
            for (var m = 0; m < SalesDataSet.Months; m++)
            {
                targets[m] = new PeriodTarget(months[m].Key, data.QuotaDollars[(p * SalesDataSet.Months) + m], 0m);
            }

            assignments[p] = new PlanAssignment(id, data.Terms(SalesDataSet.IsLeader(p)).PlanId, DateRange.StartingOn(start), targets);
        }

        // As a reader would: the booking's id string shared with its split rule, participant ids and the few distinct
        // shares (participant and percent) made once, not per split booking.
        var records = bookings ?? Bookings(data);
        var participantIds = ParticipantIds();
        var shares = new Dictionary<(int Participant, int Percent), SplitShare>();
        SplitShare Share(int participant, int percent)
        {
            if (!shares.TryGetValue((participant, percent), out var share))
            {
                share = new SplitShare(participantIds[participant], percent, SplitKind.Revenue);
                shares.Add((participant, percent), share);
            }

            return share;
        }

        var splits = new List<SplitRule>();
        for (var i = 0; i < data.BookingCount; i++)
        {
            if (data.Partner[i] >= 0)
            {
                var id = bookings is null ? records[i].Id : SalesDataSet.BookingId(i);
                splits.Add(new SplitRule(id, new[] { Share(data.Owner[i], data.OwnerPercent[i]), Share(data.Partner[i], 100 - data.OwnerPercent[i]) }));
            }
        }

        return new CalculationInput(
            Calendar,
            year,
            [ReadPlan(data, leader: false), ReadPlan(data, leader: true)],
            participants,
            hierarchy,
            assignments,
            records,
            splits,
            new FxTable([]),
            new CreditingPolicy(2, MidpointRounding.ToEven));
    }

    /// <summary>Every participant's id, made once (a reader interns them: 10,000 ids for 10 M bookings).</summary>
    public static string[] ParticipantIds() => [.. Enumerable.Range(0, SalesDataSet.Participants).Select(SalesDataSet.ParticipantId)];

    public static Booking[] Bookings(SalesDataSet data)
    {
        var participantIds = ParticipantIds();
        var bookings = new Booking[data.BookingCount];
        Parallel.For(0, data.BookingCount, i => bookings[i] = MakeBooking(
            SalesDataSet.BookingId(i), SalesDataSet.DateOf(data.Day[i]), data.AmountCents[i], participantIds[data.Owner[i]]));
        return bookings;
    }

    public static Booking MakeBooking(string id, DateOnly date, long amountCents, string owner) =>
        new(id, date, new Money(amountCents / 100m, Usd), owner, "SKU-1", "Licences", NoAttributes, null, 1m, null);

    /// <summary>Earned cents per participant × 12 + month, from the measures (the running total rounded once).</summary>
    public static long[] EarnedCents(CalculationResult result, out int measures)
    {
        var earned = new long[SalesDataSet.Participants * SalesDataSet.Months];
        measures = 0;
        foreach (var measure in result.Measures)
        {
            var participant = int.Parse(measure.ParticipantId.AsSpan(1), CultureInfo.InvariantCulture);
            var month = Calendar.Parse(measure.PeriodKey).Start.Month - 1;
            earned[(participant * SalesDataSet.Months) + month] += (long)(measure.Earned.Amount * 100m);
            measures++;
        }

        return earned;
    }
}
