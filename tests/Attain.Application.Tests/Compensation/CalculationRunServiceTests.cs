using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Engine.Periods;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

public class CalculationRunServiceTests
{
    /// <summary>The last complete fiscal month before the demo's as-of date: FY2027-M09 (October 2026).</summary>
    internal static readonly string Period = new FiscalCalendar(DemoCompanyGenerator.FiscalYearStartMonth).MonthOf(DemoCompanyStores.AsOf.AddMonths(-1)).Key;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task RunAsync_DemoCompanyTwice_PublishesSecondWithSameChecksumAndSupersedesFirst(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);

        RunOutcome first, second;
        await using (var db = store.NewContext("analyst"))
        {
            first = await new CalculationRunService(db, store.Clock).RunAsync(Period, "first", ct);
        }

        await using (var db = store.NewContext("analyst"))
        {
            second = await new CalculationRunService(db, store.Clock).RunAsync(Period, "again", ct);
        }

        await using var read = store.NewContext();
        var runs = await read.CalculationRuns.OrderBy(r => r.Number).ToListAsync(ct);
        var period = await read.CompensationPeriods.SingleAsync(p => p.PeriodKey == Period, ct);
        Assert.Empty(first.Problems);
        Assert.Empty(second.Problems);
        Assert.Equal([(1, RunStatus.Superseded), (2, RunStatus.Published)], runs.Select(r => (r.Number, r.Status)));
        Assert.Equal(runs[1].Id, period.PublishedRunId);
        Assert.Equal(runs[0].Checksum, runs[1].Checksum);
        Assert.Equal(64, runs[1].Checksum!.Length);
        Assert.Equal("analyst", runs[1].StartedBy);
        Assert.True(await read.RunLines.CountAsync(l => l.RunId == runs[1].Id, ct) > 100, "the demo month should produce well over 100 lines");

        // The checksum hashed while writing (on PostgreSQL batch by batch, as the calculation goes) is that of the rows
        // the engine gives in memory, in canonical order.
        var loaded = await CompensationInputs.LoadAsync(read, Period, [], cancellationToken: ct);
        Assert.Equal(CalculationRunService.Checksum(CalculationRunService.Calculate(loaded!)), runs[1].Checksum);
    }

    [Fact]
    public async Task RunAsync_DemoCompany_EachPayoutIsTheSumOfItsLinesAndOverridesPayOnePercent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, ct);
        await using var db = store.NewContext();

        var outcome = await new CalculationRunService(db, store.Clock).RunAsync(Period, null, ct);

        var runId = outcome.Run!.Id;
        var lines = await db.RunLines.Where(l => l.RunId == runId).ToListAsync(ct);
        var payouts = await db.RunPayouts.Where(p => p.RunId == runId).ToListAsync(ct);
        Assert.NotEmpty(payouts);
        foreach (var payout in payouts)
        {
            Assert.Equal(payout.Payable, lines.Where(l => l.PersonId == payout.PersonId && l.PlanKey == payout.PlanKey).Sum(l => l.Amount));
        }

        var overrides = lines.Where(l => l.PlanKey == DemoPlans.ManagerOverride && l.Source == RunLineSource.Earning).GroupBy(l => (l.PersonId, l.PeriodKey)).ToList();
        Assert.NotEmpty(overrides);
        foreach (var quarter in overrides)
        {
            Assert.All(quarter, l => Assert.Equal(0.01m, l.Rate));
        }

        var measures = await db.RunMeasures.Where(m => m.RunId == runId && m.PlanKey == DemoPlans.AccountExecutive && m.ComponentId == "bonus").ToListAsync(ct);
        Assert.All(measures, m => Assert.NotNull(m.Quota));
        Assert.All(measures.Where(m => m.Quota > 0), m => Assert.Equal(Math.Round(m.Value / m.Quota!.Value * 100m, 6, MidpointRounding.ToEven), Math.Round(m.AttainmentPercent!.Value, 6, MidpointRounding.ToEven)));
    }

    [Fact]
    public async Task RunAsync_UnknownPeriod_ProblemAndNoRun()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, ct);
        await using var db = store.NewContext();

        var outcome = await new CalculationRunService(db, store.Clock).RunAsync("2026-10", null, ct);

        Assert.Null(outcome.Run);
        Assert.Equal("invalid_period", Assert.Single(outcome.Problems).Code);
        Assert.False(await db.CalculationRuns.AnyAsync(ct));
    }
}
