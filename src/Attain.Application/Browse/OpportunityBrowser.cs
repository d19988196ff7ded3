using Attain.Application.Access;
using Attain.Application.Data;
using Attain.Application.Opportunities;
using Attain.Application.Segmentation;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Browse;

public sealed record OpportunityResponse(
    long Id,
    string ExternalId,
    string Name,
    long OwnerId,
    string OwnerName,
    long AccountId,
    string AccountName,
    decimal? Amount,
    string Currency,
    string Stage,
    ForecastCategory ForecastCategory,
    DateOnly CloseDate,
    DateOnly CreatedDate,
    string? Source,
    OpportunityStatus Status,
    string? CloseReason,
    int CloseDatePushCount);

/// <summary>One entry of an opportunity's stage history, oldest first.</summary>
public sealed record StageChangeResponse(long Id, long OpportunityId, string? FromStage, string Stage, DateOnly EnteredOn);

/// <summary>Opportunity filters. <see cref="CloseFrom"/> and <see cref="CloseTo"/> bound the close date, both inclusive.</summary>
public sealed record OpportunitiesQuery : ListQuery
{
    public static readonly IReadOnlyList<string> Keys = ["closeDate", "name", "amount", "createdDate", "stage"];

    public long? OwnerId { get; init; }
    public long? AccountId { get; init; }
    public OpportunityStatus? Status { get; init; }
    /// <summary>Exact stage name.</summary>
    public string? Stage { get; init; }
    public DateOnly? CloseFrom { get; init; }
    /// <summary>Only records of people who were members of this team on the record's close date.</summary>
    public long? TeamId { get; init; }
    /// <summary>Only records of people who were members of a team in this region on the record's close date.</summary>
    public long? RegionId { get; init; }
    public DateOnly? CloseTo { get; init; }

    /// <summary>Only records of accounts in this stored segment: <c>SCHEME:SEGMENT</c>, for example <c>size:enterprise</c>.</summary>
    public string? Segment { get; init; }

    public override IReadOnlyList<string> SortKeys => Keys;

    protected override void AddIssues(List<QueryIssue> issues)
    {
        CheckRange(issues, CloseFrom, CloseTo, "closeFrom", "closeTo");
        SegmentFilter.Check(Segment, "segment", issues);
    }
}

/// <summary>Opportunities owned by people the viewer may see; their stage history is visible exactly when they are.</summary>
public sealed class OpportunityBrowser(AttainDbContext db)
{
    public async Task<Paged<OpportunityResponse>> ListAsync(Scope scope, OpportunitiesQuery query, CancellationToken cancellationToken = default)
    {
        query.EnsureValid();
        var opportunities = db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId)
            .Search(query.Search, o => o.Name, o => o.ExternalId);
        if (query.OwnerId is { } ownerId)
        {
            opportunities = opportunities.Where(o => o.OwnerId == ownerId);
        }

        if (query.AccountId is { } accountId)
        {
            opportunities = opportunities.Where(o => o.AccountId == accountId);
        }

        if (query.Status is { } status)
        {
            opportunities = opportunities.Where(o => o.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Stage))
        {
            var stage = query.Stage.Trim();
            opportunities = opportunities.Where(o => o.Stage == stage);
        }

        if (query.TeamId is { } teamId)
        {
            opportunities = opportunities.Where(o => db.TeamMemberships.Any(m => m.PersonId == o.OwnerId && m.TeamId == teamId
                && m.EffectiveFrom <= o.CloseDate && (m.EffectiveTo == null || m.EffectiveTo >= o.CloseDate)));
        }

        if (query.RegionId is { } regionId)
        {
            opportunities = opportunities.Where(o => db.TeamMemberships.Any(m => m.PersonId == o.OwnerId
                && m.EffectiveFrom <= o.CloseDate && (m.EffectiveTo == null || m.EffectiveTo >= o.CloseDate)
                && db.Teams.Any(t => t.Id == m.TeamId && t.RegionId == regionId)));
        }

        if (query.CloseFrom is { } from)
        {
            opportunities = opportunities.Where(o => o.CloseDate >= from);
        }

        if (query.CloseTo is { } to)
        {
            opportunities = opportunities.Where(o => o.CloseDate <= to);
        }

        if (SegmentFilter.TryParse(query.Segment, out var segment))
        {
            var ids = segment!.AccountIds(db);
            opportunities = opportunities.Where(o => ids.Contains(o.AccountId));
        }

        var (key, descending) = query.SortOrder();
        var ordered = key switch
        {
            "name" => opportunities.OrderStable(o => o.Name, descending, o => o.Id),
            "amount" => opportunities.OrderStable(o => o.Amount, descending, o => o.Id),
            "createdDate" => opportunities.OrderStable(o => o.CreatedDate, descending, o => o.Id),
            "stage" => opportunities.OrderStable(o => o.Stage, descending, o => o.Id),
            _ => opportunities.OrderStable(o => o.CloseDate, descending, o => o.Id),
        };
        return await Project(ordered).PageAsync(query, cancellationToken);
    }

    public Task<OpportunityResponse?> GetAsync(Scope scope, long id, CancellationToken cancellationToken = default) =>
        Project(db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId).Where(o => o.Id == id)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The opportunity's stage changes, oldest first; null when the opportunity does not exist or is not visible.</summary>
    public async Task<IReadOnlyList<StageChangeResponse>?> GetStageHistoryAsync(Scope scope, long id, CancellationToken cancellationToken = default)
    {
        var visible = await db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId).AnyAsync(o => o.Id == id, cancellationToken);
        if (!visible)
        {
            return null;
        }

        return await db.OpportunityStageChanges.AsNoTracking()
            .Where(c => c.OpportunityId == id)
            .OrderBy(c => c.EnteredOn).ThenBy(c => c.Id)
            .Select(c => new StageChangeResponse(c.Id, c.OpportunityId, c.FromStage, c.Stage, c.EnteredOn))
            .ToListAsync(cancellationToken);
    }

    private IQueryable<OpportunityResponse> Project(IQueryable<Opportunity> opportunities) =>
        opportunities.Select(o => new OpportunityResponse(
            o.Id,
            o.ExternalId,
            o.Name,
            o.OwnerId,
            db.People.Where(p => p.Id == o.OwnerId).Select(p => p.FirstName + " " + p.LastName).First(),
            o.AccountId,
            db.Accounts.Where(a => a.Id == o.AccountId).Select(a => a.Name).First(),
            o.Amount,
            o.Currency,
            o.Stage,
            o.ForecastCategory,
            o.CloseDate,
            o.CreatedDate,
            o.Source,
            o.Status,
            o.CloseReason,
            o.CloseDatePushCount));
}
