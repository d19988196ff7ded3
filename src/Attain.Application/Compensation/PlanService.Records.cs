using Attain.Application.Browse;

namespace Attain.Application.Compensation;

/// <summary>A plan with its versions, newest first.</summary>
public sealed record PlanResponse(string Key, string Name, int? PublishedVersion, int Assignments, IReadOnlyList<PlanVersionSummary> Versions);

/// <summary>One stored version of a plan, without its document.</summary>
public sealed record PlanVersionSummary(long Id, int Version, string Name, PlanStatus Status, DateTime CreatedAt, string CreatedBy, DateTime? PublishedAt);

/// <summary>One stored version of a plan with its JSON document as written.</summary>
public sealed record PlanVersionResponse(long Id, string Key, int Version, string Name, PlanStatus Status, DateTime CreatedAt, string CreatedBy, DateTime? PublishedAt, string Document);

/// <summary>A new draft: the plan document as JSON text (its <c>id</c> and <c>version</c> name the plan and version), an optional display name, and why.</summary>
public sealed record PlanDraftRequest(string Document, string? Name, string Reason);

/// <summary>Publishing a draft: why.</summary>
public sealed record PlanPublishRequest(string Reason);

/// <summary>A plan assignment as stored, with the person's name.</summary>
public sealed record PlanAssignmentResponse(
    long Id, long PersonId, string PersonName, string PlanKey, DateOnly EffectiveFrom, DateOnly? EffectiveTo,
    decimal? TargetIncentive, TargetIncentiveBasis Basis, string? RateOverrides);

/// <summary>A new assignment: effective from a date to an optional date (both inclusive), with the person's parameters and why.</summary>
public sealed record PlanAssignmentRequest(
    long PersonId, string PlanKey, DateOnly EffectiveFrom, DateOnly? EffectiveTo, decimal? TargetIncentive,
    TargetIncentiveBasis? Basis, string? RateOverrides, string Reason);

/// <summary>Ending an assignment: its last day (inclusive) and why.</summary>
public sealed record PlanAssignmentEndRequest(DateOnly EffectiveTo, string Reason);

/// <summary>
/// The outcome of a plan change: the value, or the problems (code, field or JSON path, message), or not found, or a
/// conflict with the stored state (<see cref="Conflict"/> holds its code).
/// </summary>
public sealed record PlanOutcome<T>(T? Value, IReadOnlyList<QueryIssue> Issues, bool NotFound = false, string? Conflict = null)
    where T : class
{
    public bool Succeeded => Value is not null;
}

/// <summary>Makes <see cref="PlanOutcome{T}"/> values.</summary>
public static class PlanOutcome
{
    public static PlanOutcome<T> Ok<T>(T value)
        where T : class => new(value, []);

    public static PlanOutcome<T> Invalid<T>(params QueryIssue[] issues)
        where T : class => new(null, issues);

    public static PlanOutcome<T> Missing<T>()
        where T : class => new(null, [], NotFound: true);

    public static PlanOutcome<T> Conflicting<T>(string code, string message)
        where T : class => new(null, [new QueryIssue(code, string.Empty, message)], Conflict: code);
}
