namespace Attain.Engine.Segmentation;

/// <summary>A segment of a segmentation scheme: a stable key (used in filters and rule attributes) and a display name.</summary>
/// <param name="Key">Lower-case letters, digits, '-' and '_', at most 50 characters.</param>
/// <param name="Name">For people.</param>
public sealed record Segment(string Key, string Name);

/// <summary>The segment one account falls in, and why.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="SegmentKey">The key of its segment.</param>
/// <param name="Reason">The explanation: the rule that matched, the cluster distance, or the cumulative share.</param>
public sealed record SegmentAssignment(string AccountId, string SegmentKey, string Reason);

/// <summary>A problem with a segmentation's configuration: a stable code, the path of the offending value, a message.</summary>
/// <param name="Code">Stable, for programs (for example <c>segment.condition</c>).</param>
/// <param name="Path">Where: <c>segments[1].condition</c>, <c>k</c>, <c>thresholds.a</c>.</param>
/// <param name="Message">For people.</param>
public sealed record SegmentationIssue(string Code, string Path, string Message);

/// <summary>
/// The outcome of segmenting: the segments in display order, one assignment per account (ordered by account id,
/// ordinally), or the issues that prevented it (then both lists are empty).
/// </summary>
public sealed record SegmentationResult(IReadOnlyList<Segment> Segments, IReadOnlyList<SegmentAssignment> Assignments, IReadOnlyList<SegmentationIssue> Issues)
{
    /// <summary>True when there are no issues.</summary>
    public bool Succeeded => Issues.Count == 0;

    internal static SegmentationResult Failed(IReadOnlyList<SegmentationIssue> issues) => new([], [], issues);
}

/// <summary>Checks shared by every kind of scheme.</summary>
public static class SegmentKeys
{
    /// <summary>The longest segment key.</summary>
    public const int MaxLength = 50;

    /// <summary>True for 1–50 characters of lower-case ASCII letters, digits, '-' and '_', starting with a letter or digit.</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength }
        && (char.IsAsciiLetterLower(key[0]) || char.IsAsciiDigit(key[0]))
        && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    /// <summary>Accounts ordered by id (ordinal) after checking that no id appears twice.</summary>
    internal static List<T> Ordered<T>(IEnumerable<T> items, Func<T, string> id, List<SegmentationIssue> issues)
    {
        var ordered = items.OrderBy(id, StringComparer.Ordinal).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (string.Equals(id(ordered[i - 1]), id(ordered[i]), StringComparison.Ordinal))
            {
                issues.Add(new("account.duplicate", "accounts", $"Account '{id(ordered[i])}' appears twice."));
                break;
            }
        }

        return ordered;
    }
}
