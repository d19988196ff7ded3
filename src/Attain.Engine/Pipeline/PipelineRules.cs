namespace Attain.Engine.Pipeline;

/// <summary>The settings pipeline health is judged by.</summary>
/// <param name="StageOrder">
/// The open stages of the sales process from first to last. Stage skipping is judged on it; a stage not listed is never
/// judged skipped from or to.
/// </param>
/// <param name="StalledAfterDays">
/// An open opportunity is stalled when its last touch (latest stage change, activity on it, or its creation) is this
/// many days or more before the as-of date. At least 1.
/// </param>
public sealed record PipelineRules(IReadOnlyList<string> StageOrder, int StalledAfterDays = PipelineRules.DefaultStalledAfterDays)
{
    /// <summary>The default of <see cref="StalledAfterDays"/>: 30 days.</summary>
    public const int DefaultStalledAfterDays = 30;

    /// <summary>The largest allowed <see cref="StalledAfterDays"/>: ten years.</summary>
    public const int MaxStalledAfterDays = 3650;

    /// <summary>A close date moved later more than this many times is flagged. Default 2 ("pushed more than twice").</summary>
    public int MaxCloseDatePushes { get; init; } = 2;

    /// <summary>The configuration problems of these rules; empty when they are usable.</summary>
    public IReadOnlyList<PipelineIssue> Validate()
    {
        var issues = new List<PipelineIssue>();
        if (StalledAfterDays is < 1 or > MaxStalledAfterDays)
        {
            issues.Add(new("stalled_after_days.out_of_range", "stalledAfterDays", $"stalledAfterDays must be between 1 and {MaxStalledAfterDays} days."));
        }

        if (MaxCloseDatePushes < 0)
        {
            issues.Add(new("max_close_date_pushes.negative", "maxCloseDatePushes", "maxCloseDatePushes must be 0 or more."));
        }

        return issues;
    }
}

/// <summary>A problem with the pipeline rules or inputs: a stable code, the path of the offending value and a message.</summary>
public sealed record PipelineIssue(string Code, string Path, string Message);
