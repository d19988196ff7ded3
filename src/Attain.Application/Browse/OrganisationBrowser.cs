using Attain.Application.Access;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Browse;

/// <summary>A team with its region, leader and head count as of today.</summary>
public sealed record TeamResponse(long Id, string ExternalId, string Name, long? RegionId, string? RegionName, long? LeaderId, string? LeaderName, int MemberCount);

/// <summary>A region with the number of teams in it.</summary>
public sealed record RegionResponse(long Id, string ExternalId, string Name, int TeamCount);

public sealed record TeamsQuery : ListQuery
{
    public static readonly IReadOnlyList<string> Keys = ["name", "externalId"];

    public long? RegionId { get; init; }

    public override IReadOnlyList<string> SortKeys => Keys;
}

public sealed record RegionsQuery : ListQuery
{
    public static readonly IReadOnlyList<string> Keys = ["name", "externalId"];

    public override IReadOnlyList<string> SortKeys => Keys;
}

/// <summary>
/// Teams and regions: the organisation's structure, visible to every signed-in user whatever their scope.
/// The scope is taken anyway so every browse call has the same shape.
/// </summary>
public sealed class OrganisationBrowser(AttainDbContext db, OrganisationTime time)
{
    public async Task<Paged<TeamResponse>> ListTeamsAsync(Scope scope, TeamsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        query.EnsureValid();
        var today = await time.TodayAsync(cancellationToken);
        var teams = db.Teams.AsNoTracking().Search(query.Search, t => t.Name, t => t.ExternalId);
        if (query.RegionId is { } regionId)
        {
            teams = teams.Where(t => t.RegionId == regionId);
        }

        var (key, descending) = query.SortOrder();
        var ordered = key == "externalId"
            ? teams.OrderStable(t => t.ExternalId, descending, t => t.Id)
            : teams.OrderStable(t => t.Name, descending, t => t.Id);
        return await ProjectTeams(ordered, today).PageAsync(query, cancellationToken);
    }

    public async Task<TeamResponse?> GetTeamAsync(Scope scope, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var today = await time.TodayAsync(cancellationToken);
        return await ProjectTeams(db.Teams.AsNoTracking().Where(t => t.Id == id), today).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<Paged<RegionResponse>> ListRegionsAsync(Scope scope, RegionsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        query.EnsureValid();
        var regions = db.Regions.AsNoTracking().Search(query.Search, r => r.Name, r => r.ExternalId);
        var (key, descending) = query.SortOrder();
        var ordered = key == "externalId"
            ? regions.OrderStable(r => r.ExternalId, descending, r => r.Id)
            : regions.OrderStable(r => r.Name, descending, r => r.Id);
        return await ProjectRegions(ordered).PageAsync(query, cancellationToken);
    }

    public async Task<RegionResponse?> GetRegionAsync(Scope scope, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return await ProjectRegions(db.Regions.AsNoTracking().Where(r => r.Id == id)).FirstOrDefaultAsync(cancellationToken);
    }

    private IQueryable<TeamResponse> ProjectTeams(IQueryable<Team> teams, DateOnly today) =>
        teams.Select(t => new TeamResponse(
            t.Id,
            t.ExternalId,
            t.Name,
            t.RegionId,
            db.Regions.Where(r => r.Id == t.RegionId).Select(r => r.Name).FirstOrDefault(),
            t.LeaderId,
            db.People.Where(p => p.Id == t.LeaderId).Select(p => p.FirstName + " " + p.LastName).FirstOrDefault(),
            db.TeamMemberships.Count(m => m.TeamId == t.Id && m.EffectiveFrom <= today && (m.EffectiveTo == null || m.EffectiveTo >= today))));

    private IQueryable<RegionResponse> ProjectRegions(IQueryable<Region> regions) =>
        regions.Select(r => new RegionResponse(r.Id, r.ExternalId, r.Name, db.Teams.Count(t => t.RegionId == r.Id)));
}
