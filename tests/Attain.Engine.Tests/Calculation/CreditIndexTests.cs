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

    [Fact]
    public void Calculate_CreditsOnQuarterBoundariesAfterALargerParticipant_CountInTheirOwnQuarterOnly()
    {
        // "big" (calculated first) holds 40 credits in Q1, "small" one on each edge of Q1 and Q2 and one on the last day
        // of Q4. The counted-credit list "big" grew is reused for "small", and each quarter takes exactly the credits
        // dated from its first to its last day: Q1 100 + 200, Q2 400 + 800, Q3 nothing, Q4 1,600; 5 % of each (below
        // 100,000).
        var scenario = new Scenario().Plan(Commission(FiveThenTen("marginal")))
            .Person("big").Assign("big", "p", "2026-01-01")
            .Person("small").Assign("small", "p", "2026-01-01")
            .Book("S0", "2025-12-31", 50m, "small")
            .Book("S1", "2026-01-01", 100m, "small")
            .Book("S2", "2026-03-31", 200m, "small")
            .Book("S3", "2026-04-01", 400m, "small")
            .Book("S4", "2026-06-30", 800m, "small")
            .Book("S5", "2026-12-31", 1_600m, "small");
        for (var b = 0; b < 40; b++)
        {
            scenario.Book($"G{b:D2}", $"2026-02-{1 + (b % 28):D2}", 1_000m, "big");
        }

        var result = scenario.Calculate("FY2026");

        var small = result.Measures.Where(m => m.ParticipantId == "small").Select(m => (m.PeriodKey, m.Value, m.Earned.Amount));
        Assert.Equal([("FY2026-Q1", 300m, 15m), ("FY2026-Q2", 1_200m, 60m), ("FY2026-Q3", 0m, 0m), ("FY2026-Q4", 1_600m, 80m)], small);
        Assert.Equal(40_000m, result.Measures.Single(m => m.ParticipantId == "big" && m.PeriodKey == "FY2026-Q1").Value);
    }

    [Fact]
    public void Build_CutIntoManyBlocks_GivesTheSameEntriesAndGroupsAsOneBlock()
    {
        // 900 bookings of five reps under two managers (so roll-up credits too), dated all over two years, in three
        // currencies, with amounts of several scales, negative ones, a negative zero, amounts too large for a row, and
        // cancellations. Cut into blocks of 7 credits, the index must be the same entry for entry as built in one block.
        var (scenario, reps, currencies) = ManyCredits();
        var input = scenario.Input("FY2026");
        var crediting = Engine.Crediting.CreditAllocator.Allocate(input.Bookings, input.Splits, input.Hierarchy, input.Crediting);
        Assert.Empty(crediting.Issues.Select(i => i.Message));
        var credits = (Engine.Crediting.CreditList)crediting.Credits;

        var whole = Calculator.CreditIndex.Build(credits, int.MaxValue, 1);
        var blocks = Calculator.CreditIndex.Build(credits, 7, 1_000);

        Assert.InRange(credits.Count, 2_000, 4_000);
        Assert.Equal(whole.Entries.Select(Describe), blocks.Entries.Select(Describe));
        foreach (var person in reps.Append("m1").Append("m2"))
        {
            Assert.Equal(whole.Of(person).Count, blocks.Of(person).Count);
            Assert.Equal(Enumerable.Range(0, whole.Of(person).Count).Select(i => whole.Of(person)[i]), Enumerable.Range(0, blocks.Of(person).Count).Select(i => blocks.Of(person)[i]));
        }

        Assert.Equal(credits.Count, reps.Append("m1").Append("m2").Sum(p => blocks.Of(p).Count));
        Assert.Equal(currencies.Select(whole.CurrencyNumber), currencies.Select(blocks.CurrencyNumber));

        string Describe(Calculator.IndexEntry entry)
        {
            var kept = entry.TryAmountIn(blocks.CurrencyNumber(credits.Row(entry.Row).Amount.Currency), out var amount);
            var value = kept ? $"{amount}/{decimal.IsNegative(amount)}" : "row";
            return $"{entry.Row} {entry.Day} {entry.Cancels} {value}";
        }
    }

    // 900 bookings of five reps under two managers (so roll-up credits too), dated all over two years, in three
    // currencies, with amounts of several scales, negative ones, a negative zero, amounts too large for a row, and
    // cancellations; everyone on the quarterly five-then-ten plan.
    private static (Scenario Scenario, string[] Reps, Engine.Monetary.Currency[] Currencies) ManyCredits()
    {
        var random = new Random(20261128);
        var scenario = new Scenario().Plan(Commission(FiveThenTen("marginal")))
            .Person("m1").Person("m2").Reports("m1", "m2").Assign("m1", "p", "2025-01-01").Assign("m2", "p", "2025-01-01");
        scenario.Crediting = new Engine.Crediting.CreditingPolicy(2, MidpointRounding.ToEven);
        string[] reps = ["r1", "r2", "r3", "r4", "r5"];
        foreach (var rep in reps)
        {
            scenario.Person(rep).Reports(rep, rep == "r5" ? "m2" : "m1").Assign(rep, "p", "2025-01-01");
        }

        Engine.Monetary.Currency[] currencies = [Engine.Monetary.Currency.FromCode("USD"), Engine.Monetary.Currency.FromCode("JPY"), Engine.Monetary.Currency.FromCode("BHD")];
        var (lastAmount, lastCurrency, lastRep) = (0m, currencies[0], reps[0]);
        for (var b = 0; b < 900; b++)
        {
            var date = new DateOnly(2025, 1, 1).AddDays(random.Next(730)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (b % 50 == 49)
            {
                scenario.Book($"B{b:D4}", date, -lastAmount, lastRep, lastCurrency, margin: -lastAmount, cancels: $"B{b - 1:D4}");
                continue;
            }

            (lastCurrency, lastRep) = (currencies[random.Next(currencies.Length)], reps[random.Next(reps.Length)]);
            lastAmount = (b % 97) switch
            {
                0 => 9_000_000_000_000m,
                1 => -0m * 1.000m,
                _ => random.Next(-2_000, 100_000) * (b % 3 == 0 ? 1.00m : 1m),
            };
            scenario.Book($"B{b:D4}", date, lastAmount, lastRep, lastCurrency, margin: lastAmount);
        }

        return (scenario, reps, currencies);
    }

    [Fact]
    public void Calculate_PeriodsOfLargeAssignmentsInParallel_GiveTheSameResult()
    {
        // Every assignment's quarters run in parallel (threshold 0) or one after the other (no assignment reaches the
        // threshold): the same lines in the same order, the same measures and the same issues (JPY and BHD credits have
        // no rate to USD), streamed or kept.
        var input = ManyCredits().Scenario.Input("FY2026");

        var oneByOne = Calculator.Calculate(input, null, shortArithmetic: true, parallelPeriodCredits: int.MaxValue);
        var inParallel = Calculator.Calculate(input, null, shortArithmetic: true, parallelPeriodCredits: 0);
        var streamed = new List<EarningLine>();
        var streamedResult = Calculator.Calculate(input, batch => streamed.AddRange(batch), shortArithmetic: true, parallelPeriodCredits: 0);

        Assert.InRange(oneByOne.Earnings.Count, 300, 100_000);
        Assert.Contains(oneByOne.Issues, i => i.Code == "fx.missing");
        Assert.Equal(JsonSerializer([.. oneByOne.Earnings]), JsonSerializer([.. inParallel.Earnings]));
        Assert.Equal(JsonSerializer([.. oneByOne.Earnings]), JsonSerializer(streamed));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(oneByOne.Measures), System.Text.Json.JsonSerializer.Serialize(inParallel.Measures));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(oneByOne.Measures), System.Text.Json.JsonSerializer.Serialize(streamedResult.Measures));
        Assert.Equal(oneByOne.Issues, inParallel.Issues);
        Assert.Equal(oneByOne.Issues, streamedResult.Issues);
    }

    private static string JsonSerializer(List<EarningLine> lines) => System.Text.Json.JsonSerializer.Serialize(lines);
}
