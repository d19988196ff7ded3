using Attain.Application.Access;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>A notification as its recipient reads it.</summary>
public sealed record NotificationResponse(long Id, string Text, string Link, DateTime CreatedAt, bool Read);

/// <summary>The recipient's latest notifications, newest first, and how many are unread in all.</summary>
public sealed record NotificationListResponse(IReadOnlyList<NotificationResponse> Items, int Unread);

/// <summary>
/// Notifications to users (docs/compensation.md, "Disputes"): written by the approval and dispute services in the same
/// save as the change they report; each user reads and marks only their own. They are kept for a while, not forever: a
/// notification read more than <see cref="ReadRetentionDays"/> days ago, and any notification created more than
/// <see cref="RetentionDays"/> days ago, is pruned (<see cref="PruneAsync"/>): for its recipients whenever a new one is
/// written, and for everyone once a day by the web host.
/// </summary>
public sealed class NotificationService(AttainDbContext db, TimeProvider clock)
{
    public const int MaxListed = 100;

    /// <summary>A read notification is kept this many days after it was read.</summary>
    public const int ReadRetentionDays = 30;

    /// <summary>Any notification, read or not, is kept this many days after it was created.</summary>
    public const int RetentionDays = 180;

    /// <summary>The viewer's latest notifications (at most <see cref="MaxListed"/>), newest first.</summary>
    public async Task<NotificationListResponse> ListAsync(Viewer viewer, bool unreadOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var own = db.Notifications.AsNoTracking().Where(n => n.UserId == viewer.UserId);
        var items = await (unreadOnly ? own.Where(n => n.ReadAt == null) : own)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(MaxListed)
            .Select(n => new NotificationResponse(n.Id, n.Text, n.Link, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(cancellationToken);
        return new NotificationListResponse(items, await own.CountAsync(n => n.ReadAt == null, cancellationToken));
    }

    /// <summary>How many of the viewer's notifications are unread (the badge in the top bar).</summary>
    public Task<int> UnreadCountAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return db.Notifications.CountAsync(n => n.UserId == viewer.UserId && n.ReadAt == null, cancellationToken);
    }

    /// <summary>Marks one of the viewer's notifications read; false when it is not theirs or does not exist.</summary>
    public async Task<bool> MarkReadAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == viewer.UserId, cancellationToken);
        if (notification is null)
        {
            return false;
        }

        notification.ReadAt ??= Now;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Marks every unread notification of the viewer read; returns how many.</summary>
    public async Task<int> MarkAllReadAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var unread = await db.Notifications.Where(n => n.UserId == viewer.UserId && n.ReadAt == null).ToListAsync(cancellationToken);
        foreach (var notification in unread)
        {
            notification.ReadAt = Now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return unread.Count;
    }

    /// <summary>
    /// Deletes the notifications past their retention (read more than <see cref="ReadRetentionDays"/> days ago, or created
    /// more than <see cref="RetentionDays"/> days ago) of the given users, or of everyone when null; returns how many. It
    /// deletes at once, in the caller's transaction if there is one: notifications are not in the change log.
    /// </summary>
    public Task<int> PruneAsync(IReadOnlyCollection<string>? userIds = null, CancellationToken cancellationToken = default)
    {
        var readBefore = Now.AddDays(-ReadRetentionDays);
        var createdBefore = Now.AddDays(-RetentionDays);
        var rows = db.Notifications.Where(n => (n.ReadAt != null && n.ReadAt < readBefore) || n.CreatedAt < createdBefore);
        if (userIds is not null)
        {
            var ids = userIds.ToList();
            rows = rows.Where(n => ids.Contains(n.UserId));
        }

        return rows.ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Adds a notification for each recipient except <paramref name="actorUserName"/>, saved with the caller's next save,
    /// after pruning the recipients' expired ones (<see cref="PruneAsync"/>).
    /// </summary>
    internal async Task AddAsync(IEnumerable<string> userIds, string? actorUserName, string text, string link, CancellationToken cancellationToken)
    {
        var recipients = userIds.Distinct(StringComparer.Ordinal).ToList();
        if (actorUserName is not null)
        {
            var actor = await db.Users.AsNoTracking().Where(u => u.UserName == actorUserName).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
            recipients.Remove(actor ?? string.Empty);
        }

        if (recipients.Count > 0)
        {
            await PruneAsync(recipients, cancellationToken);
        }

        foreach (var userId in recipients)
        {
            db.Notifications.Add(new Notification { UserId = userId, Text = text.Length > 1000 ? text[..1000] : text, Link = link, CreatedAt = Now });
        }
    }

    /// <summary>The user ids holding <paramref name="role"/>.</summary>
    internal Task<List<string>> UsersInRoleAsync(string role, CancellationToken cancellationToken) =>
        (from user in db.Users
         join userRole in db.UserRoles on user.Id equals userRole.UserId
         join r in db.Roles on userRole.RoleId equals r.Id
         where r.Name == role
         select user.Id).Distinct().ToListAsync(cancellationToken);

    /// <summary>The user ids linked to a person.</summary>
    internal Task<List<string>> UsersOfPersonAsync(long personId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.PersonId == personId).Select(u => u.Id).ToListAsync(cancellationToken);

    /// <summary>The user ids of the given user names.</summary>
    internal Task<List<string>> UsersNamedAsync(IReadOnlyCollection<string> userNames, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.UserName != null && userNames.Contains(u.UserName)).Select(u => u.Id).ToListAsync(cancellationToken);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
