using System.Globalization;
using Attain.Engine.Expressions;

namespace Attain.Engine.Segmentation;

/// <summary>One segment of a rule scheme: its key, name and the condition an account must meet.</summary>
/// <param name="Key">See <see cref="SegmentKeys.IsValid"/>.</param>
/// <param name="Name">For people; not empty.</param>
/// <param name="Condition">A boolean expression over <see cref="AccountProfile.Schema"/> (docs/expressions.md).</param>
public sealed record SegmentRule(string Key, string Name, string Condition);

/// <summary>
/// A rule-based scheme: segments tried in order, the first whose condition is true wins; an account that meets none
/// (or whose conditions evaluate to null or an error) falls in the default segment.
/// </summary>
/// <param name="Segments">The ordered segments.</param>
/// <param name="Default">The segment of accounts no condition matches; its key differs from every rule's.</param>
public sealed record RuleScheme(IReadOnlyList<SegmentRule> Segments, Segment Default);

/// <summary>Rule-based segmentation: validation, then first match wins.</summary>
public static class RuleSegmentation
{
    /// <summary>The most segments a scheme may have.</summary>
    public const int MaxSegments = 50;

    /// <summary>
    /// Every configuration problem, with paths <c>segments[i].key</c>, <c>segments[i].name</c>,
    /// <c>segments[i].condition</c> (compile issues keep their line and column inside the condition) and
    /// <c>default.key</c>. Empty when the scheme is valid.
    /// </summary>
    public static IReadOnlyList<SegmentationIssue> Validate(RuleScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var issues = new List<SegmentationIssue>();
        Compile(scheme, issues);
        return issues;
    }

    /// <summary>
    /// Assigns each account to the first segment whose condition is true, otherwise to the default. The result does not
    /// depend on the order of <paramref name="accounts"/>; assignments are ordered by account id.
    /// </summary>
    public static SegmentationResult Assign(RuleScheme scheme, IEnumerable<AccountProfile> accounts)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(accounts);
        var issues = new List<SegmentationIssue>();
        var compiled = Compile(scheme, issues);
        var ordered = SegmentKeys.Ordered(accounts, a => a.Id, issues);
        if (issues.Count > 0)
        {
            return SegmentationResult.Failed(issues);
        }

        var assignments = new List<SegmentAssignment>(ordered.Count);
        foreach (var account in ordered)
        {
            var match = -1;
            for (var i = 0; i < compiled.Count && match < 0; i++)
            {
                if (compiled[i].EvaluateBoolean(account) is { HasValue: true, Value: true })
                {
                    match = i;
                }
            }

            assignments.Add(match < 0
                ? new SegmentAssignment(account.Id, scheme.Default.Key, "no condition matched: default segment")
                : new SegmentAssignment(account.Id, scheme.Segments[match].Key, string.Create(CultureInfo.InvariantCulture, $"segments[{match}]: {scheme.Segments[match].Condition}")));
        }

        return new SegmentationResult([.. scheme.Segments.Select(s => new Segment(s.Key, s.Name)), scheme.Default], assignments, []);
    }

    private static List<CompiledExpression> Compile(RuleScheme scheme, List<SegmentationIssue> issues)
    {
        var compiled = new List<CompiledExpression>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (scheme.Segments.Count > MaxSegments)
        {
            issues.Add(new("segments.too_many", "segments", $"A scheme has at most {MaxSegments} segments; found {scheme.Segments.Count}."));
        }

        for (var i = 0; i < scheme.Segments.Count; i++)
        {
            var rule = scheme.Segments[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"segments[{i}]");
            CheckSegment(rule.Key, rule.Name, path, keys, issues);
            var result = ExpressionCompiler.Compile(rule.Condition ?? string.Empty, AccountProfile.Schema, SourceLocation.StartOf(path + ".condition"), ExpressionType.Boolean);
            if (result.Succeeded)
            {
                compiled.Add(result.Compiled);
            }
            else
            {
                issues.AddRange(result.Issues.Select(x => new SegmentationIssue(
                    "segment.condition", path + ".condition", string.Create(CultureInfo.InvariantCulture, $"{x.Line}:{x.Column}: {x.Code}: {x.Message}"))));
            }
        }

        CheckSegment(scheme.Default.Key, scheme.Default.Name, "default", keys, issues);
        return compiled;
    }

    private static void CheckSegment(string key, string name, string path, HashSet<string> keys, List<SegmentationIssue> issues)
    {
        if (!SegmentKeys.IsValid(key))
        {
            issues.Add(new("segment.key", path + ".key", $"'{key}' is not a segment key: 1–{SegmentKeys.MaxLength} lower-case letters, digits, '-' or '_'."));
        }
        else if (!keys.Add(key))
        {
            issues.Add(new("segment.key_duplicate", path + ".key", $"Segment key '{key}' is used twice."));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            issues.Add(new("segment.name", path + ".name", "A segment needs a name."));
        }
    }
}
