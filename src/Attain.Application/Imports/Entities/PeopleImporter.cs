using Attain.Application.Imports.Csv;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportColumns;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Imports.Entities;

/// <summary>
/// People, plus their reporting line (manager from a date) and team membership (team from a date). A manager may be
/// another row of the same file. A new manager or team closes the open line the day before and opens a new one.
/// </summary>
internal sealed class PeopleImporter : EntityImporter<PeopleImporter.Row>
{
    internal sealed record Row(
        string ExternalId,
        string FirstName,
        string LastName,
        string Email,
        string? EmployeeNumber,
        string? Title,
        DateOnly HireDate,
        DateOnly? TerminationDate,
        string PayCurrency,
        string? CostCentre,
        string? ManagerExternalId,
        DateOnly ManagerFrom,
        string? TeamExternalId,
        DateOnly TeamFrom);

    public override ImportEntity Entity => ImportEntity.People;
    protected override string KeyColumn => ExternalId;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var id = row.Required(ExternalId, 100);
        var first = row.Required(FirstName, 100);
        var last = row.Required(LastName, 100);
        var email = row.Required(Email, 256);
        if (email is not null && !email.Contains('@', StringComparison.Ordinal))
        {
            row.Error(Email, InvalidValue, $"'{email}' is not an email address.");
        }

        var employeeNumber = row.Text(EmployeeNumber, 100);
        var title = row.Text(Title, 200);
        var hire = row.Date(HireDate, required: true);
        var termination = row.Date(TerminationDate);
        if (termination < hire)
        {
            row.Error(TerminationDate, InvalidValue, "The termination date is before the hire date.");
        }

        var currency = row.Currency(PayCurrency, required: true);
        var costCentre = row.Text(CostCentre, 100);
        var manager = row.Text(ManagerExternalId, 100);
        if (manager is not null && manager == id)
        {
            row.Error(ManagerExternalId, InvalidValue, "A person cannot be their own manager.");
        }

        var managerFrom = row.Date(ManagerEffectiveFrom);
        var team = row.Text(TeamExternalId, 100);
        var teamFrom = row.Date(TeamEffectiveFrom);
        if (id is null || first is null || last is null || email is null || hire is null || currency is null)
        {
            return null;
        }

        return new Row(id, first, last, email, employeeNumber, title, hire.Value, termination, currency, costCentre,
            manager, managerFrom ?? hire.Value, team, teamFrom ?? hire.Value);
    }

    protected override string KeyOf(Row row) => row.ExternalId;

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var people = await session.PeopleAsync(cancellationToken);
        var teams = await IndexAsync(db.Teams, rows.Select(r => r.Value.TeamExternalId).OfType<string>(), x => (x.ExternalId, x.Id), cancellationToken);

        var valid = new Dictionary<string, Parsed<Row>>(StringComparer.Ordinal);
        var teamIds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var parsed in rows)
        {
            var r = parsed.Value;
            var errors = session.Errors.Count;
            if (r.TeamExternalId is not null && teams.Resolve(session, parsed.Row, TeamExternalId, r.TeamExternalId, "team") is { } teamId)
            {
                teamIds[r.ExternalId] = teamId;
            }

            if (session.Errors.Count == errors)
            {
                valid[r.ExternalId] = parsed;
            }
        }

        // A manager must exist already or be a valid row of this file; dropping a row can strand its reports, so repeat.
        bool dropped;
        do
        {
            dropped = false;
            foreach (var parsed in valid.Values.ToList())
            {
                var manager = parsed.Value.ManagerExternalId;
                if (manager is null || valid.ContainsKey(manager) || people.ByExternalId.Contains(manager))
                {
                    continue;
                }

                session.Error(parsed.Row, ManagerExternalId, UnknownReference, $"No person with external id '{manager}' (in the store or a valid row of this file).");
                valid.Remove(parsed.Value.ExternalId);
                dropped = true;
            }
        }
        while (dropped);

        var loaded = valid.Values.OrderBy(p => p.Row).ToList();
        var existing = await LoadByKeyAsync(db.People, ExternalIdProperty, loaded.Select(p => p.Value.ExternalId), x => x.ExternalId, cancellationToken);
        var entities = new Dictionary<string, Person>(StringComparer.Ordinal);
        var outcomes = new Dictionary<string, RowOutcome>(StringComparer.Ordinal);
        foreach (var (_, r) in loaded)
        {
            var person = existing.GetValueOrDefault(r.ExternalId);
            outcomes[r.ExternalId] = session.Upsert(
                person,
                () => person = new Person { ExternalId = r.ExternalId, FirstName = r.FirstName, LastName = r.LastName, Email = r.Email, PayCurrency = r.PayCurrency },
                x =>
                {
                    x.FirstName = r.FirstName;
                    x.LastName = r.LastName;
                    x.Email = r.Email;
                    x.HireDate = r.HireDate;
                    x.PayCurrency = r.PayCurrency;
                    SetIfPresent(session, EmployeeNumber, () => x.EmployeeNumber = r.EmployeeNumber);
                    SetIfPresent(session, Title, () => x.Title = r.Title);
                    SetIfPresent(session, TerminationDate, () => x.TerminationDate = r.TerminationDate);
                    SetIfPresent(session, CostCentre, () => x.CostCentre = r.CostCentre);
                });
            entities[r.ExternalId] = person!;
        }

        await db.SaveChangesAsync(cancellationToken);

        long IdOf(string externalId) => entities.TryGetValue(externalId, out var p) ? p.Id : people.ByExternalId.Find(externalId)!.Value;

        var personIds = entities.Values.Select(p => p.Id).ToList();
        var lines = new List<ReportingLine>();
        var memberships = new List<TeamMembership>();
        foreach (var chunk in personIds.Chunk(1000))
        {
            lines.AddRange(await db.ReportingLines.Where(l => chunk.Contains(l.PersonId)).ToListAsync(cancellationToken));
            memberships.AddRange(await db.TeamMemberships.Where(m => chunk.Contains(m.PersonId)).ToListAsync(cancellationToken));
        }

        var linesByPerson = lines.ToLookup(l => l.PersonId);
        var membershipsByPerson = memberships.ToLookup(m => m.PersonId);
        foreach (var (_, r) in loaded)
        {
            var personId = entities[r.ExternalId].Id;
            var changed = false;
            if (r.ManagerExternalId is not null)
            {
                var managerId = IdOf(r.ManagerExternalId);
                changed |= EffectiveDated.Upsert(
                    session,
                    linesByPerson[personId].OrderBy(l => l.EffectiveFrom).ToList(),
                    r.ManagerFrom,
                    l => l.ManagerId == managerId,
                    l => l.ManagerId = managerId,
                    l => l.EffectiveFrom,
                    l => l.EffectiveTo,
                    (l, to) => l.EffectiveTo = to,
                    (from, to) => new ReportingLine { PersonId = personId, ManagerId = managerId, EffectiveFrom = from, EffectiveTo = to });
            }

            if (r.TeamExternalId is not null)
            {
                var teamId = teamIds[r.ExternalId];
                changed |= EffectiveDated.Upsert(
                    session,
                    membershipsByPerson[personId].OrderBy(m => m.EffectiveFrom).ToList(),
                    r.TeamFrom,
                    m => m.TeamId == teamId,
                    m => m.TeamId = teamId,
                    m => m.EffectiveFrom,
                    m => m.EffectiveTo,
                    (m, to) => m.EffectiveTo = to,
                    (from, to) => new TeamMembership { PersonId = personId, TeamId = teamId, EffectiveFrom = from, EffectiveTo = to });
            }

            var outcome = outcomes[r.ExternalId];
            session.Count(outcome == RowOutcome.Unchanged && changed ? RowOutcome.Updated : outcome);
        }
    }
}

/// <summary>Effective-dated rows (reporting lines, team memberships): both ends inclusive, at most one open row.</summary>
internal static class EffectiveDated
{
    /// <summary>
    /// Makes the target hold from <paramref name="from"/>: a row starting that day is repointed; a covering row with the
    /// same target is left alone; otherwise the covering row ends the day before and a new row starts (ending where the
    /// next row begins). Returns whether anything changed.
    /// </summary>
    public static bool Upsert<T>(
        ImportSession session,
        List<T> rows,
        DateOnly from,
        Func<T, bool> hasTarget,
        Action<T> setTarget,
        Func<T, DateOnly> fromOf,
        Func<T, DateOnly?> toOf,
        Action<T, DateOnly?> setTo,
        Func<DateOnly, DateOnly?, T> create)
        where T : class
    {
        var exact = rows.FirstOrDefault(r => fromOf(r) == from);
        if (exact is not null)
        {
            if (hasTarget(exact))
            {
                return false;
            }

            setTarget(exact);
            return true;
        }

        var covering = rows.LastOrDefault(r => fromOf(r) < from && (toOf(r) is null || toOf(r) >= from));
        if (covering is not null && hasTarget(covering))
        {
            return false;
        }

        var next = rows.FirstOrDefault(r => fromOf(r) > from);
        if (covering is not null)
        {
            setTo(covering, from.AddDays(-1));
        }

        session.Db.Add(create(from, next is null ? null : fromOf(next).AddDays(-1)));
        return true;
    }
}
