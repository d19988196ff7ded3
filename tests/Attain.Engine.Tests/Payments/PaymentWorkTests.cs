using System.Globalization;
using System.Text.Json;
using Attain.Engine.Calculation;
using Attain.Engine.Payments;
using Attain.Engine.Tests.Calculation;
using CsCheck;
using static Attain.Engine.Tests.Calculation.Scenario;
using static Attain.Engine.Tests.Payments.PaymentRun;

namespace Attain.Engine.Tests.Payments;

/// <summary>
/// The payment stage does only the work a plan's terms need (a plan without clawback, hold or draw terms pays the sum
/// of its lines; credits and bookings are looked up only for clawbacks and holds) and, with
/// <see cref="PaymentInput.ReportFrom"/>, reports only the periods asked for. The payouts stay exactly those of the
/// stage before that work (<see cref="PaymentReference"/>).
/// </summary>
public class PaymentWorkTests
{
    /// <summary>
    /// Ana on a plain 10 % monthly plan without terms; Eva on a 10 % monthly plan with a recoverable draw of 3,000 and a
    /// 30-day clawback. Ana: 10,000 booked in January (1,000), 8,000 of it cancelled in February (−800, a deficit),
    /// 20,000 in March (2,000, recovering the 800). Eva: 10,000 in January (1,000, 2,000 advanced), 5,000 of it cancelled
    /// in February inside the window (−500 clawed back, 3,500 advanced), 60,000 in March (6,000: 3,000 above the draw
    /// recovers 3,000 of the 5,500 owed).
    /// </summary>
    private static Scenario PlainAndTermed() => new Scenario()
        .Plan(MonthlyPlan("plain", string.Empty))
        .Plan(MonthlyPlan("termed", """, "draw": { "kind": "recoverable", "amount": 3000 }, "clawback": { "windowDays": 30 }"""))
        .Person("ana").Person("eva")
        .Assign("ana", "plain", "2026-01-01").Assign("eva", "termed", "2026-01-01")
        .Book("A1", "2026-01-10", 10_000m, "ana")
        .Book("A1x", "2026-02-05", -8_000m, "ana", cancels: "A1")
        .Book("A3", "2026-03-10", 20_000m, "ana")
        .Book("E1", "2026-01-12", 10_000m, "eva")
        .Book("E1x", "2026-02-01", -5_000m, "eva", cancels: "E1")
        .Book("E3", "2026-03-12", 60_000m, "eva");

    private static readonly string[] JanToMar = ["FY2026-M01", "FY2026-M02", "FY2026-M03"];

    [Fact]
    public void Calculate_PlanWithoutTermsBesidePlanWithTerms_PaysExactlyAsBefore()
    {
        var input = Input(PlainAndTermed(), JanToMar);

        var result = PaymentCalculator.Calculate(input);

        Assert.Empty(result.Issues);
        // Ana (no terms): Jan pays 1,000; Feb earns −800, carried as a deficit, pays 0; Mar earns 2,000, recovers 800, pays 1,200.
        Assert.Equal([1_000m, 0m, 1_200m], Payable(result, "ana"));
        Assert.Equal([0m, 800m, 0m], Balance(result, "ana"));
        // Eva (draw and clawback): Jan 1,000 + 2,000 advanced = 3,000, owes 2,000. Feb: the cancellation inside the window
        // claws back 50 % of January's 1,000 (−500): net −500 → 3,500 advanced, owes 5,500. Mar: 6,000 earned, 3,000 above
        // the draw recovers 3,000: pays 3,000, owes 2,500.
        Assert.Equal([3_000m, 3_000m, 3_000m], Payable(result, "eva"));
        Assert.Equal([2_000m, 5_500m, 2_500m], Balance(result, "eva"));
        Assert.Equal(JsonSerializer.Serialize(PaymentReference.Calculate(input)), JsonSerializer.Serialize(result));
    }

    [Fact]
    public void Calculate_ReportFromLastPeriod_ReportsThatPeriodAsTheFullResultDoes()
    {
        var input = Input(PlainAndTermed(), JanToMar);
        var full = PaymentReference.Calculate(input);

        var march = PaymentCalculator.Calculate(input with { ReportFrom = "FY2026-M03" });

        // Ana's March still recovers February's deficit of 800 (pays 1,200), though February is not reported.
        Assert.Equal([1_200m], Payable(march, "ana"));
        Assert.All(march.Payouts.Concat<object>(march.Lines), x => Assert.Contains("FY2026-M03", JsonSerializer.Serialize(x), StringComparison.Ordinal));
        Assert.Equal(
            JsonSerializer.Serialize(full with { Payouts = [.. full.Payouts.Where(p => p.PeriodKey == "FY2026-M03")], Lines = [.. full.Lines.Where(l => l.PeriodKey == "FY2026-M03")] }),
            JsonSerializer.Serialize(march));
    }

    [Fact]
    public void Calculate_ReportFromNotAPeriod_IssueAndNoPayout()
    {
        var input = Input(PlainAndTermed(), JanToMar) with { ReportFrom = "FY2026-M13" };

        var result = PaymentCalculator.Calculate(input);

        Assert.Empty(result.Payouts);
        Assert.Equal("payment.report-from-unknown", Assert.Single(result.Issues).Code);
    }

    private sealed record Terms(int DrawKind, int DrawAmount, bool Clawback, int WindowDays, int? HoldPercent);

    private sealed record Deal(int Day, long Cents, int Owner, bool Euro, bool Hardware, int? PaidAfterDays, int Cancel, int CancelAfter);

    private static readonly string[] People = ["ana", "eva", "ida"];

    private static readonly Gen<Terms> GenTerms =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 5_000], Gen.Bool, Gen.Int[0, 120], Gen.Int[-100, 100].Select(x => x < 0 ? (int?)null : x))
            .Select((kind, amount, clawback, window, hold) => new Terms(kind, amount, clawback, window, hold));

    private static readonly Gen<Deal> GenDeal =
        Gen.Select(Gen.Int[1, 120], Gen.Long[-200_000, 5_000_000], Gen.Int[0, 2], Gen.Bool, Gen.Bool, Gen.Int[-50, 150].Select(x => x < 0 ? (int?)null : x), Gen.Int[0, 100], Gen.Int[0, 100])
            .Select((day, cents, owner, euro, hardware, paid, cancel, after) => new Deal(day, cents, owner, euro, hardware, paid, cancel, after));

    /// <summary>Ana and Ida on a quarterly plan with random terms (maybe none), Eva on a monthly plan without terms.</summary>
    private static Scenario Build(Terms terms, Deal[] deals)
    {
        var draw = terms.DrawKind switch
        {
            1 => $", \"draw\": {{ \"kind\": \"recoverable\", \"amount\": {terms.DrawAmount} }}",
            2 => $", \"draw\": {{ \"kind\": \"nonRecoverable\", \"amount\": {terms.DrawAmount} }}",
            _ => string.Empty,
        };
        var clawback = terms.Clawback ? $", \"clawback\": {{ \"windowDays\": {terms.WindowDays} }}" : string.Empty;
        var hold = terms.HoldPercent is { } h ? $", \"hold\": {{ \"percent\": {h}, \"releaseOn\": \"attributes.invoicePaid\", \"filter\": [ {{ \"attribute\": \"family\", \"equals\": \"hardware\" }} ] }}" : string.Empty;
        var scenario = new Scenario()
            .Plan($$"""
                { "id": "p", "version": 1,
                  "components": [ { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "quarter",
                    "rateTable": { "key": "periodToDate", "semantics": "marginal", "tiers": [ { "from": 0, "to": 20000, "rate": 0.0333 }, { "from": 20000, "rate": 0.0717 } ] } } ]{{draw}}{{clawback}}{{hold}} }
                """)
            .Plan(MonthlyPlan("plain", string.Empty, 0.05m))
            .Person("ana", Usd).Person("eva", Eur).Person("ida", Usd)
            .Assign("ana", "p", "2026-01-01").Assign("eva", "plain", "2026-01-15").Assign("ida", "p", "2026-02-10")
            .Fx(Eur, Usd, "2025-12-01", 1.0837m).Fx(Usd, Eur, "2025-12-01", 0.9127m);
        var start = new DateOnly(2026, 1, 1);
        string Day(int day) => start.AddDays(Math.Min(day, 120) - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var i = 0; i < deals.Length; i++)
        {
            var d = deals[i];
            var id = $"B{i:D2}";
            var attributes = d.PaidAfterDays is { } paid ? new Dictionary<string, string> { ["invoicePaid"] = Day(d.Day + paid) } : [];
            scenario.BookWith(id, Day(d.Day), d.Cents / 100m, People[d.Owner], attributes, d.Euro ? Eur : Usd, d.Hardware ? "hardware" : "software");
            var cancelled = d.Cents * d.Cancel / 100;
            if (d.Cents > 0 && cancelled > 0 && d.Day + d.CancelAfter <= 120)
            {
                scenario.Book($"X{i:D2}", Day(d.Day + d.CancelAfter), -cancelled / 100m, People[d.Owner], d.Euro ? Eur : Usd, cancels: id);
            }
        }

        return scenario;
    }

    [Fact]
    public void Calculate_AnyTermsOrNone_ByteIdenticalToTheStageBefore()
    {
        Gen.Select(GenTerms, GenDeal.Array[0, 14]).Sample((terms, deals) =>
        {
            var input = Input(Build(terms, deals), JanToApr);

            var result = PaymentCalculator.Calculate(input);

            Assert.Equal(JsonSerializer.Serialize(PaymentReference.Calculate(input)), JsonSerializer.Serialize(result));
        }, iter: 150);
    }

    [Fact]
    public void Calculate_AnyTermsReportFromAPeriod_ThatPeriodOnAsTheFullResult()
    {
        Gen.Select(GenTerms, GenDeal.Array[0, 14], Gen.Int[0, 3]).Sample((terms, deals, from) =>
        {
            var input = Input(Build(terms, deals), JanToApr);
            var full = PaymentReference.Calculate(input);
            var kept = JanToApr[from..];

            var result = PaymentCalculator.Calculate(input with { ReportFrom = JanToApr[from] });

            Assert.Equal(
                JsonSerializer.Serialize(full with { Payouts = [.. full.Payouts.Where(p => kept.Contains(p.PeriodKey))], Lines = [.. full.Lines.Where(l => kept.Contains(l.PeriodKey))] }),
                JsonSerializer.Serialize(result));
        }, iter: 150);
    }

    /// <summary>
    /// The stage fed batch by batch (<see cref="PaymentStage"/>) pays exactly what <see cref="PaymentCalculator.Calculate"/>
    /// pays given the year's lines sliced into months by date: with any terms or none, from any reported month, and with
    /// the lines cut into batches anywhere, also inside a participant's lines (a participant is paid only once their
    /// lines are complete). Compared participant by participant, the order the stage promises.
    /// </summary>
    [Fact]
    public void PaymentStage_LinesInAnyBatches_PaysAsCalculateOnMonthSlices()
    {
        Gen.Select(GenTerms, GenDeal.Array[0, 14], Gen.Int[0, 3], Gen.Int[1, 40].Array[0, 6]).Sample((terms, deals, from, cuts) =>
        {
            var scenario = Build(terms, deals);
            var year = Calculator.Calculate(scenario.Input("FY2026"));
            var reference = PaymentCalculator.Calculate(new PaymentInput(
                scenario.Calendar, scenario.Plans, scenario.Participants, scenario.Assignments, scenario.Bookings,
                [.. JanToApr.Select(k => year with { PeriodKey = k, Earnings = Calculator.LinesDatedIn(year.Earnings, scenario.Calendar.Parse(k).Range) })])
            {
                ReportFrom = JanToApr[from],
            });

            var stage = new PaymentStage(new PaymentInput(
                scenario.Calendar, scenario.Plans, scenario.Participants, scenario.Assignments, scenario.Bookings,
                [.. JanToApr.Select(k => new CalculationResult(k, [], [], [], []))])
            {
                ReportFrom = JanToApr[from],
            });
            var paid = new List<PaymentResult>();
            var lines = year.Earnings.ToList();
            var at = 0;
            foreach (var cut in cuts)
            {
                var batch = lines.Skip(at).Take(cut).ToList();
                at += batch.Count;
                paid.Add(stage.Add(batch));
            }

            paid.Add(stage.Add(lines.Skip(at).ToList()));
            paid.Add(stage.Complete(year.Credits));

            Assert.Equal(ByParticipant(reference.Payouts, p => p.ParticipantId), ByParticipant(paid.SelectMany(p => p.Payouts), p => p.ParticipantId));
            Assert.Equal(ByParticipant(reference.Lines, l => l.ParticipantId), ByParticipant(paid.SelectMany(p => p.Lines), l => l.ParticipantId));
            Assert.Equal(JsonSerializer.Serialize(reference.Issues), JsonSerializer.Serialize(paid[^1].Issues));
        }, iter: 150);
    }

    /// <summary>Fed by the calculator's own streamed batches (compact lines), the stage pays as on the kept lines.</summary>
    [Fact]
    public void PaymentStage_CalculatorStreamedBatches_PaysAsCalculateOnMonthSlices()
    {
        Gen.Select(GenTerms, GenDeal.Array[0, 14]).Sample((terms, deals) =>
        {
            var scenario = Build(terms, deals);
            var year = Calculator.Calculate(scenario.Input("FY2026"));
            var reference = PaymentCalculator.Calculate(new PaymentInput(
                scenario.Calendar, scenario.Plans, scenario.Participants, scenario.Assignments, scenario.Bookings,
                [.. JanToApr.Select(k => year with { PeriodKey = k, Earnings = Calculator.LinesDatedIn(year.Earnings, scenario.Calendar.Parse(k).Range) })]));

            var stage = new PaymentStage(new PaymentInput(
                scenario.Calendar, scenario.Plans, scenario.Participants, scenario.Assignments, scenario.Bookings,
                [.. JanToApr.Select(k => new CalculationResult(k, [], [], [], []))]));
            var paid = new List<PaymentResult>();
            var streamed = Calculator.Calculate(scenario.Input("FY2026"), batch => paid.Add(stage.Add(batch)));
            paid.Add(stage.Complete(streamed.Credits));

            Assert.Equal(ByParticipant(reference.Payouts, p => p.ParticipantId), ByParticipant(paid.SelectMany(p => p.Payouts), p => p.ParticipantId));
            Assert.Equal(ByParticipant(reference.Lines, l => l.ParticipantId), ByParticipant(paid.SelectMany(p => p.Lines), l => l.ParticipantId));
        }, iter: 60);
    }

    /// <summary>
    /// With a receiver, the stage hands each participant's payouts and lines over once, as soon as their lines are
    /// complete, and together they are exactly what <see cref="PaymentStage.Add(IReadOnlyList{EarningLine})"/> returns,
    /// in the same order: with any terms or none, fed by the calculator's own batches.
    /// </summary>
    [Fact]
    public void PaymentStage_AddWithReceiver_EachParticipantOnceAsAddReturns()
    {
        Gen.Select(GenTerms, GenDeal.Array[0, 14]).Sample((terms, deals) =>
        {
            var scenario = Build(terms, deals);
            PaymentStage Stage() => new(new PaymentInput(
                scenario.Calendar, scenario.Plans, scenario.Participants, scenario.Assignments, scenario.Bookings,
                [.. JanToApr.Select(k => new CalculationResult(k, [], [], [], []))]));
            var (returning, receiving) = (Stage(), Stage());
            var returned = new List<PaymentResult>();
            var received = new List<PaymentResult>();

            var streamed = Calculator.Calculate(scenario.Input("FY2026"), batch =>
            {
                returned.Add(returning.Add(batch));
                receiving.Add(batch, received.Add);
            });
            returned.Add(returning.Complete(streamed.Credits));
            received.Add(receiving.Complete(streamed.Credits));

            Assert.Equal(JsonSerializer.Serialize(returned.SelectMany(r => r.Payouts)), JsonSerializer.Serialize(received.SelectMany(r => r.Payouts)));
            Assert.Equal(JsonSerializer.Serialize(returned.SelectMany(r => r.Lines)), JsonSerializer.Serialize(received.SelectMany(r => r.Lines)));
            var handedOver = received.Select(r => r.Payouts.Select(p => p.ParticipantId).Distinct().ToList()).ToList();
            Assert.Equal(handedOver.Sum(h => h.Count), handedOver.SelectMany(h => h).Distinct().Count());
        }, iter: 60);
    }

    /// <summary>
    /// Ana books 2,500 deals of 100 in March on a plain 10 % monthly plan: her account keeps 2,500 lines for March (three
    /// chunks of kept lines), and pays them in their order, numbered 1 to 2,500, earned 2,500 × 10 = 25,000, exactly as
    /// the stage before (<see cref="PaymentReference"/>), whole or streamed.
    /// </summary>
    [Fact]
    public void Calculate_AccountWithThousandsOfLines_PaysThemInOrder()
    {
        var scenario = new Scenario().Plan(MonthlyPlan("plain", string.Empty)).Person("ana").Person("eva")
            .Assign("ana", "plain", "2026-01-01").Assign("eva", "plain", "2026-01-01")
            .Book("E1", "2026-03-02", 100m, "eva");
        for (var i = 0; i < 2_500; i++)
        {
            scenario.Book($"A{i:D4}", $"2026-03-{1 + (i % 28):D2}", 100m, "ana");
        }

        var input = Input(scenario, JanToMar);
        var result = PaymentCalculator.Calculate(input);
        var stage = new PaymentStage(input with { Periods = [.. JanToMar.Select(k => new CalculationResult(k, [], [], [], []))] });
        var streamed = new List<PaymentResult>();
        var year = Calculator.Calculate(scenario.Input("FY2026"), batch => stage.Add(batch, streamed.Add));
        streamed.Add(stage.Complete(year.Credits));

        var march = result.Lines.Where(l => l.ParticipantId == "ana" && l.PeriodKey == "FY2026-M03").ToList();
        Assert.Equal(Enumerable.Range(1, 2_500), march.Select(l => l.Sequence));
        Assert.Equal(Enumerable.Range(1, 2_500), march.Select(l => l.Earning!.Sequence));
        Assert.Equal(25_000m, Of(result, "FY2026-M03").Earned.Amount);
        Assert.Equal(JsonSerializer.Serialize(PaymentReference.Calculate(input)), JsonSerializer.Serialize(result));
        Assert.Equal(ByParticipant(result.Lines, l => l.ParticipantId), ByParticipant(streamed.SelectMany(p => p.Lines), l => l.ParticipantId));
    }

    /// <summary>
    /// Lines of a participant already paid are refused: ana's line after eva's (participant order is the contract).
    /// </summary>
    [Fact]
    public void PaymentStage_LinesOutOfParticipantOrder_Throws()
    {
        var scenario = PlainAndTermed();
        var year = Calculator.Calculate(scenario.Input("FY2026"));
        var stage = new PaymentStage(new PaymentInput(
            scenario.Calendar, scenario.Plans, scenario.Participants, scenario.Assignments, scenario.Bookings,
            [.. JanToMar.Select(k => new CalculationResult(k, [], [], [], []))]));
        var ana = year.Earnings.Where(l => l.ParticipantId == "ana").ToList();
        var eva = year.Earnings.Where(l => l.ParticipantId == "eva").ToList();
        var first = stage.Add([.. ana, eva[0]]);

        // Ana is complete once a line of eva follows: she is paid (3 months), eva is not yet.
        Assert.Equal(["ana", "ana", "ana"], first.Payouts.Select(p => p.ParticipantId));
        Assert.Throws<InvalidOperationException>(() => stage.Add(ana));
    }

    /// <summary>Eva's plan has clawback terms, so she is paid only at completion; ana's has none, and an unknown id is not waited for.</summary>
    [Fact]
    public void PaidAtCompletion_ParticipantUnderClawbackTerms_TrueOnlyForThem()
    {
        var scenario = PlainAndTermed();
        var year = Calculator.Calculate(scenario.Input("FY2026"));
        var stage = new PaymentStage(new PaymentInput(
            scenario.Calendar, scenario.Plans, scenario.Participants, scenario.Assignments, scenario.Bookings,
            [.. JanToMar.Select(k => new CalculationResult(k, [], [], [], []))]));

        // Every line given: PaidBelow is eva, the last participant, but eva waits for the credits all the same.
        var added = stage.Add([.. year.Earnings]);

        Assert.True(stage.PaidAtCompletion("eva"));
        Assert.False(stage.PaidAtCompletion("ana"));
        Assert.False(stage.PaidAtCompletion("nobody"));
        Assert.DoesNotContain(added.Payouts, p => p.ParticipantId == "eva");
        Assert.Equal(["eva", "eva", "eva"], stage.Complete(year.Credits).Payouts.Select(p => p.ParticipantId));
    }

    private static List<string> ByParticipant<T>(IEnumerable<T> items, Func<T, string> participant) =>
        [.. items.GroupBy(participant, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => JsonSerializer.Serialize(g.ToList()))];
}
