namespace Attain.Engine.Pipeline;

/// <summary>The stable codes of the pipeline flags (docs/pipeline.md describes each).</summary>
public static class PipelineFlagCodes
{
    /// <summary>No stage change and no activity for <see cref="PipelineRules.StalledAfterDays"/> days or more.</summary>
    public const string Stalled = "stalled";

    /// <summary>Still open with an expected close date before the as-of date.</summary>
    public const string CloseDatePast = "close_date_past";

    /// <summary>Open with no amount (or an amount of zero).</summary>
    public const string MissingAmount = "missing_amount";

    /// <summary>The close date was moved later more than <see cref="PipelineRules.MaxCloseDatePushes"/> times.</summary>
    public const string CloseDatePushed = "close_date_pushed";

    /// <summary>A stage change jumped over one or more stages of <see cref="PipelineRules.StageOrder"/>.</summary>
    public const string StageSkipped = "stage_skipped";

    /// <summary>Every code, in the order flags are listed.</summary>
    public static IReadOnlyList<string> All { get; } = [Stalled, CloseDatePast, MissingAmount, CloseDatePushed, StageSkipped];
}

/// <summary>One fact a flag rests on, named: for example <c>close date</c> = <c>2026-11-01</c>.</summary>
/// <param name="Name">What the fact is.</param>
/// <param name="Value">Its value, written invariantly (dates yyyy-MM-dd, whole numbers without separators).</param>
public sealed record FlagEvidence(string Name, string Value);

/// <summary>A hygiene or stall flag on one open opportunity.</summary>
/// <param name="Code">One of <see cref="PipelineFlagCodes"/>.</param>
/// <param name="Reason">The reason in plain words, with the numbers in it.</param>
/// <param name="Evidence">The dates and counts the flag was decided on.</param>
public sealed record PipelineFlag(string Code, string Reason, IReadOnlyList<FlagEvidence> Evidence);

/// <summary>The health of one open opportunity as of a date.</summary>
/// <param name="OpportunityId">The opportunity.</param>
/// <param name="OwnerId">Its owner.</param>
/// <param name="LastStageChange">The latest day in its stage history, or null when it has none.</param>
/// <param name="LastActivity">The latest activity on it on or before the as-of date, or null when none.</param>
/// <param name="LastTouch">The latest of its last stage change, last activity and created date.</param>
/// <param name="DaysSinceTouch">As-of date minus <paramref name="LastTouch"/>, in days (0 when touched that day; negative if it lies after the as-of date).</param>
/// <param name="Flags">Its flags, in the order of <see cref="PipelineFlagCodes.All"/>; empty when healthy.</param>
public sealed record OpportunityHealth(
    string OpportunityId,
    string OwnerId,
    DateOnly? LastStageChange,
    DateOnly? LastActivity,
    DateOnly LastTouch,
    int DaysSinceTouch,
    IReadOnlyList<PipelineFlag> Flags)
{
    /// <summary>True when it carries the <see cref="PipelineFlagCodes.Stalled"/> flag.</summary>
    public bool IsStalled => Flags.Any(f => f.Code == PipelineFlagCodes.Stalled);
}
