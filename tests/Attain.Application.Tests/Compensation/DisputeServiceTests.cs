using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

/// <summary>The test clock starts at 2026-11-27 09:00 UTC (the organisation's zone is UTC); the default SLA is 10 days.</summary>
public class DisputeServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ResolveAsync_OpenReviewResolve_AdjustmentLinkedAndEachStepNotifiesTheOtherSide(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        await using var s = world.For();

        var raised = await s.Disputes.RaiseAsync(world.Ann, new DisputeRequest(world.RunId, 2, "Line 2 should be 80, the deal was 1,600"), Ct);
        var id = raised.Value!.Id;
        var officeAfterRaise = (await s.Notifications.ListAsync(world.Carla, cancellationToken: Ct)).Unread;
        await s.Disputes.ReviewAsync(world.Carla, id, Ct);
        await s.Disputes.CommentAsync(world.Ann, await world.ScopeOfAsync(world.Ann), id, new("The order form is attached to the deal."), Ct);
        var analystNotified = (await s.Notifications.ListAsync(world.Analyst, cancellationToken: Ct)).Unread;
        var resolved = await s.Disputes.ResolveAsync(world.Carla, id, new DisputeResolution(30m, null, null, "Deal 1,600 at 5 %: 30.00 more"), Ct);

        Assert.Equal((DisputeStatus.Open, 2, 50m), (raised.Value.Status, raised.Value.LineNumber, raised.Value.Line!.Amount));
        Assert.Equal(1, officeAfterRaise);
        Assert.Equal(1, analystNotified);
        Assert.Equal(DisputeStatus.Resolved, resolved.Value!.Status);
        var adjustment = await s.Db.Adjustments.SingleAsync(a => a.Id == resolved.Value.AdjustmentId, Ct);
        Assert.Equal((AdjustmentKind.Dispute, id, 30m, "bonus", AdjustmentStatus.Pending, "carla"), (adjustment.Kind, adjustment.DisputeId, adjustment.Amount, adjustment.ComponentId, adjustment.Status, adjustment.RequestedBy));
        var annInbox = await s.Notifications.ListAsync(world.Ann, cancellationToken: Ct);
        Assert.Equal(2, annInbox.Unread);
        Assert.All(annInbox.Items, n => Assert.Equal($"compensation/disputes/{id}", n.Link));
        Assert.Contains("resolved with an adjustment of 30.00 EUR", annInbox.Items[0].Text, StringComparison.Ordinal);
        Assert.Equal(2, (await s.Notifications.ListAsync(world.Carla, cancellationToken: Ct)).Unread);
        Assert.Equal(["ann"], (await s.Disputes.GetAsync(Attain.Application.Access.Scope.All, id, Ct))!.Comments.Select(c => c.Author));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Transitions_OutOfOrderOrByTheParticipant_Refused(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        var id = (await s.Disputes.RaiseAsync(world.Ann, new DisputeRequest(world.RunId, null, "Where is my SPIFF?"), Ct)).Value!.Id;

        var resolveOpen = await s.Disputes.ResolveAsync(world.Carla, id, new DisputeResolution(10m, null, null, "x"), Ct);
        var rejectOpen = await s.Disputes.RejectAsync(world.Carla, id, new("no"), Ct);
        var byAnn = await s.Disputes.ReviewAsync(world.Ann, id, Ct);
        var review = await s.Disputes.ReviewAsync(world.Carla, id, Ct);
        var reviewTwice = await s.Disputes.ReviewAsync(world.Carla, id, Ct);
        var rejectNoReason = await s.Disputes.RejectAsync(world.Carla, id, new(" "), Ct);
        var rejected = await s.Disputes.RejectAsync(world.Carla, id, new("The SPIFF ended in September."), Ct);
        var resolveRejected = await s.Disputes.ResolveAsync(world.Carla, id, new DisputeResolution(10m, null, null, "x"), Ct);

        Assert.Equal(OperationFailure.InvalidTransition, resolveOpen.Failure);
        Assert.Equal(OperationFailure.InvalidTransition, rejectOpen.Failure);
        Assert.Equal(OperationFailure.NotAllowed, byAnn.Failure);
        Assert.True(review.Succeeded);
        Assert.Equal(OperationFailure.InvalidTransition, reviewTwice.Failure);
        Assert.Equal(OperationFailure.Invalid, rejectNoReason.Failure);
        Assert.Equal((DisputeStatus.Rejected, "The SPIFF ended in September."), (rejected.Value!.Status, rejected.Value.Resolution));
        Assert.Equal(OperationFailure.InvalidTransition, resolveRejected.Failure);
        Assert.False(await s.Db.Adjustments.AnyAsync(Ct));
    }

    [Fact]
    public async Task ResolveAsync_IntoClosedPeriod_PeriodClosedAndDisputeStaysInReview()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        var id = (await s.Disputes.RaiseAsync(world.Ann, new DisputeRequest(world.RunId, 1, "?"), Ct)).Value!.Id;
        await s.Disputes.ReviewAsync(world.Carla, id, Ct);
        await world.ClosePeriodAsync(Ct);

        var intoClosed = await s.Disputes.ResolveAsync(world.Carla, id, new DisputeResolution(10m, null, null, "owed"), Ct);
        var intoNext = await s.Disputes.ResolveAsync(world.Carla, id, new DisputeResolution(10m, "FY2026-M11", null, "owed"), Ct);

        Assert.Equal(OperationFailure.PeriodClosed, intoClosed.Failure);
        Assert.Equal((DisputeStatus.Resolved, "FY2026-M11"), (intoNext.Value!.Status, (await s.Db.Adjustments.SingleAsync(Ct)).PeriodKey));
    }

    [Fact]
    public async Task RaiseAsync_LineNotOnOwnStatement_IssueAndNothingStored()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();

        var bobLine2 = await s.Disputes.RaiseAsync(world.Bob, new DisputeRequest(world.RunId, 2, "mine?"), Ct);
        var noRun = await s.Disputes.RaiseAsync(world.North, new DisputeRequest(world.RunId, null, "I have no lines"), Ct);
        var admin = await s.Disputes.RaiseAsync(world.Admin, new DisputeRequest(world.RunId, null, "x"), Ct);

        Assert.Equal(("unknown_value", "lineNumber"), (Assert.Single(bobLine2.Issues).Code, bobLine2.Issues[0].Path));
        Assert.Equal("runId", Assert.Single(noRun.Issues).Path);
        Assert.Equal("person.required", Assert.Single(admin.Issues).Code);
        Assert.False(await s.Db.Disputes.AnyAsync(Ct));
    }

    [Fact]
    public async Task GetAndComment_ScopedByPerson_RepSeesOwnManagerReadsOnly()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        var id = (await s.Disputes.RaiseAsync(world.Ann, new DisputeRequest(world.RunId, 1, "?"), Ct)).Value!.Id;

        var bobGets = await s.Disputes.GetAsync(await world.ScopeOfAsync(world.Bob), id, Ct);
        var bobComments = await s.Disputes.CommentAsync(world.Bob, await world.ScopeOfAsync(world.Bob), id, new("me too"), Ct);
        var northGets = await s.Disputes.GetAsync(await world.ScopeOfAsync(world.North), id, Ct);
        var northComments = await s.Disputes.CommentAsync(world.North, await world.ScopeOfAsync(world.North), id, new("ok"), Ct);
        var bobList = await s.Disputes.ListAsync(await world.ScopeOfAsync(world.Bob), new DisputeQuery(), Ct);

        Assert.Null(bobGets);
        Assert.Equal(OperationFailure.NotFound, bobComments.Failure);
        Assert.NotNull(northGets);
        Assert.Equal(OperationFailure.NotAllowed, northComments.Failure);
        Assert.Equal(0, bobList.Total);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ListAsync_SlaAgeing_OverdueAfterMoreThanSlaDaysWhileOpen(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        var early = (await s.Disputes.RaiseAsync(world.Ann, new DisputeRequest(world.RunId, 1, "early"), Ct)).Value!.Id;
        world.Store.Clock.Advance(TimeSpan.FromDays(1));
        var closed = (await s.Disputes.RaiseAsync(world.Ann, new DisputeRequest(world.RunId, 2, "closed soon"), Ct)).Value!.Id;
        await s.Disputes.ReviewAsync(world.Carla, closed, Ct);
        world.Store.Clock.Advance(TimeSpan.FromDays(2));
        await s.Disputes.RejectAsync(world.Carla, closed, new("no"), Ct);
        world.Store.Clock.Advance(TimeSpan.FromDays(7));

        var atTen = await s.Disputes.GetAsync(Attain.Application.Access.Scope.All, early, Ct);
        world.Store.Clock.Advance(TimeSpan.FromDays(1));
        var atEleven = await s.Disputes.GetAsync(Attain.Application.Access.Scope.All, early, Ct);
        var overdue = await s.Disputes.ListAsync(Attain.Application.Access.Scope.All, new DisputeQuery { Overdue = true }, Ct);
        var notOverdue = await s.Disputes.ListAsync(Attain.Application.Access.Scope.All, new DisputeQuery { Overdue = false }, Ct);
        await s.Disputes.SetSettingsAsync(new DisputeSettingsRequest(20), Ct);
        var withLongerSla = await s.Disputes.ListAsync(Attain.Application.Access.Scope.All, new DisputeQuery { Overdue = true }, Ct);

        Assert.Equal((10, false), (atTen!.AgeDays, atTen.Overdue));
        Assert.Equal((11, true, 10), (atEleven!.AgeDays, atEleven.Overdue, atEleven.SlaDays));
        Assert.Equal([early], overdue.Items.Select(d => d.Id));
        Assert.Equal([(closed, 2, false)], notOverdue.Items.Select(d => (d.Id, d.AgeDays, d.Overdue)));
        Assert.Empty(withLongerSla.Items);
    }

    [Fact]
    public async Task MarkReadAsync_OwnAndOthersNotifications_OnlyOwnMarked()
    {
        var world = await OperationsWorld.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var store = world.Store;
        await using var s = world.For();
        var id = (await s.Disputes.RaiseAsync(world.Ann, new DisputeRequest(world.RunId, 1, "?"), Ct)).Value!.Id;
        await s.Disputes.ReviewAsync(world.Carla, id, Ct);
        await s.Disputes.CommentAsync(world.Carla, Attain.Application.Access.Scope.All, id, new("Looking at it"), Ct);
        var annFirst = (await s.Notifications.ListAsync(world.Ann, cancellationToken: Ct)).Items[0].Id;

        var bobMarks = await s.Notifications.MarkReadAsync(world.Bob, annFirst, Ct);
        var annMarks = await s.Notifications.MarkReadAsync(world.Ann, annFirst, Ct);
        var unreadOnly = await s.Notifications.ListAsync(world.Ann, unreadOnly: true, Ct);
        var all = await s.Notifications.MarkAllReadAsync(world.Ann, Ct);

        Assert.False(bobMarks);
        Assert.True(annMarks);
        Assert.Equal(1, unreadOnly.Unread);
        Assert.Single(unreadOnly.Items);
        Assert.Equal(1, all);
        Assert.Equal(0, await s.Notifications.UnreadCountAsync(world.Ann, Ct));
    }
}
