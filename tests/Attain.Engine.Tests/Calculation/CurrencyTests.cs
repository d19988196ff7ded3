using Attain.Engine.Crediting;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class CurrencyTests
{
    [Fact]
    public void Calculate_EurBookingUsdPayee_ConvertedAtBookingDateRate()
    {
        // EUR→USD is 1.10 from 2026-01-01 and 1.20 from 2026-02-01. A 10,000 EUR booking on 2026-01-20 is
        // 11,000 USD (January's rate, not February's); 5 % = 550.00 USD.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05")).Person("ana", Usd).Assign("ana", "p", "2026-01-01")
            .Fx(Eur, Usd, "2026-01-01", 1.10m).Fx(Eur, Usd, "2026-02-01", 1.20m)
            .Book("B1", "2026-01-20", 10_000m, "ana", currency: Eur);

        var line = scenario.Calculate().Earnings.Single();

        Assert.Equal((11_000m, 1.10m), (line.CreditValue, line.FxRate!.Value));
        Assert.Equal("EUR→USD 1.10 on 2026-01-01", line.FxQuote);
        Assert.Equal((550.00m, Usd), (line.Amount.Amount, line.Amount.Currency));
    }

    [Fact]
    public void Calculate_OnlyInverseQuote_DividesByIt()
    {
        // Only USD→EUR 0.8 is quoted: 10,000 EUR ÷ 0.8 = 12,500 USD; 5 % = 625.00 USD.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05")).Person("ana", Usd).Assign("ana", "p", "2026-01-01")
            .Fx(Usd, Eur, "2026-01-01", 0.8m)
            .Book("B1", "2026-01-20", 10_000m, "ana", currency: Eur);

        Assert.Equal(625.00m, Paid(scenario.Calculate(), "ana"));
    }

    [Fact]
    public void Calculate_CancellationInLaterMonth_ConvertedAtOriginalBookingRate()
    {
        // The original converts at 1.10 (11,000 USD) and so does its cancellation in February, although February's
        // rate is 1.20: the two net to exactly zero.
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05")).Person("ana", Usd).Assign("ana", "p", "2026-01-01")
            .Fx(Eur, Usd, "2026-01-01", 1.10m).Fx(Eur, Usd, "2026-02-01", 1.20m)
            .Book("B1", "2026-01-20", 10_000m, "ana", currency: Eur).Book("C1", "2026-02-20", -10_000m, "ana", currency: Eur, cancels: "B1");

        var result = scenario.Calculate();

        Assert.Equal([550m, -550m], result.Earnings.Select(l => l.Amount.Amount));
    }

    [Fact]
    public void Calculate_NoRate_IssueAndCreditLeftOut()
    {
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05")).Person("ana", Usd).Assign("ana", "p", "2026-01-01")
            .Book("B1", "2026-01-20", 10_000m, "ana", currency: Eur).Book("B2", "2026-01-21", 1_000m, "ana");

        var result = scenario.Calculate();

        Assert.Equal(["B2"], result.Earnings.SelectMany(l => l.BookingIds));
        Assert.Equal(("fx.missing", "bookings[B1]"), (result.Issues.Single().Code, result.Issues.Single().Path));
    }

    [Fact]
    public void Calculate_SplitBetweenPayCurrencies_EachShareConvertedForItsHolder()
    {
        // 20,000 EUR split 50/50: ana is paid in EUR (10,000 × 5 % = 500.00 EUR), ben in USD at 1.10
        // (11,000 × 5 % = 550.00 USD).
        var scenario = new Scenario().Plan(Commission("\"rate\": 0.05")).Person("ana", Eur).Person("ben", Usd)
            .Assign("ana", "p", "2026-01-01").Assign("ben", "p", "2026-01-01").Fx(Eur, Usd, "2026-01-01", 1.10m)
            .Book("B1", "2026-01-20", 20_000m, "ana", currency: Eur).Split("B1", ("ana", 50m, SplitKind.Revenue), ("ben", 50m, SplitKind.Revenue));

        var result = scenario.Calculate();

        Assert.Equal(["500.00 EUR", "550.00 USD"], result.Earnings.Select(l => l.Amount.ToString()));
    }
}
