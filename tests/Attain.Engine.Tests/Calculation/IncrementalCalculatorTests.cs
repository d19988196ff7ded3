using System.Globalization;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using CsCheck;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class IncrementalCalculatorTests
{
    private static readonly string[] People = ["p0", "p1", "p2", "p3", "p4"];
    private static readonly string[] Owners = ["ana", "bo", "cy"];

    /// <summary>ana and bo report to mia; cy reports to nobody. Roll-up one level; 5 % commission, then 10 % from 100,000.</summary>
    private static Scenario Team() => new Scenario { Crediting = new CreditingPolicy(1, MidpointRounding.ToEven) }
        .Plan(Commission(FiveThenTen("marginal")))
        .Person("ana").Person("bo").Person("cy").Person("mia")
        .Assign("ana", "p", "2026-01-01").Assign("bo", "p", "2026-01-01").Assign("cy", "p", "2026-01-01").Assign("mia", "p", "2026-01-01")
        .Reports("ana", "mia").Reports("bo", "mia")
        .Book("A1", "2026-01-10", 90_000m, "ana")
        .Book("B1", "2026-01-12", 40_000m, "bo")
        .Book("C1", "2026-01-15", 70_000m, "cy");

    private static Booking NewBooking(string id, string date, decimal amount, string owner, string? cancels = null) =>
        new(id, D(date), new Money(amount, Usd), owner, "p-1", "software", new Dictionary<string, string>(), null, 1m, cancels);

    [Fact]
    public void Calculate_EarningsReadTwice_SameRecordsEqualToTheirText()
    {
        var result = Calculator.Calculate(Team().Input());

        // ana's 90,000 at 5 %: one line, made when read and kept, so both reads give the same record.
        var first = result.Earnings.Single(l => l.ParticipantId == "ana");
        Assert.Same(first, result.Earnings.Single(l => l.ParticipantId == "ana"));
        Assert.Equal("marginal tier 0 [0, 100000): 90000.00 × 0.05", first.Rule);
        Assert.Equal(["A1"], first.BookingIds);
        Assert.Equal(["A1/direct/ana"], first.CreditIds);
        Assert.Equal(4_500m, first.Amount.Amount);
    }

    [Fact]
    public void Calculate_CreditIdsMadeOnRead_EqualToCreditsWithTheSameIdGiven()
    {
        var credit = Calculator.Calculate(Team().Input()).Credits.Single(c => c.ParticipantId == "mia" && c.BookingId == "A1");
        var given = new Credit("A1/rollup/mia/via/ana", "A1", "mia", CreditKind.RollUp, 100m, credit.Amount, credit.Margin, credit.Units, credit.Date, "ana", 1, null);

        Assert.Equal(given, credit);
        Assert.Equal(given.GetHashCode(), credit.GetHashCode());
        Assert.NotEqual(given with { Id = "A1/rollup/mia/via/bo" }, credit);
    }

    [Fact]
    public void AddBooking_OwnersBooking_RecalculatesOwnerAndManagerOnly()
    {
        var input = Team().Input();
        var before = Calculator.Calculate(input);

        // ana: 90,000 + 20,000 crosses 100,000: 10,000 × 5 % + 10,000 × 10 % = 1,500 on top of 4,500.
        var after = IncrementalCalculator.AddBooking(input, before, NewBooking("A2", "2026-02-01", 20_000m, "ana"));

        Assert.False(after.Full);
        Assert.Equal(["ana", "mia"], after.Recalculated);
        Assert.Equal(6_000m, Paid(after.Result, "ana"));
        Assert.Equal(ToJson(Calculator.Calculate(after.Input)), ToJson(after.Result));
        Assert.Same(before.Measures.Single(m => m.ParticipantId == "cy"), after.Result.Measures.Single(m => m.ParticipantId == "cy"));
        Assert.Same(before.Earnings.Single(l => l.ParticipantId == "bo"), after.Result.Earnings.Single(l => l.ParticipantId == "bo"));
    }

    [Fact]
    public void AddBooking_SplitWithUnrelatedParticipant_RecalculatesEveryShareHolderAndTheirManagers()
    {
        var input = Team().Input();
        var before = Calculator.Calculate(input);
        var booking = NewBooking("S1", "2026-02-01", 10_000m, "bo");

        var after = IncrementalCalculator.AddBooking(input, before, booking,
            new SplitRule("S1", [new SplitShare("bo", 50m, SplitKind.Revenue), new SplitShare("cy", 50m, SplitKind.Revenue)]));

        Assert.Equal(["bo", "cy", "mia"], after.Recalculated);
        Assert.Equal(ToJson(Calculator.Calculate(after.Input)), ToJson(after.Result));
        Assert.Same(before.Measures.Single(m => m.ParticipantId == "ana"), after.Result.Measures.Single(m => m.ParticipantId == "ana"));
    }

    [Fact]
    public void AddBooking_RollUpChain_FollowsTheHierarchyOnTheBookingDate()
    {
        var scenario = Team().Reports("cy", "mia", "2026-03-01");
        var input = scenario.Input();
        var before = Calculator.Calculate(input);

        var february = IncrementalCalculator.AddBooking(input, before, NewBooking("C2", "2026-02-10", 5_000m, "cy"));
        var march = IncrementalCalculator.AddBooking(input, before, NewBooking("C3", "2026-03-10", 5_000m, "cy"));

        Assert.Equal(["cy"], february.Recalculated);
        Assert.Equal(["cy", "mia"], march.Recalculated);
        Assert.Equal(ToJson(Calculator.Calculate(march.Input)), ToJson(march.Result));
    }

    [Fact]
    public void AddBooking_CancellationOfEarlierBooking_RecalculatesTheOriginalsHolders()
    {
        var input = Team().Input();
        var before = Calculator.Calculate(input);

        var after = IncrementalCalculator.AddBooking(input, before, NewBooking("A1-X", "2026-03-01", -30_000m, "ana", cancels: "A1"));

        Assert.Equal(["ana", "mia"], after.Recalculated);
        Assert.Equal(3_000m, Paid(after.Result, "ana"));
        Assert.Equal(ToJson(Calculator.Calculate(after.Input)), ToJson(after.Result));
    }

    [Fact]
    public void AddBooking_IdAlreadyTaken_FallsBackToFullCalculation()
    {
        var input = Team().Input();
        var before = Calculator.Calculate(input);

        var after = IncrementalCalculator.AddBooking(input, before, NewBooking("A1", "2026-02-01", 1_000m, "cy"));

        Assert.True(after.Full);
        Assert.Contains(after.Result.Issues, i => i.Code == "booking.duplicate-id");
        Assert.Equal(ToJson(Calculator.Calculate(after.Input)), ToJson(after.Result));
    }

    [Fact]
    public void AddBooking_RandomHistoryAndBooking_SameResultAsFullCalculation()
    {
        var genBooking = Gen.Select(Gen.Int[1, 90], Gen.Long[-1_000_000, 20_000_000], Gen.Int[0, 4], Gen.Int[0, 4], Gen.Int[1, 99], Gen.Int[0, 3]);
        Gen.Select(genBooking.Array[1, 20], genBooking, Gen.Int[0, 19]).Sample((history, added, target) =>
        {
            var scenario = new Scenario { Crediting = new CreditingPolicy(2, MidpointRounding.ToEven) }
                .Plan(Commission(FiveThenTen("retroactive"), ", \"perPeriodCap\": 9000"))
                .Plan(Commission("\"rate\": 0.02", id: "flat"))
                .Reports("p0", "p2").Reports("p1", "p2").Reports("p2", "p4", "2026-01-01", "2026-02-14").Reports("p3", "p4");
            foreach (var person in People)
            {
                scenario.Person(person).Assign(person, "p", "2026-01-01").Assign(person, "flat", "2026-02-01");
            }

            for (var i = 0; i < history.Length; i++)
            {
                var (day, cents, owner, other, percent, kind) = history[i];
                scenario.Book($"B{i:D2}", Day(day), Math.Abs(cents) / 100m, People[owner]);
                if (kind == 1 && other != owner)
                {
                    scenario.Split($"B{i:D2}", (People[owner], 100m - percent, SplitKind.Revenue), (People[other], percent, SplitKind.Revenue));
                }
                else if (kind == 2)
                {
                    scenario.Split($"B{i:D2}", (People[other], percent, SplitKind.Overlay));
                }
            }

            var input = scenario.Input();
            var before = Calculator.Calculate(input);
            var (addedDay, addedCents, addedOwner, addedOther, addedPercent, addedKind) = added;
            var original = scenario.Bookings[target % scenario.Bookings.Count];
            var booking = addedKind == 3
                ? NewBooking("N", Day(Math.Max(addedDay, original.Date.DayOfYear)), -Math.Min(Math.Abs(addedCents) / 100m, original.Amount.Amount), original.OwnerId, original.Id)
                : NewBooking("N", Day(addedDay), Math.Abs(addedCents) / 100m, People[addedOwner]);
            var split = addedKind == 1 && addedOther != addedOwner
                ? new SplitRule("N", [new SplitShare(People[addedOwner], 100m - addedPercent, SplitKind.Revenue), new SplitShare(People[addedOther], addedPercent, SplitKind.Revenue)])
                : null;

            var after = IncrementalCalculator.AddBooking(input, before, booking, split);

            Assert.Equal(ToJson(Calculator.Calculate(after.Input)), ToJson(after.Result));
            Assert.All(People.Except(after.Recalculated), p => Assert.Equal(
                before.Earnings.Where(l => l.ParticipantId == p),
                after.Result.Earnings.Where(l => l.ParticipantId == p)));
        }, iter: 300);
    }

    [Fact]
    public void AddBooking_ChainedThroughTheIndex_EachStepEqualsFullCalculation()
    {
        var input = Team().Input();
        var index = IncrementalCalculator.Prepare(input, Calculator.Calculate(input));

        // ana: 90,000 + 20,000 = 110,000 pays 6,000 (as above); the cancellation of A2 takes her back to 90,000 at 5 % = 4,500.
        var booked = IncrementalCalculator.AddBooking(index, NewBooking("A2", "2026-02-01", 20_000m, "ana"));
        var cancelled = IncrementalCalculator.AddBooking(booked.Index, NewBooking("A2-X", "2026-03-01", -20_000m, "ana", cancels: "A2"));

        Assert.Equal(6_000m, Paid(booked.Result, "ana"));
        Assert.Equal(4_500m, Paid(cancelled.Result, "ana"));
        Assert.Equal(["ana", "mia"], cancelled.Recalculated);
        Assert.False(cancelled.Full);
        Assert.Equal(ToJson(Calculator.Calculate(cancelled.Input)), ToJson(cancelled.Result));
        Assert.Same(cancelled.Input, cancelled.Index.Input);
        Assert.Same(cancelled.Result, cancelled.Index.Result);
    }

    [Fact]
    public void AddBooking_SecondCancellationOfAChainedBooking_SeesTheFirstOne()
    {
        var input = Team().Input();
        var index = IncrementalCalculator.Prepare(input, Calculator.Calculate(input));

        // A2 20,000, then 15,000 of it cancelled: ana at 95,000 × 5 % = 4,750. A second 15,000 would cancel more than
        // A2 was: it is reported and not credited, so ana stays at 4,750.
        var booked = IncrementalCalculator.AddBooking(index, NewBooking("A2", "2026-02-01", 20_000m, "ana"));
        var first = IncrementalCalculator.AddBooking(booked.Index, NewBooking("A2-X", "2026-03-01", -15_000m, "ana", cancels: "A2"));
        var second = IncrementalCalculator.AddBooking(first.Index, NewBooking("A2-Y", "2026-03-02", -15_000m, "ana", cancels: "A2"));

        Assert.Equal(4_750m, Paid(first.Result, "ana"));
        Assert.Equal(4_750m, Paid(second.Result, "ana"));
        Assert.Contains(second.Result.Issues, i => i.Code == "booking.cancellation-amount" && i.Path == "bookings[A2-Y]");
        Assert.Equal(ToJson(Calculator.Calculate(second.Input)), ToJson(second.Result));
    }

    [Fact]
    public void AddBooking_LongChain_ListsSharedAcrossStepsStayEqualToFullCalculation()
    {
        var input = Team().Input();
        var index = IncrementalCalculator.Prepare(input, Calculator.Calculate(input));

        // 80 bookings of 1,000 for ana, bo and cy in turn (each step shares the lists of the one before, well past the
        // point where they are copied into one array again), then a cancellation of the first.
        for (var i = 0; i < 80; i++)
        {
            index = IncrementalCalculator.AddBooking(index, NewBooking($"K{i:D2}", "2026-02-01", 1_000m, Owners[i % 3])).Index;
        }

        var last = IncrementalCalculator.AddBooking(index, NewBooking("K00-X", "2026-03-01", -1_000m, "ana", cancels: "K00"));

        // ana: 90,000 + 27 × 1,000 − 1,000 = 116,000: 100,000 × 5 % + 16,000 × 10 % = 6,600.
        Assert.Equal(6_600m, Paid(last.Result, "ana"));
        Assert.Equal(84, last.Input.Bookings.Count);
        Assert.Equal(["A1", "B1", "C1", .. Enumerable.Range(0, 80).Select(i => $"K{i:D2}"), "K00-X"], last.Input.Bookings.Select(b => b.Id));
        Assert.Equal(ToJson(Calculator.Calculate(last.Input)), ToJson(last.Result));
    }

    [Fact]
    public void AddBooking_SameIndexTwice_SecondResultDoesNotHoldTheFirstBooking()
    {
        var input = Team().Input();
        var index = IncrementalCalculator.Prepare(input, Calculator.Calculate(input));

        var first = IncrementalCalculator.AddBooking(index, NewBooking("C2", "2026-02-10", 5_000m, "cy"));
        var second = IncrementalCalculator.AddBooking(index, NewBooking("C3", "2026-02-11", 7_000m, "cy"));

        // cy: 70,000 + 7,000 at 5 % = 3,850; C2 is not in the second input.
        Assert.Equal(3_850m, Paid(second.Result, "cy"));
        Assert.DoesNotContain(second.Input.Bookings, b => b.Id == "C2");
        Assert.Equal(ToJson(Calculator.Calculate(first.Input)), ToJson(first.Result));
        Assert.Equal(ToJson(Calculator.Calculate(second.Input)), ToJson(second.Result));
        Assert.Same(input, index.Input);
    }

    [Fact]
    public void AddBooking_RandomChainOfBookings_EveryStepSameResultAsFullCalculation()
    {
        // kind: 0 plain, 1 revenue split, 2 overlay share, 3 cancellation of an earlier booking (also one added in the
        // chain), 4 an id already taken (the full fallback; the chain goes on from the full result's index).
        var genBooking = Gen.Select(Gen.Int[1, 90], Gen.Long[-1_000_000, 20_000_000], Gen.Int[0, 4], Gen.Int[0, 4], Gen.Int[1, 99], Gen.Int[0, 4])
            .Select(Gen.Int[0, 99], (b, target) => (b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6, target));
        Gen.Select(genBooking.Array[1, 12], genBooking.Array[1, 5]).Sample((history, chain) =>
        {
            var scenario = new Scenario { Crediting = new CreditingPolicy(2, MidpointRounding.ToEven) }
                .Plan(Commission(FiveThenTen("retroactive"), ", \"perPeriodCap\": 9000"))
                .Plan(Commission("\"rate\": 0.02", id: "flat"))
                .Reports("p0", "p2").Reports("p1", "p2").Reports("p2", "p4", "2026-01-01", "2026-02-14").Reports("p3", "p4");
            foreach (var person in People)
            {
                scenario.Person(person).Assign(person, "p", "2026-01-01").Assign(person, "flat", "2026-02-01");
            }

            var bookings = new List<Booking>();
            var splits = new List<SplitRule>();
            for (var i = 0; i < history.Length; i++)
            {
                var (booking, split) = Make($"B{i:D2}", history[i] with { Item6 = history[i].Item6 % 4 }, bookings);
                bookings.Add(booking);
                if (split is not null)
                {
                    splits.Add(split);
                }
            }

            var input = scenario.Input() with { Bookings = [.. bookings], Splits = [.. splits] };
            var index = IncrementalCalculator.Prepare(input, Calculator.Calculate(input));
            var duplicate = false;
            for (var step = 0; step < chain.Length; step++)
            {
                var (booking, split) = Make($"N{step}", chain[step], index.Input.Bookings);
                var after = IncrementalCalculator.AddBooking(index, booking, split);

                // Once an id is taken twice the input keeps reporting it, and every later step is a full calculation too.
                duplicate |= chain[step].Item6 == 4;
                Assert.Equal(duplicate, after.Full);
                Assert.Equal(ToJson(Calculator.Calculate(after.Input)), ToJson(after.Result));
                Assert.All(People.Except(after.Recalculated), p => Assert.Equal(
                    index.Result.Earnings.Where(l => l.ParticipantId == p),
                    after.Result.Earnings.Where(l => l.ParticipantId == p)));
                index = after.Index;
            }
        }, iter: 150);
    }

    /// <summary>A booking (and split rule) from generated values; cancellations and taken ids refer to <paramref name="earlier"/>.</summary>
    private static (Booking Booking, SplitRule? Split) Make(string id, (int Day, long Cents, int Owner, int Other, int Percent, int Kind, int Target) g, IReadOnlyList<Booking> earlier)
    {
        var amount = Math.Abs(g.Cents) / 100m;
        if (g.Kind == 3 && earlier.Count > 0 && earlier[g.Target % earlier.Count] is { OriginalBookingId: null } original)
        {
            return (NewBooking(id, Day(Math.Max(g.Day, original.Date.DayOfYear)), -Math.Min(amount, original.Amount.Amount), original.OwnerId, original.Id), null);
        }

        var booking = NewBooking(g.Kind == 4 && earlier.Count > 0 ? earlier[g.Target % earlier.Count].Id : id, Day(g.Day), amount, People[g.Owner]);
        if (g.Kind == 4 && earlier.Count == 0)
        {
            booking = booking with { Id = "B00" };
        }

        var split = g.Kind switch
        {
            1 when g.Other != g.Owner => new SplitRule(booking.Id, [new SplitShare(People[g.Owner], 100m - g.Percent, SplitKind.Revenue), new SplitShare(People[g.Other], g.Percent, SplitKind.Revenue)]),
            2 => new SplitRule(booking.Id, [new SplitShare(People[g.Other], g.Percent, SplitKind.Overlay)]),
            _ => null,
        };
        return (booking, split);
    }

    private static string Day(int day) => new DateOnly(2026, 1, 1).AddDays(day - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
