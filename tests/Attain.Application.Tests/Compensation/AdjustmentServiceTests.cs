using Attain.Application.Access;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;

namespace Attain.Application.Tests.Compensation;

public class AdjustmentServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ApprovedForAsync_PendingApprovedRejected_OnlyApprovedCount(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        var ann = world.Org.People[OrgFixture.Ann];
        var bob = world.Org.People[OrgFixture.Bob];
        var a = await s.Adjustments.CreateAsync(world.Carla, new(ann, OperationsWorld.Period, 120.50m, "EUR", "bonus", "Deal 4711 credited late"), Ct);
        var b = await s.Adjustments.CreateAsync(world.Carla, new(ann, OperationsWorld.Period, -20m, null, null, "Overpaid SPIFF"), Ct);
        var c = await s.Adjustments.CreateAsync(world.Carla, new(bob, OperationsWorld.Period, 30m, null, null, "Split correction"), Ct);
        await s.Adjustments.CreateAsync(world.Carla, new(bob, OperationsWorld.Period, 99m, null, null, "Left pending"), Ct);

        var approvedA = await s.Adjustments.DecideAsync(world.Fiona, a.Value!.Id, approve: true, null, Ct);
        await s.Adjustments.DecideAsync(world.Fiona, b.Value!.Id, approve: false, "Not overpaid after all", Ct);
        await s.Adjustments.DecideAsync(world.Analyst, c.Value!.Id, approve: true, "ok", Ct);

        var all = await s.Adjustments.ApprovedForAsync(OperationsWorld.Period, null, Ct);
        var annOnly = await s.Adjustments.ApprovedForAsync(OperationsWorld.Period, [ann], Ct);
        Assert.Equal([(ann, 120.50m), (bob, 30m)], all.Select(x => (x.PersonId, x.Amount)));
        Assert.Equal(120.50m, Assert.Single(annOnly).Amount);
        Assert.Equal(("fiona", AdjustmentStatus.Approved, "EUR", "bonus"), (approvedA.Value!.DecidedBy, approvedA.Value.Status, approvedA.Value.Currency, approvedA.Value.ComponentId));
        Assert.Equal("Ann Ångström", approvedA.Value.PersonName);
    }

    [Fact]
    public async Task DecideAsync_ByTheRequester_SegregationOfDutiesAndStillPending()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        var created = await s.Adjustments.CreateAsync(world.Carla, new(world.Org.People[OrgFixture.Ann], OperationsWorld.Period, 10m, null, null, "reason"), Ct);

        var own = await s.Adjustments.DecideAsync(world.Carla, created.Value!.Id, approve: true, null, Ct);
        var rejectNoReason = await s.Adjustments.DecideAsync(world.Fiona, created.Value.Id, approve: false, null, Ct);
        var approved = await s.Adjustments.DecideAsync(world.Fiona, created.Value.Id, approve: true, null, Ct);
        var twice = await s.Adjustments.DecideAsync(world.Admin, created.Value.Id, approve: false, "changed my mind", Ct);

        Assert.Equal(OperationFailure.SegregationOfDuties, own.Failure);
        Assert.Equal(OperationFailure.Invalid, rejectNoReason.Failure);
        Assert.True(approved.Succeeded);
        Assert.Equal(OperationFailure.InvalidTransition, twice.Failure);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task CreateAsync_ClosedPeriod_PeriodClosedAndNothingStored(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        await world.ClosePeriodAsync(Ct);
        await using var s = world.For();

        var outcome = await s.Adjustments.CreateAsync(world.Carla, new(world.Org.People[OrgFixture.Ann], OperationsWorld.Period, 10m, null, null, "late deal"), Ct);
        var open = await s.Adjustments.CreateAsync(world.Carla, new(world.Org.People[OrgFixture.Ann], "FY2026-M11", 10m, null, null, "late deal, paid in November"), Ct);

        Assert.Equal(OperationFailure.PeriodClosed, outcome.Failure);
        Assert.Contains("FY2026-M10 is closed", outcome.Detail, StringComparison.Ordinal);
        Assert.True(open.Succeeded);
        Assert.Equal(1, (await s.Adjustments.ListAsync(Scope.All, new AdjustmentQuery(), Ct)).Total);
    }

    [Fact]
    public async Task CreateAsync_BadFields_EachIssueNamesItsField()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();

        var missing = await s.Adjustments.CreateAsync(world.Carla, new(null, null, null, null, null, " "), Ct);
        var wrong = await s.Adjustments.CreateAsync(world.Carla, new(world.Org.People[OrgFixture.Ann], "2026-10", 1.23456m, "USD", null, "x"), Ct);

        Assert.Equal(["personId", "periodKey", "amount", "reason"], missing.Issues.Select(i => i.Path));
        Assert.Equal([("unknown_period", "periodKey"), ("amount.precision", "amount"), ("currency.mismatch", "currency")], wrong.Issues.Select(i => (i.Code, i.Path)));
    }

    [Fact]
    public async Task ListAsync_RepScope_OnlyOwnAdjustments()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        await s.Adjustments.CreateAsync(world.Carla, new(world.Org.People[OrgFixture.Ann], OperationsWorld.Period, 10m, null, null, "for Ann"), Ct);
        var bobs = await s.Adjustments.CreateAsync(world.Carla, new(world.Org.People[OrgFixture.Bob], OperationsWorld.Period, 20m, null, null, "for Bob"), Ct);

        var annSees = await s.Adjustments.ListAsync(await world.ScopeOfAsync(world.Ann), new AdjustmentQuery(), Ct);
        var annGetsBobs = await s.Adjustments.GetAsync(await world.ScopeOfAsync(world.Ann), bobs.Value!.Id, Ct);
        var northSees = await s.Adjustments.ListAsync(await world.ScopeOfAsync(world.North), new AdjustmentQuery { Sort = "-amount" }, Ct);

        Assert.Equal(["for Ann"], annSees.Items.Select(a => a.Reason));
        Assert.Null(annGetsBobs);
        Assert.Equal(["for Bob", "for Ann"], northSees.Items.Select(a => a.Reason));
    }
}
