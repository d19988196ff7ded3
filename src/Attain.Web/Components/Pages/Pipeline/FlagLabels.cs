using Attain.Engine.Pipeline;

namespace Attain.Web.Components.Pages.Pipeline;

/// <summary>The label of each flag code in the UI (docs/pipeline.md names the same).</summary>
public static class FlagLabels
{
    public static string Of(string code) => code switch
    {
        PipelineFlagCodes.Stalled => "Stalled",
        PipelineFlagCodes.CloseDatePast => "Close date in the past",
        PipelineFlagCodes.MissingAmount => "Missing amount",
        PipelineFlagCodes.CloseDatePushed => "Close date pushed",
        PipelineFlagCodes.StageSkipped => "Stage skipped",
        _ => code,
    };
}
