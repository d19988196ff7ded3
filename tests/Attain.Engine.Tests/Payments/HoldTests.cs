using Attain.Engine.Payments;
using Attain.Engine.Tests.Calculation;
using static Attain.Engine.Tests.Payments.PaymentRun;

namespace Attain.Engine.Tests.Payments;

/// <summary>
/// Half of each booking's earnings is held until its invoice is paid (booking attribute <c>invoicePaid</c>), on a 10 %
/// monthly commission.
/// </summary>
public class HoldTests
{
    private const string HalfUntilPaid = """, "hold": { "percent": 50, "releaseOn": "attributes.invoicePaid" }""";

    [Fact]
    public void Calculate_HalfHeldUntilInvoicePaid_ReleasedInThePeriodOfThePayment()
    {
        var scenario = new Scenario()
            .Plan(MonthlyPlan("p", HalfUntilPaid))
            .Person("ana").Assign("ana", "p", "2026-01-01")
            .BookWith("H1", "2026-01-10", 10_000m, "ana", new Dictionary<string, string> { ["invoicePaid"] = "2026-03-05" })
            .BookWith("H2", "2026-01-20", 4_000m, "ana", new Dictionary<string, string> { ["invoicePaid"] = "2026-01-28" })
            .BookWith("H3", "2026-02-03", 6_000m, "ana", new Dictionary<string, string>());

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02", "FY2026-M03");

        // Jan: H1 earns 1,000 (500 held), H2 400 (200 held, released in January, its invoice paid on 28 January):
        //      1,400 − 700 + 200 = 900 paid, 500 on hold.
        // Feb: H3 earns 600 (300 held, no payment date yet): 300 paid, 800 on hold.
        // Mar: H1's invoice paid on 5 March: 500 released and paid; H3's 300 stays held. 1,700 paid + 300 held = 2,000 earned.
        Assert.Empty(result.Issues);
        Assert.Equal([900m, 300m, 500m], Payable(result));
        Assert.Equal([500m, 800m, 300m], result.Payouts.Select(p => p.HeldAfter.Amount));
        Assert.Equal([(PayoutLineKind.Hold, "H1", -500m), (PayoutLineKind.Hold, "H2", -200m), (PayoutLineKind.Release, "H2", 200m)],
            result.Lines.Where(l => l.PeriodKey == "FY2026-M01" && l.Kind != PayoutLineKind.Earning).Select(l => (l.Kind, l.BookingIds[0], l.Amount.Amount)));
        var release = Assert.Single(result.Lines, l => l.PeriodKey == "FY2026-M03");
        Assert.Equal((PayoutLineKind.Release, "H1", 500m), (release.Kind, release.BookingIds[0], release.Amount.Amount));
        Assert.Contains("held in FY2026-M01", release.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_HoldWithFilter_HoldsOnlyMatchingBookings()
    {
        var scenario = new Scenario()
            .Plan(MonthlyPlan("p", """, "hold": { "percent": 25, "releaseOn": "attributes.invoicePaid", "filter": [ { "attribute": "family", "equals": "hardware" } ] }"""))
            .Person("ana").Assign("ana", "p", "2026-01-01")
            .BookWith("S1", "2026-01-10", 10_000m, "ana", new Dictionary<string, string>(), family: "software")
            .BookWith("W1", "2026-01-12", 10_000m, "ana", new Dictionary<string, string> { ["invoicePaid"] = "2026-02-01" }, family: "hardware");

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02");

        // Software pays 1,000 in full; hardware 1,000 of which 25 % = 250 is held until 1 February.
        Assert.Equal([1_750m, 250m], Payable(result));
        Assert.Equal("W1", Assert.Single(result.Lines, l => l.Kind == PayoutLineKind.Hold).BookingIds[0]);
    }

    [Fact]
    public void Calculate_ReleaseDateNotADate_IssueAndStaysHeld()
    {
        var scenario = new Scenario()
            .Plan(MonthlyPlan("p", HalfUntilPaid))
            .Person("ana").Assign("ana", "p", "2026-01-01")
            .BookWith("H1", "2026-01-10", 10_000m, "ana", new Dictionary<string, string> { ["invoicePaid"] = "05/03/2026" });

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02");

        var issue = Assert.Single(result.Issues);
        Assert.Equal(("hold.release-date", "bookings[H1].attributes.invoicePaid"), (issue.Code, issue.Path));
        Assert.Equal([500m, 0m], Payable(result));
        Assert.Equal(500m, result.Payouts[^1].HeldAfter.Amount);
    }
}
