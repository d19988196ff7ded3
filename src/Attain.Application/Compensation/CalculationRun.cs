namespace Attain.Application.Compensation;

/// <summary>Where a calc run is.</summary>
public enum RunStatus
{
    /// <summary>Calculating or writing its staged results; at most one per period.</summary>
    Running,

    /// <summary>Complete and staged, not yet the period's published results.</summary>
    Staged,

    /// <summary>The period's published results (exactly one per period once any run has published).</summary>
    Published,

    /// <summary>Was published; a later run of the period replaced it. Kept for comparison.</summary>
    Superseded,

    /// <summary>Stopped by an error or abandoned by a process that died; its staged rows are never read.</summary>
    Failed,
}

/// <summary>What a running calc run is doing (docs/compensation.md, "Runs as users drive them").</summary>
public enum RunPhase
{
    /// <summary>Started, waiting for a worker (a run started in the background).</summary>
    Queued,

    /// <summary>Reading plans, assignments, people, bookings and FX rates from the store.</summary>
    Reading,

    /// <summary>The engine calculates credits, earnings and the payment stage.</summary>
    Calculating,

    /// <summary>Writing the run's rows (staging).</summary>
    Writing,

    /// <summary>Pointing the period at the run.</summary>
    Publishing,

    /// <summary>Finished: the run is Staged (a closed period's run) or Published. A Failed run keeps the phase it failed in.</summary>
    Done,
}

/// <summary>Where a run's results are in the approval chain.</summary>
public enum ApprovalStatus
{
    /// <summary>Not submitted (or not complete).</summary>
    NotSubmitted,

    /// <summary>Waiting for the step <see cref="CalculationRun.ApprovalStep"/>.</summary>
    Pending,

    /// <summary>Every step approved: reps see the results as final.</summary>
    Approved,

    /// <summary>Returned with a reason.</summary>
    Rejected,
}

/// <summary>
/// One calculation of a period: versioned per period by <see cref="Number"/> (1, 2, ...). Its results are the rows of
/// <see cref="RunLine"/>, <see cref="RunMeasure"/> and <see cref="RunPayout"/> with its id; readers only read the
/// period's published run (<see cref="CompensationPeriod.PublishedRunId"/>), so a run is visible all or nothing.
/// </summary>
public class CalculationRun
{
    public long Id { get; set; }

    /// <summary>The period calculated (<c>FY2026-M03</c>).</summary>
    public required string PeriodKey { get; set; }

    /// <summary>The run's version within its period, from 1.</summary>
    public int Number { get; set; }

    public RunStatus Status { get; set; }

    /// <summary>
    /// What the run is doing; <see cref="RunPhase.Done"/> once finished (a run is briefly Staged in phase Publishing
    /// before it is Published). A Failed run keeps the phase it failed in.
    /// </summary>
    public RunPhase Phase { get; set; }

    /// <summary>
    /// When the worker last reported (start, each phase, progress). A Running run whose heartbeat is older than
    /// <see cref="CalculationRunService.StaleAfter"/> belongs to a process that died: the next start fails it.
    /// </summary>
    public DateTime HeartbeatAt { get; set; }

    /// <summary>Who started it.</summary>
    public required string StartedBy { get; set; }

    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public DateTime? PublishedAt { get; set; }

    /// <summary>Why it was started (free text), or null.</summary>
    public string? Reason { get; set; }

    /// <summary>Participants calculated so far and in all, for progress.</summary>
    public int ParticipantsDone { get; set; }

    public int ParticipantsTotal { get; set; }

    /// <summary>SHA-256 (hex) of the run's results in a canonical order: equal results, equal checksum.</summary>
    public string? Checksum { get; set; }

    /// <summary>Why it failed, or null.</summary>
    public string? Failure { get; set; }

    /// <summary>
    /// For a recalculation of a closed period: the published run it recalculates (its differences become prior-period
    /// adjustments in the open period); otherwise null.
    /// </summary>
    public long? RecalculatesRunId { get; set; }

    public ApprovalStatus ApprovalStatus { get; set; }

    /// <summary>The approval step waited for (from 0), while <see cref="ApprovalStatus"/> is Pending.</summary>
    public int ApprovalStep { get; set; }
}

/// <summary>Whether a period's compensation can still change.</summary>
public enum PeriodState
{
    /// <summary>Runs may be published and replaced.</summary>
    Open,

    /// <summary>Finalised: never rewritten; changes go to a later open period as prior-period adjustments.</summary>
    Closed,
}

/// <summary>A period's compensation state and which run is its published result.</summary>
public class CompensationPeriod
{
    /// <summary>The fiscal period key (<c>FY2026-M03</c>); the primary key.</summary>
    public required string PeriodKey { get; set; }

    public PeriodState State { get; set; }

    /// <summary>The run readers see for this period, or null before any run has published.</summary>
    public long? PublishedRunId { get; set; }

    public DateTime? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
}
