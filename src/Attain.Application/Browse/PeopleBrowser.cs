using Attain.Application.Access;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Browse;

/// <summary>A person as a list or detail row, with their manager and team as of today.</summary>
public sealed record PersonResponse(
    long Id,
    string ExternalId,
    string? EmployeeNumber,
    string FirstName,
    string LastName,
    string DisplayName,
    string Email,
    string? Title,
    DateOnly HireDate,
    DateOnly? TerminationDate,
    string PayCurrency,
    string? CostCentre,
    long? ManagerId,
    string? ManagerName,
    long? TeamId,
    string? TeamName);

/// <summary>
/// People list filters. <see cref="ManagerId"/> keeps direct reports as of today; <see cref="TeamId"/> members as of today;
/// <see cref="Active"/> true keeps people not terminated before today, false those who are.
/// </summary>
public sealed record PeopleQuery : ListQuery
{
    public static readonly IReadOnlyList<string> Keys = ["name", "externalId", "email", "hireDate"];

    public long? ManagerId { get; init; }
    public long? TeamId { get; init; }
    public bool? Active { get; init; }

    public override IReadOnlyList<string> SortKeys => Keys;
}

/// <summary>People the viewer may see: a rep themself, a manager their subtree as of today, data roles everyone.</summary>
public sealed class PeopleBrowser(AttainDbContext db, OrganisationTime time)
{
    public async Task<Paged<PersonResponse>> ListAsync(Scope scope, PeopleQuery query, CancellationToken cancellationToken = default)
    {
        query.EnsureValid();
        var today = await time.TodayAsync(cancellationToken);
        var people = db.People.AsNoTracking().VisibleTo(scope, p => p.Id)
            .Search(query.Search, p => p.FirstName, p => p.LastName, p => p.ExternalId, p => p.Email, p => p.EmployeeNumber);
        if (query.ManagerId is { } managerId)
        {
            people = people.Where(p => db.ReportingLines.Any(l => l.PersonId == p.Id && l.ManagerId == managerId
                && l.EffectiveFrom <= today && (l.EffectiveTo == null || l.EffectiveTo >= today)));
        }

        if (query.TeamId is { } teamId)
        {
            people = people.Where(p => db.TeamMemberships.Any(m => m.PersonId == p.Id && m.TeamId == teamId
                && m.EffectiveFrom <= today && (m.EffectiveTo == null || m.EffectiveTo >= today)));
        }

        if (query.Active is { } active)
        {
            people = active
                ? people.Where(p => p.TerminationDate == null || p.TerminationDate >= today)
                : people.Where(p => p.TerminationDate != null && p.TerminationDate < today);
        }

        var (key, descending) = query.SortOrder();
        var ordered = key switch
        {
            "externalId" => people.OrderStable(p => p.ExternalId, descending, p => p.Id),
            "email" => people.OrderStable(p => p.Email, descending, p => p.Id),
            "hireDate" => people.OrderStable(p => p.HireDate, descending, p => p.Id),
            _ => descending
                ? people.OrderByDescending(p => p.LastName).ThenByDescending(p => p.FirstName).ThenBy(p => p.Id)
                : people.OrderBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.Id),
        };
        return await Project(ordered, today).PageAsync(query, cancellationToken);
    }

    /// <summary>The person, or null when they do not exist or the viewer may not see them.</summary>
    public async Task<PersonResponse?> GetAsync(Scope scope, long id, CancellationToken cancellationToken = default)
    {
        var today = await time.TodayAsync(cancellationToken);
        return await Project(db.People.AsNoTracking().VisibleTo(scope, p => p.Id).Where(p => p.Id == id), today)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private IQueryable<PersonResponse> Project(IQueryable<Organisation.Person> people, DateOnly today) =>
        from p in people
        let managerId = db.ReportingLines
            .Where(l => l.PersonId == p.Id && l.EffectiveFrom <= today && (l.EffectiveTo == null || l.EffectiveTo >= today))
            .OrderByDescending(l => l.EffectiveFrom).Select(l => l.ManagerId).FirstOrDefault()
        let teamId = db.TeamMemberships
            .Where(m => m.PersonId == p.Id && m.EffectiveFrom <= today && (m.EffectiveTo == null || m.EffectiveTo >= today))
            .OrderByDescending(m => m.EffectiveFrom).Select(m => (long?)m.TeamId).FirstOrDefault()
        select new PersonResponse(
            p.Id,
            p.ExternalId,
            p.EmployeeNumber,
            p.FirstName,
            p.LastName,
            p.FirstName + " " + p.LastName,
            p.Email,
            p.Title,
            p.HireDate,
            p.TerminationDate,
            p.PayCurrency,
            p.CostCentre,
            managerId,
            db.People.Where(m => m.Id == managerId).Select(m => m.FirstName + " " + m.LastName).FirstOrDefault(),
            teamId,
            db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).FirstOrDefault());
}
