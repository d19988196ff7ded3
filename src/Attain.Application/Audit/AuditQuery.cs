using Attain.Application.Browse;
using Attain.Application.ChangeLog;

namespace Attain.Application.Audit;

/// <summary>
/// Filters on the change log. <see cref="From"/> and <see cref="To"/> bound the instant of the change (UTC), both
/// inclusive. Entity, entity key and actor match exactly; <see cref="Reason"/> is a case-insensitive substring.
/// <see cref="ListQuery.Search"/> looks in actor, entity key and reason. Newest first unless a sort is given.
/// </summary>
public sealed record AuditQuery : ListQuery
{
    public static readonly IReadOnlyList<string> Keys = ["occurredAt"];

    /// <summary>An entity name as the log writes it (<c>Person</c>, <c>Booking</c>, <c>User</c>, <c>UserRole</c> …).</summary>
    public string? Entity { get; init; }

    /// <summary>
    /// The record's key. With <see cref="Entity"/> and a numeric key, a bulk load whose id range holds the key
    /// matches too: that entry is the record's insert.
    /// </summary>
    public string? EntityKey { get; init; }

    /// <summary>The user name (or <c>system:...</c>) that made the change.</summary>
    public string? Actor { get; init; }

    public ChangeOperation? Operation { get; init; }

    /// <summary>Changes at or after this instant (UTC).</summary>
    public DateTime? From { get; init; }

    /// <summary>Changes at or before this instant (UTC).</summary>
    public DateTime? To { get; init; }

    /// <summary>Text the stated reason contains (case-insensitive).</summary>
    public string? Reason { get; init; }

    public override IReadOnlyList<string> SortKeys => Keys;

    protected override void AddIssues(List<QueryIssue> issues)
    {
        CheckRange(issues, From, To, "from", "to");
        CheckLength(issues, Entity, "entity", 100);
        CheckLength(issues, EntityKey, "entityKey", 100);
        CheckLength(issues, Actor, "actor", 256);
        CheckLength(issues, Reason, "reason", 200);
    }

    private static void CheckLength(List<QueryIssue> issues, string? value, string path, int max)
    {
        if (value is { } text && text.Length > max)
        {
            issues.Add(new($"{path}.too_long", path, $"{path} must be at most {max} characters."));
        }
    }
}
