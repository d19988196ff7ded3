namespace Attain.Application.ChangeLog;

/// <summary>
/// One change to business data, appended in the same transaction as the change itself.
/// Never updated or deleted. The audit trail, automations, webhooks and live updates read from it.
/// </summary>
public class ChangeLogEntry
{
    public long Id { get; set; }
    /// <summary>When the change was saved (UTC).</summary>
    public DateTime OccurredAt { get; set; }
    /// <summary>Who made it: a user name, or <c>system:...</c> for the app itself.</summary>
    public required string Actor { get; set; }
    /// <summary>The entity type, e.g. <c>Opportunity</c>.</summary>
    public required string Entity { get; set; }
    /// <summary>The record's key (its id; for a bulk load, the id range).</summary>
    public required string EntityKey { get; set; }
    public ChangeOperation Operation { get; set; }
    /// <summary>JSON of the changed fields before the change; null for an insert.</summary>
    public string? Before { get; set; }
    /// <summary>JSON of the changed fields after the change; null for a delete.</summary>
    public string? After { get; set; }
    /// <summary>Why: the import file, the API call, the user's stated reason.</summary>
    public string? Reason { get; set; }
}

public enum ChangeOperation
{
    Insert,
    Update,
    Delete,
    BulkInsert,
}

/// <summary>Who is changing data and why, for the current unit of work. Scoped per request or command.</summary>
public sealed class ChangeContext
{
    public string Actor { get; set; } = "system";
    public string? Reason { get; set; }
}
