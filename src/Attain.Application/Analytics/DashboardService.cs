using System.Globalization;
using System.Text;
using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Microsoft.EntityFrameworkCore;
using AppActivityType = Attain.Application.Activities.ActivityType;
using AppOpportunityStatus = Attain.Application.Opportunities.OpportunityStatus;
using EngineFxRate = Attain.Engine.Monetary.FxRate;

namespace Attain.Application.Analytics;

/// <summary>
/// The three role dashboards (docs/dashboards.md): the rep's, the manager's and the executive's, over the records a
/// viewer's <see cref="Scope"/> may see. Every number follows the KPI library's definition (docs/kpis.md): net bookings
/// by booking date converted at the booking date's FX rate, quotas whose period lies within the period, pipeline as open
/// opportunities closing in the period converted at the close date.
/// </summary>
/// <remarks>
/// Bookings are summed in the database (docs/adr/0007-dashboard-aggregates-in-sql.md): grouped by booking date and
/// currency, or by owner, currency and "segment", a run of days in which no FX quote and no team membership changes, so
/// converting and assigning each group is exact without loading a row per booking. Quotas, open opportunities and
/// activities are small and are loaded.
/// </remarks>
public sealed class DashboardService(AttainDbContext db, OrganisationTime time)
{
    /// <summary>How many periods of the same kind the trend charts show, ending with the period asked for.</summary>
    public const int TrendLength = 8;

    /// <summary>A rep below this pipeline coverage of their remaining quota is flagged as short of pipeline.</summary>
    public const decimal CoverageTarget = 3m;

    private const string NoQuota = "No quota in the period.";

    /// <summary>The attainment buckets of the manager's distribution, as [from, to) fractions.</summary>
    private static readonly (string Key, string Label, decimal From, decimal To)[] Buckets =
    [
        ("lt50", "< 50 %", decimal.MinValue, 0.5m),
        ("50-75", "50–75 %", 0.5m, 0.75m),
        ("75-100", "75–100 %", 0.75m, 1m),
        ("100-125", "100–125 %", 1m, 1.25m),
        ("ge125", "≥ 125 %", 1.25m, decimal.MaxValue),
    ];

    public async Task<DashboardAnswer<RepDashboard>> RepAsync(Scope scope, long? self, DashboardQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        var setup = await SetupAsync(query, cancellationToken);
        var person = query.Person ?? self;
        if (person is null)
        {
            setup.Issues.Add(new("parameter.required", "person", "Your user is not linked to a person: name one with person=<id>."));
        }
        else if (!scope.CanSee(person) || !await db.People.AnyAsync(p => p.Id == person, cancellationToken))
        {
            setup.Issues.Add(new("unknown_value", "person", $"No person {person} among the people you may see."));
        }

        if (setup.Issues.Count > 0)
        {
            return new(null, setup.Issues);
        }

        var personId = person!.Value;
        var only = Scope.Only(scope.CanSee(personId) ? [personId] : []);
        var filters = setup.Filters with { Person = personId };
        var periods = Trend(setup.Calendar, setup.Period);
        var facts = await FactsAsync(only, setup, periods[0].Start, setup.Period.End, byOwner: false, null, [], cancellationToken);
        var link = new Links(filters) { Owner = personId };

        var bookings = facts.Bookings(setup.Period.Start, setup.Period.End, (_, _) => true);
        var quota = facts.Quota(setup.Period, _ => true);
        var pipeline = facts.Pipeline(setup.Period, (_, _) => true);
        var today = setup.Today;
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var week = new DateRange(monday, monday.AddDays(6));
        var weekActivities = await ActivitiesAsync(only, week.Start, week.End!.Value, cancellationToken);
        var name = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.FirstName + " " + p.LastName).FirstAsync(cancellationToken);

        return new(new RepDashboard(
            filters,
            personId,
            name,
            DashboardFigure.Ratio("Quota attainment", bookings, quota, NoQuota, link.Bookings(setup.Period.Start, setup.Period.End)),
            DashboardFigure.Money("Bookings", bookings, facts.Reason, link.Bookings(setup.Period.Start, setup.Period.End)),
            DashboardFigure.Money("Quota", quota, quota is null ? facts.Reason : null, null),
            DashboardFigure.Money("Pipeline", pipeline, facts.Reason, link.Opportunities(setup.Period, null)),
            Coverage(pipeline, quota, bookings, link.Opportunities(setup.Period, null)),
            PipelineByStage(facts, setup.Period, (_, _) => true, link),
            week.Start,
            week.End.Value,
            new DashboardSeries("Activities this week", "Count", [.. Enum.GetValues<AppActivityType>().Select(t => new DashboardBar(
                t.ToString(), t.ToString(), weekActivities.Count(a => a.Type == t), link.Activities(week.Start, week.End.Value, t)))]),
            new DashboardSeries("Bookings", "Money", [.. periods.Select(p => new DashboardBar(p.Key, p.Key, facts.Bookings(p.Start, p.End, (_, _) => true), link.Bookings(p.Start, p.End)))]),
            new DashboardSeries("Quota", "Money", [.. periods.Select(p => new DashboardBar(p.Key, p.Key, facts.Quota(p, _ => true), null))])), []);
    }

    public async Task<DashboardAnswer<ManagerDashboard>> ManagerAsync(Scope scope, long? self, DashboardQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        var setup = await SetupAsync(query, cancellationToken);
        if (setup.Issues.Count > 0)
        {
            return new(null, setup.Issues);
        }

        var period = setup.Period;
        var facts = await FactsAsync(scope, setup, period.Start, period.End, byOwner: true, null, [], cancellationToken);
        var keep = facts.Filter;
        var activities = (await ActivitiesAsync(scope, period.Start, period.End, cancellationToken))
            .Where(a => keep(a.OwnerId, a.Date)).ToList();
        var link = new Links(setup.Filters);
        var elapsed = period.End < setup.Today ? 1m
            : period.Start > setup.Today ? 0m
            : (setup.Today.DayNumber - period.Start.DayNumber + 1) / (decimal)period.Days;

        var owners = facts.Owners.Union(activities.Select(a => a.OwnerId)).Where(o => o != self || query.Person == self).ToHashSet();
        var names = await NamesAsync(owners, cancellationToken);
        var rows = new List<DashboardRepRow>();
        var behind = new List<DashboardBehindRow>();
        var medianActivities = Median(owners.Select(o => activities.Count(a => a.OwnerId == o)));
        foreach (var owner in owners.OrderBy(o => names.GetValueOrDefault(o), StringComparer.Ordinal).ThenBy(o => o))
        {
            var mine = new Links(setup.Filters) { Owner = owner };
            bool Own(long o, DateOnly date) => o == owner && keep(o, date);
            var bookings = facts.Bookings(period.Start, period.End, Own);
            var quota = facts.Quota(period, o => o == owner);
            var pipeline = facts.Pipeline(period, Own);
            var count = activities.Count(a => a.OwnerId == owner);
            var attainment = DashboardFigure.Ratio("Quota attainment", bookings, quota, NoQuota, mine.Bookings(period.Start, period.End));
            var coverage = Coverage(pipeline, quota, bookings, mine.Opportunities(period, null));
            var name = names.GetValueOrDefault(owner, $"#{owner}");
            rows.Add(new DashboardRepRow(
                owner,
                name,
                DashboardFigure.Money("Bookings", bookings, facts.Reason, mine.Bookings(period.Start, period.End)),
                DashboardFigure.Money("Quota", quota, null, null),
                attainment,
                DashboardFigure.Money("Pipeline", pipeline, facts.Reason, mine.Opportunities(period, null)),
                coverage,
                DashboardFigure.Count("Activities", count, mine.Activities(period.Start, period.End, null))));
            if (attainment.Value is { } value && value < elapsed)
            {
                var reasons = new List<string>();
                if (pipeline is 0m)
                {
                    reasons.Add("No open pipeline closing in the period.");
                }
                else if (coverage.Value is { } c && c < CoverageTarget)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture, $"Pipeline covers {decimal.Round(c, 1, MidpointRounding.AwayFromZero)}× the remaining quota (target {CoverageTarget}×)."));
                }

                if (count < medianActivities)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{count} activities, below the team's median of {medianActivities}."));
                }

                if (reasons.Count == 0)
                {
                    reasons.Add("Enough pipeline and activity: deals are closing later or smaller than planned.");
                }

                behind.Add(new DashboardBehindRow(owner, name, value, elapsed, reasons, mine.Bookings(period.Start, period.End)));
            }
        }

        var total = facts.Bookings(period.Start, period.End, keep);
        var totalQuota = facts.Quota(period, _ => true);
        var totalPipeline = facts.Pipeline(period, keep);
        return new(new ManagerDashboard(
            setup.Filters,
            DashboardFigure.Ratio("Quota attainment", total, totalQuota, NoQuota, link.Bookings(period.Start, period.End)),
            DashboardFigure.Money("Bookings", total, facts.Reason, link.Bookings(period.Start, period.End)),
            DashboardFigure.Money("Quota", totalQuota, null, null),
            DashboardFigure.Money("Pipeline", totalPipeline, facts.Reason, link.Opportunities(period, null)),
            rows,
            new DashboardSeries("Reps by quota attainment", "Count", [.. Buckets.Select(b => new DashboardBar(
                b.Key, b.Label, rows.Count(r => r.Attainment.Value is { } v && v >= b.From && v < b.To), null))]),
            [.. behind.OrderBy(b => b.Attainment).ThenBy(b => b.PersonId)],
            new DashboardSeries("Activity mix", "Count", [.. Enum.GetValues<AppActivityType>().Select(t => new DashboardBar(
                t.ToString(), t.ToString(), activities.Count(a => a.Type == t), link.Activities(period.Start, period.End, t)))])), []);
    }

    public async Task<DashboardAnswer<ExecutiveDashboard>> ExecutiveAsync(Scope scope, DashboardQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        var setup = await SetupAsync(query, cancellationToken);
        if (setup.Issues.Count > 0)
        {
            return new(null, setup.Issues);
        }

        var period = setup.Period;
        var periods = Trend(setup.Calendar, period);
        var link = new Links(setup.Filters);
        var filtered = query.Team is not null || query.Region is not null;

        // The totals and the trend need no owner unless a team or region filter must place each one. The regions do, but
        // only for people with a team membership in the period: everyone else is in no region, whose bookings are the
        // total less the regions'. On a company without teams that leaves no per-owner query at all.
        var trend = await FactsAsync(scope, setup, periods[0].Start, period.End, filtered, null, periods.Select(p => p.Start), cancellationToken);
        var members = filtered ? null : await db.TeamMemberships.AsNoTracking()
            .Where(m => m.EffectiveFrom <= period.End && (m.EffectiveTo == null || m.EffectiveTo >= period.Start))
            .Select(m => m.PersonId).Distinct().ToListAsync(cancellationToken);
        var facts = filtered ? trend : await FactsAsync(scope, setup, period.Start, period.End, true, members, [], cancellationToken);
        var keep = trend.Filter;
        var bookings = trend.Bookings(period.Start, period.End, keep);
        var quota = trend.Quota(period, _ => true);
        var pipeline = trend.Pipeline(period, keep);
        var regionTotal = 0m;

        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken);
        var rows = new List<DashboardRegionRow>();
        foreach (var region in regions.Select(r => ((long?)r.Id, r.Name)).Append((null, "No region")))
        {
            if (query.Region is { } only && region.Item1 != only)
            {
                continue;
            }

            bool InRegion(long owner, DateOnly date) => keep(owner, date) && facts.RegionOn(owner, date) == region.Item1;
            var regionBookings = region.Item1 is null && !filtered
                ? bookings - regionTotal
                : facts.Bookings(period.Start, period.End, InRegion);
            regionTotal += regionBookings ?? 0m;
            var regionQuota = facts.QuotaWhere(period, (owner, date) => facts.RegionOn(owner, date) == region.Item1);
            var regionPipeline = facts.Pipeline(period, InRegion);
            if (region.Item1 is null && regionBookings is 0m && regionQuota is 0m && regionPipeline is 0m)
            {
                continue;
            }

            var regional = link with { Region = region.Item1 ?? link.Region };
            rows.Add(new DashboardRegionRow(
                region.Item1,
                region.Name,
                DashboardFigure.Money("Bookings", regionBookings, facts.Reason, regional.Bookings(period.Start, period.End)),
                DashboardFigure.Money("Quota", regionQuota, null, null),
                DashboardFigure.Ratio("Quota attainment", regionBookings, regionQuota, NoQuota, regional.Bookings(period.Start, period.End)),
                DashboardFigure.Money("Pipeline", regionPipeline, facts.Reason, regional.Opportunities(period, null))));
        }

        return new(new ExecutiveDashboard(
            setup.Filters,
            DashboardFigure.Ratio("Quota attainment", bookings, quota, NoQuota, link.Bookings(period.Start, period.End)),
            DashboardFigure.Money("Bookings", bookings, facts.Reason, link.Bookings(period.Start, period.End)),
            DashboardFigure.Money("Quota", quota, null, null),
            DashboardFigure.Money("Pipeline", pipeline, facts.Reason, link.Opportunities(period, null)),
            new DashboardSeries("Bookings", "Money", [.. periods.Select(p => new DashboardBar(p.Key, p.Key, trend.Bookings(p.Start, p.End, trend.Filter), link.Bookings(p.Start, p.End)))]),
            new DashboardSeries("Quota", "Money", [.. periods.Select(p => new DashboardBar(p.Key, p.Key, trend.Quota(p, _ => true), null))]),
            PipelineByStage(facts, period, keep, link),
            rows), []);
    }

    /// <summary>What the dashboards' filters offer: period keys around today, and the teams, regions and products by name.</summary>
    public async Task<DashboardOptions> OptionsAsync(CancellationToken cancellationToken = default)
    {
        var firstMonth = await db.OrganisationSettings.AsNoTracking().Select(s => (int?)s.FiscalYearStartMonth).FirstOrDefaultAsync(cancellationToken);
        var calendar = new FiscalCalendar(firstMonth ?? 1);
        var today = await time.TodayAsync(cancellationToken);
        var quarters = Trend(calendar, calendar.QuarterOf(today));
        var months = Trend(calendar, calendar.MonthOf(today));
        var year = calendar.YearOf(today);
        var periods = new List<string>();
        periods.AddRange(quarters.AsEnumerable().Reverse().Select(p => p.Key));
        periods.AddRange(months.AsEnumerable().Reverse().Select(p => p.Key));
        periods.Add(year.Key);
        periods.Add(calendar.Previous(year).Key);
        return new DashboardOptions(
            calendar.QuarterOf(today).Key,
            periods,
            await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new DashboardOption(t.Id, t.Name)).ToListAsync(cancellationToken),
            await db.Regions.AsNoTracking().OrderBy(r => r.Name).Select(r => new DashboardOption(r.Id, r.Name)).ToListAsync(cancellationToken),
            await db.Products.AsNoTracking().OrderBy(p => p.Name).Select(p => new DashboardOption(p.Id, p.Name)).ToListAsync(cancellationToken));
    }

    // ---- Shared parts ----

    private sealed record Setup(FiscalCalendar Calendar, Currency Currency, DateOnly Today, Period Period, DashboardQuery Query, DashboardFilters Filters, List<QueryIssue> Issues);

    private async Task<Setup> SetupAsync(DashboardQuery query, CancellationToken cancellationToken)
    {
        var issues = new List<QueryIssue>();
        var settings = await db.OrganisationSettings.AsNoTracking()
            .Select(s => new { s.FiscalYearStartMonth, s.BaseCurrency })
            .FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            issues.Add(new("settings.missing", "period", "The organisation has no settings yet: dashboards need its fiscal calendar and base currency."));
            settings = new { FiscalYearStartMonth = 1, BaseCurrency = "USD" };
        }

        var calendar = new FiscalCalendar(settings.FiscalYearStartMonth);
        var today = await time.TodayAsync(cancellationToken);
        var period = calendar.QuarterOf(today);
        if (!string.IsNullOrWhiteSpace(query.Period))
        {
            if (calendar.TryParse(query.Period.Trim().ToUpperInvariant(), out var parsed))
            {
                period = parsed;
            }
            else
            {
                issues.Add(new("unknown_period", "period", "period must be a fiscal period key: FY2027, FY2027-Q1 or FY2027-M01."));
            }
        }

        if (query.Team is { } team && !await db.Teams.AnyAsync(t => t.Id == team, cancellationToken))
        {
            issues.Add(new("unknown_value", "team", $"No team {team}."));
        }

        if (query.Region is { } region && !await db.Regions.AnyAsync(r => r.Id == region, cancellationToken))
        {
            issues.Add(new("unknown_value", "region", $"No region {region}."));
        }

        if (query.Product is { } product && !await db.Products.AnyAsync(p => p.Id == product, cancellationToken))
        {
            issues.Add(new("unknown_value", "product", $"No product {product}."));
        }

        var filters = new DashboardFilters(period.Key, period.Start, period.End, query.Person, query.Team, query.Region, query.Product, settings.BaseCurrency);
        return new Setup(calendar, Currency.FromCode(settings.BaseCurrency), today, period, query, filters, issues);
    }

    private static List<Period> Trend(FiscalCalendar calendar, Period period)
    {
        var periods = new List<Period> { period };
        while (periods.Count < TrendLength)
        {
            periods.Insert(0, calendar.Previous(periods[0]));
        }

        return periods;
    }

    private static DashboardFigure Coverage(decimal? pipeline, decimal? quota, decimal? bookings, string? href) =>
        quota is 0m ? new("Pipeline coverage", "Ratio", null, NoQuota, href)
        : pipeline is null || quota is null || bookings is null ? new("Pipeline coverage", "Ratio", null, "A part of the ratio has no value (missing FX rate).", href)
        : quota - bookings <= 0m ? new("Pipeline coverage", "Ratio", null, "Quota already reached: no remaining quota to cover.", href)
        : new("Pipeline coverage", "Ratio", pipeline / (quota - bookings), null, href);

    private static DashboardSeries PipelineByStage(Facts facts, Period period, Func<long, DateOnly, bool> keep, Links link) =>
        new("Pipeline by stage", "Money", [.. facts.Stages.Select(stage => new DashboardBar(
            stage, stage, facts.Pipeline(period, keep, stage), link.Opportunities(period, stage)))]);

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[(sorted.Count - 1) / 2];
    }

    private async Task<Dictionary<long, string>> NamesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var names = new Dictionary<long, string>();
        foreach (var chunk in ids.Chunk(1000))
        {
            foreach (var p in await db.People.AsNoTracking().Where(p => chunk.Contains(p.Id)).Select(p => new { p.Id, p.FirstName, p.LastName }).ToListAsync(cancellationToken))
            {
                names[p.Id] = $"{p.FirstName} {p.LastName}";
            }
        }

        return names;
    }

    private sealed record ActivityFact(long OwnerId, AppActivityType Type, DateOnly Date);

    /// <summary>Activities held on the days from..to (inclusive) in the organisation's time zone.</summary>
    private async Task<List<ActivityFact>> ActivitiesAsync(Scope scope, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var zone = await time.ZoneAsync(cancellationToken);
        var start = await time.StartOfDayUtcAsync(from, cancellationToken);
        var until = await time.StartOfDayUtcAsync(to.AddDays(1), cancellationToken);
        var rows = await db.Activities.AsNoTracking().VisibleTo(scope, a => a.OwnerId)
            .Where(a => a.OccurredAt >= start && a.OccurredAt < until)
            .Select(a => new { a.OwnerId, a.Type, a.OccurredAt })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(a => new ActivityFact(a.OwnerId, a.Type,
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(a.OccurredAt, DateTimeKind.Utc), zone))))];
    }

    /// <summary>One group of bookings summed in the database: an owner (0 when not grouped by owner), a currency, the group's first day and the net amount at rest.</summary>
    private sealed record NetRow(long Owner, string Currency, DateOnly Day, long Net);

    private sealed record BookingCell(long Owner, DateOnly Day, decimal? Amount);

    private sealed record PipelineCell(long Owner, string Stage, DateOnly CloseDate, decimal? Amount);

    private sealed record QuotaCell(long Owner, Period Period, decimal? Amount);

    /// <param name="byOwner">False: bookings are summed per day and currency; true: per owner, currency and segment.</param>
    /// <param name="onlyOwners">With <paramref name="byOwner"/>, only these owners' bookings (null: everyone in scope).</param>
    /// <param name="periodStarts">Days that must start a segment (the trend's periods), so each segment lies in one period.</param>
    private async Task<Facts> FactsAsync(
        Scope scope, Setup setup, DateOnly from, DateOnly to, bool byOwner, IReadOnlyCollection<long>? onlyOwners, IEnumerable<DateOnly> periodStarts,
        CancellationToken cancellationToken)
    {
        var fxRows = await db.FxRates.AsNoTracking().Where(r => r.Date <= to).ToListAsync(cancellationToken);
        var fx = new FxTable(fxRows
            .Where(r => r.Rate > 0m && !string.Equals(r.FromCurrency, r.ToCurrency, StringComparison.OrdinalIgnoreCase))
            .Select(r => new EngineFxRate(Currency.FromCode(r.FromCurrency), Currency.FromCode(r.ToCurrency), r.Date, r.Rate)));
        var memberships = await db.TeamMemberships.AsNoTracking().Select(m => new { m.PersonId, m.TeamId, m.EffectiveFrom, m.EffectiveTo }).ToListAsync(cancellationToken);
        var teamRegions = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.RegionId, cancellationToken);
        var byPerson = memberships.OrderByDescending(m => m.EffectiveFrom).ThenBy(m => m.TeamId).ToLookup(m => m.PersonId);
        long? TeamOn(long owner, DateOnly date) =>
            byPerson[owner].FirstOrDefault(m => m.EffectiveFrom <= date && (m.EffectiveTo is null || date <= m.EffectiveTo))?.TeamId;
        long? RegionOn(long owner, DateOnly date) => TeamOn(owner, date) is { } team ? teamRegions.GetValueOrDefault(team) : null;

        var query = setup.Query;
        bool Keep(long owner, DateOnly date) =>
            (query.Team is not { } team || TeamOn(owner, date) == team) && (query.Region is not { } region || RegionOn(owner, date) == region);

        // Days on which a rate or a membership changes start a new segment: within a segment both are constant.
        var boundaries = new SortedSet<DateOnly>();
        if (byOwner)
        {
            boundaries.UnionWith(fxRows.Select(r => r.Date));
            boundaries.UnionWith(memberships.Select(m => m.EffectiveFrom));
            boundaries.UnionWith(memberships.Where(m => m.EffectiveTo is not null).Select(m => m.EffectiveTo!.Value.AddDays(1)));
            boundaries.UnionWith(periodStarts);
        }

        var cuts = boundaries.Where(d => d > from && d <= to).ToList();
        var rows = await NetBookingsAsync(scope, from, to, query.Product, byOwner ? cuts : null, onlyOwners, cancellationToken);
        string? reason = null;
        var cells = new List<BookingCell>(rows.Count);
        foreach (var row in rows)
        {
            var money = new Money(Money.FromStorage(row.Net), Currency.FromCode(row.Currency));
            decimal? amount = fx.TryConvert(money, setup.Currency, row.Day, out var converted) ? converted.Result.Amount : null;
            reason ??= amount is null ? $"No FX rate {row.Currency}→{setup.Currency.Code} on or before {row.Day:yyyy-MM-dd}." : null;
            cells.Add(new BookingCell(row.Owner, row.Day, amount));
        }

        var quotas = (await KpiService.LoadQuotasAsync(db, scope, setup.Calendar, setup.Period.Kind, from, to, cancellationToken))
            .Select(q =>
            {
                decimal? amount = fx.TryConvert(q.Amount, setup.Currency, q.Period.Start, out var converted) ? converted.Result.Amount : null;
                return new QuotaCell(long.Parse(q.OwnerId, CultureInfo.InvariantCulture), q.Period, amount);
            })
            .Where(q => Keep(q.Owner, q.Period.Start))
            .ToList();

        var opportunities = db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId)
            .Where(o => o.Status == AppOpportunityStatus.Open && o.CloseDate >= from && o.CloseDate <= to);
        if (query.Product is not null)
        {
            // Opportunities carry no product: with a product filter the pipeline is left out rather than shown unfiltered.
            opportunities = opportunities.Where(o => false);
        }

        var pipeline = (await opportunities.Select(o => new { o.OwnerId, o.Stage, o.CloseDate, o.Amount, o.Currency }).ToListAsync(cancellationToken))
            .Select(o =>
            {
                var money = new Money(o.Amount ?? 0m, Currency.FromCode(o.Currency));
                decimal? amount = fx.TryConvert(money, setup.Currency, o.CloseDate, out var converted) ? converted.Result.Amount : null;
                return new PipelineCell(o.OwnerId, o.Stage, o.CloseDate, amount);
            })
            .ToList();
        var stages = await db.Stages.AsNoTracking().Where(s => !s.IsClosed).OrderBy(s => s.Order).ThenBy(s => s.Name).Select(s => s.Name).ToListAsync(cancellationToken);
        stages.AddRange(pipeline.Select(p => p.Stage).Distinct(StringComparer.Ordinal).Where(s => !stages.Contains(s)).Order(StringComparer.Ordinal));
        return new Facts(cells, quotas, pipeline, stages, reason, Keep, RegionOn);
    }

    /// <summary>
    /// Net bookings (orders as recorded, cancellations and returns as −|amount|) summed in the database per currency
    /// and booking date, or, with <paramref name="cuts"/>, per owner, currency and segment (the row's day is the
    /// segment's first day). Both forms read the (booking date, currency, owner, kind, amount) index alone.
    /// </summary>
    private async Task<List<NetRow>> NetBookingsAsync(
        Scope scope, DateOnly from, DateOnly to, long? product, List<DateOnly>? cuts, IReadOnlyCollection<long>? onlyOwners, CancellationToken cancellationToken)
    {
        var parameters = new List<object> { from, to };
        if (onlyOwners is not null)
        {
            var owners = onlyOwners.Where(o => scope.CanSee(o)).ToList();
            if (owners.Count == 0)
            {
                return [];
            }

            scope = Scope.Only(owners);
        }

        if (cuts is null)
        {
            var sql = NetSql(scope, product, parameters, "\"BookingDate\" AS \"Day\"", "\"BookingDate\", \"Currency\"");
            return [.. (await db.Database.SqlQueryRaw<DayRow>(sql, [.. parameters]).ToListAsync(cancellationToken)).Select(r => new NetRow(0, r.Currency, r.Day, r.Net))];
        }

        var segment = new StringBuilder("CASE");
        var starts = new List<DateOnly> { from };
        foreach (var cut in cuts)
        {
            segment.Append(CultureInfo.InvariantCulture, $" WHEN \"BookingDate\" < {{{parameters.Count}}} THEN {starts.Count - 1}");
            parameters.Add(cut);
            starts.Add(cut);
        }

        segment.Append(CultureInfo.InvariantCulture, $" ELSE {starts.Count - 1} END");
        if (cuts.Count == 0)
        {
            segment.Clear().Append('0');
        }

        var segmentSql = NetSql(scope, product, parameters, $"\"OwnerId\" AS \"Owner\", {segment} AS \"Segment\"", "\"OwnerId\", \"Currency\", 3");
        var rows = await db.Database.SqlQueryRaw<SegmentRow>(segmentSql, [.. parameters]).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new NetRow(r.Owner, r.Currency, starts[r.Segment], r.Net))];
    }

    private sealed record DayRow(string Currency, DateOnly Day, long Net);

    private sealed record SegmentRow(string Currency, long Owner, int Segment, long Net);

    /// <summary>The one SQL text of both forms: <c>SELECT currency, (key columns), net … GROUP BY …</c>, scoped and filtered.</summary>
    private static string NetSql(Scope scope, long? product, List<object> parameters, string keys, string groupBy)
    {
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"SELECT \"Currency\", {keys}, ");
        sql.Append("CAST(SUM(CASE WHEN \"Kind\" = 'Order' THEN \"Amount\" ELSE -ABS(\"Amount\") END) AS BIGINT) AS \"Net\" ");
        sql.Append("FROM \"Bookings\" WHERE \"BookingDate\" >= {0} AND \"BookingDate\" <= {1}");
        if (product is { } p)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND \"ProductId\" = {{{parameters.Count}}}");
            parameters.Add(p);
        }

        if (!scope.Everyone)
        {
            sql.Append(scope.People.Count == 0
                ? " AND 1 = 0"
                : " AND \"OwnerId\" IN (" + string.Join(",", scope.People.Order().Select(id => id.ToString(CultureInfo.InvariantCulture))) + ")");
        }

        sql.Append(" GROUP BY ").Append(groupBy);
        return sql.ToString();
    }

    /// <summary>The loaded and summed records of one window, with the filter and region assignment of the query.</summary>
    private sealed class Facts(
        List<BookingCell> bookings,
        List<QuotaCell> quotas,
        List<PipelineCell> pipeline,
        IReadOnlyList<string> stages,
        string? reason,
        Func<long, DateOnly, bool> filter,
        Func<long, DateOnly, long?> regionOn)
    {
        public string? Reason { get; } = reason;

        public IReadOnlyList<string> Stages { get; } = stages;

        /// <summary>True when a record of the owner on the date passes the team and region filters.</summary>
        public Func<long, DateOnly, bool> Filter { get; } = filter;

        public IEnumerable<long> Owners => bookings.Select(b => b.Owner).Concat(quotas.Select(q => q.Owner)).Concat(pipeline.Select(p => p.Owner)).Distinct();

        public long? RegionOn(long owner, DateOnly date) => regionOn(owner, date);

        /// <summary>Net bookings from..to (inclusive) of the cells kept; null when one has no FX rate.</summary>
        public decimal? Bookings(DateOnly from, DateOnly to, Func<long, DateOnly, bool> keep) =>
            Sum(bookings.Where(b => b.Day >= from && b.Day <= to && keep(b.Owner, b.Day)).Select(b => b.Amount));

        /// <summary>Quotas whose period lies within <paramref name="period"/>, of the owners kept.</summary>
        public decimal? Quota(Period period, Func<long, bool> owner) =>
            Sum(quotas.Where(q => period.Start <= q.Period.Start && q.Period.End <= period.End && owner(q.Owner)).Select(q => q.Amount));

        public decimal? QuotaWhere(Period period, Func<long, DateOnly, bool> keep) =>
            Sum(quotas.Where(q => period.Start <= q.Period.Start && q.Period.End <= period.End && keep(q.Owner, q.Period.Start)).Select(q => q.Amount));

        /// <summary>Open opportunities closing in the period (optionally in one stage) of the cells kept.</summary>
        public decimal? Pipeline(Period period, Func<long, DateOnly, bool> keep, string? stage = null) =>
            Sum(pipeline.Where(p => period.Contains(p.CloseDate) && (stage is null || p.Stage == stage) && keep(p.Owner, p.CloseDate)).Select(p => p.Amount));

        private static decimal? Sum(IEnumerable<decimal?> amounts)
        {
            var total = 0m;
            foreach (var amount in amounts)
            {
                if (amount is null)
                {
                    return null;
                }

                total += amount.Value;
            }

            return total;
        }
    }

    /// <summary>Builds the browse-page links behind the numbers, carrying the dashboard's filters.</summary>
    private sealed record Links(DashboardFilters Filters)
    {
        public long? Owner { get; init; }

        public long? Region { get; init; } = Filters.Region;

        public string Bookings(DateOnly from, DateOnly to) =>
            Build("bookings", ("owner", Owner), ("team", Filters.Team), ("region", Region), ("product", Filters.Product), ("from", Date(from)), ("to", Date(to)));

        public string Opportunities(Period period, string? stage) =>
            Build("opportunities", ("owner", Owner), ("team", Filters.Team), ("region", Region), ("status", "Open"), ("stage", stage),
                ("closeFrom", Date(period.Start)), ("closeTo", Date(period.End)));

        public string Activities(DateOnly from, DateOnly to, AppActivityType? type) =>
            Build("activities", ("owner", Owner), ("team", Filters.Team), ("region", Region), ("type", type?.ToString()), ("from", Date(from)), ("to", Date(to)));

        private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Build(string page, params (string Name, object? Value)[] parameters) =>
            page + "?" + string.Join("&", parameters
                .Where(p => p.Value is not null)
                .Select(p => p.Name + "=" + Uri.EscapeDataString(Convert.ToString(p.Value, CultureInfo.InvariantCulture)!)));
    }
}
