using Attain.Application.Access;
using Attain.Application.Activities;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Browse;

/// <summary>A client conversation. <see cref="OccurredAt"/> is UTC.</summary>
public sealed record ActivityResponse(
    long Id,
    string ExternalId,
    ActivityType Type,
    long OwnerId,
    string OwnerName,
    DateTime OccurredAt,
    int DurationMinutes,
    long? AccountId,
    long? OpportunityId,
    string? ContactName,
    string? Subject,
    ActivityOutcome Outcome);

/// <summary>
/// Activity filters. <see cref="From"/> and <see cref="To"/> are business dates in the organisation's time zone,
/// both inclusive: an activity at 23:30 local time on <see cref="To"/> is kept.
/// </summary>
public sealed record ActivitiesQuery : ListQuery
{
    public static readonly IReadOnlyList<string> Keys = ["occurredAt", "type", "durationMinutes"];

    public long? OwnerId { get; init; }
    public long? AccountId { get; init; }
    public long? OpportunityId { get; init; }
    public ActivityType? Type { get; init; }
    /// <summary>Only activities of people who are members of this team today (activities are not dated by business day in SQL).</summary>
    public long? TeamId { get; init; }
    /// <summary>Only activities of people who are members of a team in this region today.</summary>
    public long? RegionId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }

    public override IReadOnlyList<string> SortKeys => Keys;

    protected override void AddIssues(List<QueryIssue> issues) => CheckRange(issues, From, To, "from", "to");
}

/// <summary>Activities held by people the viewer may see.</summary>
public sealed class ActivityBrowser(AttainDbContext db, OrganisationTime time)
{
    public async Task<Paged<ActivityResponse>> ListAsync(Scope scope, ActivitiesQuery query, CancellationToken cancellationToken = default)
    {
        query.EnsureValid();
        var activities = db.Activities.AsNoTracking().VisibleTo(scope, a => a.OwnerId)
            .Search(query.Search, a => a.Subject, a => a.ExternalId, a => a.ContactName);
        if (query.OwnerId is { } ownerId)
        {
            activities = activities.Where(a => a.OwnerId == ownerId);
        }

        if (query.AccountId is { } accountId)
        {
            activities = activities.Where(a => a.AccountId == accountId);
        }

        if (query.OpportunityId is { } opportunityId)
        {
            activities = activities.Where(a => a.OpportunityId == opportunityId);
        }

        if (query.TeamId is not null || query.RegionId is not null)
        {
            var today = await time.TodayAsync(cancellationToken);
            var (teamId, regionId) = (query.TeamId, query.RegionId);
            activities = activities.Where(a => db.TeamMemberships.Any(m => m.PersonId == a.OwnerId
                && m.EffectiveFrom <= today && (m.EffectiveTo == null || m.EffectiveTo >= today)
                && (teamId == null || m.TeamId == teamId)
                && (regionId == null || db.Teams.Any(t => t.Id == m.TeamId && t.RegionId == regionId))));
        }

        if (query.Type is { } type)
        {
            activities = activities.Where(a => a.Type == type);
        }

        if (query.From is { } from)
        {
            var start = await time.StartOfDayUtcAsync(from, cancellationToken);
            activities = activities.Where(a => a.OccurredAt >= start);
        }

        if (query.To is { } to)
        {
            var end = await time.StartOfDayUtcAsync(to.AddDays(1), cancellationToken);
            activities = activities.Where(a => a.OccurredAt < end);
        }

        var (key, descending) = query.SortOrder();
        var ordered = key switch
        {
            "type" => activities.OrderStable(a => a.Type, descending, a => a.Id),
            "durationMinutes" => activities.OrderStable(a => a.DurationMinutes, descending, a => a.Id),
            _ => activities.OrderStable(a => a.OccurredAt, descending, a => a.Id),
        };
        return await Project(ordered).PageAsync(query, cancellationToken);
    }

    public Task<ActivityResponse?> GetAsync(Scope scope, long id, CancellationToken cancellationToken = default) =>
        Project(db.Activities.AsNoTracking().VisibleTo(scope, a => a.OwnerId).Where(a => a.Id == id)).FirstOrDefaultAsync(cancellationToken);

    private IQueryable<ActivityResponse> Project(IQueryable<Activity> activities) =>
        activities.Select(a => new ActivityResponse(
            a.Id,
            a.ExternalId,
            a.Type,
            a.OwnerId,
            db.People.Where(p => p.Id == a.OwnerId).Select(p => p.FirstName + " " + p.LastName).First(),
            a.OccurredAt,
            a.DurationMinutes,
            a.AccountId,
            a.OpportunityId,
            a.ContactName,
            a.Subject,
            a.Outcome));
}
