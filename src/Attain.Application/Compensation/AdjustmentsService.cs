using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.Data;
using Attain.Engine.Periods;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>
/// A manual adjustment as requested: the participant, the period it is paid in, a signed amount in the participant's
/// pay currency (<see cref="Currency"/> may be left out; when given it must be that currency), an optional component
/// and the reason (required, shown on the statement).
/// </summary>
public sealed record AdjustmentRequest(long? PersonId, string? PeriodKey, decimal? Amount, string? Currency, string? ComponentId, string? Reason);

/// <summary>The reason given with an approval (optional) or a rejection (required) of an adjustment.</summary>
public sealed record AdjustmentDecisionRequest(string? Reason);

/// <summary>An adjustment with its participant's name, who requested and who decided it, and where it came from.</summary>
public sealed record AdjustmentResponse(
    long Id,
    long PersonId,
    string PersonName,
    string PeriodKey,
    AdjustmentKind Kind,
    decimal Amount,
    string Currency,
    string? ComponentId,
    string Reason,
    AdjustmentStatus Status,
    string RequestedBy,
    DateTime RequestedAt,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? DecisionReason,
    string? SourcePeriodKey,
    long? SourceRunId,
    long? DisputeId);

/// <summary>The adjustments list: filters by person, period, status and kind; sorted by <c>requestedAt</c> (default), <c>amount</c> or <c>period</c>.</summary>
public sealed record AdjustmentQuery : ListQuery
{
    public long? PersonId { get; init; }
    public string? PeriodKey { get; init; }
    public AdjustmentStatus? Status { get; init; }
    public AdjustmentKind? Kind { get; init; }

    public override IReadOnlyList<string> SortKeys { get; } = ["requestedAt", "amount", "period"];
}

/// <summary>
/// Adjustments (docs/compensation.md, "Adjustments"): requested with a reason, approved or rejected by someone other
/// than the requester, never into a closed period. Only approved adjustments count: statements and payouts read them
/// through <see cref="ApprovedForAsync"/>.
/// </summary>
public sealed class AdjustmentService(AttainDbContext db, TimeProvider clock)
{
    public const int MaxReason = DecisionReason.MaxLength;

    /// <summary>Creates a pending manual adjustment requested by <paramref name="viewer"/>.</summary>
    public Task<OperationOutcome<AdjustmentResponse>> CreateAsync(Viewer viewer, AdjustmentRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync(viewer, request, AdjustmentKind.Manual, null, cancellationToken);

    /// <summary>Approves or rejects a pending adjustment; the requester may not decide their own.</summary>
    public async Task<OperationOutcome<AdjustmentResponse>> DecideAsync(Viewer viewer, long id, bool approve, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        (reason, var invalid) = DecisionReason.Read(reason, required: !approve);
        if (invalid is not null)
        {
            return Outcome.Invalid<AdjustmentResponse>([invalid]);
        }

        var adjustment = await db.Adjustments.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (adjustment is null)
        {
            return Outcome.Fail<AdjustmentResponse>(OperationFailure.NotFound, $"No adjustment with id {id}.");
        }

        if (adjustment.Status != AdjustmentStatus.Pending)
        {
            return Outcome.Fail<AdjustmentResponse>(OperationFailure.InvalidTransition, $"Adjustment {id} is {adjustment.Status}: only a pending adjustment can be approved or rejected.");
        }

        if (string.Equals(adjustment.RequestedBy, viewer.UserName, StringComparison.Ordinal))
        {
            return Outcome.Fail<AdjustmentResponse>(OperationFailure.SegregationOfDuties, $"{viewer.UserName} requested adjustment {id}, so someone else must approve or reject it.");
        }

        if (approve && await IsClosedAsync(adjustment.PeriodKey, cancellationToken))
        {
            return Outcome.Fail<AdjustmentResponse>(OperationFailure.PeriodClosed, $"{adjustment.PeriodKey} is closed: it takes no new adjustments.");
        }

        db.ChangeContext.Reason = reason;
        adjustment.Status = approve ? AdjustmentStatus.Approved : AdjustmentStatus.Rejected;
        adjustment.DecidedBy = viewer.UserName;
        adjustment.DecidedAt = Now;
        adjustment.DecisionReason = reason;
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok((await GetAsync(Scope.All, id, cancellationToken))!);
    }

    /// <summary>One adjustment the scope may see, or null.</summary>
    public async Task<AdjustmentResponse?> GetAsync(Scope scope, long id, CancellationToken cancellationToken = default) =>
        (await RespondAsync(db.Adjustments.AsNoTracking().VisibleTo(scope, a => a.PersonId).Where(a => a.Id == id), cancellationToken)).FirstOrDefault();

    /// <summary>The adjustments the scope may see, filtered and paged.</summary>
    public async Task<Paged<AdjustmentResponse>> ListAsync(Scope scope, AdjustmentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.EnsureValid();
        var rows = db.Adjustments.AsNoTracking().VisibleTo(scope, a => a.PersonId).Search(query.Search, a => a.Reason);
        if (query.PersonId is { } person)
        {
            rows = rows.Where(a => a.PersonId == person);
        }

        if (query.PeriodKey is { } period)
        {
            rows = rows.Where(a => a.PeriodKey == period);
        }

        if (query.Status is { } status)
        {
            rows = rows.Where(a => a.Status == status);
        }

        if (query.Kind is { } kind)
        {
            rows = rows.Where(a => a.Kind == kind);
        }

        var (key, descending) = query.SortOrder();
        var sorted = key switch
        {
            "amount" => rows.OrderStable(a => a.Amount, descending, a => a.Id),
            "period" => rows.OrderStable(a => a.PeriodKey, descending, a => a.Id),
            _ => rows.OrderStable(a => a.RequestedAt, descending, a => a.Id),
        };
        return await sorted.PageAsync(query, RespondAsync, cancellationToken);
    }

    /// <summary>
    /// The approved adjustments paid in <paramref name="periodKey"/> (to the given people, or everyone when null),
    /// by person then id: the one query statements and payouts read adjustments through.
    /// </summary>
    public async Task<IReadOnlyList<AdjustmentResponse>> ApprovedForAsync(string periodKey, IReadOnlyCollection<long>? personIds = null, CancellationToken cancellationToken = default)
    {
        var rows = db.Adjustments.AsNoTracking().Where(a => a.PeriodKey == periodKey && a.Status == AdjustmentStatus.Approved);
        if (personIds is not null)
        {
            var ids = personIds.ToList();
            rows = rows.Where(a => ids.Contains(a.PersonId));
        }

        return await RespondAsync(rows.OrderBy(a => a.PersonId).ThenBy(a => a.Id), cancellationToken);
    }

    /// <summary>Validates and adds a pending adjustment of <paramref name="kind"/>, saved before it returns.</summary>
    internal async Task<OperationOutcome<AdjustmentResponse>> CreateAsync(Viewer viewer, AdjustmentRequest request, AdjustmentKind kind, long? disputeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(request);
        var issues = new List<QueryIssue>();
        var person = request.PersonId is { } personId ? await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken) : null;
        if (request.PersonId is null)
        {
            issues.Add(new("required", "personId", "personId is required."));
        }
        else if (person is null)
        {
            issues.Add(new("unknown_value", "personId", $"There is no person with id {request.PersonId}."));
        }

        var calendar = new FiscalCalendar(await db.OrganisationSettings.AsNoTracking().Select(s => s.FiscalYearStartMonth).FirstOrDefaultAsync(cancellationToken) is var month and > 0 ? month : 1);
        if (string.IsNullOrWhiteSpace(request.PeriodKey))
        {
            issues.Add(new("required", "periodKey", "periodKey is required."));
        }
        else if (!calendar.TryParse(request.PeriodKey, out _))
        {
            issues.Add(new("unknown_period", "periodKey", $"'{request.PeriodKey}' is not a fiscal period key such as FY2026-M03."));
        }

        if (request.Amount is not { } amount || amount == 0m)
        {
            issues.Add(new("required", "amount", "amount is required and must not be zero."));
        }
        else if (person is not null)
        {
            var minorUnits = await db.Currencies.AsNoTracking().Where(c => c.Code == person.PayCurrency).Select(c => (int?)c.MinorUnits).FirstOrDefaultAsync(cancellationToken) ?? 4;
            if (amount.Scale > minorUnits && amount != decimal.Round(amount, minorUnits, MidpointRounding.ToEven))
            {
                issues.Add(new("amount.precision", "amount", $"amount has more decimals than {person.PayCurrency} allows ({minorUnits})."));
            }
        }

        if (person is not null && request.Currency is { } currency && !string.Equals(currency, person.PayCurrency, StringComparison.OrdinalIgnoreCase))
        {
            issues.Add(new("currency.mismatch", "currency", $"{person.DisplayName} is paid in {person.PayCurrency}, not {currency}: adjustments are in the pay currency."));
        }

        if (request.ComponentId is { Length: > 100 })
        {
            issues.Add(new("too_long", "componentId", "componentId must be at most 100 characters."));
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            issues.Add(new("required", "reason", "An adjustment needs a reason."));
        }
        else if (request.Reason.Length > MaxReason)
        {
            issues.Add(new("too_long", "reason", $"reason must be at most {MaxReason} characters."));
        }

        if (issues.Count > 0)
        {
            return Outcome.Invalid<AdjustmentResponse>(issues);
        }

        var periodKey = request.PeriodKey!.Trim();
        if (await IsClosedAsync(periodKey, cancellationToken))
        {
            return Outcome.Fail<AdjustmentResponse>(OperationFailure.PeriodClosed, $"{periodKey} is closed: it takes no new adjustments; pay it in an open period.");
        }

        var adjustment = new Adjustment
        {
            PersonId = person!.Id,
            PeriodKey = periodKey,
            Kind = kind,
            Amount = request.Amount!.Value,
            Currency = person.PayCurrency,
            ComponentId = string.IsNullOrWhiteSpace(request.ComponentId) ? null : request.ComponentId.Trim(),
            Reason = request.Reason!.Trim(),
            Status = AdjustmentStatus.Pending,
            RequestedBy = viewer.UserName,
            RequestedAt = Now,
            DisputeId = disputeId,
        };
        db.ChangeContext.Reason = adjustment.Reason;
        db.Adjustments.Add(adjustment);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok((await GetAsync(Scope.All, adjustment.Id, cancellationToken))!);
    }

    internal Task<bool> IsClosedAsync(string periodKey, CancellationToken cancellationToken) =>
        db.CompensationPeriods.AnyAsync(p => p.PeriodKey == periodKey && p.State == PeriodState.Closed, cancellationToken);

    /// <summary>The rows in their query's order, with their participants' names.</summary>
    private async Task<List<AdjustmentResponse>> RespondAsync(IQueryable<Adjustment> rows, CancellationToken cancellationToken)
    {
        var adjustments = await rows.ToListAsync(cancellationToken);
        var names = await PersonNames.OfAsync(db, adjustments.Select(a => a.PersonId), cancellationToken);
        return [.. adjustments.Select(a => new AdjustmentResponse(
            a.Id, a.PersonId, names.GetValueOrDefault(a.PersonId, string.Empty), a.PeriodKey, a.Kind, a.Amount, a.Currency, a.ComponentId, a.Reason, a.Status,
            a.RequestedBy, a.RequestedAt, a.DecidedBy, a.DecidedAt, a.DecisionReason, a.SourcePeriodKey, a.SourceRunId, a.DisputeId))];
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
