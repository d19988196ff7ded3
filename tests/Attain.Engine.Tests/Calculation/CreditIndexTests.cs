using Attain.Engine.Calculation;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class CreditIndexTests
{
    private static readonly string[] OtherCurrencies = ["EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "SGD", "HKD"];

    // Amounts written with different scales, a cancellation, and one too large for the index to keep: each is read
    // from the index or from its credit, and must come out the same either way.
    private static Scenario Rep(bool manyCurrenciesFirst)
    {
        var scenario = new Scenario()
            .Plan(Commission(FiveThenTen("marginal")))
            .Person("rep").Assign("rep", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 100m, "rep")
            .Book("B2", "2026-01-06", 100.50m, "rep")
            .Book("B3", "2026-01-07", 0.01m, "rep")
            .Book("B4", "2026-01-08", 123456.7m, "rep")
            .Book("B5", "2026-02-01", 9_000_000_000_000_000.01m, "rep")
            .Book("C1", "2026-02-02", -50.00m, "rep", cancels: "B2");
        if (manyCurrenciesFirst)
        {
            // Fifteen other currencies credited before the rep's first booking fill the index's currency numbers, so
            // the rep's USD amounts are read from the credits.
            for (var i = 0; i < OtherCurrencies.Length; i++)
            {
                scenario.Person($"other{i}").Book($"X{i:D2}", "2026-01-01", 10m, $"other{i}", Engine.Monetary.Currency.FromCode(OtherCurrencies[i]));
            }
        }

        return scenario;
    }

    [Fact]
    public void Calculate_AmountsKeptInTheIndexOrReadFromCredits_GiveTheSameLines()
    {
        var fromIndex = Calculator.Calculate(Rep(manyCurrenciesFirst: false).Input());
        var fromCredits = Calculator.Calculate(Rep(manyCurrenciesFirst: true).Input());

        var expected = fromIndex.Earnings.Where(l => l.ParticipantId == "rep").ToList();
        var actual = fromCredits.Earnings.Where(l => l.ParticipantId == "rep").ToList();
        Assert.Equal(JsonSerializer(expected), JsonSerializer(actual));
        Assert.Empty(fromIndex.Issues);
        Assert.Equal([100m, 100.50m, 0.01m, 123456.7m], new[] { "B1", "B2", "B3", "B4" }.Select(b => expected.First(l => l.BookingIds[0] == b).CreditValue));
        Assert.Equal(9_000_000_000_000_000.01m, expected.Where(l => l.BookingIds[0] == "B5").Sum(l => l.Base));
        Assert.Contains(expected, l => l.BookingIds[0] == "C1" && l.CreditValue == -50.00m);
    }

    private static string JsonSerializer(List<EarningLine> lines) => System.Text.Json.JsonSerializer.Serialize(lines);
}
