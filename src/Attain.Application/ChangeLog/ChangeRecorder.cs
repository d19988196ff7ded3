using System.Globalization;
using System.Text.Json;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Attain.Application.ChangeLog;

/// <summary>
/// Captures tracked changes before a save and turns them into change-log entries after it,
/// when generated keys are known. Identity's own tables and API-token bookkeeping are not business data.
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
            if (!IsBusinessData(entry.Metadata.ClrType))
            {
                continue;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    pending.Add((entry, ChangeOperation.Insert, null));
                    break;
                case EntityState.Modified:
                    pending.Add((entry, ChangeOperation.Update, Values(entry, original: true, onlyModified: true)));
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
                ChangeOperation.Update => before!.Keys.ToDictionary(k => k, k => entry.Property(k).CurrentValue),
                _ => null,
            };
            yield return new ChangeLogEntry
            {
                OccurredAt = occurredAt,
                Actor = context.Actor,
                Reason = context.Reason,
                Entity = entry.Metadata.ClrType.Name,
                EntityKey = Key(entry),
                Operation = operation,
                Before = before is null ? null : JsonSerializer.Serialize(before),
                After = after is null ? null : JsonSerializer.Serialize(after),
            };
        }
    }

    public static bool IsBusinessData(Type type) =>
        type != typeof(ChangeLogEntry)
        && type != typeof(ApiToken)
        && type != typeof(AttainUser)
        && type != typeof(Segmentation.AccountSegment)
        && !Compensation.RunResults.IsRunResult(type)
        && !(type.Namespace ?? string.Empty).StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal);

    private static string Key(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey()!;
        return string.Join('|', key.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));
    }

    private static Dictionary<string, object?> Values(EntityEntry entry, bool original, bool onlyModified) =>
        entry.Properties
            .Where(p => !onlyModified || p.IsModified)
            .ToDictionary(p => p.Metadata.Name, p => original ? p.OriginalValue : p.CurrentValue);
}
