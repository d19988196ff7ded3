using Attain.Engine.Payments;
using Attain.Engine.Tests.Calculation;
using static Attain.Engine.Tests.Calculation.Scenario;
using static Attain.Engine.Tests.Payments.PaymentRun;

namespace Attain.Engine.Tests.Payments;

/// <summary>
/// Draw, clawback and hold together, in a foreign currency: Eva is paid in EUR on USD bookings (USD→EUR 0.9), 10 %
/// monthly; a recoverable draw of 2,000 EUR with a recovery limit of 500; clawbacks within 60 days without reducing
/// attainment; half of hardware earnings held until the invoice is paid.
/// </summary>
public class CombinedTermsTests
{
    private const string Terms = """
        ,
          "draw": { "kind": "recoverable", "amount": 2000, "recoveryLimit": 500 },
          "clawback": { "windowDays": 60, "reduceAttainment": false },
          "hold": { "percent": 50, "releaseOn": "attributes.invoicePaid", "filter": [ { "attribute": "family", "equals": "hardware" } ] }
        """;

    private static Scenario Build() => new Scenario()
        .Plan(MonthlyPlan("p", Terms))
        .Person("eva", Eur).Assign("eva", "p", "2026-01-01")
        .Fx(Usd, Eur, "2025-12-01", 0.9m)
        .BookWith("C1", "2026-01-12", 20_000m, "eva", new Dictionary<string, string> { ["invoicePaid"] = "2026-02-10" }, family: "hardware")
        .Book("C2", "2026-01-20", 10_000m, "eva")
        .Book("X1", "2026-02-05", -5_000m, "eva", cancels: "C2")
        .Book("C3", "2026-02-14", 30_000m, "eva")
        .Book("X2", "2026-03-05", -20_000m, "eva", cancels: "C1")
        .Book("C4", "2026-03-10", 40_000m, "eva");

    [Fact]
    public void Calculate_DrawClawbackAndHoldInEuro_ReconcilesToTheCent()
    {
        var scenario = Build();

        var result = Pay(scenario, "FY2026-M01", "FY2026-M02", "FY2026-M03");

        // Jan: C1 18,000 EUR → 1,800 (900 held), C2 9,000 EUR → 900. Net 1,800 < draw 2,000: 200 advanced, pays 2,000, owes 200.
        // Feb: C3 27,000 EUR → 2,700; X1 cancels half of C2 (16 days): −450 at 10 %; C1 released 900. Net 3,150, 1,150 above
        //      the draw recovers the 200 owed (limit 500): pays 2,950, owes 0.
        // Mar: C4 36,000 EUR → 3,600; X2 cancels C1 (52 days): −1,800, half of which is a held −900, released at once as C1's
        //      invoice date has passed. Net 3,600 − 1,800 = 1,800 < 2,000: 200 advanced, pays 2,000, owes 200.
        // Earned 9,000 − clawed back 2,250 = 6,750 = paid 6,950 − owed 200.
        Assert.Empty(result.Issues);
        Assert.All(result.Payouts, p => Assert.Equal(Eur, p.Payable.Currency));
        Assert.Equal([2_000m, 2_950m, 2_000m], Payable(result, "eva"));
        Assert.Equal([200m, 0m, 200m], Balance(result, "eva"));
        Assert.Equal([0m, -450m, -1_800m], result.Payouts.Select(p => p.ClawedBack.Amount));
        Assert.Equal([900m, 0m, -900m], result.Payouts.Select(p => p.Held.Amount));
        Assert.Equal([0m, 900m, -900m], result.Payouts.Select(p => p.Released.Amount));
        Assert.Equal([200m, 0m, 200m], result.Payouts.Select(p => p.DrawAdvanced.Amount));
        Assert.Equal([0m, 200m, 0m], result.Payouts.Select(p => p.Recovered.Amount));
        var clawback = Assert.Single(result.Lines, l => l.CancellationBookingId == "X1");
        Assert.Equal((0.5m, 0.10m, 900m), (clawback.Fraction!.Value, clawback.Earning!.Rate!.Value, clawback.Earning.Amount.Amount));
    }
}
