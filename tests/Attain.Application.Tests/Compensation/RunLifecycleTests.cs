using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Engine.Periods;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

/// <summary>One active run per period (also under a race), stale runs failed by the next start, and progress.</summary>
public class RunLifecycleTests
{
    private static readonly string Period = new FiscalCalendar(DemoCompanyGenerator.FiscalYearStartMonth).MonthOf(new DateOnly(2026, 10, 15)).Key;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task StartAsync_WhileARunOfThePeriodIsRunning_ConflictRunActive(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        await using var first = store.NewContext("alice");
        await using var second = store.NewContext("bob");

        var started = await new CalculationRunService(first, store.Clock).StartAsync(Period, "first", ct);
        var refused = await new CalculationRunService(second, store.Clock).StartAsync(Period, "second", ct);

        Assert.NotNull(started.Run);
        Assert.Equal((RunStatus.Running, RunPhase.Queued, "alice"), (started.Run.Status, started.Run.Phase, started.Run.StartedBy));
        Assert.True(refused.Conflict);
        Assert.Null(refused.Run);
        Assert.Equal("run_active", Assert.Single(refused.Problems).Code);
        await using var read = store.NewContext();
        Assert.Equal(1, await read.CalculationRuns.CountAsync(ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task StartAsync_EightStartsAtOnce_ExactlyOneRunsTheOthersConflict(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        var contexts = Enumerable.Range(0, 8).Select(i => store.NewContext($"user{i}")).ToList();
        using var gate = new SemaphoreSlim(0);

        var starts = contexts.Select(db => Task.Run(
            async () =>
            {
                await gate.WaitAsync(ct);
                return await new CalculationRunService(db, store.Clock).StartAsync(Period, null, ct);
            },
            ct)).ToList();
        gate.Release(starts.Count);
        var outcomes = await Task.WhenAll(starts);

        Assert.Single(outcomes, o => o.Run is not null);
        Assert.Equal(7, outcomes.Count(o => o.Conflict && o.Problems.Single().Code == "run_active"));
        await using var read = store.NewContext();
        Assert.Equal(1, await read.CalculationRuns.CountAsync(r => r.PeriodKey == Period && r.Status == RunStatus.Running, ct));
        foreach (var db in contexts)
        {
            await db.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task SaveChanges_SecondRunningRowOfAPeriod_RefusedByTheStore(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        db.CalculationRuns.Add(new CalculationRun { PeriodKey = "FY2027-M09", Number = 1, Status = RunStatus.Running, StartedBy = "a" });
        db.CalculationRuns.Add(new CalculationRun { PeriodKey = "FY2027-M09", Number = 2, Status = RunStatus.Failed, StartedBy = "a" });
        await db.SaveChangesAsync(ct);
        db.CalculationRuns.Add(new CalculationRun { PeriodKey = "FY2027-M09", Number = 3, Status = RunStatus.Running, StartedBy = "b" });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task StartAsync_RunLeftRunningWithoutHeartbeat_FailsItDeletesItsRowsAndStarts(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        long dead;
        await using (var db = store.NewContext())
        {
            // A process that died while writing: the run is Running and some of its rows are written.
            dead = (await new CalculationRunService(db, store.Clock).StartAsync(Period, null, ct)).Run!.Id;
            var person = await db.People.Select(p => p.Id).FirstAsync(ct);
            db.RunPayouts.Add(new RunPayout { RunId = dead, PersonId = person, PlanKey = "ae-quarterly", PeriodKey = Period, Currency = "EUR", Payable = 10m });
            db.RunLines.Add(new RunLine { RunId = dead, PersonId = person, Number = 1, Kind = "Commission", PlanKey = "ae-quarterly", PeriodKey = Period, Rule = "r", Amount = 10m, Currency = "EUR" });
            await db.SaveChangesAsync(ct);
        }

        store.Clock.Advance(CalculationRunService.StaleAfter - TimeSpan.FromMinutes(1));
        RunOutcome tooEarly, later;
        await using (var db = store.NewContext())
        {
            tooEarly = await new CalculationRunService(db, store.Clock).StartAsync(Period, null, ct);
        }

        store.Clock.Advance(TimeSpan.FromMinutes(2));
        await using (var db = store.NewContext())
        {
            later = await new CalculationRunService(db, store.Clock).RunAsync(Period, "after the crash", ct);
        }

        Assert.True(tooEarly.Conflict);
        Assert.Empty(later.Problems);
        await using var read = store.NewContext();
        var old = await read.CalculationRuns.SingleAsync(r => r.Id == dead, ct);
        Assert.Equal((RunStatus.Failed, RunPhase.Queued), (old.Status, old.Phase));
        Assert.StartsWith("Abandoned", old.Failure, StringComparison.Ordinal);
        Assert.False(await read.RunLines.AnyAsync(l => l.RunId == dead, ct));
        Assert.False(await read.RunPayouts.AnyAsync(p => p.RunId == dead, ct));
        Assert.Equal((2, RunStatus.Published), (later.Run!.Number, later.Run.Status));
    }

    /// <summary>On PostgreSQL the lines are written while calculating and progress goes through a second context: the same reports.</summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task RunAsync_DemoCompany_ReportsEachPhaseInOrderAndEndsDoneWithAllParticipants(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        await using var db = store.NewContext();
        var reports = new List<RunProgress>();
        var progress = new SynchronousProgress(reports);

        var outcome = await new CalculationRunService(db, store.Clock).RunAsync(Period, null, progress, ct);

        Assert.Equal(
            [RunPhase.Reading, RunPhase.Calculating, RunPhase.Writing, RunPhase.Publishing, RunPhase.Done],
            reports.Select(r => r.Phase).Distinct());
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Phase <= p.Second.Phase && p.First.ParticipantsDone <= p.Second.ParticipantsDone), "phases and participants never go back");
        await using var read = store.NewContext();
        var run = await read.CalculationRuns.SingleAsync(r => r.Id == outcome.Run!.Id, ct);
        Assert.Equal((RunStatus.Published, RunPhase.Done), (run.Status, run.Phase));
        var paid = await read.RunPayouts.Where(p => p.RunId == run.Id).Select(p => p.PersonId).Distinct().CountAsync(ct);
        Assert.InRange(run.ParticipantsTotal, paid, paid + 20);
        Assert.Equal(run.ParticipantsTotal, run.ParticipantsDone);
        Assert.Equal(100, (await new RunBrowser(read).GetAsync(run.Id, ct))!.ProgressPercent);
    }

    /// <summary>
    /// Cancelled once its lines are written (on PostgreSQL, inside the staging transaction its <c>COPY</c> wrote them in):
    /// the run fails as cancelled, none of its rows stay, and the published run before it is untouched.
    /// </summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task RunAsync_CancelledWhileWriting_RunFailedNoRowsKeptPublishedRunUntouched(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        long published;
        int publishedLines;
        await using (var db = store.NewContext())
        {
            published = (await new CalculationRunService(db, store.Clock).RunAsync(Period, "first", ct)).Run!.Id;
            publishedLines = await db.RunLines.CountAsync(l => l.RunId == published, ct);
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reports = new List<RunProgress>();
        var progress = new SynchronousProgress(reports, RunPhase.Writing, cancel);
        await using var run = store.NewContext();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new CalculationRunService(run, store.Clock).RunAsync(Period, "second", progress, cancel.Token));

        Assert.Contains(reports, r => r.Phase == RunPhase.Writing);
        await using var read = store.NewContext();
        var cancelled = await read.CalculationRuns.SingleAsync(r => r.PeriodKey == Period && r.Number == 2, ct);
        Assert.Equal((RunStatus.Failed, "Cancelled before it finished."), (cancelled.Status, cancelled.Failure));
        Assert.False(await read.RunLines.AnyAsync(l => l.RunId == cancelled.Id, ct));
        Assert.False(await read.RunMeasures.AnyAsync(m => m.RunId == cancelled.Id, ct));
        Assert.False(await read.RunPayouts.AnyAsync(p => p.RunId == cancelled.Id, ct));
        Assert.Equal(RunStatus.Published, (await read.CalculationRuns.SingleAsync(r => r.Id == published, ct)).Status);
        Assert.Equal(publishedLines, await read.RunLines.CountAsync(l => l.RunId == published, ct));
        Assert.True(publishedLines > 0);
    }

    [Fact]
    public async Task ExecuteAsync_PlanWithoutPublishedVersion_RunFailedWithTheProblemAndPeriodFreeAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, ct);
        await using (var db = store.NewContext())
        {
            await db.Plans.ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PlanStatus.Draft), ct);
        }

        await using var run = store.NewContext();
        var service = new CalculationRunService(run, store.Clock);

        var outcome = await service.RunAsync(Period, null, ct);

        Assert.NotEmpty(outcome.Problems);
        Assert.Equal(RunStatus.Failed, outcome.Run!.Status);
        Assert.Contains(outcome.Problems[0].Code, outcome.Run.Failure, StringComparison.Ordinal);
        Assert.NotNull((await service.StartAsync(Period, null, ct)).Run);
    }

    /// <summary>
    /// Records reports on the caller's thread (Progress&lt;T&gt; posts them later, out of order with the assertions); given a
    /// phase and a source, cancels it at the first report of that phase.
    /// </summary>
    private sealed class SynchronousProgress(List<RunProgress> reports, RunPhase? cancelAt = null, CancellationTokenSource? cancel = null) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            reports.Add(value);
            if (value.Phase == cancelAt)
            {
                cancel?.Cancel();
            }
        }
    }
}
