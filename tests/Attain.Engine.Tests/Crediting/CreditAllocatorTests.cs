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
}
