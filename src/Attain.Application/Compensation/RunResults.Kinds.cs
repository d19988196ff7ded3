namespace Attain.Application.Compensation;

/// <summary>Questions about the tables that hold a run's results.</summary>
public static class RunResults
{
    /// <summary>
    /// Whether rows of <paramref name="type"/> are a run's results. They are written once by the run that owns them and
    /// never changed; the change log records the run itself (its insert and every status change) and one bulk entry for
    /// its results instead of one entry per line.
    /// </summary>
    public static bool IsRunResult(Type type) => type == typeof(RunLine) || type == typeof(RunMeasure) || type == typeof(RunPayout);
}
