using System.Globalization;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using CsCheck;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class CalculatorPropertyTests
{
    private static readonly string[] People = ["p0", "p1", "p2", "p3"];

    // Tier bounds (period to date, ascending) and rates (non-decreasing), 1 to 4 tiers.
    private static readonly Gen<(decimal[] Bounds, decimal[] Rates)> GenTable =
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 1_000_000].Array[4], Gen.Int[0, 300].Array[4])
            .Select((count, bounds, rates) =>
            {
                var b = bounds.Take(count - 1).Distinct().Where(x => x > 0).Order().Select(x => (decimal)x).ToArray();
                var r = rates.Take(b.Length + 1).Order().Select(x => x / 1000m).ToArray();
                return (b, r);
            });

    private static readonly Gen<BookingSpec[]> GenBookings =
        Gen.Select(Gen.Int[1, 90], Gen.Long[0, 20_000_000], Gen.Int[0, 3], Gen.Bool, Gen.Int[0, 3], Gen.Int[1, 99], Gen.Int[0, 4])
            .Select((day, cents, owner, euro, splitWith, splitPercent, kind) => new BookingSpec(day, cents / 100m, People[owner], euro, People[splitWith], splitPercent, kind))
            .Array[1, 25];

    private static string TablePlan(string semantics, (decimal[] Bounds, decimal[] Rates) table, string extra = "")
    {
        var tiers = new List<string>();
        for (var i = 0; i < table.Rates.Length; i++)
        {
            var from = i == 0 ? 0m : table.Bounds[i - 1];
            var to = i < table.Bounds.Length ? $", \"to\": {table.Bounds[i].ToString(CultureInfo.InvariantCulture)}" : string.Empty;
            tiers.Add($"{{ \"from\": {from.ToString(CultureInfo.InvariantCulture)}{to}, \"rate\": {table.Rates[i].ToString(CultureInfo.InvariantCulture)} }}");
        }

        return Commission($"\"rateTable\": {{ \"key\": \"periodToDate\", \"semantics\": \"{semantics}\", \"tiers\": [ {string.Join(", ", tiers)} ] }}", extra, semantics);
    }

    private const string BonusPlan = """
        { "id": "bonus", "version": 1, "components": [ { "id": "bonus", "kind": "quotaBonus", "measure": "bookings.amount", "period": "quarter",
          "curve": [ { "attainment": 50, "payout": 25 }, { "attainment": 100, "payout": 100 }, { "attainment": 150, "payout": 200 } ], "threshold": 40, "cap": 250 } ] }
        """;

    private static Scenario Build((decimal[] Bounds, decimal[] Rates) table, BookingSpec[] bookings, bool positiveOnly = false)
    {
        var scenario = new Scenario { Crediting = new CreditingPolicy(2, MidpointRounding.ToEven) }
            .Plan(TablePlan("marginal", table, ", \"perDealCap\": 40000"))
            .Plan(TablePlan("retroactive", table, ", \"perPeriodCap\": 90000"))
            .Plan(BonusPlan)
            .Fx(Eur, Usd, "2025-12-01", 1.0837m).Fx(Usd, Eur, "2026-02-01", 0.9127m)
            .Reports("p0", "p2").Reports("p1", "p3").Reports("p2", "p3", "2026-01-01", "2026-02-14");
        foreach (var (person, i) in People.Select((p, i) => (p, i)))
        {
            scenario.Person(person, i % 2 == 0 ? Usd : Eur);
            scenario.Assign(person, "marginal", "2026-01-01").Assign(person, "retroactive", "2026-01-01");
            scenario.Assign(person, "bonus", i == 3 ? "2026-02-10" : "2026-01-01", quota: 500_000m, targetIncentive: 20_000m);
        }

        for (var i = 0; i < bookings.Length; i++)
        {
            var b = bookings[i];
            var date = new DateOnly(2026, 1, 1).AddDays(b.Day - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            scenario.Book($"B{i:D2}", date, b.Amount, b.Owner, b.Euro ? Eur : Usd);
            if (positiveOnly)
            {
                continue;
            }

            switch (b.Kind)
            {
                case 1 when b.SplitWith != b.Owner:
                    scenario.Split($"B{i:D2}", (b.Owner, 100m - b.SplitPercent, SplitKind.Revenue), (b.SplitWith, b.SplitPercent, SplitKind.Revenue));
                    break;
                case 2:
                    scenario.Split($"B{i:D2}", (b.SplitWith, b.SplitPercent, SplitKind.Overlay));
                    break;
                case 3 when b.Day < 90:
                    var nextDay = new DateOnly(2026, 1, 1).AddDays(b.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    scenario.Book($"C{i:D2}", nextDay, -b.Amount, b.Owner, b.Euro ? Eur : Usd, cancels: $"B{i:D2}");
                    break;
                default:
                    break;
            }
        }

        return scenario;
    }

    private static decimal Earned(CalculationResult result, string plan, string participant = "ana") =>
        result.Measures.Where(m => m.PlanId == plan && m.ParticipantId == participant).Sum(m => m.Earned.Amount);

    private static List<T> Shuffled<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }

    [Fact]
    public void Allocate_RevenueSplit_CreditsSumToBooking()
    {
        var gen = Gen.Select(Gen.Long[-10_000_000_000, 10_000_000_000], Gen.Int[1, 9_999].Array[0, 5], Gen.Int[0, 4]);

        gen.Sample((cents, cuts, levels) =>
        {
            var points = cuts.Distinct().Order().Prepend(0).Append(10_000).ToArray();
            var shares = points.Zip(points.Skip(1), (a, b) => (b - a) / 100m).Select((p, i) => ($"s{i}", p, SplitKind.Revenue)).ToArray();
            var scenario = new Scenario { Crediting = new CreditingPolicy(levels, MidpointRounding.ToEven) }
                .Book("B", "2026-01-05", cents / 100m, "s0").Split("B", shares)
                .Reports("s0", "m").Reports("s1", "m").Reports("s2", "n").Reports("m", "top").Reports("n", "top");

            var result = CreditAllocator.Allocate(scenario.Bookings, scenario.Splits, scenario.Hierarchy, scenario.Crediting);

            Assert.Empty(result.Issues);
            Assert.Equal(cents / 100m, result.Credits.Where(c => c.Kind == CreditKind.RevenueSplit).Sum(c => c.Amount.Amount));
            Assert.All(result.Credits.Where(c => c.Kind == CreditKind.RollUp).GroupBy(c => c.ParticipantId),
                g => Assert.True(Math.Abs(g.Sum(c => c.Amount.Amount)) <= Math.Abs(cents / 100m)));
        }, iter: 1_000);
    }

    [Fact]
    public void Calculate_ShuffledInput_ByteIdenticalJson()
    {
        Gen.Select(GenTable, GenBookings, Gen.Int).Sample((table, bookings, seed) =>
        {
            var scenario = Build(table, bookings);
            var input = scenario.Input();
            var random = new Random(seed);
            var shuffled = input with
            {
                Plans = Shuffled(input.Plans, random),
                Participants = Shuffled(input.Participants, random),
                Hierarchy = Shuffled(input.Hierarchy, random),
                Assignments = Shuffled(input.Assignments, random),
                Bookings = Shuffled(input.Bookings, random),
                Splits = Shuffled(input.Splits, random),
                Fx = new FxTable(Shuffled(scenario.Rates, random)),
            };

            var first = ToJson(Calculator.Calculate(input));
            var second = ToJson(Calculator.Calculate(shuffled));

            Assert.Equal(first, second);
        }, iter: 200);
    }

    [Fact]
    public void Calculate_ZeroCredit_PaysZero()
    {
        Gen.Select(GenTable, GenBookings).Sample((table, bookings) =>
        {
            var zeros = bookings.Select(b => b with { Amount = 0m }).ToArray();

            var result = Build(table, zeros).Calculate();

            Assert.NotEmpty(result.Earnings);
            Assert.All(result.Earnings, l => Assert.Equal(0m, l.Amount.Amount));
        }, iter: 200);
    }

    [Fact]
    public void Calculate_NonDecreasingTable_MarginalPaysNoMoreThanRetroactive()
    {
        Gen.Select(GenTable, GenBookings).Sample((table, bookings) =>
        {
            var scenario = new Scenario().Plan(TablePlan("marginal", table)).Plan(TablePlan("retroactive", table)).Person("ana")
                .Assign("ana", "marginal", "2026-01-01").Assign("ana", "retroactive", "2026-01-01");
            for (var i = 0; i < bookings.Length; i++)
            {
                scenario.Book($"B{i:D2}", $"2026-01-{(bookings[i].Day % 28) + 1:D2}", bookings[i].Amount, "ana");
            }

            var result = scenario.Calculate();

            Assert.True(Earned(result, "marginal") <= Earned(result, "retroactive"), $"{Earned(result, "marginal")} > {Earned(result, "retroactive")}");
        }, iter: 1_000);
    }

    [Fact]
    public void Calculate_MoreCredit_EarningsNeverFall()
    {
        Gen.Select(GenTable, GenBookings, Gen.Long[0, 50_000_000]).Sample((table, bookings, extraCents) =>
        {
            var before = Build(table, bookings, positiveOnly: true);
            var after = Build(table, bookings, positiveOnly: true).Book("EXTRA", "2026-03-15", extraCents / 100m, "p0");

            var earnedBefore = before.Calculate();
            var earnedAfter = after.Calculate();

            foreach (var plan in new[] { "marginal", "retroactive", "bonus" })
            {
                foreach (var person in People)
                {
                    var (was, now) = (Earned(earnedBefore, plan, person), Earned(earnedAfter, plan, person));
                    Assert.True(was <= now, $"{plan}, {person}: {was} > {now}");
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Calculate_RunningTotalRounding_ErrorBoundedPerRoundingPoint()
    {
        Gen.Select(GenTable, GenBookings).Sample((table, bookings) =>
        {
            var result = Build(table, bookings).Calculate();

            foreach (var measure in result.Measures)
            {
                var lines = result.Earnings.Where(l => l.ParticipantId == measure.ParticipantId && l.PlanId == measure.PlanId && l.PeriodKey == measure.PeriodKey).ToList();
                var unit = Money.FromMinorUnits(1, measure.Earned.Currency).Amount;
                Assert.Equal(measure.Earned.Amount, lines.Sum(l => l.Amount.Amount));
                Assert.True(Math.Abs(measure.Earned.Amount - lines.Sum(l => l.Exact)) <= unit / 2, $"{measure} vs {lines.Sum(l => l.Exact)}");
                Assert.All(lines, l => Assert.True(Math.Abs(l.Amount.Amount - l.Exact) <= unit, $"line {l.Sequence}: {l.Amount} vs {l.Exact}"));
            }
        }, iter: 300);
    }

    [Fact]
    public void Calculate_ThreeMonthRuns_SameLinesAsQuarterRun()
    {
        Gen.Select(GenTable, GenBookings).Sample((table, bookings) =>
        {
            var scenario = Build(table, bookings);

            var quarter = scenario.Calculate("FY2026-Q1").Earnings;
            var months = new[] { "FY2026-M01", "FY2026-M02", "FY2026-M03" }.SelectMany(m => scenario.Calculate(m).Earnings)
                .OrderBy(l => l.ParticipantId, StringComparer.Ordinal).ThenBy(l => l.PlanId, StringComparer.Ordinal).ThenBy(l => l.Sequence);

            Assert.Equal(
                quarter.OrderBy(l => l.ParticipantId, StringComparer.Ordinal).ThenBy(l => l.PlanId, StringComparer.Ordinal).ThenBy(l => l.Sequence).Select(l => System.Text.Json.JsonSerializer.Serialize(l)),
                months.Select(l => System.Text.Json.JsonSerializer.Serialize(l)));
        }, iter: 100);
    }

    internal sealed record BookingSpec(int Day, decimal Amount, string Owner, bool Euro, string SplitWith, int SplitPercent, int Kind);
}
