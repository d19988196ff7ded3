using Attain.Application.Browse;

namespace Attain.Application.Compensation;

/// <summary>
/// The reason given with a decision (a run's approval step, an adjustment's approval, a dispute's rejection): trimmed,
/// blank meaning none, at most <see cref="MaxLength"/> characters, and required for a rejection.
/// </summary>
internal static class DecisionReason
{
    public const int MaxLength = 2000;

    /// <summary>The trimmed reason (null when blank) and what is wrong with it, if anything.</summary>
    public static (string? Reason, QueryIssue? Issue) Read(string? reason, bool required)
    {
        var trimmed = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        return trimmed is null && required ? (null, new QueryIssue("required", "reason", "A rejection needs a reason."))
            : trimmed is { Length: > MaxLength } ? (trimmed, new QueryIssue("too_long", "reason", $"reason must be at most {MaxLength} characters."))
            : (trimmed, null);
    }
}
