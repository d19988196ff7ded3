using System.Globalization;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Tests.Compensation.PeriodCloseServiceTests;

namespace Attain.Application.Tests.Compensation;

public class PriorPeriodAdjustmentServiceTests
{
    /// <summary>The done-when: a late cancellation in the closed period shows up as a prior-period adjustment in the next one with its reason.</summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task RecalculateAsync_LateCancellationInClosedPeriod_PriorPeriodAdjustmentInNextPeriodWithItsReason(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        var closedRun = await RunAsync(store, August, ct);
        await CloseAsync(store, August, ct);
        var (order, rep) = await CommissionedOrderAsync(store, closedRun.Id, August, ct);
        var publishedLines = await LinesAsync(store, closedRun.Id, ct);
        var cancellation = await CancelAsync(store, order, "CXL-LATE-1", order.BookingDate, ct);

        RecalculationOutcome outcome;
        await using (var db = store.NewContext("comp-admin"))
        {
            outcome = await new PriorPeriodAdjustmentService(db, store.Clock).RecalculateAsync(August, "late cancellation", null, ct);
        }

        await using var read = store.NewContext();
        var payableBefore = await read.RunPayouts.Where(p => p.RunId == closedRun.Id && p.PersonId == rep).SumAsync(p => p.Payable, ct);
        var payableAfter = await read.RunPayouts.Where(p => p.RunId == outcome.Run!.Id && p.PersonId == rep).SumAsync(p => p.Payable, ct);
        var adjustment = await read.Adjustments.SingleAsync(a => a.PersonId == rep, ct);
        var period = await read.CompensationPeriods.SingleAsync(p => p.PeriodKey == August, ct);
        var closed = await read.CalculationRuns.SingleAsync(r => r.Id == closedRun.Id, ct);
        Assert.Empty(outcome.Problems);
        Assert.Equal(September, outcome.CarriedInto);
        Assert.Equal(RunStatus.Staged, outcome.Run!.Status);
        Assert.True(payableAfter < payableBefore, $"the cancellation should lower the rep's payable ({payableBefore} → {payableAfter})");
        Assert.Equal(AdjustmentKind.PriorPeriod, adjustment.Kind);
        Assert.Equal(September, adjustment.PeriodKey);
        Assert.Equal(payableAfter - payableBefore, adjustment.Amount);
        Assert.Equal(AdjustmentStatus.Approved, adjustment.Status);
        Assert.Equal(August, adjustment.SourcePeriodKey);
        Assert.Equal(outcome.Run.Id, adjustment.SourceRunId);
        Assert.Contains($"booking {order.ExternalId} cancelled by {cancellation.ExternalId} dated {order.BookingDate:yyyy-MM-dd}", adjustment.Reason, StringComparison.Ordinal);
        Assert.Contains("FY2027-M08", adjustment.Reason, StringComparison.Ordinal);
        Assert.Equal(closedRun.Id, period.PublishedRunId);
        Assert.Equal(PeriodState.Closed, period.State);
        Assert.Equal(RunStatus.Published, closed.Status);
        Assert.Equal(closedRun.Checksum, closed.Checksum);
        Assert.Equal(publishedLines, await LinesAsync(store, closedRun.Id, ct));
        Assert.Contains(await LinesAsync(store, outcome.Run.Id, ct), l => l.Contains("CXL-LATE-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecalculateAsync_Twice_SecondCarriesOnlyWhatIsNew()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, ct);
        var closedRun = await RunAsync(store, August, ct);
        await CloseAsync(store, August, ct);
        var (order, rep) = await CommissionedOrderAsync(store, closedRun.Id, August, ct);
        await CancelAsync(store, order, "CXL-LATE-1", order.BookingDate, ct);

        RecalculationOutcome first, second, third;
        await using (var db = store.NewContext("comp-admin"))
        {
            first = await new PriorPeriodAdjustmentService(db, store.Clock).RecalculateAsync(August, null, null, ct);
        }

        await using (var db = store.NewContext("comp-admin"))
        {
            second = await new PriorPeriodAdjustmentService(db, store.Clock).RecalculateAsync(August, null, null, ct);
        }

        var (other, otherRep) = await CommissionedOrderAsync(store, closedRun.Id, August, ct);
        await CancelAsync(store, other, "CXL-LATE-2", other.BookingDate, ct);
        await using (var db = store.NewContext("comp-admin"))
        {
            third = await new PriorPeriodAdjustmentService(db, store.Clock).RecalculateAsync(August, null, "FY2027-M10", ct);
        }

        await using var read = store.NewContext();
        var adjustments = await read.Adjustments.OrderBy(a => a.Id).ToListAsync(ct);
        var before = await read.RunPayouts.Where(p => p.RunId == closedRun.Id).GroupBy(p => p.PersonId).Select(g => new { g.Key, Payable = g.Sum(p => p.Payable) }).ToDictionaryAsync(g => g.Key, g => g.Payable, ct);
        var after = await read.RunPayouts.Where(p => p.RunId == third.Run!.Id).GroupBy(p => p.PersonId).Select(g => new { g.Key, Payable = g.Sum(p => p.Payable) }).ToDictionaryAsync(g => g.Key, g => g.Payable, ct);
        Assert.NotEmpty(first.Adjustments);
        Assert.Empty(second.Adjustments);
        Assert.NotEqual(order.Id, other.Id);
        Assert.Contains(third.Adjustments, a => a.PersonId == otherRep && a.PeriodKey == "FY2027-M10" && a.Reason.Contains("CXL-LATE-2", StringComparison.Ordinal));
        Assert.DoesNotContain(third.Adjustments, a => a.Reason.Contains("CXL-LATE-1", StringComparison.Ordinal));
        foreach (var person in before.Keys.Union(after.Keys))
        {
            Assert.Equal(after.GetValueOrDefault(person) - before.GetValueOrDefault(person), adjustments.Where(a => a.PersonId == person).Sum(a => a.Amount));
        }
    }

    /// <summary>Every line of a run as text, in order: what readers of the run see.</summary>
    private static async Task<List<string>> LinesAsync(TestStore store, long run, CancellationToken ct)
    {
        await using var db = store.NewContext();
        return [.. (await db.RunLines.AsNoTracking().Where(l => l.RunId == run).OrderBy(l => l.PersonId).ThenBy(l => l.Number).ToListAsync(ct))
            .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.PersonId}|{l.Number}|{l.Kind}|{l.ComponentId}|{l.BookingIds}|{l.Amount:0.00##}|{l.Rule}"))];
    }

    [Fact]
    public async Task RecalculateAsync_OpenPeriod_PublishedWithoutAdjustments()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, ct);
        await using var db = store.NewContext();

        var outcome = await new PriorPeriodAdjustmentService(db, store.Clock).RecalculateAsync(September, null, null, ct);
        var invalid = await new PriorPeriodAdjustmentService(db, store.Clock).RecalculateAsync("M9", null, null, ct);

        Assert.Equal(RunStatus.Published, outcome.Run!.Status);
        Assert.Empty(outcome.Adjustments);
        Assert.Null(outcome.CarriedInto);
        Assert.Equal("invalid_period", Assert.Single(invalid.Problems).Code);
        Assert.False(await db.Adjustments.AnyAsync(ct));
    }
}
