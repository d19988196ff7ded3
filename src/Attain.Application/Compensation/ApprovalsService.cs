using System.Globalization;
using System.Text.Json;
using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Application.Quotas;
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
/// every step has approved. Segregation of duties: whoever started the run, requested an adjustment paid in its period,
/// or changed a plan version, plan assignment or quota the run used may not approve or reject any step of it, and nobody
/// decides two steps of one submission.
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
    /// period, whoever changed a plan version, plan assignment or quota the run used (<see cref="InputEditorsAsync"/>),
    /// and (for the current submission) those who already decided a step.
    /// </summary>
    public async Task<IReadOnlyList<string>> BarredApproversAsync(CalculationRun run, CancellationToken cancellationToken = default) =>
        [.. (await BarsAsync(run, cancellationToken)).Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Who changed what the run used, by the change log (docs/compensation.md, "Approvals"; ADR 0023): every actor of a
    /// recorded insert, update or delete of a plan version the run's lines came from, of a plan assignment of one of the
    /// run's participants to one of its plans, or of a quota of one of its participants in the period's fiscal year up to
    /// the period's end (a bulk load of quotas counts for its actor), made after the previous published run of the period
    /// started (for a period's first run: after the previous period's published run started; without either, any time)
    /// and before the run finished. <c>system:</c> actors are left out: nobody signs in as them.
    /// </summary>
    public async Task<IReadOnlyList<string>> InputEditorsAsync(CalculationRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var since = await db.CalculationRuns.AsNoTracking()
            .Where(r => r.PeriodKey == run.PeriodKey && r.Number < run.Number && (r.Status == RunStatus.Published || r.Status == RunStatus.Superseded))
            .OrderByDescending(r => r.Number).Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        var calendar = await PeriodCloseService.CalendarAsync(db, cancellationToken);
        if (!calendar.TryParse(run.PeriodKey, out var period))
        {
            return [];
        }

        if (since is null)
        {
            var previousKey = calendar.Previous(period).Key;
            since = await (from p in db.CompensationPeriods.AsNoTracking()
                           join r in db.CalculationRuns.AsNoTracking() on p.PublishedRunId equals r.Id
                           where p.PeriodKey == previousKey
                           select (DateTime?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        }

        var from = since ?? DateTime.MinValue;
        var until = run.FinishedAt ?? run.StartedAt;
        string[] entities = [ChangeLogRules.EntityName(typeof(PlanRecord)), ChangeLogRules.EntityName(typeof(PlanAssignmentRecord)), ChangeLogRules.EntityName(typeof(Quota))];
        var entries = await db.ChangeLog.AsNoTracking()
            .Where(e => entities.Contains(e.Entity) && e.OccurredAt > from && e.OccurredAt <= until)
            .Select(e => new { e.Entity, e.EntityKey, e.Operation, e.Actor, e.Before })
            .ToListAsync(cancellationToken);
        entries.RemoveAll(e => e.Actor.StartsWith("system:", StringComparison.Ordinal));
        if (entries.Count == 0)
        {
            return [];
        }

        var versions = await db.RunLines.AsNoTracking().Where(l => l.RunId == run.Id).Select(l => new { l.PlanKey, l.PlanVersion }).Distinct().ToListAsync(cancellationToken);
        var planKeys = versions.Select(v => v.PlanKey).Distinct(StringComparer.Ordinal).ToList();
        var people = (await db.RunLines.AsNoTracking().Where(l => l.RunId == run.Id).Select(l => l.PersonId).Distinct().ToListAsync(cancellationToken))
            .Union(await db.RunPayouts.AsNoTracking().Where(p => p.RunId == run.Id).Select(p => p.PersonId).Distinct().ToListAsync(cancellationToken)).ToList();
        var yearStart = calendar.YearOf(period.Start).Start;
        var plans = (await db.Plans.AsNoTracking().Where(p => planKeys.Contains(p.Key)).Select(p => new { p.Id, p.Key, p.Version }).ToListAsync(cancellationToken))
            .Where(p => versions.Any(v => v.PlanKey == p.Key && v.PlanVersion == p.Version)).Select(p => Key(p.Id)).ToHashSet(StringComparer.Ordinal);
        var assignments = (await db.PlanAssignments.AsNoTracking().Where(a => people.Contains(a.PersonId) && planKeys.Contains(a.PlanKey)).Select(a => a.Id).ToListAsync(cancellationToken))
            .Select(Key).ToHashSet(StringComparer.Ordinal);
        var quotas = (await db.Quotas.AsNoTracking().Where(q => people.Contains(q.PersonId) && q.PeriodEnd >= yearStart && q.PeriodStart <= period.End).Select(q => q.Id).ToListAsync(cancellationToken))
            .Select(Key).ToHashSet(StringComparer.Ordinal);

        // A deleted row is gone from its table: its values before the delete say whether the run used it.
        bool DeletedUsed(string entity, string? before)
        {
            var values = before is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(before);
            string? Text(string name) => values is not null && values.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;
            bool Person() => long.TryParse(Text(nameof(Quota.PersonId)), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && people.Contains(id);
            return entity switch
            {
                nameof(PlanRecord) => versions.Any(v => v.PlanKey == Text(nameof(PlanRecord.Key)) && v.PlanVersion.ToString(CultureInfo.InvariantCulture) == Text(nameof(PlanRecord.Version))),
                nameof(PlanAssignmentRecord) => Person() && planKeys.Contains(Text(nameof(PlanAssignmentRecord.PlanKey)) ?? string.Empty, StringComparer.Ordinal),
                _ => Person() && DateOnly.TryParse(Text(nameof(Quota.PeriodEnd)), CultureInfo.InvariantCulture, out var end) && end >= yearStart
                    && DateOnly.TryParse(Text(nameof(Quota.PeriodStart)), CultureInfo.InvariantCulture, out var start) && start <= period.End,
            };
        }

        return
        [
            .. entries.Where(e => e.Operation switch
            {
                ChangeOperation.BulkInsert => e.Entity == nameof(Quota),
                ChangeOperation.Delete => DeletedUsed(e.Entity, e.Before),
                _ => (e.Entity switch { nameof(PlanRecord) => plans, nameof(PlanAssignmentRecord) => assignments, _ => quotas }).Contains(e.EntityKey),
            }).Select(e => e.Actor).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
        ];

        static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Who may not decide the run, each with why (the first reason found).</summary>
    private async Task<Dictionary<string, string>> BarsAsync(CalculationRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var bars = new Dictionary<string, string>(StringComparer.Ordinal) { [run.StartedBy] = $"started run {run.Number} of {run.PeriodKey}" };
        var requesters = await db.Adjustments.AsNoTracking().Where(a => a.PeriodKey == run.PeriodKey).Select(a => a.RequestedBy).Distinct().ToListAsync(cancellationToken);
        foreach (var requester in requesters)
        {
            bars.TryAdd(requester, $"requested an adjustment paid in {run.PeriodKey}");
        }

        foreach (var editor in await InputEditorsAsync(run, cancellationToken))
        {
            bars.TryAdd(editor, $"changed a plan version, plan assignment or quota that run {run.Number} of {run.PeriodKey} used");
        }

        foreach (var decided in (await SubmissionAsync(run.Id, cancellationToken)).Where(d => d.Action != ApprovalAction.Submitted).Select(d => d.Actor))
        {
            bars.TryAdd(decided, $"already decided a step of run {run.Number} of {run.PeriodKey}");
        }

        return bars;
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
        (reason, var invalid) = DecisionReason.Read(reason, required: !approve);
        if (invalid is not null)
        {
            return Outcome.Invalid<RunApprovalResponse>([invalid]);
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

        if ((await BarsAsync(run, cancellationToken)).TryGetValue(viewer.UserName, out var why))
        {
            return Outcome.Fail<RunApprovalResponse>(OperationFailure.SegregationOfDuties, $"{viewer.UserName} {why}, so cannot approve or reject it.");
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
