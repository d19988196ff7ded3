using System.Globalization;
using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Attain.Application.Compensation;

/// <summary>What raises a dispute: the run whose statement it questions, the line number (or none for the statement as a whole) and the question.</summary>
public sealed record DisputeRequest(long? RunId, int? LineNumber, string? Text);

/// <summary>A comment's text.</summary>
public sealed record DisputeCommentRequest(string? Text);

/// <summary>Why a dispute is rejected (required).</summary>
public sealed record DisputeRejection(string? Reason);

/// <summary>
/// How a dispute is resolved: the adjustment it creates (signed amount in the participant's pay currency, the period it is
/// paid in — by default the dispute's — and optionally a component, by default the disputed line's) and the reason shown
/// to the participant and on the statement.
/// </summary>
public sealed record DisputeResolution(decimal? Amount, string? PeriodKey, string? ComponentId, string? Reason);

/// <summary>The disputed statement line as it stands in the run.</summary>
public sealed record DisputeLineResponse(int Number, string Kind, string PlanKey, string? ComponentId, DateOnly Date, decimal Amount, string Currency);

/// <summary>A comment, by the participant or by the compensation office.</summary>
public sealed record DisputeCommentResponse(long Id, string Author, bool ByOffice, string Text, DateTime At);

/// <summary>
/// A dispute with its age in days (from the day it was raised to today, or to the day it closed) against the SLA, and
/// whether it is overdue (still open or in review after more than <see cref="SlaDays"/> days). Lists leave
/// <see cref="Comments"/> empty; the record itself carries them oldest first.
/// </summary>
public sealed record DisputeResponse(
    long Id,
    long PersonId,
    string PersonName,
    long RunId,
    string PeriodKey,
    int? LineNumber,
    DisputeLineResponse? Line,
    string Text,
    DisputeStatus Status,
    string RaisedBy,
    DateTime RaisedAt,
    string? ReviewedBy,
    DateTime? ClosedAt,
    string? ClosedBy,
    string? Resolution,
    long? AdjustmentId,
    int AgeDays,
    int SlaDays,
    bool Overdue,
    IReadOnlyList<DisputeCommentResponse> Comments);

/// <summary>The disputes list: filters by status, person, period and overdue; newest first.</summary>
public sealed record DisputeQuery : ListQuery
{
    public DisputeStatus? Status { get; init; }
    public long? PersonId { get; init; }
    public string? PeriodKey { get; init; }

    /// <summary>True: only overdue disputes; false: only those not overdue; null: both.</summary>
    public bool? Overdue { get; init; }

    public override IReadOnlyList<string> SortKeys { get; } = ["raisedAt"];
}

/// <summary>The dispute SLA in days.</summary>
public sealed record DisputeSettingsResponse(int SlaDays);

/// <summary>What changes the dispute SLA: 1–365 days.</summary>
public sealed record DisputeSettingsRequest(int? SlaDays);

/// <summary>
/// Disputes (docs/compensation.md, "Disputes"): a participant raises one on a line of their statement (or the statement as
/// a whole); the compensation office (admin, comp-admin) takes it into review and resolves it with an adjustment or
/// rejects it; both sides comment; each state change and comment notifies the other side. Rows are scoped: a rep sees
/// their own, a manager their subtree's (read only), the see-everything roles all.
/// </summary>
public sealed class DisputeService(AttainDbContext db, TimeProvider clock, OrganisationTime time, AdjustmentService adjustments, NotificationService notifications)
{
    public const int MaxText = 4000;

    /// <summary>The roles that work disputes.</summary>
    public static bool IsOffice(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.IsInRole(Roles.Admin) || viewer.IsInRole(Roles.CompAdmin);
    }

    public async Task<DisputeSettingsResponse> SettingsAsync(CancellationToken cancellationToken = default) =>
        new((await ApprovalService.SettingsAsync(db, cancellationToken)).DisputeSlaDays);

    public async Task<OperationOutcome<DisputeSettingsResponse>> SetSettingsAsync(DisputeSettingsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SlaDays is not (>= 1 and <= 365))
        {
            return Outcome.Invalid<DisputeSettingsResponse>([new("sla_days.out_of_range", "slaDays", "slaDays must be between 1 and 365.")]);
        }

        var settings = await ApprovalService.TrackedSettingsAsync(db, cancellationToken);
        settings.DisputeSlaDays = request.SlaDays.Value;
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok(new DisputeSettingsResponse(settings.DisputeSlaDays));
    }

    /// <summary>Raises a dispute on the viewer's own statement in a run.</summary>
    public async Task<OperationOutcome<DisputeResponse>> RaiseAsync(Viewer viewer, DisputeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(request);
        var issues = new List<QueryIssue>();
        if (viewer.PersonId is not { } personId)
        {
            return Outcome.Invalid<DisputeResponse>([new("person.required", "person", "Your login is not linked to a person, so you have no statement to dispute.")]);
        }

        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            issues.Add(new("required", "text", "Say what you are asking about."));
        }
        else if (text.Length > MaxText)
        {
            issues.Add(new("too_long", "text", $"text must be at most {MaxText} characters."));
        }

        CalculationRun? run = null;
        if (request.RunId is not { } runId)
        {
            issues.Add(new("required", "runId", "runId is required."));
        }
        else
        {
            run = await db.CalculationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
            var hasStatement = run is { Status: RunStatus.Published or RunStatus.Superseded }
                && (await db.RunLines.AnyAsync(l => l.RunId == runId && l.PersonId == personId, cancellationToken)
                    || await db.RunPayouts.AnyAsync(p => p.RunId == runId && p.PersonId == personId, cancellationToken));
            if (!hasStatement)
            {
                issues.Add(new("unknown_value", "runId", $"Run {runId} holds no statement of yours."));
            }
            else if (request.LineNumber is { } number && !await db.RunLines.AnyAsync(l => l.RunId == runId && l.PersonId == personId && l.Number == number, cancellationToken))
            {
                issues.Add(new("unknown_value", "lineNumber", $"Your statement in run {runId} has no line {number}."));
            }
        }

        if (issues.Count > 0)
        {
            return Outcome.Invalid<DisputeResponse>(issues);
        }

        var dispute = new Dispute
        {
            PersonId = personId,
            RunId = run!.Id,
            PeriodKey = run.PeriodKey,
            LineNumber = request.LineNumber,
            Text = text!,
            Status = DisputeStatus.Open,
            RaisedBy = viewer.UserName,
            RaisedAt = Now,
        };
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        db.Disputes.Add(dispute);
        await db.SaveChangesAsync(cancellationToken);
        var what = dispute.LineNumber is { } line ? $"line {line} of the {dispute.PeriodKey} statement" : $"the {dispute.PeriodKey} statement";
        return await NotifyAndSaveAsync(dispute, viewer, $"{viewer.UserName} raised dispute #{dispute.Id} on {what}.", transaction, cancellationToken);
    }

    /// <summary>One dispute the scope may see, with its comments, or null.</summary>
    public async Task<DisputeResponse?> GetAsync(Scope scope, long id, CancellationToken cancellationToken = default)
    {
        var found = await RespondAsync(db.Disputes.AsNoTracking().VisibleTo(scope, d => d.PersonId).Where(d => d.Id == id), cancellationToken);
        if (found.Count == 0)
        {
            return null;
        }

        var comments = await db.DisputeComments.AsNoTracking().Where(c => c.DisputeId == id).OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new DisputeCommentResponse(c.Id, c.Author, c.ByOffice, c.Text, c.At)).ToListAsync(cancellationToken);
        return found[0] with { Comments = comments };
    }

    /// <summary>The disputes the scope may see, filtered, newest first by default (<c>sort=raisedAt</c>: oldest first), paged.</summary>
    public async Task<Paged<DisputeResponse>> ListAsync(Scope scope, DisputeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.EnsureValid();
        var rows = db.Disputes.AsNoTracking().VisibleTo(scope, d => d.PersonId).Search(query.Search, d => d.Text);
        if (query.Status is { } status)
        {
            rows = rows.Where(d => d.Status == status);
        }

        if (query.PersonId is { } person)
        {
            rows = rows.Where(d => d.PersonId == person);
        }

        if (query.PeriodKey is { } period)
        {
            rows = rows.Where(d => d.PeriodKey == period);
        }

        if (query.Overdue is { } overdue)
        {
            var limit = await OverdueBeforeAsync(cancellationToken);
            rows = overdue
                ? rows.Where(d => (d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview) && d.RaisedAt < limit)
                : rows.Where(d => !((d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview) && d.RaisedAt < limit));
        }

        var sorted = rows.OrderStable(d => d.RaisedAt, query.SortOrder().Descending || query.Sort is null, d => d.Id);
        return await sorted.PageAsync(query, RespondAsync, cancellationToken);
    }

    /// <summary>Adds a comment by the participant (their own dispute) or the office; a manager reads only.</summary>
    public async Task<OperationOutcome<DisputeResponse>> CommentAsync(Viewer viewer, Scope scope, long id, DisputeCommentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(request);
        var dispute = await FindAsync(scope, id, cancellationToken);
        if (dispute is null)
        {
            return Outcome.Fail<DisputeResponse>(OperationFailure.NotFound, $"No dispute with id {id}.");
        }

        var byOffice = IsOffice(viewer);
        if (!byOffice && viewer.PersonId != dispute.PersonId)
        {
            return Outcome.Fail<DisputeResponse>(OperationFailure.NotAllowed, "Only the participant and the compensation office comment on a dispute.");
        }

        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxText)
        {
            return Outcome.Invalid<DisputeResponse>([new(string.IsNullOrEmpty(text) ? "required" : "too_long", "text", $"text is required and at most {MaxText} characters.")]);
        }

        db.DisputeComments.Add(new DisputeComment { DisputeId = id, Author = viewer.UserName, ByOffice = byOffice, Text = text, At = Now });
        return await NotifyAndSaveAsync(dispute, viewer, $"{viewer.UserName} commented on dispute #{id}: {Shorten(text)}", null, cancellationToken);
    }

    /// <summary>Open → in review, by the office; the reviewer is the office side notified from then on.</summary>
    public async Task<OperationOutcome<DisputeResponse>> ReviewAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (dispute, refused) = await TransitionAsync(viewer, id, DisputeStatus.Open, "take into review", cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        dispute!.Status = DisputeStatus.InReview;
        dispute.ReviewedBy = viewer.UserName;
        return await NotifyAndSaveAsync(dispute, viewer, $"{viewer.UserName} is reviewing your dispute #{id}.", null, cancellationToken);
    }

    /// <summary>In review → resolved, creating a pending adjustment linked to the dispute (approved by someone else).</summary>
    public async Task<OperationOutcome<DisputeResponse>> ResolveAsync(Viewer viewer, long id, DisputeResolution resolution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(resolution);
        var (dispute, refused) = await TransitionAsync(viewer, id, DisputeStatus.InReview, "resolve", cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var component = resolution.ComponentId;
        if (component is null && dispute!.LineNumber is { } number)
        {
            component = await db.RunLines.AsNoTracking().Where(l => l.RunId == dispute.RunId && l.PersonId == dispute.PersonId && l.Number == number)
                .Select(l => l.ComponentId).FirstOrDefaultAsync(cancellationToken);
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var request = new AdjustmentRequest(dispute!.PersonId, resolution.PeriodKey ?? dispute.PeriodKey, resolution.Amount, null, component, resolution.Reason);
        var adjustment = await adjustments.CreateAsync(viewer, request, AdjustmentKind.Dispute, dispute.Id, cancellationToken);
        if (!adjustment.Succeeded)
        {
            return adjustment.As<DisputeResponse>();
        }

        dispute.Status = DisputeStatus.Resolved;
        dispute.ClosedAt = Now;
        dispute.ClosedBy = viewer.UserName;
        dispute.Resolution = adjustment.Value!.Reason;
        dispute.AdjustmentId = adjustment.Value.Id;
        return await NotifyAndSaveAsync(dispute, viewer,
            string.Create(CultureInfo.InvariantCulture, $"Dispute #{id} is resolved with an adjustment of {adjustment.Value.Amount:0.00##} {adjustment.Value.Currency} in {adjustment.Value.PeriodKey} (pending approval): {Shorten(adjustment.Value.Reason)}"),
            transaction, cancellationToken);
    }

    /// <summary>In review → rejected, with the reason.</summary>
    public async Task<OperationOutcome<DisputeResponse>> RejectAsync(Viewer viewer, long id, DisputeRejection rejection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(rejection);
        var (reason, invalid) = DecisionReason.Read(rejection.Reason, required: true);
        if (invalid is not null)
        {
            return Outcome.Invalid<DisputeResponse>([invalid]);
        }

        var (dispute, refused) = await TransitionAsync(viewer, id, DisputeStatus.InReview, "reject", cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        db.ChangeContext.Reason = reason;
        dispute!.Status = DisputeStatus.Rejected;
        dispute.ClosedAt = Now;
        dispute.ClosedBy = viewer.UserName;
        dispute.Resolution = reason!;
        return await NotifyAndSaveAsync(dispute, viewer, $"Dispute #{id} was rejected: {Shorten(reason!)}", null, cancellationToken);
    }

    private async Task<(Dispute? Dispute, OperationOutcome<DisputeResponse>? Refused)> TransitionAsync(Viewer viewer, long id, DisputeStatus from, string verb, CancellationToken cancellationToken)
    {
        var dispute = await db.Disputes.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dispute is null)
        {
            return (null, Outcome.Fail<DisputeResponse>(OperationFailure.NotFound, $"No dispute with id {id}."));
        }

        if (!IsOffice(viewer))
        {
            return (null, Outcome.Fail<DisputeResponse>(OperationFailure.NotAllowed, "Only the compensation office (admin, comp-admin) moves a dispute on."));
        }

        if (dispute.Status != from)
        {
            return (null, Outcome.Fail<DisputeResponse>(OperationFailure.InvalidTransition, $"Dispute {id} is {dispute.Status}: only a dispute that is {from} can be taken to {verb}."));
        }

        return (dispute, null);
    }

    private async Task<Dispute?> FindAsync(Scope scope, long id, CancellationToken cancellationToken) =>
        await db.Disputes.AsNoTracking().VisibleTo(scope, d => d.PersonId).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    /// <summary>Notifies the other side, saves, commits <paramref name="transaction"/> when given, and answers the dispute as it now stands.</summary>
    private async Task<OperationOutcome<DisputeResponse>> NotifyAndSaveAsync(Dispute dispute, Viewer actor, string text, IDbContextTransaction? transaction, CancellationToken cancellationToken)
    {
        await NotifyAsync(dispute, actor, text, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return Outcome.Ok((await GetAsync(Scope.All, dispute.Id, cancellationToken))!);
    }

    /// <summary>Notifies the other side: the participant's users when the office acts, the office when the participant acts.</summary>
    private async Task NotifyAsync(Dispute dispute, Viewer actor, string text, CancellationToken cancellationToken)
    {
        List<string> recipients;
        if (actor.PersonId == dispute.PersonId && !IsOffice(actor))
        {
            recipients = dispute.ReviewedBy is { } reviewer
                ? await notifications.UsersNamedAsync([reviewer], cancellationToken)
                : await notifications.UsersInRoleAsync(Roles.CompAdmin, cancellationToken);
            if (recipients.Count == 0)
            {
                recipients = await notifications.UsersInRoleAsync(Roles.Admin, cancellationToken);
            }
        }
        else
        {
            recipients = await notifications.UsersOfPersonAsync(dispute.PersonId, cancellationToken);
        }

        await notifications.AddAsync(recipients, actor.UserName, text, $"compensation/disputes/{dispute.Id}", cancellationToken);
    }

    /// <summary>A dispute raised before this instant and still open or in review is overdue.</summary>
    private async Task<DateTime> OverdueBeforeAsync(CancellationToken cancellationToken)
    {
        var sla = (await ApprovalService.SettingsAsync(db, cancellationToken)).DisputeSlaDays;
        var today = await time.TodayAsync(cancellationToken);
        return await time.StartOfDayUtcAsync(today.AddDays(-sla), cancellationToken);
    }

    private async Task<List<DisputeResponse>> RespondAsync(IQueryable<Dispute> rows, CancellationToken cancellationToken)
    {
        var disputes = await rows.ToListAsync(cancellationToken);
        var people = disputes.Select(d => d.PersonId).Distinct().ToList();
        var names = await PersonNames.OfAsync(db, people, cancellationToken);
        var runs = disputes.Where(d => d.LineNumber != null).Select(d => d.RunId).Distinct().ToList();
        var lines = (await db.RunLines.AsNoTracking().Where(l => runs.Contains(l.RunId) && people.Contains(l.PersonId)).ToListAsync(cancellationToken))
            .ToDictionary(l => (l.RunId, l.PersonId, l.Number));
        var sla = (await ApprovalService.SettingsAsync(db, cancellationToken)).DisputeSlaDays;
        var zone = await time.ZoneAsync(cancellationToken);
        var today = OrganisationTime.TodayIn(clock, zone);
        DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));
        return [.. disputes.Select(d =>
        {
            var age = (d.ClosedAt is { } closed ? DateOf(closed) : today).DayNumber - DateOf(d.RaisedAt).DayNumber;
            var open = d.Status is DisputeStatus.Open or DisputeStatus.InReview;
            var line = d.LineNumber is { } n && lines.TryGetValue((d.RunId, d.PersonId, n), out var l)
                ? new DisputeLineResponse(l.Number, l.Kind, l.PlanKey, l.ComponentId, l.Date, l.Amount, l.Currency)
                : null;
            return new DisputeResponse(
                d.Id, d.PersonId, names.GetValueOrDefault(d.PersonId, string.Empty), d.RunId, d.PeriodKey, d.LineNumber, line, d.Text, d.Status,
                d.RaisedBy, d.RaisedAt, d.ReviewedBy, d.ClosedAt, d.ClosedBy, d.Resolution, d.AdjustmentId, age, sla, open && age > sla, []);
        })];
    }

    private static string Shorten(string text) => text.Length > 200 ? string.Concat(text.AsSpan(0, 199), "…") : text;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
