using System.Globalization;
using System.Text.Json;
using Attain.Application.Browse;
using Attain.Application.Data;
using Attain.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>
/// Plan administration (docs/compensation.md, "Plans and assignments"): plan versions are added as drafts validated by
/// the engine's plan reader, published (retiring the previously published version), and assigned to people with
/// effective dates. Every change is saved through the change log with the reason given.
/// </summary>
public sealed class PlanService(AttainDbContext db, TimeProvider clock)
{
    /// <summary>Every plan with its versions (newest first) and its number of assignments.</summary>
    public async Task<IReadOnlyList<PlanResponse>> ListAsync(CancellationToken cancellationToken = default)
    {
        var versions = await db.Plans.AsNoTracking().OrderBy(p => p.Key).ThenByDescending(p => p.Version).ToListAsync(cancellationToken);
        var assignments = await db.PlanAssignments.AsNoTracking().GroupBy(a => a.PlanKey).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. versions.GroupBy(v => v.Key).Select(g => new PlanResponse(
            g.Key,
            (g.FirstOrDefault(v => v.Status == PlanStatus.Published) ?? g.First()).Name,
            g.Where(v => v.Status == PlanStatus.Published).Select(v => (int?)v.Version).Max(),
            assignments.GetValueOrDefault(g.Key),
            [.. g.Select(Summary)]))];
    }

    /// <summary>One version with its document, or null.</summary>
    public async Task<PlanVersionResponse?> GetVersionAsync(string key, int version, CancellationToken cancellationToken = default) =>
        await db.Plans.AsNoTracking().Where(p => p.Key == key && p.Version == version).FirstOrDefaultAsync(cancellationToken) is { } p ? Response(p) : null;

    /// <summary>
    /// Stores a new draft version; the document must read without issues (each named by line, column and JSON path) and
    /// its version must be higher than every stored version of the plan.
    /// </summary>
    public async Task<PlanOutcome<PlanVersionResponse>> CreateDraftAsync(PlanDraftRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MissingReason(request.Reason) is { } missing)
        {
            return PlanOutcome.Invalid<PlanVersionResponse>(missing);
        }

        if (string.IsNullOrWhiteSpace(request.Document))
        {
            return PlanOutcome.Invalid<PlanVersionResponse>(new QueryIssue("required", "document", "The plan document is required."));
        }

        var read = PlanReader.Read(request.Document);
        if (!read.IsValid)
        {
            return PlanOutcome.Invalid<PlanVersionResponse>([.. read.Issues.Select(DocumentIssue)]);
        }

        var plan = read.Plan!;
        var latest = await db.Plans.Where(p => p.Key == plan.Id).MaxAsync(p => (int?)p.Version, cancellationToken);
        if (latest is { } v && plan.Version <= v)
        {
            return PlanOutcome.Conflicting<PlanVersionResponse>(
                "plan_version_taken",
                string.Create(CultureInfo.InvariantCulture, $"Plan '{plan.Id}' already has version {v}; a new version must be numbered above it."));
        }

        var record = new PlanRecord
        {
            Key = plan.Id,
            Version = plan.Version,
            Name = string.IsNullOrWhiteSpace(request.Name) ? plan.Id : request.Name.Trim(),
            Document = request.Document,
            Status = PlanStatus.Draft,
            CreatedAt = Now,
            CreatedBy = db.ChangeContext.Actor,
        };
        db.Plans.Add(record);
        await SaveAsync(request.Reason, cancellationToken);
        return PlanOutcome.Ok(Response(record));
    }

    /// <summary>Publishes a draft: the previously published version of the plan becomes retired, in the same save.</summary>
    public async Task<PlanOutcome<PlanVersionResponse>> PublishAsync(string key, int version, PlanPublishRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MissingReason(request.Reason) is { } missing)
        {
            return PlanOutcome.Invalid<PlanVersionResponse>(missing);
        }

        var versions = await db.Plans.Where(p => p.Key == key).ToListAsync(cancellationToken);
        if (versions.FirstOrDefault(p => p.Version == version) is not { } record)
        {
            return PlanOutcome.Missing<PlanVersionResponse>();
        }

        if (record.Status != PlanStatus.Draft)
        {
            return PlanOutcome.Conflicting<PlanVersionResponse>("plan_not_draft", $"Plan '{key}' version {version} is {record.Status}; only a draft can be published.");
        }

        foreach (var published in versions.Where(p => p.Status == PlanStatus.Published))
        {
            published.Status = PlanStatus.Retired;
        }

        record.Status = PlanStatus.Published;
        record.PublishedAt = Now;
        await SaveAsync(request.Reason, cancellationToken);
        return PlanOutcome.Ok(Response(record));
    }

    /// <summary>Assignments, optionally of one plan or one person, ordered by person and start.</summary>
    public async Task<IReadOnlyList<PlanAssignmentResponse>> ListAssignmentsAsync(string? planKey, long? personId, CancellationToken cancellationToken = default)
    {
        var query = db.PlanAssignments.AsNoTracking();
        if (planKey is not null)
        {
            query = query.Where(a => a.PlanKey == planKey);
        }

        if (personId is not null)
        {
            query = query.Where(a => a.PersonId == personId);
        }

        return await query
            .OrderBy(a => a.PersonId).ThenBy(a => a.EffectiveFrom).ThenBy(a => a.Id)
            .Join(db.People, a => a.PersonId, p => p.Id, (a, p) => new PlanAssignmentResponse(
                a.Id, a.PersonId, p.FirstName + " " + p.LastName, a.PlanKey, a.EffectiveFrom, a.EffectiveTo, a.TargetIncentive, a.Basis, a.RateOverrides))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One assignment, or null.</summary>
    public async Task<PlanAssignmentResponse?> GetAssignmentAsync(long id, CancellationToken cancellationToken = default) =>
        await db.PlanAssignments.AsNoTracking().Where(a => a.Id == id)
            .Join(db.People, a => a.PersonId, p => p.Id, (a, p) => new PlanAssignmentResponse(
                a.Id, a.PersonId, p.FirstName + " " + p.LastName, a.PlanKey, a.EffectiveFrom, a.EffectiveTo, a.TargetIncentive, a.Basis, a.RateOverrides))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Assigns a stored plan to a person. Rejected when the person or plan does not exist, the dates are reversed, the rate
    /// overrides are not valid JSON, or the person already has the plan for any day of the range (409 <c>assignment_overlap</c>).
    /// </summary>
    public async Task<PlanOutcome<PlanAssignmentResponse>> CreateAssignmentAsync(PlanAssignmentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var issues = new List<QueryIssue>();
        if (MissingReason(request.Reason) is { } missing)
        {
            issues.Add(missing);
        }

        if (!await db.People.AnyAsync(p => p.Id == request.PersonId, cancellationToken))
        {
            issues.Add(new QueryIssue("unknown_reference", "personId", string.Create(CultureInfo.InvariantCulture, $"No person with id {request.PersonId}.")));
        }

        if (string.IsNullOrWhiteSpace(request.PlanKey) || !await db.Plans.AnyAsync(p => p.Key == request.PlanKey, cancellationToken))
        {
            issues.Add(new QueryIssue("unknown_reference", "planKey", $"No plan with key '{request.PlanKey}'."));
        }

        if (request.EffectiveTo is { } to && to < request.EffectiveFrom)
        {
            issues.Add(new QueryIssue("invalid_range", "effectiveTo", "effectiveTo must be on or after effectiveFrom."));
        }

        if (request.TargetIncentive is < 0)
        {
            issues.Add(new QueryIssue("invalid_value", "targetIncentive", "The target incentive cannot be negative."));
        }

        if (!string.IsNullOrWhiteSpace(request.RateOverrides))
        {
            try
            {
                using var parsed = JsonDocument.Parse(request.RateOverrides);
            }
            catch (JsonException e)
            {
                issues.Add(new QueryIssue("invalid_json", "rateOverrides", e.Message));
            }
        }

        if (issues.Count > 0)
        {
            return PlanOutcome.Invalid<PlanAssignmentResponse>([.. issues]);
        }

        var end = request.EffectiveTo ?? DateOnly.MaxValue;
        var overlapping = await db.PlanAssignments.AsNoTracking()
            .Where(a => a.PersonId == request.PersonId && a.PlanKey == request.PlanKey
                && a.EffectiveFrom <= end && (a.EffectiveTo == null || a.EffectiveTo >= request.EffectiveFrom))
            .Select(a => (long?)a.Id).FirstOrDefaultAsync(cancellationToken);
        if (overlapping is { } other)
        {
            return PlanOutcome.Conflicting<PlanAssignmentResponse>(
                "assignment_overlap",
                string.Create(CultureInfo.InvariantCulture, $"Person {request.PersonId} already has plan '{request.PlanKey}' for some of these days (assignment {other}); end it first."));
        }

        var record = new PlanAssignmentRecord
        {
            PersonId = request.PersonId,
            PlanKey = request.PlanKey,
            EffectiveFrom = request.EffectiveFrom,
            EffectiveTo = request.EffectiveTo,
            TargetIncentive = request.TargetIncentive,
            Basis = request.Basis ?? TargetIncentiveBasis.Year,
            RateOverrides = string.IsNullOrWhiteSpace(request.RateOverrides) ? null : request.RateOverrides,
        };
        db.PlanAssignments.Add(record);
        await SaveAsync(request.Reason, cancellationToken);
        return PlanOutcome.Ok((await GetAssignmentAsync(record.Id, cancellationToken))!);
    }

    /// <summary>Ends an assignment on a day (inclusive) on or after its start; a later end than the stored one is refused.</summary>
    public async Task<PlanOutcome<PlanAssignmentResponse>> EndAssignmentAsync(long id, PlanAssignmentEndRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MissingReason(request.Reason) is { } missing)
        {
            return PlanOutcome.Invalid<PlanAssignmentResponse>(missing);
        }

        if (await db.PlanAssignments.FindAsync([id], cancellationToken) is not { } record)
        {
            return PlanOutcome.Missing<PlanAssignmentResponse>();
        }

        if (request.EffectiveTo < record.EffectiveFrom || (record.EffectiveTo is { } current && request.EffectiveTo > current))
        {
            return PlanOutcome.Invalid<PlanAssignmentResponse>(new QueryIssue(
                "invalid_range", "effectiveTo",
                string.Create(CultureInfo.InvariantCulture, $"effectiveTo must be between the assignment's start {record.EffectiveFrom:yyyy-MM-dd} and its current end {(record.EffectiveTo is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "(open)")}.")));
        }

        record.EffectiveTo = request.EffectiveTo;
        await SaveAsync(request.Reason, cancellationToken);
        return PlanOutcome.Ok((await GetAssignmentAsync(id, cancellationToken))!);
    }

    /// <summary>A plan reader issue as a request problem: the JSON path inside the document, with line and column in the message.</summary>
    internal static QueryIssue DocumentIssue(PlanIssue issue) => new(
        issue.Code,
        "document" + issue.Path.TrimStart('$'),
        string.Create(CultureInfo.InvariantCulture, $"line {issue.Line}, column {issue.Column} ({issue.Path}): {issue.Message}"));

    private static QueryIssue? MissingReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? new QueryIssue("required", "reason", "A reason is required: it is kept in the change log.") : null;

    private async Task SaveAsync(string reason, CancellationToken cancellationToken)
    {
        db.ChangeContext.Reason = reason.Trim();
        await db.SaveChangesAsync(cancellationToken);
    }

    private static PlanVersionSummary Summary(PlanRecord p) => new(p.Id, p.Version, p.Name, p.Status, p.CreatedAt, p.CreatedBy, p.PublishedAt);

    private static PlanVersionResponse Response(PlanRecord p) => new(p.Id, p.Key, p.Version, p.Name, p.Status, p.CreatedAt, p.CreatedBy, p.PublishedAt, p.Document);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
