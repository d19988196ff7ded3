using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>The approval chain: its roles in order.</summary>
public sealed record ApprovalChainResponse(IReadOnlyList<string> Steps);

/// <summary>What replaces the approval chain: the roles in order (1 to 10 of manager, comp-admin, finance, admin, sales-ops; no repeats).</summary>
public sealed record ApprovalChainRequest(IReadOnlyList<string>? Steps);

/// <summary>The reason given with an approval (optional) or a rejection (required).</summary>
public sealed record ApprovalDecisionRequest(string? Reason);

/// <summary>One entry of a run's approval history.</summary>
public sealed record ApprovalHistoryResponse(ApprovalAction Action, int Step, string? Role, string Actor, DateTime At, string? Reason);

/// <summary>
/// A run's place in the approval chain: its status, the step and role waited for, the chain it was submitted into (or
/// the current chain when not submitted), the people who may not approve it and why (segregation of duties), and its history.
/// </summary>
public sealed record RunApprovalResponse(
    long RunId,
    string PeriodKey,
    int Number,
    RunStatus RunStatus,
    string StartedBy,
    DateTime StartedAt,
    ApprovalStatus ApprovalStatus,
    int? PendingStep,
    string? PendingRole,
    IReadOnlyList<string> Chain,
    IReadOnlyList<string> BarredApprovers,
    string? LastRejection,
    IReadOnlyList<ApprovalHistoryResponse> History);

/// <summary>
/// Approvals of published runs (docs/compensation.md, "Approvals"): a run is submitted into the configured chain, each
/// step is approved or rejected by one holder of its role (or an admin), and the run's results are final for reps once
/// every step has approved. Segregation of duties: whoever started the run, or requested an adjustment paid in its
/// period, may not approve or reject any step of it, and nobody decides two steps of one submission.
/// </summary>
public sealed class ApprovalService(AttainDbContext db, TimeProvider clock, NotificationService notifications)
{
    /// <summary>The roles a chain step may name.</summary>
    public static readonly IReadOnlyList<string> StepRoles = [Roles.Manager, Roles.CompAdmin, Roles.Finance, Roles.Admin, Roles.SalesOps];

    public const int MaxSteps = 10;

    public async Task<ApprovalChainResponse> ChainAsync(CancellationToken cancellationToken = default) =>
        new(ParseChain((await SettingsAsync(db, cancellationToken)).ApprovalChain));

    /// <summary>Replaces the chain; runs already submitted keep the chain they were submitted into.</summary>
    public async Task<OperationOutcome<ApprovalChainResponse>> SetChainAsync(ApprovalChainRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var issues = new List<QueryIssue>();
        var steps = request.Steps ?? [];
        if (steps.Count is 0 or > MaxSteps)
        {
            issues.Add(new("steps.count", "steps", $"steps must name between 1 and {MaxSteps} roles."));
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (!StepRoles.Contains(steps[i], StringComparer.Ordinal))
            {
                issues.Add(new("steps.role", $"steps[{i}]", $"'{steps[i]}' is not a role that can approve; use one of {string.Join(", ", StepRoles)}."));
            }
            else if (steps.Take(i).Contains(steps[i], StringComparer.Ordinal))
            {
                issues.Add(new("steps.duplicate", $"steps[{i}]", $"'{steps[i]}' appears twice in the chain."));
            }
        }

        if (issues.Count > 0)
        {
            return Outcome.Invalid<ApprovalChainResponse>(issues);
        }

        var settings = await TrackedSettingsAsync(db, cancellationToken);
        settings.ApprovalChain = string.Join(',', steps);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok(new ApprovalChainResponse([.. steps]));
    }

    /// <summary>True when the period's published run has been approved at every step: reps see it as final.</summary>
    public async Task<bool> IsFinalAsync(string periodKey, CancellationToken cancellationToken = default) =>
        await (from period in db.CompensationPeriods
               join run in db.CalculationRuns on period.PublishedRunId equals run.Id
               where period.PeriodKey == periodKey
               select run.ApprovalStatus).FirstOrDefaultAsync(cancellationToken) == ApprovalStatus.Approved;

    /// <summary>A run's approval state and history, or null when there is no such run.</summary>
    public async Task<RunApprovalResponse?> GetAsync(long runId, CancellationToken cancellationToken = default)
    {
        var run = await db.CalculationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        return run is null ? null : await RespondAsync(run, cancellationToken);
    }

    /// <summary>
    /// The published runs of open periods with their approval state, newest period first; with
    /// <paramref name="waitingFor"/> only those whose pending step that viewer may decide now.
    /// </summary>
    public async Task<IReadOnlyList<RunApprovalResponse>> ListAsync(Viewer? waitingFor = null, CancellationToken cancellationToken = default)
    {
        var runs = await (from period in db.CompensationPeriods.AsNoTracking()
                          join run in db.CalculationRuns.AsNoTracking() on period.PublishedRunId equals run.Id
                          where period.State == PeriodState.Open
                          orderby run.PeriodKey descending
                          select run).ToListAsync(cancellationToken);
        var result = new List<RunApprovalResponse>();
        foreach (var run in runs)
        {
            var response = await RespondAsync(run, cancellationToken);
            if (waitingFor is null || (response.PendingRole is { } role && MayActFor(waitingFor, role) && !response.BarredApprovers.Contains(waitingFor.UserName, StringComparer.Ordinal)))
            {
                result.Add(response);
            }
        }

        return result;
    }

    /// <summary>Submits the period's published run into the chain (from not submitted or rejected).</summary>
    public async Task<OperationOutcome<RunApprovalResponse>> SubmitAsync(Viewer viewer, long runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var run = await db.CalculationRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return Outcome.Fail<RunApprovalResponse>(OperationFailure.NotFound, $"No run with id {runId}.");
        }

        var period = await db.CompensationPeriods.AsNoTracking().FirstOrDefaultAsync(p => p.PeriodKey == run.PeriodKey, cancellationToken);
        if (run.Status != RunStatus.Published || period?.PublishedRunId != run.Id)
        {
            return Outcome.Fail<RunApprovalResponse>(OperationFailure.InvalidTransition, $"Run {run.Number} of {run.PeriodKey} is {run.Status}: only the period's published run can be submitted.");
        }

        if (period.State == PeriodState.Closed)
        {
            return Outcome.Fail<RunApprovalResponse>(OperationFailure.PeriodClosed, $"{run.PeriodKey} is closed.");
        }

        if (run.ApprovalStatus is ApprovalStatus.Pending or ApprovalStatus.Approved)
        {
            return Outcome.Fail<RunApprovalResponse>(OperationFailure.InvalidTransition, $"Run {run.Number} of {run.PeriodKey} is already {run.ApprovalStatus}.");
        }

        var chain = ParseChain((await SettingsAsync(db, cancellationToken)).ApprovalChain);
        run.ApprovalStatus = ApprovalStatus.Pending;
        run.ApprovalStep = 0;
        db.ApprovalDecisions.Add(new ApprovalDecision { RunId = run.Id, Step = 0, Action = ApprovalAction.Submitted, Actor = viewer.UserName, At = Now, Chain = string.Join(',', chain) });
        await NotifyStepAsync(run, chain[0], viewer.UserName, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok(await RespondAsync(run, cancellationToken));
    }

    /// <summary>Approves the pending step; the last step makes the run approved (final).</summary>
    public Task<OperationOutcome<RunApprovalResponse>> ApproveAsync(Viewer viewer, long runId, string? reason, CancellationToken cancellationToken = default) =>
        DecideAsync(viewer, runId, approve: true, reason, cancellationToken);

    /// <summary>Rejects the pending step with a reason: the run is returned (Rejected) and can be submitted again, or the period run again.</summary>
    public Task<OperationOutcome<RunApprovalResponse>> RejectAsync(Viewer viewer, long runId, string? reason, CancellationToken cancellationToken = default) =>
        DecideAsync(viewer, runId, approve: false, reason, cancellationToken);

    /// <summary>
    /// The user names who may not decide any step of the run: its starter, the requesters of adjustments paid in its
    /// period, and (for the current submission) those who already decided a step.
    /// </summary>
    public async Task<IReadOnlyList<string>> BarredApproversAsync(CalculationRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var requesters = await db.Adjustments.AsNoTracking().Where(a => a.PeriodKey == run.PeriodKey).Select(a => a.RequestedBy).Distinct().ToListAsync(cancellationToken);
        var decided = (await SubmissionAsync(run.Id, cancellationToken)).Where(d => d.Action != ApprovalAction.Submitted).Select(d => d.Actor);
        return [.. new[] { run.StartedBy }.Concat(requesters).Concat(decided).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Whether a viewer holds the role a step names; an admin may act for any step.</summary>
    public static bool MayActFor(Viewer viewer, string role)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.IsInRole(role) || viewer.IsInRole(Roles.Admin);
    }

    private async Task<OperationOutcome<RunApprovalResponse>> DecideAsync(Viewer viewer, long runId, bool approve, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!approve && reason is null)
        {
            return Outcome.Invalid<RunApprovalResponse>([new("required", "reason", "A rejection needs a reason.")]);
        }

        if (reason is { Length: > 2000 })
        {
            return Outcome.Invalid<RunApprovalResponse>([new("too_long", "reason", "reason must be at most 2000 characters.")]);
        }

        var run = await db.CalculationRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return Outcome.Fail<RunApprovalResponse>(OperationFailure.NotFound, $"No run with id {runId}.");
        }

        if (run.ApprovalStatus != ApprovalStatus.Pending || run.Status != RunStatus.Published)
        {
            return Outcome.Fail<RunApprovalResponse>(OperationFailure.InvalidTransition, $"Run {run.Number} of {run.PeriodKey} is {run.Status} and {run.ApprovalStatus}: only a published run waiting for approval can be approved or rejected.");
        }

        var chain = ChainOf(await SubmissionAsync(run.Id, cancellationToken));
        var role = chain[run.ApprovalStep];
        if (!MayActFor(viewer, role))
        {
            return Outcome.Fail<RunApprovalResponse>(OperationFailure.NotAllowed, $"Step {run.ApprovalStep + 1} of the chain waits for a holder of the role {role}.");
        }

        if ((await BarredApproversAsync(run, cancellationToken)).Contains(viewer.UserName, StringComparer.Ordinal))
        {
            return Outcome.Fail<RunApprovalResponse>(OperationFailure.SegregationOfDuties,
                $"{viewer.UserName} started run {run.Number} of {run.PeriodKey}, requested an adjustment paid in {run.PeriodKey}, or already decided a step of it, so cannot approve or reject it.");
        }

        db.ChangeContext.Reason = reason;
        db.ApprovalDecisions.Add(new ApprovalDecision
        {
            RunId = run.Id,
            Step = run.ApprovalStep,
            Role = role,
            Action = approve ? ApprovalAction.Approved : ApprovalAction.Rejected,
            Actor = viewer.UserName,
            At = Now,
            Reason = reason,
        });
        var link = $"compensation/approvals?run={run.Id}";
        if (!approve)
        {
            run.ApprovalStatus = ApprovalStatus.Rejected;
            var submitters = (await SubmissionAsync(run.Id, cancellationToken)).Where(d => d.Action == ApprovalAction.Submitted).Select(d => d.Actor);
            await notifications.AddAsync(await notifications.UsersNamedAsync([.. submitters.Append(run.StartedBy)], cancellationToken), viewer.UserName,
                $"Run {run.Number} of {run.PeriodKey} was rejected at step {run.ApprovalStep + 1} ({role}) by {viewer.UserName}: {reason}", link, cancellationToken);
        }
        else if (run.ApprovalStep + 1 < chain.Count)
        {
            run.ApprovalStep++;
            await NotifyStepAsync(run, chain[run.ApprovalStep], viewer.UserName, cancellationToken);
        }
        else
        {
            run.ApprovalStatus = ApprovalStatus.Approved;
            var submitters = (await SubmissionAsync(run.Id, cancellationToken)).Where(d => d.Action == ApprovalAction.Submitted).Select(d => d.Actor);
            await notifications.AddAsync(await notifications.UsersNamedAsync([.. submitters], cancellationToken), viewer.UserName,
                $"Run {run.Number} of {run.PeriodKey} is approved: its statements are final.", link, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok(await RespondAsync(run, cancellationToken));
    }

    private async Task NotifyStepAsync(CalculationRun run, string role, string actor, CancellationToken cancellationToken) =>
        await notifications.AddAsync(await notifications.UsersInRoleAsync(role, cancellationToken), actor,
            $"Run {run.Number} of {run.PeriodKey} waits for your approval ({role}).", $"compensation/approvals?run={run.Id}", cancellationToken);

    /// <summary>The decisions of the run's latest submission, the submission first; empty when never submitted.</summary>
    private async Task<List<ApprovalDecision>> SubmissionAsync(long runId, CancellationToken cancellationToken)
    {
        var decisions = await db.ApprovalDecisions.AsNoTracking().Where(d => d.RunId == runId).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var start = decisions.FindLastIndex(d => d.Action == ApprovalAction.Submitted);
        return start < 0 ? [] : decisions[start..];
    }

    private static List<string> ChainOf(List<ApprovalDecision> submission) => ParseChain(submission[0].Chain);

    private async Task<RunApprovalResponse> RespondAsync(CalculationRun run, CancellationToken cancellationToken)
    {
        var history = await db.ApprovalDecisions.AsNoTracking().Where(d => d.RunId == run.Id).OrderBy(d => d.Id)
            .Select(d => new ApprovalHistoryResponse(d.Action, d.Step, d.Role, d.Actor, d.At, d.Reason)).ToListAsync(cancellationToken);
        var submission = await SubmissionAsync(run.Id, cancellationToken);
        var chain = submission.Count > 0 ? ChainOf(submission) : ParseChain((await SettingsAsync(db, cancellationToken)).ApprovalChain);
        var pending = run.ApprovalStatus == ApprovalStatus.Pending;
        return new RunApprovalResponse(
            run.Id, run.PeriodKey, run.Number, run.Status, run.StartedBy, run.StartedAt, run.ApprovalStatus,
            pending ? run.ApprovalStep : null,
            pending ? chain[run.ApprovalStep] : null,
            chain,
            await BarredApproversAsync(run, cancellationToken),
            run.ApprovalStatus == ApprovalStatus.Rejected ? history.LastOrDefault(h => h.Action == ApprovalAction.Rejected)?.Reason : null,
            history);
    }

    internal static List<string> ParseChain(string? chain) =>
        chain is { Length: > 0 } ? [.. chain.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [.. CompensationSettings.DefaultChain];

    /// <summary>The settings row, or the defaults when there is none yet (not tracked).</summary>
    internal static async Task<CompensationSettings> SettingsAsync(AttainDbContext db, CancellationToken cancellationToken) =>
        await db.CompensationSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken)
            ?? new CompensationSettings { ApprovalChain = string.Join(',', CompensationSettings.DefaultChain) };

    /// <summary>The settings row, tracked; added with the defaults when there is none yet.</summary>
    internal static async Task<CompensationSettings> TrackedSettingsAsync(AttainDbContext db, CancellationToken cancellationToken)
    {
        var settings = await db.CompensationSettings.FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new CompensationSettings { ApprovalChain = string.Join(',', CompensationSettings.DefaultChain) };
            db.CompensationSettings.Add(settings);
        }

        return settings;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
