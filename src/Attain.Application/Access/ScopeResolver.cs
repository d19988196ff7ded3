using System.Linq.Expressions;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Access;

/// <summary>The one place row scoping is decided. Every query over people-owned records goes through <see cref="ScopeQueries.VisibleTo{T}"/>.</summary>
public sealed class ScopeResolver(AttainDbContext db, OrganisationTime time)
{
    public async Task<Scope> ResolveAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        if (viewer.SeesEverything)
        {
            return Scope.All;
        }

        if (viewer.PersonId is not { } self)
        {
            return Scope.Only([]);
        }

        if (!viewer.IsInRole(Roles.Manager))
        {
            return Scope.Only([self]);
        }

        var today = await time.TodayAsync(cancellationToken);
        var lines = await db.ReportingLines.AsNoTracking()
            .Where(l => l.EffectiveFrom <= today && (l.EffectiveTo == null || l.EffectiveTo >= today) && l.ManagerId != null)
            .Select(l => new { l.PersonId, ManagerId = l.ManagerId!.Value })
            .ToListAsync(cancellationToken);
        return Scope.Only(Subtree(self, lines.Select(l => (l.PersonId, l.ManagerId))));
    }

    /// <summary>A manager and everyone below them, following (person, manager) pairs; cycles are cut.</summary>
    public static HashSet<long> Subtree(long root, IEnumerable<(long Person, long Manager)> lines)
    {
        var reports = lines.ToLookup(l => l.Manager, l => l.Person);
        var seen = new HashSet<long> { root };
        var queue = new Queue<long>([root]);
        while (queue.TryDequeue(out var manager))
        {
            foreach (var person in reports[manager])
            {
                if (seen.Add(person))
                {
                    queue.Enqueue(person);
                }
            }
        }

        return seen;
    }
}

public static class ScopeQueries
{
    /// <summary>Keeps the rows whose owner the scope can see.</summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> query, Scope scope, Expression<Func<T, long?>> owner)
    {
        if (scope.Everyone)
        {
            return query;
        }

        var people = scope.People.Select(p => (long?)p).ToList();
        var parameter = owner.Parameters[0];
        var contains = Expression.Call(
            typeof(Enumerable), nameof(Enumerable.Contains), [typeof(long?)],
            Expression.Constant(people), owner.Body);
        return query.Where(Expression.Lambda<Func<T, bool>>(contains, parameter));
    }
}
