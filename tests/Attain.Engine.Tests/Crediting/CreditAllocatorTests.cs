using System.Globalization;
using Attain.Engine.Crediting;
using Attain.Engine.Tests.Calculation;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Crediting;

public class CreditAllocatorTests
{
    private static CreditingResult Allocate(Scenario scenario) =>
        CreditAllocator.Allocate(scenario.Bookings, scenario.Splits, scenario.Hierarchy, scenario.Crediting);

    private static List<(string Participant, CreditKind Kind, decimal Amount)> Rows(CreditingResult result, string booking) =>
        [.. result.Credits.Where(c => c.BookingId == booking).Select(c => (c.ParticipantId, c.Kind, c.Amount.Amount))];

    [Fact]
    public void Allocate_NoSplit_OwnerGetsDirectCredit()
    {
        var scenario = new Scenario().Book("B1", "2026-01-05", 1_000m, "ana");

        var result = Allocate(scenario);

        Assert.Equal([("ana", CreditKind.Direct, 1_000m)], Rows(result, "B1"));
    }

    [Fact]
    public void Allocate_RevenueSplit6040_PartsSumToBookingWithLargestRemainder()
    {
        // 1,000.01 × 60 % = 600.006, × 40 % = 400.004: floors 600.00 + 400.00, the cent left goes to the larger
        // remainder (ana's .6 of a cent).
        var scenario = new Scenario().Book("B1", "2026-01-05", 1_000.01m, "ana")
            .Split("B1", ("ana", 60m, SplitKind.Revenue), ("ben", 40m, SplitKind.Revenue));

        var result = Allocate(scenario);

        Assert.Equal([("ana", CreditKind.RevenueSplit, 600.01m), ("ben", CreditKind.RevenueSplit, 400.00m)], Rows(result, "B1"));
    }

    [Fact]
    public void Allocate_CancellationOfOneCentSplit6040_ZeroShareKeepsItsMinusSign()
    {
        // 0.01 split 60/40: floors 0 and 0, the cent to ana's larger remainder (0.6); the cancellation of −0.01 mirrors it:
        // ana −0.01, ben −0.00 (a zero share of a negative amount is negated like the others, as Money.Allocate gives it).
        var scenario = new Scenario().Book("B1", "2026-01-05", 0.01m, "ana")
            .Split("B1", ("ana", 60m, SplitKind.Revenue), ("ben", 40m, SplitKind.Revenue))
            .Book("C1", "2026-02-05", -0.01m, "ana", cancels: "B1");

        var result = Allocate(scenario);

        var cancelled = result.Credits.Where(c => c.BookingId == "C1").ToList();
        Assert.Equal([("ana", -0.01m), ("ben", 0m)], cancelled.Select(c => (c.ParticipantId, c.Amount.Amount)));
        Assert.Equal(decimal.GetBits(decimal.Negate(0.00m)), decimal.GetBits(cancelled[1].Amount.Amount));
        Assert.Equal(decimal.GetBits(0.00m), decimal.GetBits(result.Credits.Single(c => c.Id == "B1/split/ben").Amount.Amount));
    }

    [Fact]
    public void Allocate_PercentsAndAmountsOfAnyScale_KeptDigitForDigit()
    {
        // 100.000 USD (whole cents written with three places) split 50.0 / 50.00: each credit is 50.00 (the currency's
        // two places) and keeps its share's percent as written.
        var scenario = new Scenario().Book("B1", "2026-01-05", 100.000m, "ana")
            .Split("B1", ("ana", 50.0m, SplitKind.Revenue), ("ben", 50.00m, SplitKind.Revenue));

        var result = Allocate(scenario);

        Assert.Equal(["50.0", "50.00"], result.Credits.Select(c => c.Percent.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(["50.00 USD", "50.00 USD"], result.Credits.Select(c => c.Amount.ToString()));
    }

    [Fact]
    public void Allocate_PercentsOfManyDigitsAndAmountsBeyondLongCents_KeptExactly()
    {
        // 100.00 split 33.3333333 / 33.3333333 / 33.3333334: exact shares 33.3333333, 33.3333333, 33.3333334 → floors
        // 33.33 each, the cent left to the largest remainder (ben2's). A booking of 10^20 USD (10^22 cents, beyond a long)
        // is credited whole, and its 12.5 % overlay is 1.25 × 10^19.
        var scenario = new Scenario().Book("B1", "2026-01-05", 100m, "ana")
            .Split("B1", ("ana", 33.3333333m, SplitKind.Revenue), ("ben", 33.3333333m, SplitKind.Revenue), ("ben2", 33.3333334m, SplitKind.Revenue))
            .Book("B2", "2026-01-06", 100_000_000_000_000_000_000m, "ana")
            .Split("B2", ("spec", 12.5m, SplitKind.Overlay));

        var result = Allocate(scenario);

        Assert.Equal([33.3333333m, 33.3333333m, 33.3333334m], result.Credits.Where(c => c.BookingId == "B1").Select(c => c.Percent));
        Assert.Equal([33.33m, 33.33m, 33.34m], result.Credits.Where(c => c.BookingId == "B1").Select(c => c.Amount.Amount));
        Assert.Equal(
            [("ana", 100_000_000_000_000_000_000.00m), ("spec", 12_500_000_000_000_000_000.00m)],
            result.Credits.Where(c => c.BookingId == "B2").Select(c => (c.ParticipantId, c.Amount.Amount)));
    }

    [Fact]
    public void Allocate_AmountsBeyondIntCents_KeptExactlyWithRollUpAndCancellation()
    {
        // A credit row keeps cents in an int (at most 21,474,836.47 USD) and larger amounts in its table. B1: 25,000,000.00
        // direct to ana and rolled up to mia, with margin 21,474,836.48 (one cent beyond). B2: 50,000,000.01 split 60/40 →
        // 30,000,000.006 and 20,000,000.004: floors 30,000,000.00 + 20,000,000.00, the cent to ana's larger remainder;
        // its full cancellation mirrors it, and ben's 20,000,000.00 rolls up to max.
        var scenario = new Scenario { Crediting = new CreditingPolicy(1, MidpointRounding.ToEven) }
            .Book("B1", "2026-01-05", 25_000_000.00m, "ana", margin: 21_474_836.48m)
            .Book("B2", "2026-01-06", 50_000_000.01m, "ana")
            .Split("B2", ("ana", 60m, SplitKind.Revenue), ("ben", 40m, SplitKind.Revenue))
            .Book("C2", "2026-02-01", -50_000_000.01m, "ana", cancels: "B2")
            .Reports("ana", "mia").Reports("ben", "max");

        var result = Allocate(scenario);

        Assert.Equal(
            [("ana", CreditKind.Direct, 25_000_000.00m), ("mia", CreditKind.RollUp, 25_000_000.00m)],
            Rows(result, "B1"));
        Assert.All(result.Credits.Where(c => c.BookingId == "B1"), c => Assert.Equal("21474836.48 USD", c.Margin.ToString()));
        Assert.Equal(
            [
                ("ana", CreditKind.RevenueSplit, 30_000_000.01m), ("ben", CreditKind.RevenueSplit, 20_000_000.00m),
                ("max", CreditKind.RollUp, 20_000_000.00m), ("mia", CreditKind.RollUp, 30_000_000.01m),
            ],
            Rows(result, "B2"));
        Assert.Equal(Rows(result, "B2").Select(r => (r.Participant, r.Kind, -r.Amount)), Rows(result, "C2"));
        Assert.Equal(["30000000.01 USD", "20000000.00 USD"], result.Credits.Where(c => c.BookingId == "B2" && c.Level == 0).Select(c => c.Amount.ToString()));
    }

    [Fact]
    public void Allocate_SameManagerAtTwoLevels_EachCreditKeepsItsLevel()
    {
        // Two levels of roll-up. In January ana reports to mia, who reports to vp: vp is ana's level-2 manager. From
        // February ana reports to vp directly: vp is her level-1 manager. The same roll-up (vp via ana) keeps its level.
        var scenario = new Scenario { Crediting = new CreditingPolicy(2, MidpointRounding.ToEven) }
            .Book("B1", "2026-01-05", 100m, "ana").Book("B2", "2026-02-05", 200m, "ana")
            .Reports("ana", "mia", "2020-01-01", "2026-01-31").Reports("ana", "vp", "2026-02-01").Reports("mia", "vp");

        var result = Allocate(scenario);

        Assert.Equal(
            [("B1", "ana", 0), ("B1", "mia", 1), ("B1", "vp", 2), ("B2", "ana", 0), ("B2", "vp", 1)],
            result.Credits.Select(c => (c.BookingId, c.ParticipantId, c.Level)));
        Assert.Equal(["B1/rollup/vp/via/ana", "B2/rollup/vp/via/ana"], result.Credits.Where(c => c.ParticipantId == "vp").Select(c => c.Id));
    }

    [Fact]
    public void Allocate_RevenueSharesTotal90_BookingRejectedWithIssue()
    {
        var scenario = new Scenario().Book("B1", "2026-01-05", 1_000m, "ana")
            .Split("B1", ("ana", 50m, SplitKind.Revenue), ("ben", 40m, SplitKind.Revenue));

        var result = Allocate(scenario);

        Assert.Empty(result.Credits);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(("split.revenue-total", "bookings[B1].splits"), (issue.Code, issue.Path));
        Assert.Contains("total 90 %, not 100 %", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_Overlay_AddsCreditOnTopOfBooking()
    {
        // ana keeps 50,000 direct; the specialist gets a 10 % overlay of 5,000 on top (total credit 55,000).
        var scenario = new Scenario().Book("B1", "2026-01-05", 50_000m, "ana").Split("B1", ("spec", 10m, SplitKind.Overlay));

        var result = Allocate(scenario);

        Assert.Equal([("ana", CreditKind.Direct, 50_000m), ("spec", CreditKind.Overlay, 5_000m)], Rows(result, "B1"));
    }

    [Fact]
    public void Calculate_OverlayCredit_PaidUnderOverlayParticipantsPlan()
    {
        // Flat 5 %: ana earns 2,500 on 50,000; the specialist earns 250 on the 5,000 overlay.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05")).Person("ana").Person("spec")
            .Assign("ana", "p", "2026-01-01").Assign("spec", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 50_000m, "ana").Split("B1", ("spec", 10m, SplitKind.Overlay));

        var result = scenario.Calculate();

        Assert.Equal((2_500m, 250m), (Paid(result, "ana"), Paid(result, "spec")));
    }

    [Fact]
    public void Allocate_SplitAcrossTwoHierarchies_EachShareRollsUpItsOwnChain()
    {
        // 100,000 split 50/50: ana → mia → vp and ben → max → vp, two levels. mia and max each get their rep's
        // 50,000; vp sits above both and gets each share once: 50,000 via ana + 50,000 via ben = the booking, no more.
        var scenario = new Scenario { Crediting = new CreditingPolicy(2, MidpointRounding.ToEven) }
            .Book("B1", "2026-01-05", 100_000m, "ana")
            .Split("B1", ("ana", 50m, SplitKind.Revenue), ("ben", 50m, SplitKind.Revenue))
            .Reports("ana", "mia").Reports("mia", "vp").Reports("ben", "max").Reports("max", "vp");

        var result = Allocate(scenario);

        Assert.Equal(
            [
                ("ana", CreditKind.RevenueSplit, 50_000m), ("ben", CreditKind.RevenueSplit, 50_000m),
                ("max", CreditKind.RollUp, 50_000m), ("mia", CreditKind.RollUp, 50_000m),
                ("vp", CreditKind.RollUp, 50_000m), ("vp", CreditKind.RollUp, 50_000m),
            ],
            Rows(result, "B1"));
        Assert.Equal(["ana", "ben"], result.Credits.Where(c => c.ParticipantId == "vp").Select(c => c.ShareHolderId));
        Assert.All(result.Credits.Where(c => c.ParticipantId == "vp"), c => Assert.Equal(2, c.Level));
    }

    [Fact]
    public void Allocate_RollUpLevels1_StopsAtFirstManager()
    {
        var scenario = new Scenario { Crediting = new CreditingPolicy(1, MidpointRounding.ToEven) }
            .Book("B1", "2026-01-05", 100m, "ana").Reports("ana", "mia").Reports("mia", "vp");

        var result = Allocate(scenario);

        Assert.Equal(["ana", "mia"], result.Credits.Select(c => c.ParticipantId));
    }

    [Fact]
    public void Allocate_ManagerChangesMidQuarter_HierarchyAsOnBookingDate()
    {
        // ana reports to mia until 2026-01-31 and to max from 2026-02-01: January's booking rolls up to mia,
        // February's to max.
        var scenario = new Scenario { Crediting = new CreditingPolicy(1, MidpointRounding.ToEven) }
            .Book("B1", "2026-01-31", 100m, "ana").Book("B2", "2026-02-01", 200m, "ana")
            .Reports("ana", "mia", "2025-01-01", "2026-01-31").Reports("ana", "max", "2026-02-01");

        var result = Allocate(scenario);

        Assert.Equal(("mia", 100m), result.Credits.Where(c => c.Kind == CreditKind.RollUp && c.BookingId == "B1").Select(c => (c.ParticipantId, c.Amount.Amount)).Single());
        Assert.Equal(("max", 200m), result.Credits.Where(c => c.Kind == CreditKind.RollUp && c.BookingId == "B2").Select(c => (c.ParticipantId, c.Amount.Amount)).Single());
    }

    [Fact]
    public void Allocate_FullCancellation_ReversesEveryCredit()
    {
        // 10,000.01 split 50/50 with roll-up; the cancellation on a later date, after ana changed manager, still
        // reverses the original chain (mia, not max) and each credit exactly: everyone nets to zero.
        var scenario = new Scenario { Crediting = new CreditingPolicy(1, MidpointRounding.ToEven) }
            .Book("B1", "2026-01-10", 10_000.01m, "ana").Book("C1", "2026-02-05", -10_000.01m, "ana", cancels: "B1")
            .Split("B1", ("ana", 50m, SplitKind.Revenue), ("ben", 50m, SplitKind.Revenue))
            .Reports("ana", "mia", "2025-01-01", "2026-01-31").Reports("ana", "max", "2026-02-01").Reports("ben", "mia");

        var result = Allocate(scenario);

        Assert.Equal([5_000.01m, 5_000.00m, 5_000.01m, 5_000.00m], result.Credits.Where(c => c.BookingId == "B1").Select(c => c.Amount.Amount));
        Assert.All(result.Credits.GroupBy(c => c.ParticipantId), g => Assert.Equal(0m, g.Sum(c => c.Amount.Amount)));
        Assert.DoesNotContain(result.Credits, c => c.ParticipantId == "max");
        Assert.All(result.Credits.Where(c => c.BookingId == "C1"), c => Assert.Equal(c.Id.Replace("C1/", "B1/", StringComparison.Ordinal), c.ReversesCreditId));
    }

    [Fact]
    public void Allocate_CancellationLargerThanOriginal_Rejected()
    {
        var scenario = new Scenario().Book("B1", "2026-01-10", 100m, "ana").Book("C1", "2026-02-05", -60m, "ana", cancels: "B1")
            .Book("C2", "2026-02-06", -60m, "ana", cancels: "B1");

        var result = Allocate(scenario);

        Assert.Equal(["B1", "C1"], result.Credits.Select(c => c.BookingId));
        Assert.Equal(("booking.cancellation-amount", "bookings[C2]"), (result.Issues.Single().Code, result.Issues.Single().Path));
    }

    [Fact]
    public void Allocate_CancellationOfUnknownBooking_Issue()
    {
        var scenario = new Scenario().Book("C1", "2026-02-05", -60m, "ana", cancels: "nope");

        var result = Allocate(scenario);

        Assert.Empty(result.Credits);
        Assert.Equal("booking.original-missing", result.Issues.Single().Code);
    }

    [Fact]
    public void Allocate_HierarchyCycle_IssueAndRollUpStops()
    {
        var scenario = new Scenario { Crediting = new CreditingPolicy(5, MidpointRounding.ToEven) }
            .Book("B1", "2026-01-05", 100m, "ana").Reports("ana", "mia").Reports("mia", "ana");

        var result = Allocate(scenario);

        Assert.Equal(["ana", "mia"], result.Credits.Select(c => c.ParticipantId));
        Assert.Equal("hierarchy.cycle", result.Issues.Single().Code);
    }

    [Fact]
    public void Allocate_AmountBeyondMinorUnit_RejectedSoCreditsSumToBooking()
    {
        var scenario = new Scenario().Book("B1", "2026-01-05", 10.005m, "ana").Book("B2", "2026-01-05", 10.01m, "ana");

        var result = Allocate(scenario);

        Assert.Equal(["B2"], result.Credits.Select(c => c.BookingId));
        Assert.Equal(("booking.amount-precision", "bookings[B1]"), (result.Issues.Single().Code, result.Issues.Single().Path));
    }

    /// <summary>
    /// 70,000 bookings, more than one block of the parallel scans (65,536): given in id order but for one pair swapped,
    /// or with one id twice, where the first block meets the second. The swap is found (the bookings are sorted and
    /// credited as in order), the duplicate too (neither is credited), and a cancellation past the boundary stays one.
    /// </summary>
    [Fact]
    public void Allocate_DisorderOrDuplicateWhereScanBlocksMeet_FoundAsAnywhere()
    {
        // The i-th booking given is booking number(i), owned by ana when that number is even.
        static Scenario Bookings(Func<int, int> number)
        {
            var scenario = new Scenario();
            for (var i = 0; i < 70_000; i++)
            {
                var n = number(i);
                scenario.Book($"B{n:D5}", "2026-01-05", 10m, n % 2 == 0 ? "ana" : "ben");
            }

            return scenario.Book("C69999", "2026-01-06", -10m, "ben", cancels: "B69999");
        }

        var ordered = Allocate(Bookings(i => i));
        var swapped = Allocate(Bookings(i => i switch { 65_535 => 65_536, 65_536 => 65_535, _ => i }));
        var duplicated = Allocate(Bookings(i => i == 65_536 ? 65_535 : i));

        Assert.Empty(ordered.Issues);
        Assert.Equal(70_001, ordered.Credits.Count);
        Assert.Equal(ordered.Credits.Select(c => (c.Id, c.ParticipantId, c.Amount)), swapped.Credits.Select(c => (c.Id, c.ParticipantId, c.Amount)));
        Assert.Equal(("booking.duplicate-id", "bookings[B65535]"), (duplicated.Issues.Single().Code, duplicated.Issues.Single().Path));
        Assert.Equal(69_999, duplicated.Credits.Count);
        Assert.DoesNotContain(duplicated.Credits, c => c.BookingId == "B65535" || c.BookingId == "B65536");
    }

    [Fact]
    public void Allocate_SplitsAcrossCreditingBlocks_EachBookingKeepsItsOwnShares()
    {
        // 140,000 bookings without cancellations are credited in blocks of 65,536, a split's shares worked out in the
        // first pass and kept for the second: every 7th booking is split 70 / 30 with a partner of its own, so a
        // structure handed to the wrong booking (or made again over one still to be written) shows as a wrong partner.
        var scenario = new Scenario();
        for (var i = 0; i < 140_000; i++)
        {
            scenario.Book($"B{i:D6}", "2026-01-05", 100m, "ana");
            if (i % 7 == 0)
            {
                scenario.Split($"B{i:D6}", ($"p{i:D6}", 70m, SplitKind.Revenue), ("ana", 30m, SplitKind.Revenue));
            }
        }

        var result = Allocate(scenario);

        Assert.Empty(result.Issues);
        Assert.Equal(140_000 + 20_000, result.Credits.Count);
        var byBooking = result.Credits.GroupBy(c => c.BookingId).ToDictionary(g => g.Key, g => g.Select(c => (c.ParticipantId, c.Amount.Amount)).ToList());
        for (var i = 0; i < 140_000; i++)
        {
            List<(string, decimal)> expected = i % 7 == 0 ? [("ana", 30m), ($"p{i:D6}", 70m)] : [("ana", 100m)];
            Assert.Equal(expected, byBooking[$"B{i:D6}"]);
        }
    }

    [Fact]
    public void Allocate_BookingWithTwoSplitRules_NotCreditedOthersAre()
    {
        // B2 has two rules (given apart, so found only once the rules are sorted); B1 and B3 one each, in order or not.
        static Scenario Booked(bool rulesInOrder)
        {
            var scenario = new Scenario()
                .Book("B1", "2026-01-05", 100m, "ana").Book("B2", "2026-01-05", 100m, "ana").Book("B3", "2026-01-05", 100m, "ana");
            return rulesInOrder
                ? scenario.Split("B1", ("ben", 100m, SplitKind.Revenue)).Split("B3", ("ben", 100m, SplitKind.Revenue))
                : scenario.Split("B3", ("ben", 100m, SplitKind.Revenue)).Split("B2", ("ben", 100m, SplitKind.Revenue))
                    .Split("B1", ("ben", 100m, SplitKind.Revenue)).Split("B2", ("ana", 100m, SplitKind.Revenue));
        }

        var twice = Allocate(Booked(rulesInOrder: false));
        var once = Allocate(Booked(rulesInOrder: true));

        Assert.Equal(("split.duplicate-rule", "bookings[B2].splits"), (twice.Issues.Single().Code, twice.Issues.Single().Path));
        Assert.Equal([("B1", "ben"), ("B3", "ben")], twice.Credits.Select(c => (c.BookingId, c.ParticipantId)));
        Assert.Empty(once.Issues);
        Assert.Equal([("B1", "ben"), ("B2", "ana"), ("B3", "ben")], once.Credits.Select(c => (c.BookingId, c.ParticipantId)));
    }

    [Fact]
    public void Allocate_MoreThan16Shares_SplitByLargestRemainderAndMirroredByCancellation()
    {
        // Twenty revenue shares of 5 % (given in reverse id order) and seventeen overlays of 10 %: more shares than the
        // allocator's fixed-size paths take. 1,000.17 × 5 % = 50.0085 each: floors of 50.00, the 17 cents left go one each
        // to the equal remainders in participant order (r01 … r17). Each overlay is 1,000.17 × 10 % = 100.017 → 100.02.
        // B2 after it is a plain 60/40 split, credited with the same scratch.
        var revenue = Enumerable.Range(1, 20).Reverse().Select(i => ($"r{i:00}", 5m, SplitKind.Revenue));
        var overlays = Enumerable.Range(1, 17).Select(i => ($"o{i:00}", 10m, SplitKind.Overlay));
        var scenario = new Scenario()
            .Book("B1", "2026-01-05", 1_000.17m, "ana").Split("B1", [.. revenue, .. overlays])
            .Book("B2", "2026-01-06", 100m, "ana").Split("B2", ("ana", 60m, SplitKind.Revenue), ("ben", 40m, SplitKind.Revenue))
            .Book("C1", "2026-02-05", -1_000.17m, "ana", cancels: "B1");

        var result = Allocate(scenario);

        var expected = Enumerable.Range(1, 17).Select(i => ($"o{i:00}", CreditKind.Overlay, 100.02m))
            .Concat(Enumerable.Range(1, 20).Select(i => ($"r{i:00}", CreditKind.RevenueSplit, i <= 17 ? 50.01m : 50.00m)));
        Assert.Empty(result.Issues);
        Assert.Equal(expected, Rows(result, "B1"));
        Assert.Equal(expected.Select(r => (r.Item1, r.Item2, -r.Item3)), Rows(result, "C1"));
        Assert.Equal([("ana", CreditKind.RevenueSplit, 60m), ("ben", CreditKind.RevenueSplit, 40m)], Rows(result, "B2"));
    }

    [Fact]
    public void Allocate_DuplicateBookingId_NeitherCredited()
    {
        var scenario = new Scenario().Book("B1", "2026-01-05", 10m, "ana").Book("B1", "2026-01-06", 20m, "ben");

        var result = Allocate(scenario);

        Assert.Empty(result.Credits);
        Assert.Equal("booking.duplicate-id", result.Issues.Single().Code);
    }

    [Fact]
    public void Allocate_TwoManagersOnOneDay_FollowsLowestIdAndSaysSo()
    {
        var scenario = new Scenario { Crediting = new CreditingPolicy(1, MidpointRounding.ToEven) }
            .Book("B1", "2026-01-05", 100m, "ana").Reports("ana", "zoe").Reports("ana", "mia");

        var result = Allocate(scenario);

        Assert.Equal(["ana", "mia"], result.Credits.Select(c => c.ParticipantId));
        Assert.Equal("hierarchy.ambiguous", result.Issues.Single().Code);
    }

    [Fact]
    public void Allocate_MoreOriginalsThanOneBlock_SameAsInOneBlock()
    {
        // Without cancellations the originals are credited in blocks of 65,536; one cancellation makes it one block. The
        // credits of 70,000 originals (splits, roll-ups, changing reporting lines) are the same either way.
        var scenario = new Scenario { Crediting = new CreditingPolicy(2, MidpointRounding.ToEven) }
            .Reports("r0", "m0").Reports("r1", "m0", to: "2026-06-30").Reports("r1", "m1", from: "2026-07-01").Reports("m0", "d0").Reports("m1", "d0");
        var reps = new[] { "r0", "r1", "m1" };
        for (var i = 0; i < 70_000; i++)
        {
            var id = $"B{i:D5}";
            scenario.Book(id, new DateOnly(2026, 1, 1).AddDays(i % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 100m + (i % 997) + 0.01m * (i % 3), reps[i % reps.Length]);
            if (i % 10 == 0)
            {
                scenario.Split(id, (reps[i % reps.Length], 60m, SplitKind.Revenue), (reps[(i + 1) % reps.Length], 40m, SplitKind.Revenue));
            }
        }

        var blocks = Allocate(scenario);
        scenario.Book("B99999-C", "2026-12-31", -1m, "r0", cancels: "B00000");
        var oneBlock = Allocate(scenario);

        Assert.True(blocks.Credits.Count > 2 * 70_000, "most bookings roll up two levels");
        Assert.Equal(oneBlock.Credits.Where(c => c.BookingId != "B99999-C"), blocks.Credits);
        Assert.Equal(oneBlock.Issues, blocks.Issues);
    }

    [Fact]
    public void Allocate_ManyBookingsCreditedInParallelRuns_SameAsEachBookingAlone()
    {
        // 6,000 originals (enough for the parallel runs) over a year in which reporting lines change, end, overlap
        // (ambiguous) and loop, so that chains resolved once per holder and range of days are tested against each
        // booking credited on its own. Splits, overlays, margins and cancellations mixed in.
        var scenario = ManyBookings();

        var whole = Allocate(scenario);

        var credits = new List<Credit>();
        var issues = new List<InputIssue>();
        foreach (var original in scenario.Bookings.Where(b => b.OriginalBookingId is null))
        {
            var family = scenario.Bookings.Where(b => b.Id == original.Id || b.OriginalBookingId == original.Id).ToList();
            var alone = CreditAllocator.Allocate(family, scenario.Splits.Where(s => s.BookingId == original.Id), scenario.Hierarchy, scenario.Crediting);
            credits.AddRange(alone.Credits);
            issues.AddRange(alone.Issues);
        }

        Assert.True(whole.Credits.Count > 2 * 6_000, "most bookings roll up at least one level");
        Assert.Equal([.. credits.OrderBy(c => c.BookingId, StringComparer.Ordinal).ThenBy(c => c.ParticipantId, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal)], whole.Credits);
        Assert.Contains(whole.Issues, i => i.Code == "hierarchy.cycle");
        Assert.Contains(whole.Issues, i => i.Code == "hierarchy.ambiguous");
        Assert.Equal(issues.Distinct().Order(IssueOrder.Instance), whole.Issues.Order(IssueOrder.Instance));
    }

    [Fact]
    public void Allocate_ManyBookingsInAnotherOrder_SameCreditsAndIssuesAsInIdOrder()
    {
        // Over 4,096 bookings given out of id order are put in order by integer keys (IdOrder); with cancellations, whose
        // rows are laid out among the originals' before being written. Whatever the input order, the result is the same.
        var scenario = ManyBookings();
        var inOrder = Allocate(scenario);
        var bookings = scenario.Bookings.ToArray();
        var splits = scenario.Splits.ToArray();
        new Random(11).Shuffle(bookings);
        Array.Reverse(splits);

        var shuffled = CreditAllocator.Allocate(bookings, splits, scenario.Hierarchy, scenario.Crediting);

        Assert.True(inOrder.Credits.Count > 2 * 6_000, "most bookings roll up at least one level");
        Assert.Contains(inOrder.Credits, c => c.ReversesCreditId is not null);
        Assert.Equal(inOrder.Credits, shuffled.Credits);
        Assert.Equal(inOrder.Issues, shuffled.Issues);
    }

    /// <summary>6,000 originals with changing, ending, ambiguous and looping reporting lines, splits, overlays, margins and cancellations.</summary>
    private static Scenario ManyBookings()
    {
        var scenario = new Scenario { Crediting = new CreditingPolicy(3, MidpointRounding.ToEven) }
            .Reports("r0", "m0").Reports("r1", "m0", to: "2026-03-31").Reports("r1", "m1", from: "2026-04-01")
            .Reports("r2", "m1").Reports("r2", "m2", from: "2026-07-01", to: "2026-07-31")
            .Reports("r3", "m2").Reports("m0", "d0").Reports("m1", "d0", from: "2026-02-15")
            .Reports("m2", "d1").Reports("d1", "m2", from: "2026-11-01");
        var reps = new[] { "r0", "r1", "r2", "r3", "m1" };
        for (var i = 0; i < 6_000; i++)
        {
            var id = $"B{i:D5}";
            var date = new DateOnly(2026, 1, 1).AddDays(i * 7 % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            scenario.Book(id, date, 100m + (i * 37 % 10_000) + 0.01m * (i % 7), reps[i % reps.Length], margin: i % 3 == 0 ? 10.05m : null, units: i % 4);
            if (i % 11 == 0)
            {
                scenario.Split(id, (reps[i % reps.Length], 60m, SplitKind.Revenue), (reps[(i + 1) % reps.Length], 40m, SplitKind.Revenue), ("ov", 12.5m, SplitKind.Overlay));
            }

            if (i % 13 == 0)
            {
                scenario.Book($"{id}-C", date, -50m, reps[i % reps.Length], cancels: id);
            }
        }

        return scenario;
    }

    private sealed class IssueOrder : IComparer<InputIssue>
    {
        public static readonly IssueOrder Instance = new();

        public int Compare(InputIssue? x, InputIssue? y) =>
            (string.CompareOrdinal(x!.Path, y!.Path), string.CompareOrdinal(x.Code, y.Code), string.CompareOrdinal(x.Message, y.Message)) switch
            {
                (not 0 and var c, _, _) => c,
                (_, not 0 and var c, _) => c,
                (_, _, var c) => c,
            };
    }
}
