using System.Globalization;
using System.Text.Json;
using Attain.Application.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Attain.Application.ChangeLog;

/// <summary>
/// Captures tracked changes before a save and turns them into change-log entries after it, when generated keys are
/// known. What is recorded, redacted or left out is decided once, in <see cref="ChangeLogRules"/>.
/// </summary>
internal sealed class ChangeRecorder
{
    private readonly List<(EntityEntry Entry, ChangeOperation Operation, Dictionary<string, object?>? Before)> pending;

    private ChangeRecorder(List<(EntityEntry, ChangeOperation, Dictionary<string, object?>?)> pending) => this.pending = pending;

    public bool IsEmpty => pending.Count == 0;

    public static ChangeRecorder Capture(ChangeTracker tracker)
    {
        var pending = new List<(EntityEntry, ChangeOperation, Dictionary<string, object?>?)>();
        foreach (var entry in tracker.Entries())
        {
            if (!ChangeLogRules.IsRecorded(entry.Metadata.ClrType))
            {
                continue;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    pending.Add((entry, ChangeOperation.Insert, null));
                    break;
                case EntityState.Modified:
                    var before = Values(entry, original: true, onlyModified: true);
                    if (before.Count > 0)
                    {
                        pending.Add((entry, ChangeOperation.Update, before));
                    }

                    break;
                case EntityState.Deleted:
                    pending.Add((entry, ChangeOperation.Delete, Values(entry, original: true, onlyModified: false)));
                    break;
                default:
                    break;
            }
        }

        return new ChangeRecorder(pending);
    }

    public IEnumerable<ChangeLogEntry> Complete(ChangeContext context, DateTime occurredAt)
    {
        foreach (var (entry, operation, before) in pending)
        {
            var after = operation switch
            {
                ChangeOperation.Insert => Values(entry, original: false, onlyModified: false),
                ChangeOperation.Update => before!.Keys.ToDictionary(k => k, k => Value(entry, entry.Property(k), original: false)),
                _ => null,
            };
            Describe(entry, before);
            Describe(entry, after);
            yield return new ChangeLogEntry
            {
                OccurredAt = occurredAt,
                Actor = context.Actor,
                Reason = context.Reason,
                Entity = ChangeLogRules.EntityName(entry.Metadata.ClrType),
                EntityKey = Key(entry),
                Operation = operation,
                Before = before is null ? null : JsonSerializer.Serialize(before),
                After = after is null ? null : JsonSerializer.Serialize(after),
            };
        }
    }

    private static string Key(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey()!;
        return string.Join('|', key.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The properties' values; with <paramref name="onlyModified"/>, those whose value really changed (Identity's
    /// stores mark every property modified on each update).
    /// </summary>
    private static Dictionary<string, object?> Values(EntityEntry entry, bool original, bool onlyModified) =>
        entry.Properties
            .Where(p => (!onlyModified || (p.IsModified && !p.Metadata.GetValueComparer().Equals(p.OriginalValue, p.CurrentValue)))
                && !ChangeLogRules.IsIgnored(entry.Metadata.ClrType, p.Metadata.Name))
            .ToDictionary(p => p.Metadata.Name, p => Value(entry, p, original));

    private static object? Value(EntityEntry entry, PropertyEntry property, bool original)
    {
        var value = original ? property.OriginalValue : property.CurrentValue;
        return value is not null && ChangeLogRules.IsSecret(entry.Metadata.ClrType, property.Metadata.Name) ? ChangeLogRules.Redacted : value;
    }

    /// <summary>
    /// A user-role link is two opaque ids; the user and role it joins are tracked in the same save (Identity's stores
    /// load them to make the link), so their names are added for a reader.
    /// </summary>
    private static void Describe(EntityEntry entry, Dictionary<string, object?>? values)
    {
        if (values is null || entry.Entity is not IdentityUserRole<string> link)
        {
            return;
        }

        var tracker = entry.Context.ChangeTracker;
        if (tracker.Entries<AttainUser>().FirstOrDefault(u => u.Entity.Id == link.UserId) is { } user)
        {
            values["UserName"] = user.Entity.UserName;
        }

        if (tracker.Entries<IdentityRole>().FirstOrDefault(r => r.Entity.Id == link.RoleId) is { } role)
        {
            values["RoleName"] = role.Entity.Name;
        }
    }
}
