using System.Globalization;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Plans;
using CsCheck;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class FeaturePropertyTests
{
    private static readonly string[] People = ["p0", "p1", "p2"];
    private static readonly string[] Families = ["Cloud", "OnPrem"];
    private static readonly string[] Products = ["CL-DB", "CL-VM", "ON-1"];
    private static readonly string[] Segments = ["enterprise", "smb"];
    private static readonly string[] Accounts = ["acme", "globex", "initech", "umbrella", "hooli"];

    // Every feature at once: a condition, rate rules, gates on attainment and on new logos, a year cap and a guarantee,
    // two SPIFFs and an MBO.
    private const string RichPlan = """
        { "id": "rich", "version": 1, "components": [
          { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "quarter", "rate": 0.04,
            "condition": "booking.amount >= 1000 or booking.family == \"Cloud\"",
            "rates": [ { "when": { "family": "Cloud" }, "rate": 0.06 }, { "when": { "product": "CL-DB" }, "rate": 0.09 },
                       { "when": { "family": "Cloud", "attributes.segment": "enterprise" }, "rate": 0.07 } ],
            "gates": [ { "attainmentAtLeast": 20 } ], "perYearCap": 60000, "guarantee": 500 },
          { "id": "logos", "kind": "commission", "measure": "bookings.newLogos", "period": "month", "rate": 250 },
          { "id": "bonus", "kind": "quotaBonus", "measure": "money.acv", "period": "quarter",
            "curve": [ { "attainment": 50, "payout": 25 }, { "attainment": 100, "payout": 100 } ],
            "gates": [ { "measure": "bookings.newLogos", "atLeast": 2 } ] },
          { "id": "spiff", "kind": "spiff", "measure": "bookings.amount", "period": "quarter", "from": "2026-02-01", "to": "2026-02-28",
            "condition": "booking.attributes.segment == \"enterprise\"", "amount": 300, "perPeriodCap": 1000 },
          { "id": "formula", "kind": "spiff", "measure": "bookings.amount", "period": "month", "from": "2026-01-15", "to": "2026-03-15",
            "formula": "round(credit.value * 0.003, 2, \"half-even\") + if(booking.numbers.term >= 3, 100, 0)" },
          { "id": "objectives", "kind": "mbo", "period": "quarter", "scoreCap": 150 } ] }
        """;

    private static readonly Gen<Spec[]> GenBookings =
        Gen.Select(Gen.Int[1, 90], Gen.Int[1, 8_000_000], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 4], Gen.Int[0, 1], Gen.Int[0, 4], Gen.Int[0, 2])
            .Select((day, cents, owner, product, account, segment, term, kind) => new Spec(day, cents / 100m, owner, product, account, segment, term, kind))
            .Array[1, 20];

    private static readonly Gen<(int Weight, int Score)[]> GenScores = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 200]).Array[1, 4];

    private static Scenario Build(Spec[] specs, (int Weight, int Score)[] scores)
    {
        var scenario = new Scenario { Crediting = new CreditingPolicy(1, MidpointRounding.ToEven) }.Plan(RichPlan).Reports("p0", "p2").Reports("p1", "p2");
        foreach (var person in People)
        {
            scenario.Person(person).Assign(person, "rich", "2026-01-01", quota: 150_000m, targetIncentive: 12_000m);
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scenario.Score("p0", "objectives", "FY2026-Q1", $"o{i}", scores[i].Weight + 1, scores[i].Score);
        }

        for (var i = 0; i < specs.Length; i++)
        {
            var s = specs[i];
            var date = new DateOnly(2026, 1, 1).AddDays(s.Day - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var product = Products[s.Product];
            scenario.Book($"B{i:D2}", date, s.Amount, People[s.Owner], product: product, family: product.StartsWith("CL", StringComparison.Ordinal) ? "Cloud" : "OnPrem",
                attributes: [("account", Accounts[s.Account]), ("segment", Segments[s.Segment]), ("term", s.Term.ToString(CultureInfo.InvariantCulture)), ("acv", (s.Amount / 2).ToString(CultureInfo.InvariantCulture))]);
            if (s.Kind == 1 && s.Day < 90)
            {
                var next = new DateOnly(2026, 1, 1).AddDays(s.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                scenario.Book($"C{i:D2}", next, -s.Amount, People[s.Owner], cancels: $"B{i:D2}");
            }
            else if (s.Kind == 2)
            {
                var other = People[(s.Owner + 1) % People.Length];
                scenario.Split($"B{i:D2}", (People[s.Owner], 50m, SplitKind.Revenue), (other, 50m, SplitKind.Revenue));
            }
        }

        return scenario;
    }

    private static List<T> Shuffled<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }

    [Fact]
    public void Calculate_RichPlanShuffledInput_ByteIdenticalJson()
    {
        Gen.Select(GenBookings, GenScores, Gen.Int).Sample((specs, scores, seed) =>
        {
            var scenario = Build(specs, scores);
            var input = scenario.Input();
            var random = new Random(seed);
            var shuffled = input with
            {
                Participants = Shuffled(input.Participants, random),
                Hierarchy = Shuffled(input.Hierarchy, random),
                Assignments = Shuffled(input.Assignments, random),
                Bookings = Shuffled(input.Bookings, random),
                Splits = Shuffled(input.Splits, random),
                Scores = Shuffled(input.Scores, random),
            };

            var first = Calculator.Calculate(input);
            var second = Calculator.Calculate(shuffled);

            Assert.NotEmpty(first.Earnings);
            Assert.Equal(ToJson(first), ToJson(second));
        }, iter: 100);
    }

    [Fact]
    public void Calculate_RichPlanThreeMonthRuns_SameLinesAsQuarterRun()
    {
        Gen.Select(GenBookings, GenScores).Sample((specs, scores) =>
        {
            var scenario = Build(specs, scores);

            var quarter = scenario.Calculate("FY2026-Q1").Earnings.Select(l => System.Text.Json.JsonSerializer.Serialize(l)).Order(StringComparer.Ordinal);
            var months = new[] { "FY2026-M01", "FY2026-M02", "FY2026-M03" }.SelectMany(m => scenario.Calculate(m).Earnings)
                .Select(l => System.Text.Json.JsonSerializer.Serialize(l)).Order(StringComparer.Ordinal);

            Assert.Equal(quarter, months);
        }, iter: 60);
    }

    [Fact]
    public void Calculate_RichPlan_CapsHoldAndRoundingBounded()
    {
        Gen.Select(GenBookings, GenScores).Sample((specs, scores) =>
        {
            var result = Build(specs, scores).Calculate();

            foreach (var measure in result.Measures)
            {
                var lines = result.Earnings.Where(l => l.ParticipantId == measure.ParticipantId && l.ComponentId == measure.ComponentId && l.PeriodKey == measure.PeriodKey).ToList();
                Assert.Equal(measure.Earned.Amount, lines.Sum(l => l.Amount.Amount));
                Assert.True(Math.Abs(measure.Earned.Amount - lines.Sum(l => l.Exact)) <= 0.005m);
            }

            Assert.All(result.Measures.Where(m => m.ComponentId == "spiff"), m => Assert.True(m.Earned.Amount <= 1_000m));
            Assert.All(People, p => Assert.True(Earned(result, p, "commission") <= 60_000m + 500m));
        }, iter: 100);
    }

    private static readonly Gen<RateRule[]> GenRules =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[1, 20])
            .Select((product, family, segment, rate) =>
            {
                var when = new Dictionary<string, string>(StringComparer.Ordinal);
                if (product < 3)
                {
                    when["product"] = Products[product];
                }

                if (family < 2)
                {
                    when["family"] = Families[family];
                }

                if (segment < 2)
                {
                    when["attributes.segment"] = Segments[segment];
                }

                return when.Count == 0 ? null : new RateRule(when, new Rate(rate / 100m));
            })
            .Array[1, 8]
            .Select(rules => rules.OfType<RateRule>().GroupBy(r => r.Key, StringComparer.Ordinal).Select(g => g.First()).ToArray());

    [Fact]
    public void Resolve_AnyRuleOrder_SameMostSpecificWinner()
    {
        Gen.Select(GenRules, Gen.Int[0, 2], Gen.Int[0, 1], Gen.Int[0, 1], Gen.Int).Sample((rules, product, family, segment, seed) =>
        {
            var booking = new Booking("B", new DateOnly(2026, 1, 1), new Money(1m, Usd), "ana", Products[product], Families[family],
                new Dictionary<string, string> { ["segment"] = Segments[segment] }, null, 1m, null);
            var shuffled = rules.ToArray();
            new Random(seed).Shuffle(shuffled);

            var winner = RatePrecedence.Resolve(rules, booking);
            var again = RatePrecedence.Resolve(shuffled, booking);

            Assert.Same(winner, again);
            var matching = rules.Where(r => RatePrecedence.Matches(r, booking)).ToList();
            Assert.Equal(matching.Count == 0, winner is null);
            Assert.All(matching, r => Assert.True(RatePrecedence.Compare(winner!, r) >= 0));
        }, iter: 2_000);
    }

    internal sealed record Spec(int Day, decimal Amount, int Owner, int Product, int Account, int Segment, int Term, int Kind);
}
