using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Opportunities;
using Attain.Engine.Periods;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Components.Home;

/// <summary>An amount in one currency; totals are never added across currencies.</summary>
public sealed record CurrencyTotal(string Currency, decimal Amount);

/// <summary>A rep's own numbers: open opportunities, bookings in the current fiscal quarter, activities this week.</summary>
/// <param name="Week">Monday to Sunday (inclusive) of the current week, in the organisation's time zone.</param>
public sealed record RepFigures(
    int OpenOpportunities,
    IReadOnlyList<CurrencyTotal> OpenPipeline,
    Period Quarter,
    IReadOnlyList<CurrencyTotal> QuarterBookings,
    DateRange Week,
    int ActivitiesThisWeek);

/// <summary>One of a manager's direct reports with their own open pipeline.</summary>
public sealed record TeamMemberFigures(long PersonId, string Name, string? Title, int OpenOpportunities, IReadOnlyList<CurrencyTotal> OpenPipeline);

/// <summary>Counts of the main records the viewer can see.</summary>
public sealed record OrganisationCounts(int People, int Accounts, int Opportunities, int OpenOpportunities, int Bookings);

/// <summary>
/// The small, scoped queries behind the home pages. Every query keeps only rows the viewer's <see cref="Scope"/>
/// can see (<see cref="ScopeQueries.VisibleTo{T}"/>); money is summed per currency in memory because SQLite
/// cannot sum decimals.
/// </summary>
public sealed class HomeFigures(AttainDbContext db, OrganisationTime time)
{
    public async Task<RepFigures> RepAsync(long personId, Scope scope, CancellationToken cancellationToken)
    {
        var today = await time.TodayAsync(cancellationToken);
        var quarter = (await CalendarAsync(cancellationToken)).QuarterOf(today);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var week = new DateRange(monday, monday.AddDays(6));
        var weekStartUtc = await time.StartOfDayUtcAsync(monday, cancellationToken);
        var weekEndUtc = await time.StartOfDayUtcAsync(monday.AddDays(7), cancellationToken);

        var open = await db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId)
            .Where(o => o.OwnerId == personId && o.Status == OpportunityStatus.Open)
            .Select(o => new { o.Currency, o.Amount })
            .ToListAsync(cancellationToken);
        var bookings = await db.Bookings.AsNoTracking().VisibleTo(scope, b => b.OwnerId)
            .Where(b => b.OwnerId == personId && b.BookingDate >= quarter.Start && b.BookingDate <= quarter.End)
            .Select(b => new { b.Currency, b.Amount })
            .ToListAsync(cancellationToken);
        var activities = await db.Activities.AsNoTracking().VisibleTo(scope, a => a.OwnerId)
            .CountAsync(a => a.OwnerId == personId && a.OccurredAt >= weekStartUtc && a.OccurredAt < weekEndUtc, cancellationToken);

        return new RepFigures(
            open.Count,
            Totals(open.Select(o => (o.Currency, o.Amount ?? 0m))),
            quarter,
            Totals(bookings.Select(b => (b.Currency, b.Amount))),
            week,
            activities);
    }

    /// <summary>The manager's direct reports as of today, each with their own open opportunities.</summary>
    public async Task<IReadOnlyList<TeamMemberFigures>> TeamAsync(long managerId, Scope scope, CancellationToken cancellationToken)
    {
        var today = await time.TodayAsync(cancellationToken);
        var reportIds = await db.ReportingLines.AsNoTracking()
            .Where(l => l.ManagerId == managerId && l.EffectiveFrom <= today && (l.EffectiveTo == null || l.EffectiveTo >= today))
            .Select(l => l.PersonId)
            .ToListAsync(cancellationToken);
        var people = await db.People.AsNoTracking().VisibleTo(scope, p => p.Id)
            .Where(p => reportIds.Contains(p.Id))
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.FirstName, p.LastName, p.Title })
            .ToListAsync(cancellationToken);
        var ids = people.Select(p => p.Id).ToList();
        var open = (await db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId)
                .Where(o => ids.Contains(o.OwnerId) && o.Status == OpportunityStatus.Open)
                .Select(o => new { o.OwnerId, o.Currency, o.Amount })
                .ToListAsync(cancellationToken))
            .ToLookup(o => o.OwnerId);

        return [.. people.Select(p => new TeamMemberFigures(
            p.Id,
            $"{p.FirstName} {p.LastName}",
            p.Title,
            open[p.Id].Count(),
            Totals(open[p.Id].Select(o => (o.Currency, o.Amount ?? 0m)))))];
    }

    public async Task<OrganisationCounts> CountsAsync(Scope scope, CancellationToken cancellationToken) =>
        new(
            await db.People.AsNoTracking().VisibleTo(scope, p => p.Id).CountAsync(cancellationToken),
            await db.Accounts.AsNoTracking().VisibleTo(scope, a => a.OwnerId).CountAsync(cancellationToken),
            await db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId).CountAsync(cancellationToken),
            await db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId).CountAsync(o => o.Status == OpportunityStatus.Open, cancellationToken),
            await db.Bookings.AsNoTracking().VisibleTo(scope, b => b.OwnerId).CountAsync(cancellationToken));

    private static List<CurrencyTotal> Totals(IEnumerable<(string Currency, decimal Amount)> amounts) =>
        [.. amounts.GroupBy(a => a.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(a => a.Amount)))];

    private async Task<FiscalCalendar> CalendarAsync(CancellationToken cancellationToken)
    {
        var firstMonth = await db.OrganisationSettings.AsNoTracking().Select(s => (int?)s.FiscalYearStartMonth).FirstOrDefaultAsync(cancellationToken);
        return new FiscalCalendar(firstMonth ?? 1);
    }
}
