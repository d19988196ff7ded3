using System.Globalization;
using System.Text.Json;
using Attain.Application.Browse;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Exports;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Audit;

/// <summary>One field of a change: its value before and after, as text (null when absent or empty).</summary>
public sealed record AuditFieldChange(string Field, string? Before, string? After);

/// <summary>
/// One change-log entry as the audit trail shows it: who, when, which record, what, why, and the changed fields
/// side by side. Secrets read <c>[redacted]</c> (ADR 0016).
/// </summary>
public sealed record AuditEntryResponse(
    long Id,
    DateTime OccurredAt,
    string Actor,
    string Entity,
    string EntityKey,
    ChangeOperation Operation,
    string? Reason,
    IReadOnlyList<AuditFieldChange> Changes);

/// <summary>The audit trail: reads the append-only change log (ADR 0002) for the roles that may audit. It never writes.</summary>
public sealed class AuditService(AttainDbContext db)
{
    /// <summary>The most entries one export writes; narrow the filters beyond that.</summary>
    public const int MaxExportRows = 100_000;

    public static readonly IReadOnlyList<string> ExportColumns =
        ["id", "occurredAt", "actor", "entity", "entityKey", "operation", "reason", "changes", "before", "after"];

    /// <summary>The entity names the log can carry, for pick lists.</summary>
    public IReadOnlyList<string> Entities() => ChangeLogRules.EntityNames(db.Model.GetEntityTypes().Select(t => t.ClrType));

    /// <summary>One page of matching entries, newest first unless the query sorts otherwise.</summary>
    public async Task<Paged<AuditEntryResponse>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        query.EnsureValid();
        var filtered = await FilterAsync(query, cancellationToken);
        var total = await filtered.CountAsync(cancellationToken);
        var rows = await Order(filtered, query).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Paged<AuditEntryResponse>([.. rows.Select(ToResponse)], query.Page, query.PageSize, total);
    }

    /// <summary>How many entries match, so a caller can refuse an export larger than <see cref="MaxExportRows"/> before writing it.</summary>
    public async Task<int> CountAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        query.EnsureValid();
        return await (await FilterAsync(query, cancellationToken)).CountAsync(cancellationToken);
    }

    /// <summary>
    /// Every matching entry (paging ignored, at most <see cref="MaxExportRows"/>) as CSV or .xlsx with
    /// <see cref="ExportColumns"/>: the changed fields as readable text and the raw before/after JSON.
    /// </summary>
    public async Task ExportAsync(AuditQuery query, ExportFormat format, Stream stream, CancellationToken cancellationToken = default)
    {
        query.EnsureValid();
        var rows = await Order(await FilterAsync(query, cancellationToken), query).Take(MaxExportRows).ToListAsync(cancellationToken);
        var table = rows.Select(e => new object?[]
        {
            e.Id, e.OccurredAt, e.Actor, e.Entity, e.EntityKey, e.Operation.ToString(), e.Reason,
            string.Join("; ", Diff(e.Before, e.After).Select(c => $"{c.Field}: {c.Before ?? "∅"} → {c.After ?? "∅"}")),
            e.Before, e.After,
        }).ToList();
        await ExportService.WriteAsync(new ExportSheet("audit", ExportColumns, table), format, stream, cancellationToken);
    }

    /// <summary>The fields of a change side by side: every field named in either JSON object, in the order written.</summary>
    public static IReadOnlyList<AuditFieldChange> Diff(string? before, string? after)
    {
        var old = Fields(before);
        var @new = Fields(after);
        return [.. old.Keys.Concat(@new.Keys).Distinct(StringComparer.Ordinal)
            .Select(f => new AuditFieldChange(f, old.GetValueOrDefault(f), @new.GetValueOrDefault(f)))];
    }

    private async Task<IQueryable<ChangeLogEntry>> FilterAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var entries = db.ChangeLog.AsNoTracking().Search(query.Search, e => e.Actor, e => e.EntityKey, e => e.Reason);
        if (Text(query.Entity) is { } entity)
        {
            entries = entries.Where(e => e.Entity == entity);
        }

        if (Text(query.EntityKey) is { } key)
        {
            var loads = Text(query.Entity) is { } loaded && long.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                ? await BulkLoadsHoldingAsync(loaded, id, cancellationToken)
                : [];
            entries = entries.Where(e => e.EntityKey == key || loads.Contains(e.Id));
        }

        if (Text(query.Actor) is { } actor)
        {
            entries = entries.Where(e => e.Actor == actor);
        }

        if (query.Operation is { } operation)
        {
            entries = entries.Where(e => e.Operation == operation);
        }

        if (query.From is { } from)
        {
            entries = entries.Where(e => e.OccurredAt >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.OccurredAt <= to);
        }

        return entries.Search(query.Reason, e => e.Reason);
    }

    /// <summary>The bulk loads of <paramref name="entity"/> whose id range (<c>first..last</c>) holds <paramref name="id"/>.</summary>
    private async Task<List<long>> BulkLoadsHoldingAsync(string entity, long id, CancellationToken cancellationToken)
    {
        var loads = await db.ChangeLog.AsNoTracking()
            .Where(e => e.Entity == entity && e.Operation == ChangeOperation.BulkInsert)
            .Select(e => new { e.Id, e.EntityKey })
            .ToListAsync(cancellationToken);
        return [.. loads.Where(l => Holds(l.EntityKey, id)).Select(l => l.Id)];
    }

    private static bool Holds(string range, long id)
    {
        var parts = range.Split("..");
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var first)
            && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var last)
            && id >= first && id <= last;
    }

    private static IQueryable<ChangeLogEntry> Order(IQueryable<ChangeLogEntry> entries, AuditQuery query)
    {
        var oldestFirst = query.Sort is { Length: > 0 } sort && !sort.StartsWith('-');
        return oldestFirst
            ? entries.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            : entries.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static AuditEntryResponse ToResponse(ChangeLogEntry e) =>
        new(e.Id, e.OccurredAt, e.Actor, e.Entity, e.EntityKey, e.Operation, e.Reason, Diff(e.Before, e.After));

    private static Dictionary<string, string?> Fields(string? json)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return fields;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return fields;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            fields[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.String => property.Value.GetString(),
                _ => property.Value.GetRawText(),
            };
        }

        return fields;
    }
}
