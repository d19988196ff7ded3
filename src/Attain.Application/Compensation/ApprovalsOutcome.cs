using Attain.Application.Browse;

namespace Attain.Application.Compensation;

/// <summary>Why an approval, adjustment or dispute operation was refused (docs/errors.md names each).</summary>
public enum OperationFailure
{
    /// <summary>It succeeded.</summary>
    None,

    /// <summary>No such record, or one the viewer may not see.</summary>
    NotFound,

    /// <summary>The request has invalid fields (see the issues).</summary>
    Invalid,

    /// <summary>The viewer may see the record but not act on it (not the step's role, not a side of the dispute).</summary>
    NotAllowed,

    /// <summary>The viewer started or changed what they would approve.</summary>
    SegregationOfDuties,

    /// <summary>The record is not in a state that allows the step.</summary>
    InvalidTransition,

    /// <summary>The period is closed: it takes no new adjustments.</summary>
    PeriodClosed,
}

/// <summary>The result of an approval, adjustment or dispute operation: the value, or why not.</summary>
public sealed record OperationOutcome<T>(T? Value, OperationFailure Failure, string? Detail, IReadOnlyList<QueryIssue> Issues)
{
    public bool Succeeded => Failure == OperationFailure.None;

    /// <summary>Why not, in words for a page: each issue as "path: message", or the detail when there are none; null on success.</summary>
    public string? FailureText => Succeeded ? null : Issues.Count > 0 ? string.Join(" ", Issues.Select(i => $"{i.Path}: {i.Message}")) : Detail;

    public OperationOutcome<TOther> As<TOther>() => new(default, Failure, Detail, Issues);
}

/// <summary>Makes <see cref="OperationOutcome{T}"/> values.</summary>
public static class Outcome
{
    public static OperationOutcome<T> Ok<T>(T value) => new(value, OperationFailure.None, null, []);

    public static OperationOutcome<T> Fail<T>(OperationFailure failure, string detail) => new(default, failure, detail, []);

    public static OperationOutcome<T> Invalid<T>(IReadOnlyList<QueryIssue> issues) => new(default, OperationFailure.Invalid, "The request has invalid fields.", issues);
}
