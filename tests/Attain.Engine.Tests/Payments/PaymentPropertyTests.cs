using System.Globalization;
using System.Text.Json;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Payments;
using Attain.Engine.Tests.Calculation;
using CsCheck;
using static Attain.Engine.Tests.Calculation.Scenario;
using static Attain.Engine.Tests.Payments.PaymentRun;

namespace Attain.Engine.Tests.Payments;

public class PaymentPropertyTests
{
    private static readonly string[] People = ["ana", "eva"];

    private sealed record Terms(int DrawKind, int DrawAmount, int? RecoveryLimit, int WindowDays, bool ReduceAttainment, int? HoldPercent, bool Tiered, bool AwayFromZero);

    private sealed record Deal(int Day, long Cents, int Owner, bool Euro, bool Hardware, int? PaidAfterDays, int SplitPercent, int Cancel1, int Cancel1After, int Cancel2, int Cancel2After);

    private static readonly Gen<Terms> GenTerms =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 5_000], Gen.Int[-500, 3_000].Select(x => x < 0 ? (int?)null : x), Gen.Int[0, 120], Gen.Bool, Gen.Int[-50, 100].Select(x => x < 0 ? (int?)null : x), Gen.Bool, Gen.Bool)
            .Select((kind, amount, limit, window, reduce, hold, tiered, away) => new Terms(kind, amount, limit, window, reduce, hold, tiered, away));

    private static readonly Gen<Deal> GenDeal =
        Gen.Select(Gen.Int[1, 120], Gen.Long[0, 5_000_000], Gen.Int[0, 1], Gen.Bool, Gen.Bool, Gen.Int[-50, 150].Select(x => x < 0 ? (int?)null : x), Gen.Int[0, 99])
            .SelectMany(d => Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100], Gen.Int[0, 100], Gen.Int[0, 100])
                .Select((c1, a1, c2, a2) => new Deal(d.Item1, d.Item2, d.Item3, d.Item4, d.Item5, d.Item6, d.Item7, c1, a1, c2, a2)));

    private static string PlanJson(Terms terms, decimal rateOverride = -1m)
    {
        var rate = rateOverride >= 0m ? rateOverride : 0.0333m;
        var commission = terms.Tiered && rateOverride < 0m
            ? """ "rateTable": { "key": "periodToDate", "semantics": "marginal", "tiers": [ { "from": 0, "to": 20000, "rate": 0.0333 }, { "from": 20000, "rate": 0.0717 } ] }, "perDealCap": 1500 """
            : $"\"rate\": {rate.ToString(CultureInfo.InvariantCulture)}";
        var draw = terms.DrawKind switch
        {
            1 => $", \"draw\": {{ \"kind\": \"recoverable\", \"amount\": {terms.DrawAmount}{(terms.RecoveryLimit is { } l ? $", \"recoveryLimit\": {l}" : string.Empty)} }}",
            2 => $", \"draw\": {{ \"kind\": \"nonRecoverable\", \"amount\": {terms.DrawAmount} }}",
            _ => string.Empty,
        };
        var hold = terms.HoldPercent is { } h ? $", \"hold\": {{ \"percent\": {h}, \"releaseOn\": \"attributes.invoicePaid\", \"filter\": [ {{ \"attribute\": \"family\", \"equals\": \"hardware\" }} ] }}" : string.Empty;
        return $$"""
            { "id": "p", "version": 1, "rounding": "{{(terms.AwayFromZero ? "awayFromZero" : "toEven")}}",
              "components": [ { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "quarter", {{commission}} } ],
              "clawback": { "windowDays": {{terms.WindowDays}}, "reduceAttainment": {{(terms.ReduceAttainment ? "true" : "false")}} }{{draw}}{{hold}} }
            """;
    }

    private static Scenario Build(Terms terms, Deal[] deals, decimal rateOverride = -1m)
    {
        var scenario = new Scenario()
            .Plan(PlanJson(terms, rateOverride))
            .Person("ana", Usd).Person("eva", Eur)
            .Assign("ana", "p", "2026-01-01").Assign("eva", "p", "2026-02-10")
            .Fx(Eur, Usd, "2025-12-01", 1.0837m).Fx(Usd, Eur, "2026-02-01", 0.9127m);
        var start = new DateOnly(2026, 1, 1);
        string Day(int day) => start.AddDays(Math.Min(day, 120) - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var i = 0; i < deals.Length; i++)
        {
            var d = deals[i];
            var id = $"B{i:D2}";
            var attributes = d.PaidAfterDays is { } paid ? new Dictionary<string, string> { ["invoicePaid"] = Day(d.Day + paid) } : [];
            var currency = d.Euro ? Eur : Usd;
            scenario.BookWith(id, Day(d.Day), d.Cents / 100m, People[d.Owner], attributes, currency, d.Hardware ? "hardware" : "software");
            if (d.SplitPercent > 0)
            {
                scenario.Split(id, (People[d.Owner], 100m - d.SplitPercent, SplitKind.Revenue), (People[1 - d.Owner], d.SplitPercent, SplitKind.Revenue));
            }

            var first = d.Cents * d.Cancel1 / 100;
            var second = (d.Cents - first) * d.Cancel2 / 100;
            if (first > 0 && d.Day + d.Cancel1After <= 120)
            {
                scenario.Book($"X{i:D2}a", Day(d.Day + d.Cancel1After), -first / 100m, People[d.Owner], currency, cancels: id);
            }

            if (second > 0 && d.Day + d.Cancel2After <= 120)
            {
                scenario.Book($"X{i:D2}b", Day(d.Day + d.Cancel2After), -second / 100m, People[d.Owner], currency, cancels: id);
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
    public void Calculate_ShuffledInput_ByteIdenticalJson()
    {
        Gen.Select(GenTerms, GenDeal.Array[1, 12], Gen.Int).Sample((terms, deals, seed) =>
        {
            var scenario = Build(terms, deals);
            var input = Input(scenario, JanToApr);
            var random = new Random(seed);
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scenario.Bookings));
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scenario.Splits));
            var recalculated = Input(scenario, JanToApr);
            var shuffled = recalculated with
            {
                Plans = Shuffled(input.Plans, random),
                Participants = Shuffled(input.Participants, random),
                Assignments = Shuffled(input.Assignments, random),
                Bookings = Shuffled(input.Bookings, random),
                Periods = Shuffled(recalculated.Periods, random),
            };

            Assert.Equal(JsonSerializer.Serialize(PaymentCalculator.Calculate(input)), JsonSerializer.Serialize(PaymentCalculator.Calculate(shuffled)));
        }, iter: 100);
    }

    [Fact]
    public void Calculate_AnyTerms_PaidPlusHeldMinusOwedEqualsEarningsAfterClawbacksPlusGuarantees()
    {
        Gen.Select(GenTerms, GenDeal.Array[0, 12]).Sample((terms, deals) =>
        {
            var input = Input(Build(terms, deals), JanToApr);

            var result = PaymentCalculator.Calculate(input);

            Assert.Empty(result.Issues);
            foreach (var account in result.Payouts.GroupBy(p => p.ParticipantId))
            {
                var payouts = account.ToList();
                var currency = payouts[0].Payable.Currency;
                Money Sum(Func<Payout, Money> f) => payouts.Aggregate(Money.Zero(currency), (s, p) => s + f(p));
                Assert.Equal(
                    Sum(p => p.Earned) + Sum(p => p.ClawedBack) + Sum(p => p.Guaranteed),
                    Sum(p => p.Payable) + payouts[^1].HeldAfter - payouts[^1].BalanceAfter);
                Assert.All(payouts, p => Assert.True(p.Payable.Amount >= 0m && p.BalanceAfter.Amount >= 0m, $"{p}"));
                Assert.All(payouts, p => Assert.Equal(p.Payable, result.Lines.Where(l => l.ParticipantId == p.ParticipantId && l.PeriodKey == p.PeriodKey)
                    .Aggregate(Money.Zero(currency), (s, l) => s + l.Amount)));
                Assert.Equal(
                    input.Periods.SelectMany(r => r.Earnings).Where(l => l.ParticipantId == account.Key).Sum(l => l.Amount.Amount),
                    Sum(p => p.Earned).Amount);
            }
        }, iter: 200);
    }

    [Fact]
    public void Calculate_ZeroEarningsAndNoDraw_PaysZero()
    {
        Gen.Select(GenTerms, GenDeal.Array[0, 12]).Sample((terms, deals) =>
        {
            var input = Input(Build(terms with { DrawKind = 0 }, deals, rateOverride: 0m), JanToApr);

            var result = PaymentCalculator.Calculate(input);

            Assert.Equal(8, result.Payouts.Count);
            Assert.All(result.Payouts, p => Assert.Equal((0m, 0m, 0m), (p.Payable.Amount, p.HeldAfter.Amount, p.BalanceAfter.Amount)));
        }, iter: 100);
    }

    [Fact]
    public void Calculate_Clawbacks_NeverExceedWhatTheOriginalLineAndBookingEarned()
    {
        Gen.Select(GenTerms, GenDeal.Array[1, 12]).Sample((terms, deals) =>
        {
            var input = Input(Build(terms with { WindowDays = 120 }, deals), JanToApr);

            var result = PaymentCalculator.Calculate(input);

            var clawbacks = result.Lines.Where(l => l.Kind == PayoutLineKind.Clawback).ToList();
            foreach (var group in clawbacks.GroupBy(l => l.Earning!, ReferenceEqualityComparer.Instance))
            {
                var earned = ((EarningLine)group.Key!).Amount.Amount;
                var clawed = group.Sum(l => l.Amount.Amount);
                Assert.True(Math.Abs(clawed) <= Math.Abs(earned) && clawed * earned <= 0m, $"clawed {clawed} of {earned}");
            }

            foreach (var booking in clawbacks.GroupBy(l => (l.ParticipantId, l.BookingIds[0])))
            {
                var earned = input.Periods.SelectMany(r => r.Earnings)
                    .Where(l => l.ParticipantId == booking.Key.ParticipantId && l.BookingIds.Contains(booking.Key.Item2)).Sum(l => l.Amount.Amount);
                Assert.True(-booking.Sum(l => l.Amount.Amount) <= earned, $"booking {booking.Key} clawed more than its {earned}");
            }
        }, iter: 200);
    }
}
