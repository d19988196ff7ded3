using System.Globalization;
using Attain.Engine.Calculation;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class StreamingTests
{
    // More assignments than one streamed batch (256), with tiers crossed, a cap reached and roll-ups, so that batches split
    // a participant's lines from their manager's.
    private static Scenario ManyParticipants()
    {
        var scenario = new Scenario { Crediting = new Engine.Crediting.CreditingPolicy(1, MidpointRounding.ToEven) }
            .Plan(Commission(
                """
                "rateTable": { "key": "periodToDate", "semantics": "marginal", "tiers": [ { "from": 0, "to": 1000, "rate": 0.05 }, { "from": 1000, "rate": 0.08 } ] }
                """,
                """
                , "perPeriodCap": 150
                """));
        for (var p = 0; p < 300; p++)
        {
            var id = $"p{p:D3}";
            scenario.Person(id).Assign(id, "p", "2026-01-01");
            if (p >= 10)
            {
                scenario.Reports(id, $"p{p % 10:D3}");
            }

            for (var b = 0; b < 3; b++)
            {
                var date = new DateOnly(2026, 1 + b, 1 + (p % 27)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                scenario.Book($"B{p:D3}-{b}", date, 300m + (p * 7) + (b * 400), id);
            }
        }

        return scenario;
    }

    [Fact]
    public void Calculate_WithLineReceiver_HandsOverTheSameLinesInOrderAndKeepsNone()
    {
        var input = ManyParticipants().Input();
        var kept = Calculator.Calculate(input);
        var received = new List<EarningLine>();
        var batches = 0;

        var streamed = Calculator.Calculate(input, lines =>
        {
            batches++;
            received.AddRange(lines);
        });

        Assert.True(batches >= 2, $"{batches} batch(es)");
        Assert.Empty(streamed.Earnings);
        Assert.Equal(kept.Earnings.Count, received.Count);
        Assert.Equal(ToJson(kept), ToJson(streamed with { Earnings = received }));
        Assert.Contains(received, l => l.Kind == EarningKind.PeriodCap);
        Assert.Contains(received, l => l.TierIndex == 1);
    }

    [Fact]
    public void Calculate_SlowReceiver_OneBatchAtATimeAndAllHandedOverBeforeReturning()
    {
        var input = ManyParticipants().Input();
        var (inside, most, batches) = (0, 0, 0);

        var result = Calculator.Calculate(input, lines =>
        {
            var now = Interlocked.Increment(ref inside);
            most = Math.Max(most, now);
            Thread.Sleep(5); // the next batch is calculated meanwhile
            batches++;
            Interlocked.Decrement(ref inside);
        });

        Assert.Equal(1, most);
        Assert.True(batches > 1);
        Assert.Equal(0, Volatile.Read(ref inside));
        Assert.NotEmpty(result.Measures);
    }

    [Fact]
    public void Calculate_ReceiverThrows_FailureSurfacesAsItselfAndNoLaterBatchArrives()
    {
        var input = ManyParticipants().Input();
        var batches = 0;

        var thrown = Assert.Throws<InvalidOperationException>(() => Calculator.Calculate(input, _ =>
        {
            batches++;
            throw new InvalidOperationException("receiver failed");
        }));

        Assert.Equal("receiver failed", thrown.Message);
        Assert.Equal(1, batches);
    }
}
