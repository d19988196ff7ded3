using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

/// <summary>
/// Retention (docs/compensation.md, "Disputes"): a notification read more than 30 days ago, or created more than 180 days
/// ago, is pruned. The test clock stands at 2026-11-27 09:00 UTC, so the read cut-off is 2026-10-28 09:00 and the
/// created cut-off 2026-05-31 09:00.
/// </summary>
public class NotificationServiceTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task PruneAsync_EveryUser_DeletesReadPastThirtyDaysAndAnyPastHundredEightyDays(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        await using (var db = store.NewContext())
        {
            db.Notifications.AddRange(
                At("user-ann", "read 31 days ago", created: Now.AddDays(-40), read: Now.AddDays(-31)),
                At("user-ann", "read exactly 30 days ago", created: Now.AddDays(-40), read: Now.AddDays(-30)),
                At("user-ann", "created 40 days ago, read yesterday", created: Now.AddDays(-40), read: Now.AddDays(-1)),
                At("user-bob", "unread, created 181 days ago", created: Now.AddDays(-181), read: null),
                At("user-bob", "unread, created 179 days ago", created: Now.AddDays(-179), read: null),
                At("user-carla", "read 200 days ago", created: Now.AddDays(-200), read: Now.AddDays(-200)));
            await db.SaveChangesAsync(Ct);
        }

        await using var s = world.For();
        var pruned = await s.Notifications.PruneAsync(cancellationToken: Ct);

        Assert.Equal(3, pruned);
        Assert.Equal(
            ["created 40 days ago, read yesterday", "read exactly 30 days ago", "unread, created 179 days ago"],
            await s.Db.Notifications.AsNoTracking().Select(n => n.Text).OrderBy(t => t).ToListAsync(Ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task AddAsync_DisputeRaised_PrunesTheRecipientsExpiredNotificationsOnly(StoreProvider provider)
    {
        var world = await OperationsWorld.CreateAsync(provider, Ct);
        await using var store = world.Store;
        await using (var db = store.NewContext())
        {
            db.Notifications.AddRange(
                At("user-carla", "carla: read 60 days ago", created: Now.AddDays(-61), read: Now.AddDays(-60)),
                At("user-carla", "carla: unread, 60 days old", created: Now.AddDays(-60), read: null),
                At("user-bob", "bob: read 60 days ago", created: Now.AddDays(-61), read: Now.AddDays(-60)));
            await db.SaveChangesAsync(Ct);
        }

        await using var s = world.For();
        var raised = await s.Disputes.RaiseAsync(world.Ann, new DisputeRequest(world.RunId, 1, "Is line 1 right?"), Ct);

        // Ann's dispute notifies the comp admins (analyst, carla): carla's expired one goes, bob (not notified) keeps his.
        Assert.True(raised.Succeeded);
        var left = await s.Db.Notifications.AsNoTracking().Where(n => n.UserId == "user-carla" || n.UserId == "user-bob")
            .OrderBy(n => n.UserId).ThenBy(n => n.Id).Select(n => n.Text).ToListAsync(Ct);
        Assert.Equal(["bob: read 60 days ago", "carla: unread, 60 days old", $"ann raised dispute #{raised.Value!.Id} on line 1 of the {OperationsWorld.Period} statement."], left);
    }

    private static Notification At(string userId, string text, DateTime created, DateTime? read) =>
        new() { UserId = userId, Text = text, Link = "compensation/disputes/1", CreatedAt = created, ReadAt = read };
}
