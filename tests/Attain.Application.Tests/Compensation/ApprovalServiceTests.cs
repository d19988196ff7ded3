using Attain.Application.Access;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Application.Quotas;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

/// <summary>The run of <see cref="OperationsWorld"/> was started by <c>analyst</c> (comp-admin); the default chain is manager → comp-admin → finance.</summary>
public class ApprovalServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ApproveAsync_DefaultChainEachStepByItsRole_RunApprovedAndPeriodFinal(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        await using var s = world.For();

        var submitted = await s.Approvals.SubmitAsync(world.Carla, world.RunId, Ct);
        var finalBefore = await s.Approvals.IsFinalAsync(OperationsWorld.Period, Ct);
        var first = await s.Approvals.ApproveAsync(world.North, world.RunId, "team numbers look right", Ct);
        var second = await s.Approvals.ApproveAsync(world.Carla, world.RunId, null, Ct);
        var third = await s.Approvals.ApproveAsync(world.Fiona, world.RunId, null, Ct);

        Assert.Equal((ApprovalStatus.Pending, 0, Roles.Manager), (submitted.Value!.ApprovalStatus, submitted.Value.PendingStep, submitted.Value.PendingRole));
        Assert.False(finalBefore);
        Assert.Equal(Roles.CompAdmin, first.Value!.PendingRole);
        Assert.Equal(Roles.Finance, second.Value!.PendingRole);
        Assert.Equal(ApprovalStatus.Approved, third.Value!.ApprovalStatus);
        Assert.True(await s.Approvals.IsFinalAsync(OperationsWorld.Period, Ct));
        Assert.Equal(
            [(ApprovalAction.Submitted, "carla", null), (ApprovalAction.Approved, "north", "manager"), (ApprovalAction.Approved, "carla", "comp-admin"), (ApprovalAction.Approved, "fiona", "finance")],
            third.Value.History.Select(h => (h.Action, h.Actor, h.Role)));
        Assert.Equal("team numbers look right", third.Value.History[1].Reason);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ApproveAsync_RunStarterOrAdjustmentRequester_SegregationOfDuties(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        await s.Approvals.SetChainAsync(new ApprovalChainRequest([Roles.CompAdmin, Roles.Finance]), Ct);
        await s.Approvals.SubmitAsync(world.Admin, world.RunId, Ct);
        await s.Adjustments.CreateAsync(world.Carla, new AdjustmentRequest(world.Org.People["ann"], OperationsWorld.Period, 10m, null, null, "missed deal"), Ct);

        var byStarter = await s.Approvals.ApproveAsync(world.Analyst, world.RunId, null, Ct);
        var byRequester = await s.Approvals.ApproveAsync(world.Carla, world.RunId, null, Ct);
        var rejectByStarter = await s.Approvals.RejectAsync(world.Analyst, world.RunId, "no", Ct);
        var byAdmin = await s.Approvals.ApproveAsync(world.Admin, world.RunId, null, Ct);
        var adminAgain = await s.Approvals.ApproveAsync(world.Admin, world.RunId, null, Ct);

        Assert.Equal(OperationFailure.SegregationOfDuties, byStarter.Failure);
        Assert.Equal(OperationFailure.SegregationOfDuties, byRequester.Failure);
        Assert.Equal(OperationFailure.SegregationOfDuties, rejectByStarter.Failure);
        Assert.True(byAdmin.Succeeded, byAdmin.Detail);
        Assert.Equal(OperationFailure.SegregationOfDuties, adminAgain.Failure);
        Assert.Equal(["admin", "analyst", "carla"], adminAgain.Failure == OperationFailure.SegregationOfDuties ? (await s.Approvals.GetAsync(world.RunId, Ct))!.BarredApprovers : []);
        Assert.Equal(1, await s.Db.ApprovalDecisions.CountAsync(d => d.Action == ApprovalAction.Approved, Ct));
    }

    [Fact]
    public async Task ApproveAsync_ViewerWithoutTheStepsRole_NotAllowed()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        await s.Approvals.SubmitAsync(world.Carla, world.RunId, Ct);

        var byFinance = await s.Approvals.ApproveAsync(world.Fiona, world.RunId, null, Ct);
        var byRep = await s.Approvals.ApproveAsync(world.Ann, world.RunId, null, Ct);

        Assert.Equal(OperationFailure.NotAllowed, byFinance.Failure);
        Assert.Equal(OperationFailure.NotAllowed, byRep.Failure);
        Assert.Equal(ApprovalStatus.Pending, (await s.Approvals.GetAsync(world.RunId, Ct))!.ApprovalStatus);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task RejectAsync_WithReason_RunReturnedAndNewRunRestartsApproval(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        await s.Approvals.SubmitAsync(world.Carla, world.RunId, Ct);

        var noReason = await s.Approvals.RejectAsync(world.North, world.RunId, "  ", Ct);
        var rejected = await s.Approvals.RejectAsync(world.North, world.RunId, "Ann's October deal is missing", Ct);
        var approveAfter = await s.Approvals.ApproveAsync(world.Carla, world.RunId, null, Ct);
        var second = await world.PublishRunAsync(s.Db, Ct);
        var oldResubmitted = await s.Approvals.SubmitAsync(world.Carla, world.RunId, Ct);
        var fresh = await s.Approvals.GetAsync(second, Ct);

        Assert.Equal(OperationFailure.Invalid, noReason.Failure);
        Assert.Equal("reason", Assert.Single(noReason.Issues).Path);
        Assert.Equal(ApprovalStatus.Rejected, rejected.Value!.ApprovalStatus);
        Assert.Equal("Ann's October deal is missing", rejected.Value.LastRejection);
        Assert.Equal(OperationFailure.InvalidTransition, approveAfter.Failure);
        Assert.Equal(OperationFailure.InvalidTransition, oldResubmitted.Failure);
        Assert.Equal(ApprovalStatus.NotSubmitted, fresh!.ApprovalStatus);
        Assert.Empty(fresh.History);
        Assert.False(await s.Approvals.IsFinalAsync(OperationsWorld.Period, Ct));
        Assert.Single(await s.Approvals.ListAsync(null, Ct));
    }

    [Fact]
    public async Task SetChainAsync_UnknownAndRepeatedRoles_IssuesNamePathsAndChainKept()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();

        var bad = await s.Approvals.SetChainAsync(new ApprovalChainRequest(["finance", "rep", "finance"]), Ct);
        var empty = await s.Approvals.SetChainAsync(new ApprovalChainRequest([]), Ct);

        Assert.Equal([("steps.role", "steps[1]"), ("steps.duplicate", "steps[2]")], bad.Issues.Select(i => (i.Code, i.Path)));
        Assert.Equal("steps", Assert.Single(empty.Issues).Path);
        Assert.Equal(["manager", "comp-admin", "finance"], (await s.Approvals.ChainAsync(Ct)).Steps);
    }

    [Fact]
    public async Task SubmitAsync_ChainChangedAfterwards_RunKeepsTheChainItWasSubmittedInto()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        await s.Approvals.SetChainAsync(new ApprovalChainRequest(["finance"]), Ct);
        await s.Approvals.SubmitAsync(world.Carla, world.RunId, Ct);

        await s.Approvals.SetChainAsync(new ApprovalChainRequest(["manager", "finance"]), Ct);
        var approved = await s.Approvals.ApproveAsync(world.Fiona, world.RunId, null, Ct);

        Assert.Equal(ApprovalStatus.Approved, approved.Value!.ApprovalStatus);
        Assert.Equal(["finance"], approved.Value.Chain);
    }

    [Fact]
    public async Task SubmitAsync_NotifiesHoldersOfTheFirstStepsRole_AndListWaitingForThem()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();

        await s.Approvals.SubmitAsync(world.Carla, world.RunId, Ct);

        var north = await s.Notifications.ListAsync(world.North, cancellationToken: Ct);
        Assert.Equal(1, north.Unread);
        Assert.Contains("waits for your approval", north.Items[0].Text, StringComparison.Ordinal);
        Assert.Equal(0, (await s.Notifications.ListAsync(world.Fiona, cancellationToken: Ct)).Unread);
        Assert.Single(await s.Approvals.ListAsync(world.North, Ct));
        Assert.Empty(await s.Approvals.ListAsync(world.Fiona, Ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ApproveAsync_ChangedPlanVersionAssignmentOrQuotaTheRunUsed_SegregationOfDuties(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        var (ann, bob, north) = (world.Org.People[OrgFixture.Ann], world.Org.People[OrgFixture.Bob], world.Org.People[OrgFixture.North]);
        var annQuota = (await ChangeAsync(world, "setup", db => db.Quotas.Add(Quota(ann)))).Entity;
        store.Clock.Advance(TimeSpan.FromHours(1));
        await ChangeAsync(world, "cody", db => db.Plans.Add(Plan(1, PlanStatus.Published)));
        await ChangeAsync(world, "dana", db => db.PlanAssignments.Add(new PlanAssignmentRecord { PersonId = ann, PlanKey = "ae", EffectiveFrom = new DateOnly(2026, 1, 1) }));
        await ChangeAsync(world, "erin", db => db.Quotas.Add(Quota(bob)));
        await ChangeAsync(world, "jo", db => db.Quotas.Remove(db.Quotas.Single(q => q.Id == annQuota.Id)));
        await ChangeAsync(world, "fred", db => db.Quotas.Add(Quota(north)));
        await ChangeAsync(world, "hank", db => db.Plans.Add(Plan(2, PlanStatus.Draft)));
        await ChangeAsync(world, "ivan", db => db.PlanAssignments.Add(new PlanAssignmentRecord { PersonId = ann, PlanKey = "spiff", EffectiveFrom = new DateOnly(2026, 1, 1) }));
        store.Clock.Advance(TimeSpan.FromHours(1));
        long runId;
        await using (var db = store.NewContext("analyst"))
        {
            runId = await world.PublishRunAsync(db, Ct);
        }

        store.Clock.Advance(TimeSpan.FromHours(1));
        await ChangeAsync(world, "gina", db => db.Quotas.Add(Quota(ann)));
        await using var s = world.For();
        await s.Approvals.SetChainAsync(new ApprovalChainRequest([Roles.CompAdmin]), Ct);
        await s.Approvals.SubmitAsync(world.Admin, runId, Ct);
        Viewer CompAdmin(string name) => new("user-" + name, name, null, new HashSet<string> { Roles.CompAdmin });

        var state = await s.Approvals.GetAsync(runId, Ct);
        var byPlanAuthor = await s.Approvals.ApproveAsync(CompAdmin("cody"), runId, null, Ct);
        var byQuotaDeleter = await s.Approvals.RejectAsync(CompAdmin("jo"), runId, "no", Ct);
        var byUnrelatedEditor = await s.Approvals.ApproveAsync(CompAdmin("fred"), runId, null, Ct);

        Assert.Equal(["analyst", "cody", "dana", "erin", "jo"], state!.BarredApprovers);
        Assert.Equal(OperationFailure.SegregationOfDuties, byPlanAuthor.Failure);
        Assert.Contains("cody changed a plan version, plan assignment or quota that run 2 of FY2026-M10 used", byPlanAuthor.Detail, StringComparison.Ordinal);
        Assert.Equal(OperationFailure.SegregationOfDuties, byQuotaDeleter.Failure);
        Assert.Equal(ApprovalStatus.Approved, byUnrelatedEditor.Value!.ApprovalStatus);
    }

    private static async Task<T> ChangeAsync<T>(OperationsWorld world, string actor, Func<AttainDbContext, T> change)
    {
        await using var db = world.Store.NewContext(actor);
        var changed = change(db);
        await db.SaveChangesAsync(Ct);
        return changed;
    }

    private static Quota Quota(long person) => new()
    {
        PersonId = person,
        Period = "FY2026-Q4",
        PeriodStart = new DateOnly(2026, 10, 1),
        PeriodEnd = new DateOnly(2026, 12, 31),
        Amount = 100_000m,
        Currency = "EUR",
    };

    private static PlanRecord Plan(int version, PlanStatus status) =>
        new() { Key = "ae", Version = version, Name = "AE", Document = "{}", Status = status, CreatedBy = "x" };
}
