namespace Attain.Engine.Plans;

/// <summary>A problem found while reading or validating a plan. Issues are values, not exceptions.</summary>
/// <param name="Code">A stable code such as <c>tiers.gap</c>; docs/plans.md lists them.</param>
/// <param name="Path">The JSON path of the offending value, such as <c>$.components[0].rateTable.tiers[1].from</c>.</param>
/// <param name="Line">1-based line of the offending value in the plan text.</param>
/// <param name="Column">1-based column of the offending value, counted in UTF-8 bytes as <c>Utf8JsonReader</c> reports it.</param>
/// <param name="Message">What is wrong and what was expected, in a sentence.</param>
public sealed record PlanIssue(string Code, string Path, int Line, int Column, string Message)
{
    /// <summary>The plan file's name when the caller gave one to <see cref="PlanReader.Read"/>, otherwise null.</summary>
    public string? Source { get; init; }

    /// <summary>For example <c>3:15 $.version tiers.gap: …</c>, or <c>plans/ae.json:3:15 $.version tiers.gap: …</c> with a source.</summary>
    public override string ToString() => $"{(Source is null ? string.Empty : Source + ":")}{Line}:{Column} {Path} {Code}: {Message}";
}

/// <summary>The outcome of reading a plan: the plan when it is valid, otherwise the issues.</summary>
/// <param name="Plan">The plan, or null when any issue was found.</param>
/// <param name="Issues">Every issue found, ordered by line, column and code; empty when the plan is valid.</param>
public sealed record PlanReadResult(Plan? Plan, IReadOnlyList<PlanIssue> Issues)
{
    /// <summary>True when the plan was read without issues.</summary>
    public bool IsValid => Plan is not null && Issues.Count == 0;
}
