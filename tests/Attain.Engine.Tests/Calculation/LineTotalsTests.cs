using System.Globalization;
using System.Text.Json;
using Attain.Engine.Calculation;
using Attain.Engine.Monetary;
using Attain.Engine.Payments;
using Attain.Engine.Periods;
using Attain.Engine.Plans;
using CsCheck;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

/// <summary>
/// A streaming calculation asked for <see cref="LineTotals"/> hands over, for component periods that end before a day,
/// the sum of their lines per period instead of the lines, where that sum does not depend on the lines (marginal tiers,
/// a per-period cap, a plan without payment terms), and the payment stage pays exactly as it does on the lines.
/// </summary>
public class LineTotalsTests
{
    private static readonly string[] Months = ["FY2026-M01", "FY2026-M02", "FY2026-M03", "FY2026-M04"];

    /// <summary>Marginal tiers on the period-to-date value: 5 % up to 10,000, 10 % above, capped at 1,500 a month.</summary>
    private const string MonthlyMarginal = """
        { "id": "m", "version": 1,
          "components": [ { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "month", "perPeriodCap": 1500,
            "rateTable": { "key": "periodToDate", "semantics": "marginal", "tiers": [ { "from": 0, "to": 10000, "rate": 0.05 }, { "from": 10000, "rate": 0.10 } ] } } ] }
        """;

    private static (CalculationResult Result, List<EarningLine> Lines, List<EarningTotal> Totals) Streamed(Scenario scenario, string before, params string[] months)
    {
        var lines = new List<EarningLine>();
        var totals = new List<EarningTotal>();
        var periods = months.Select(scenario.Calendar.Parse).ToList();
        var result = Calculator.Calculate(scenario.Input("FY2026"), batch => lines.AddRange(batch), new LineTotals(D(before), periods, totals.AddRange));
        return (result, lines, totals);
    }

    /// <summary>
    /// Ana books 6,000 on 5 and 20 January (lines 300, then 200 + 200 across the 10,000 bound: 700), 20,000 on 3 February
    /// (500 + 1,000: the cap of 1,500 reached) and 5,000 on 10 February (500, capped away: 0), and 3,000 on 2 March (150).
    /// Asked for totals before 1 March, January and February come as one total each, 700 and 1,500, and March as its line.
    /// </summary>
    [Fact]
    public void Calculate_MonthsBeforeTheDay_TotalledAsTheirLinesSum()
    {
        var scenario = new Scenario().Plan(MonthlyMarginal).Person("ana").Assign("ana", "m", "2026-01-01")
            .Book("A1", "2026-01-05", 6_000m, "ana").Book("A2", "2026-01-20", 6_000m, "ana")
            .Book("A3", "2026-02-03", 20_000m, "ana").Book("A4", "2026-02-10", 5_000m, "ana")
            .Book("A5", "2026-03-02", 3_000m, "ana");
        var whole = Calculator.Calculate(scenario.Input("FY2026"));

        var (result, lines, totals) = Streamed(scenario, "2026-03-01", Months);

        Assert.Equal(
            [("FY2026-M01", "2026-01-05..2026-01-20", 700.00m), ("FY2026-M02", "2026-02-03..2026-02-10", 1_500.00m)],
            totals.Select(t => (t.PeriodKey, $"{t.Dates.Start:yyyy-MM-dd}..{t.Dates.End:yyyy-MM-dd}", t.Amount.Amount)));
        Assert.All(totals, t => Assert.Equal(2, t.Amount.Amount.Scale));
        Assert.Equal(whole.Earnings.Where(l => l.PeriodKey == "FY2026-M01").Sum(l => l.Amount.Amount), totals[0].Amount.Amount);
        Assert.Equal(JsonSerializer.Serialize(whole.Earnings.Where(l => l.Date >= D("2026-03-01")).ToList()), JsonSerializer.Serialize(lines));
        Assert.Equal(JsonSerializer.Serialize(whole.Measures), JsonSerializer.Serialize(result.Measures));
    }

    /// <summary>
    /// A quarterly component at 3.3 % with three bookings of 10.15, one a month, earns exactly 0.33495 each: the running
    /// totals 0.33495, 0.66990 and 1.00485 round to 0.33, 0.67 and 1.00, so the months total 0.33, 0.34 and 0.33, as
    /// their lines pay (docs/plans.md, "Rounding").
    /// </summary>
    [Fact]
    public void Calculate_QuarterTotalledPerMonth_FollowsTheRunningTotalRounded()
    {
        var scenario = QuarterOfThreeBookings();

        var (_, lines, totals) = Streamed(scenario, "2026-04-01", Months);

        Assert.Equal([0.33m, 0.34m, 0.33m], totals.Select(t => t.Amount.Amount));
        Assert.Equal(["FY2026-Q1", "FY2026-Q1", "FY2026-Q1"], totals.Select(t => t.PeriodKey));
        Assert.Empty(lines);
    }

    /// <summary>
    /// The same quarter asked for totals per January and February only: March's booking falls after the last of those
    /// periods, so the quarter cannot be totalled per period and keeps its three lines, 0.33, 0.34 and 0.33.
    /// </summary>
    [Fact]
    public void Calculate_CreditAfterTheLastPeriod_KeepsTheLines()
    {
        var scenario = QuarterOfThreeBookings();
        var whole = Calculator.Calculate(scenario.Input("FY2026"));

        var (_, lines, totals) = Streamed(scenario, "2026-04-01", Months[..2]);

        Assert.Empty(totals);
        Assert.Equal([0.33m, 0.34m, 0.33m], lines.Select(l => l.Amount.Amount));
        Assert.Equal(JsonSerializer.Serialize(whole.Earnings), JsonSerializer.Serialize(lines));
    }

    /// <summary>A quarterly component at 3.3 % and three bookings of 10.15, on 10 January, February and March.</summary>
    private static Scenario QuarterOfThreeBookings() => new Scenario()
        .Plan("""
            { "id": "q", "version": 1,
              "components": [ { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "quarter",
                "rateTable": { "key": "periodToDate", "semantics": "marginal", "tiers": [ { "from": 0, "rate": 0.033 } ] } } ] }
            """)
        .Person("ana").Assign("ana", "q", "2026-01-01")
        .Book("A1", "2026-01-10", 10.15m, "ana").Book("A2", "2026-02-10", 10.15m, "ana").Book("A3", "2026-03-10", 10.15m, "ana");

    /// <summary>
    /// The same bookings under a plan with a draw (payment terms), under a flat rate, and in a month that ends on or after
    /// the day asked: lines, no totals.
    /// </summary>
    [Fact]
    public void Calculate_TermsFlatRateOrLaterMonth_KeepsTheLines()
    {
        var scenario = new Scenario()
            .Plan(MonthlyMarginal.Replace("\"id\": \"m\", \"version\": 1,", "\"id\": \"d\", \"version\": 1, \"draw\": { \"kind\": \"recoverable\", \"amount\": 100 },", StringComparison.Ordinal))
            .Plan(Payments.PaymentRun.MonthlyPlan("f", string.Empty))
            .Plan(MonthlyMarginal)
            .Person("ana").Person("eva").Person("ida")
            .Assign("ana", "d", "2026-01-01").Assign("eva", "f", "2026-01-01").Assign("ida", "m", "2026-01-01")
            .Book("A1", "2026-01-05", 6_000m, "ana").Book("E1", "2026-01-05", 6_000m, "eva").Book("I1", "2026-01-31", 6_000m, "ida");

        var (_, lines, totals) = Streamed(scenario, "2026-01-31", Months);

        Assert.Empty(totals);
        Assert.Equal(["ana", "eva", "ida"], lines.Select(l => l.ParticipantId));
    }

    /// <summary>
    /// Ana books 6,000 on 5 and 20 January under a variant of <see cref="MonthlyMarginal"/>, asked for totals before 1
    /// March. The plan as it is totals January at 700 (300 + 200 + 200); with the assignment's tier rates overridden to
    /// 6 % and 12 % at 840 (360 + 240 + 240). Each other variant breaks one condition under which a component period is
    /// paid as totals (the calculator's Job.MayPayTotals lists them), and January keeps its lines, as without totals.
    /// </summary>
    [Theory]
    [InlineData("as it is", 700)]
    [InlineData("tier rates overridden", 840)]
    [InlineData("payment terms: clawback", null)]
    [InlineData("payment terms: hold", null)]
    [InlineData("filter", null)]
    [InlineData("retroactive tiers", null)]
    [InlineData("tiers keyed by booking", null)]
    [InlineData("rate overridden", null)]
    [InlineData("rate rule", null)]
    [InlineData("per-deal cap", null)]
    [InlineData("gate", null)]
    [InlineData("per-year cap", null)]
    [InlineData("guarantee", null)]
    [InlineData("negative cap", null)]
    [InlineData("tiers with a gap", null)]
    [InlineData("a credit outside the periods", null)]
    public void Calculate_OneConditionOfTotalsBroken_KeepsTheLines(string variant, int? january)
    {
        string With(string property) => MonthlyMarginal.Replace("\"perPeriodCap\": 1500,", $"\"perPeriodCap\": 1500, {property},", StringComparison.Ordinal);
        string Terms(string terms) => MonthlyMarginal.Replace("\"id\": \"m\", \"version\": 1,", $"\"id\": \"m\", \"version\": 1, {terms},", StringComparison.Ordinal);
        var plan = variant switch
        {
            "payment terms: clawback" => Terms("\"clawback\": { \"windowDays\": 90, \"reduceAttainment\": true }"),
            "payment terms: hold" => Terms("\"hold\": { \"percent\": 50, \"releaseOn\": \"attributes.invoicePaid\" }"),
            "filter" => With("\"filter\": [ { \"attribute\": \"family\", \"equals\": \"software\" } ]"),
            "retroactive tiers" => MonthlyMarginal.Replace("\"semantics\": \"marginal\"", "\"semantics\": \"retroactive\"", StringComparison.Ordinal),
            "tiers keyed by booking" => MonthlyMarginal.Replace("\"key\": \"periodToDate\"", "\"key\": \"booking\"", StringComparison.Ordinal),
            "rate rule" => With("\"rates\": [ { \"when\": { \"family\": \"hardware\" }, \"rate\": 0.07 } ]"),
            "per-deal cap" => With("\"perDealCap\": 100000"),
            "gate" => With("\"gates\": [ { \"measure\": \"bookings.amount\", \"atLeast\": 0 } ]"),
            "per-year cap" => With("\"perYearCap\": 100000"),
            "guarantee" => With("\"guarantee\": 100"),
            _ => MonthlyMarginal,
        };
        var scenario = new Scenario().Plan(plan).Person("ana").Assign("ana", "m", "2026-01-01")
            .Book("A1", "2026-01-05", 6_000m, "ana").Book("A2", "2026-01-20", 6_000m, "ana");
        var commission = (CommissionComponent)scenario.Plans[0].Components[0];
        var changed = variant switch
        {
            "negative cap" => commission with { PerPeriodCap = -5m },
            "tiers with a gap" => commission with
            {
                Table = commission.Table! with { Tiers = [new Tier(0m, 10_000m, new Rate(0.05m)), new Tier(12_000m, null, new Rate(0.10m))] },
            },
            _ => commission,
        };
        scenario.Plans[0] = scenario.Plans[0] with { Components = [changed] };
        _ = variant switch
        {
            "rate overridden" => scenario.Override("ana", new RateOverride("commission", new Rate(0.05m))),
            "tier rates overridden" => scenario.Override("ana", new RateOverride("commission", TierRates: [new Rate(0.06m), new Rate(0.12m)])),
            _ => scenario,
        };
        var whole = Calculator.Calculate(scenario.Input("FY2026"));

        var (result, lines, totals) = Streamed(scenario, "2026-03-01", variant == "a credit outside the periods" ? Months[1..] : Months);

        Assert.Equal(january is { } amount ? [amount] : [], totals.Select(t => t.Amount.Amount));
        Assert.Equal(JsonSerializer.Serialize(whole.Earnings.Where(l => january is null || l.Date >= D("2026-03-01")).ToList()), JsonSerializer.Serialize(lines));
        Assert.Equal(JsonSerializer.Serialize(whole.Measures), JsonSerializer.Serialize(result.Measures));
        if (january is null)
        {
            Assert.NotEmpty(lines);
        }
        else
        {
            Assert.Equal((decimal)january, whole.Earnings.Sum(l => l.Amount.Amount));
        }
    }

    /// <summary>
    /// A credit of zero makes no line (under a cap of 0 or more), so it takes no part in a total: Ana books 12,000 on 31
    /// January (500 + 200: 700), 0 on 1 February and 20,000 on 3 February (500 + 1,000: 1,500), so February's total is
    /// dated from 3 February. Asked for totals per February to April only, January's credit (the day before February)
    /// is outside the periods: January keeps its lines, while February is still totalled at 1,500.
    /// </summary>
    [Fact]
    public void Calculate_CreditOfZeroOrOutsideThePeriods_TotalsOnlyTheLinesMade()
    {
        var scenario = new Scenario().Plan(MonthlyMarginal).Person("ana").Assign("ana", "m", "2026-01-01")
            .Book("A1", "2026-01-31", 12_000m, "ana").Book("A3", "2026-02-01", 0m, "ana").Book("A4", "2026-02-03", 20_000m, "ana");
        var whole = Calculator.Calculate(scenario.Input("FY2026"));

        var (_, lines, totals) = Streamed(scenario, "2026-03-01", Months);
        var (_, januaryLines, februaryOnly) = Streamed(scenario, "2026-03-01", Months[1..]);

        Assert.Equal(
            [("FY2026-M01", "2026-01-31..2026-01-31", 700.00m), ("FY2026-M02", "2026-02-03..2026-02-03", 1_500.00m)],
            totals.Select(t => (t.PeriodKey, $"{t.Dates.Start:yyyy-MM-dd}..{t.Dates.End:yyyy-MM-dd}", t.Amount.Amount)));
        Assert.Empty(lines);
        Assert.Equal([("FY2026-M02", 1_500.00m)], februaryOnly.Select(t => (t.PeriodKey, t.Amount.Amount)));
        Assert.Equal(JsonSerializer.Serialize(whole.Earnings.Where(l => l.PeriodKey == "FY2026-M01").ToList()), JsonSerializer.Serialize(januaryLines));
        Assert.Equal(700.00m, januaryLines.Sum(l => l.Amount.Amount));
    }

    /// <summary>
    /// The exactness bound: 8 × (largest rate 0.10 + 1) × (Σ|credit| + largest bound 10,000 + cap 1,500 + 1) at the
    /// rates' 2 places plus the largest places of the currency, bounds, cap and credits must stay below 10¹⁸. A January
    /// booking of 20,000,000.00 gives about 8.8 × 2 × 10⁷ × 10⁴ ≈ 1.76 × 10¹² and is totalled (capped at 1,500), in USD
    /// or paid in EUR; one of 200,000,000,000,000.00 has more minor units than the credit index keeps (32 bits), so its
    /// month is paid line by line. A booking of 20,000.00 USD paid in EUR at 0.9127 is 18,254.000000 EUR (6 places):
    /// about 8.8 × 3 × 10⁴ × 10⁸ ≈ 2.6 × 10¹³, totalled (1,325.40); at 0.9127123456, 18,254.24691200000 EUR (14 places), about
    /// 2.6 × 10⁵ × 10¹⁶ ≈ 2.6 × 10²¹: January keeps its lines.
    /// </summary>
    [Fact]
    public void Calculate_CreditsBeyondTheExactnessBound_KeepTheLines()
    {
        Scenario Booked(decimal amount, Currency? pay = null, Currency? booked = null, decimal rate = 0.9127m) =>
            new Scenario().Plan(MonthlyMarginal).Person("ana", pay).Assign("ana", "m", "2026-01-01")
                .Fx(Usd, Eur, "2025-12-01", rate).Book("A1", "2026-01-05", amount, "ana", booked);
        var large = Booked(200_000_000_000_000.00m);
        var converted = Booked(20_000.00m, Eur, Usd, 0.9127123456m);

        var (_, withinLines, within) = Streamed(Booked(20_000_000.00m), "2026-03-01", Months);
        var (_, beyondLines, beyond) = Streamed(large, "2026-03-01", Months);
        var (_, inEurLines, inEur) = Streamed(Booked(20_000_000.00m, Eur, Eur), "2026-03-01", Months);
        var (_, fewPlacesLines, fewPlaces) = Streamed(Booked(20_000.00m, Eur, Usd), "2026-03-01", Months);
        var (_, convertedLines, convertedTotals) = Streamed(converted, "2026-03-01", Months);

        Assert.Equal([1_500.00m], within.Select(t => t.Amount.Amount));
        Assert.Empty(withinLines);
        Assert.Empty(beyond);
        Assert.Equal(JsonSerializer.Serialize(Calculator.Calculate(large.Input("FY2026")).Earnings), JsonSerializer.Serialize(beyondLines));
        Assert.Equal(1_500.00m, beyondLines.Sum(l => l.Amount.Amount));
        Assert.Equal([1_500.00m], inEur.Select(t => t.Amount.Amount));
        Assert.Empty(inEurLines);
        Assert.Equal([1_325.40m], fewPlaces.Select(t => t.Amount.Amount)); // 10,000 × 0.05 + 8,254 × 0.10, under the cap
        Assert.Empty(fewPlacesLines);
        Assert.Empty(convertedTotals);
        Assert.Equal(JsonSerializer.Serialize(Calculator.Calculate(converted.Input("FY2026")).Earnings), JsonSerializer.Serialize(convertedLines));
        Assert.Equal(1_325.42m, convertedLines.Sum(l => l.Amount.Amount)); // 500 + 8,254.246912 × 0.10, rounded
    }

    private sealed record Deal(int Day, long Cents, int Owner, bool Euro, int Cancel, int CancelAfter);

    private static readonly Gen<Deal> GenDeal =
        Gen.Select(Gen.Int[1, 120], Gen.Long[-300_000, 3_000_000], Gen.Int[0, 3], Gen.Bool, Gen.Int[0, 150], Gen.Int[0, 60])
            .Select((day, cents, owner, euro, cancel, after) => new Deal(day, cents, owner, euro, cancel, after));

    private static readonly string[] People = ["ana", "eva", "ida", "kim"];

    /// <summary>
    /// Ana: monthly marginal tiers keyed by attainment of a monthly quota, with a cap; Eva (paid in EUR, so USD credits
    /// convert): quarterly marginal tiers on the period-to-date value, with or without a cap; Ida: the same plan as Ana
    /// from mid-January (prorated); Kim: a plan with a draw (no totals). Bookings in USD and EUR, some cancelled in part
    /// (and more than in full) later, so months can end below zero and carry a deficit.
    /// </summary>
    private static Scenario Build(Deal[] deals, int cap, int rateCents)
    {
        var rate = (rateCents / 1000m).ToString(CultureInfo.InvariantCulture);
        var capJson = cap > 0 ? $"\"perPeriodCap\": {cap}," : string.Empty;
        string Marginal(string id, string period, string key, string terms) => $$"""
            { "id": "{{id}}", "version": 1,
              "components": [ { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "{{period}}", {{capJson}}
                "rateTable": { "key": "{{key}}", "semantics": "marginal", "tiers": [ { "from": 0, "to": 100, "rate": {{rate}} }, { "from": 100, "to": 250, "rate": 0.0717 }, { "from": 250, "rate": 0.02 } ] } } ]{{terms}} }
            """;
        var scenario = new Scenario()
            .Plan(Marginal("m", "month", "attainment", string.Empty))
            .Plan(Marginal("q", "quarter", "periodToDate", string.Empty))
            .Plan(Marginal("d", "month", "periodToDate", ", \"draw\": { \"kind\": \"recoverable\", \"amount\": 3 }"))
            .Person("ana").Person("eva", Eur).Person("ida").Person("kim")
            .Assign("eva", "q", "2026-01-01").Assign("kim", "d", "2026-01-01")
            .Fx(Eur, Usd, "2025-12-01", 1.0837m).Fx(Usd, Eur, "2025-12-01", 0.9127m).Fx(Usd, Eur, "2026-02-15", 0.9203m);
        PeriodTarget[] Quotas(decimal quota) => [.. Months.Select(m => new PeriodTarget(m, quota, 0m))];
        scenario.Assignments.Add(new PlanAssignment("ana", "m", new DateRange(D("2026-01-01"), null), Quotas(20_000m)));
        scenario.Assignments.Add(new PlanAssignment("ida", "m", new DateRange(D("2026-01-15"), null), Quotas(12_345.67m)));
        var start = new DateOnly(2026, 1, 1);
        string Day(int day) => start.AddDays(Math.Min(day, 120) - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var i = 0; i < deals.Length; i++)
        {
            var d = deals[i];
            scenario.Book($"B{i:D2}", Day(d.Day), d.Cents / 100m, People[d.Owner], d.Euro ? Eur : Usd);
            var cancelled = d.Cents * d.Cancel / 100;
            if (d.Cents > 0 && cancelled > 0 && d.Day + d.CancelAfter <= 120)
            {
                scenario.Book($"X{i:D2}", Day(d.Day + d.CancelAfter), -cancelled / 100m, People[d.Owner], d.Euro ? Eur : Usd, cancels: $"B{i:D2}");
            }
        }

        return scenario;
    }

    /// <summary>
    /// Fed with totals for the months before any reported one, the payment stage pays every participant exactly as fed
    /// with the lines, and the calculation's measures are the same; across the samples, totals do stand for lines.
    /// </summary>
    [Fact]
    public void PaymentStage_TotalsForMonthsBeforeTheReported_PaysAsOnTheLines()
    {
        var totalled = 0;
        Gen.Select(GenDeal.Array[0, 16], Gen.Int[0, 3], Gen.Int[-2, 4_000], Gen.Int[1, 90]).Sample((deals, from, cap, rateCents) =>
        {
            var scenario = Build(deals, cap, rateCents);
            PaymentStage Stage() => new(new PaymentInput(
                scenario.Calendar, scenario.Plans, scenario.Participants, scenario.Assignments, scenario.Bookings,
                [.. Months.Select(k => new CalculationResult(k, [], [], [], []))])
            {
                ReportFrom = Months[from],
            });
            var (onLines, onTotals) = (Stage(), Stage());
            var (byLines, byTotals) = (new List<PaymentResult>(), new List<PaymentResult>());
            var totals = 0;

            var lined = Calculator.Calculate(scenario.Input("FY2026"), batch => onLines.Add(batch, byLines.Add));
            var streamed = Calculator.Calculate(
                scenario.Input("FY2026"),
                batch => onTotals.Add(batch, byTotals.Add),
                new LineTotals(scenario.Calendar.Parse(Months[from]).Start, [.. Months.Select(scenario.Calendar.Parse)], batch =>
                {
                    totals += batch.Count;
                    onTotals.Add(batch);
                }));
            byLines.Add(onLines.Complete(lined.Credits));
            byTotals.Add(onTotals.Complete(streamed.Credits));

            totalled += totals;
            Assert.Equal(JsonSerializer.Serialize(byLines.SelectMany(p => p.Payouts)), JsonSerializer.Serialize(byTotals.SelectMany(p => p.Payouts)));
            Assert.Equal(JsonSerializer.Serialize(byLines.SelectMany(p => p.Lines)), JsonSerializer.Serialize(byTotals.SelectMany(p => p.Lines)));
            Assert.Equal(JsonSerializer.Serialize(byLines[^1].Issues), JsonSerializer.Serialize(byTotals[^1].Issues));
            Assert.Equal(JsonSerializer.Serialize(lined.Measures), JsonSerializer.Serialize(streamed.Measures));
        }, iter: 200);

        Assert.True(totalled > 100, $"only {totalled} totals were made over the samples");
    }

    /// <summary>A total stands only for lines the stage does not keep: one in the reported month is refused.</summary>
    [Fact]
    public void PaymentStage_TotalInAReportedMonth_Throws()
    {
        var scenario = new Scenario().Plan(MonthlyMarginal).Person("ana").Assign("ana", "m", "2026-01-01");
        var stage = new PaymentStage(new PaymentInput(
            scenario.Calendar, scenario.Plans, scenario.Participants, scenario.Assignments, scenario.Bookings,
            [.. Months.Select(k => new CalculationResult(k, [], [], [], []))])
        {
            ReportFrom = "FY2026-M02",
        });
        var january = new EarningTotal("ana", "m", "commission", "FY2026-M01", new DateRange(D("2026-01-05"), D("2026-01-20")), new Money(700m, Usd));
        var february = january with { PeriodKey = "FY2026-M02", Dates = new DateRange(D("2026-02-03"), D("2026-02-10")) };
        var across = january with { Dates = new DateRange(D("2026-01-05"), D("2026-02-10")) };

        stage.Add([january]);

        Assert.Throws<InvalidOperationException>(() => stage.Add([february]));
        Assert.Throws<InvalidOperationException>(() => stage.Add([across]));
    }
}
