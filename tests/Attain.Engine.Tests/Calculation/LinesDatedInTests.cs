using Attain.Engine.Calculation;
using static Attain.Engine.Tests.Calculation.Scenario;

namespace Attain.Engine.Tests.Calculation;

public class LinesDatedInTests
{
    [Fact]
    public void LinesDatedIn_EngineLines_GivesTheSameRecordsAsFilteringTheList()
    {
        var scenario = new Scenario()
            .Plan(Commission(FiveThenTen("marginal")))
            .Person("rep").Assign("rep", "p", "2026-01-01")
            .Book("B1", "2026-01-05", 60_000m, "rep")
            .Book("B2", "2026-02-06", 70_000m, "rep")
            .Book("B3", "2026-03-07", 10_000m, "rep");
        var result = Calculator.Calculate(scenario.Input());
        var february = new Engine.Periods.DateRange(D("2026-02-01"), D("2026-02-28"));

        var view = Calculator.LinesDatedIn(result.Earnings, february);
        var copied = Calculator.LinesDatedIn([.. result.Earnings], february);

        Assert.Equal(2, view.Count);
        Assert.All(view, l => Assert.Equal(D("2026-02-06"), l.Date));
        Assert.Equal([40_000m, 30_000m], view.Select(l => l.Base));
        Assert.Same(result.Earnings.First(l => l.Date == D("2026-02-06")), view[0]);
        Assert.Equal(view, copied);
    }

    /// <summary>
    /// A line read for a reader that keeps it (the payment stage) is made without the list keeping it: the same values
    /// as the list's record (its id lists are other lists, so compared as JSON), not the same object, until the list's own was read; then it is that one. Lines past the first
    /// chunk of records (256) too.
    /// </summary>
    [Fact]
    public void LineFor_EngineLines_EqualRecordKeptOnlyOnceTheListReadIt()
    {
        var scenario = new Scenario().Plan(Commission(FiveThenTen("marginal"))).Person("rep").Assign("rep", "p", "2026-01-01");
        for (var i = 0; i < 300; i++)
        {
            scenario.Book($"B{i:D3}", $"2026-01-{1 + (i % 28):D2}", 1_000m, "rep");
        }

        var earnings = Calculator.Calculate(scenario.Input()).Earnings;

        var unkept = Calculator.LineFor(earnings, 280);
        var listed = earnings[280];

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(listed), System.Text.Json.JsonSerializer.Serialize(unkept));
        Assert.NotSame(listed, unkept);
        Assert.Same(listed, Calculator.LineFor(earnings, 280));
        Assert.Same(listed, earnings[280]);
        Assert.Equal(281, listed.Sequence);
    }

    /// <summary>
    /// Facts read a block at a time (run by run of the compact lines, across the lists of two participants and inside a
    /// dated view) are the facts read line by line.
    /// </summary>
    [Fact]
    public void FactsOf_Block_SameAsLineByLine()
    {
        var scenario = new Scenario().Plan(Commission(FiveThenTen("marginal"))).Person("ana").Person("rep")
            .Assign("ana", "p", "2026-01-01").Assign("rep", "p", "2026-01-01");
        for (var i = 0; i < 40; i++)
        {
            scenario.Book($"B{i:D3}", $"2026-0{1 + (i % 3)}-{1 + (i % 28):D2}", 10_000m + i, i % 3 == 0 ? "ana" : "rep");
        }

        var earnings = Calculator.Calculate(scenario.Input()).Earnings;
        var february = Calculator.LinesDatedIn(earnings, new Engine.Periods.DateRange(D("2026-02-01"), D("2026-02-28")));

        foreach (var lines in new[] { earnings, february })
        {
            var block = new Calculator.LineFacts[lines.Count - 3];
            Calculator.FactsOf(lines, 3, block);

            Assert.Equal(Enumerable.Range(3, lines.Count - 3).Select(i => Calculator.FactsOf(lines, i)), block);
        }

        Assert.Contains(earnings, l => l.ParticipantId == "ana");
        Assert.Contains(earnings, l => l.ParticipantId == "rep");
    }
}
