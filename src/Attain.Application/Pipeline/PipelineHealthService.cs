using System.Globalization;
using Attain.Application.Access;
using Attain.Application.Analytics;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Opportunities;
using Attain.Engine.Kpis;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Pipeline;
using Microsoft.EntityFrameworkCore;
using AppBookingKind = Attain.Application.Bookings.BookingKind;
using AppOpportunityStatus = Attain.Application.Opportunities.OpportunityStatus;
using EngineFxRate = Attain.Engine.Monetary.FxRate;
using EngineOpportunityStatus = Attain.Engine.Kpis.OpportunityStatus;

namespace Attain.Application.Pipeline;

/// <summary>
/// Pipeline health over the records a viewer may see (docs/pipeline.md): the funnel, flags per open opportunity,
/// coverage gaps per person and a per-person review. Loads only the columns the engine needs, in a fixed number of
/// queries whatever the number of deals, and judges "today" on the organisation's clock.
/// </summary>
public sealed class PipelineHealthService(AttainDbContext db, OrganisationTime time)
{
    /// <summary>At most this many opportunity ids per drill-down list; the counts count all.</summary>
    public const int MaxRecords = 500;

    private sealed record Setup(FiscalCalendar Calendar, Currency Currency, DateOnly Today, PipelineRules Rules, IReadOnlyDictionary<string, decimal> Probability);

    /// <summary>An open opportunity's columns for the list and the review, beside its snapshot.</summary>
    private sealed record Row(long Id, string Name, long OwnerId, long AccountId, decimal? Amount, string Currency, string Stage, DateOnly CloseDate, DateOnly CreatedDate, int Pushes);

    /// <summary>The funnel of the filter's period.</summary>
    public async Task<PipelineAnswer<FunnelResponse>> GetFunnelAsync(Scope scope, PipelineFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var setup = await SetupAsync(cancellationToken);
        var issues = new List<QueryIssue>();
        var period = ReadPeriod(setup, filter.Period, issues);
        if (period is null)
        {
            return new(null, issues);
        }

        var opportunities = await FilteredAsync(scope, filter, setup, cancellationToken);
        var live = opportunities.Where(o => o.Status == AppOpportunityStatus.Open || (o.CreatedDate <= period.End && o.CloseDate >= period.Start));
        var (_, snapshots) = await LoadAsync(live, cancellationToken);
        var context = await ContextAsync(setup, period.End, cancellationToken);
        var funnel = Funnel.Compute(new KpiData { Opportunities = snapshots }, context, period);
        return new(new FunnelResponse(
            period.Key, period.Start, period.End, setup.Currency.Code,
            funnel.Total.Records.Count, funnel.Total.Value, funnel.Total.NoValueReason,
            [.. funnel.Stages.Select(s => new FunnelStageResponse(
                s.Stage, s.Count, s.Value, s.NoValueReason, Ids(s.Opportunities),
                new StageConversionResponse(
                    s.Conversion.Value, s.Conversion.NoValueReason, s.Conversion.Terms[0].Amount, s.Conversion.Terms[1].Amount,
                    Ids(s.Conversion.Records.Select(r => r.Id)))))]), []);
    }

    /// <summary>Open opportunities with their flags, filtered and paged, with the count of deals per flag code.</summary>
    public async Task<PipelineAnswer<PipelineFlagsResponse>> ListFlagsAsync(Scope scope, PipelineFlagsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        var setup = await SetupAsync(cancellationToken);
        var issues = query.Validate().ToList();
        var period = ReadPeriod(setup, query.Filter.Period, issues);
        if (issues.Count > 0)
        {
            return new(null, issues);
        }

        var open = (await FilteredAsync(scope, query.Filter, setup, cancellationToken)).Where(o => o.Status == AppOpportunityStatus.Open)
            .Search(query.Search, o => o.Name, o => o.ExternalId);
        if (query.InPeriodOnly)
        {
            open = open.Where(o => o.CloseDate >= period!.Start && o.CloseDate <= period.End);
        }

        var healths = await InspectAsync(open, setup, cancellationToken);
        var counts = PipelineFlagCodes.All.Select(c => new FlagCountResponse(c, healths.Count(h => h.Health.Flags.Any(f => f.Code == c)))).ToList();
        var selected = healths.Where(h => query.Code is { } code ? h.Health.Flags.Any(f => f.Code == code) : !query.FlaggedOnly || h.Health.Flags.Count > 0);
        var (key, descending) = query.Sort is null ? ("daysSinceTouch", true) : query.SortOrder();
        var ordered = key switch
        {
            "closeDate" => Order(selected, h => h.Row.CloseDate, descending),
            "amount" => Order(selected, h => h.Row.Amount ?? 0m, descending),
            "name" => Order(selected, h => h.Row.Name, descending),
            _ => Order(selected, h => h.Health.DaysSinceTouch, descending),
        };
        var total = ordered.Count;
        var page = ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var items = await RespondAsync(page, cancellationToken);
        return new(new PipelineFlagsResponse(
            items, query.Page, query.PageSize, total, total == 0 ? 0 : ((total - 1) / query.PageSize) + 1,
            setup.Today, setup.Rules.StalledAfterDays, healths.Count, counts), []);
    }

    /// <summary>Coverage gaps per person for the filter's period.</summary>
    public async Task<PipelineAnswer<CoverageGapsResponse>> GetCoverageGapsAsync(Scope scope, PipelineFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var setup = await SetupAsync(cancellationToken);
        var issues = new List<QueryIssue>();
        var period = ReadPeriod(setup, filter.Period, issues);
        if (period is null)
        {
            return new(null, issues);
        }

        var gaps = await GapsAsync(scope, filter, setup, period, cancellationToken);
        return new(new CoverageGapsResponse(period.Key, period.Start, period.End, setup.Currency.Code, gaps), []);
    }

    /// <summary>
    /// The review of one person's pipeline: every open deal of theirs with its flags (most flags first, then the
    /// earliest close date), and their coverage gap for the filter's period. Null when the person does not exist or is
    /// outside the scope.
    /// </summary>
    public async Task<PipelineAnswer<PipelineReviewResponse>?> GetReviewAsync(Scope scope, long personId, string? periodKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var name = scope.CanSee(personId)
            ? await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.FirstName + " " + p.LastName).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (name is null)
        {
            return null;
        }

        var setup = await SetupAsync(cancellationToken);
        var issues = new List<QueryIssue>();
        var period = ReadPeriod(setup, periodKey, issues);
        if (period is null)
        {
            return new(null, issues);
        }

        var filter = new PipelineFilter { OwnerId = personId, Period = periodKey };
        var open = (await FilteredAsync(scope, filter, setup, cancellationToken)).Where(o => o.Status == AppOpportunityStatus.Open);
        var healths = (await InspectAsync(open, setup, cancellationToken))
            .OrderByDescending(h => h.Health.Flags.Count).ThenBy(h => h.Row.CloseDate).ThenBy(h => h.Row.Id).ToList();
        var gap = (await GapsAsync(scope, filter, setup, period, cancellationToken)).SingleOrDefault(g => g.PersonId == personId);
        return new(new PipelineReviewResponse(personId, name, setup.Today, setup.Rules.StalledAfterDays, setup.Currency.Code, await RespondAsync(healths, cancellationToken), gap), []);
    }

    /// <summary>The people in the scope who own open opportunities, by name, with how many.</summary>
    public async Task<IReadOnlyList<ReviewablePersonResponse>> ListReviewableAsync(Scope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var counts = await db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId)
            .Where(o => o.Status == AppOpportunityStatus.Open)
            .GroupBy(o => o.OwnerId)
            .Select(g => new { OwnerId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var names = await NamesAsync(counts.Select(c => c.OwnerId), cancellationToken);
        return [.. counts.Select(c => new ReviewablePersonResponse(c.OwnerId, names.GetValueOrDefault(c.OwnerId, "?"), c.Count))
            .OrderBy(p => p.Name, StringComparer.CurrentCulture).ThenBy(p => p.PersonId)];
    }

    /// <summary>The organisation's pipeline settings.</summary>
    public async Task<PipelineSettingsResponse> GetSettingsAsync(CancellationToken cancellationToken = default) =>
        new(await db.OrganisationSettings.AsNoTracking().Select(s => (int?)s.StalledAfterDays).FirstOrDefaultAsync(cancellationToken) ?? PipelineRules.DefaultStalledAfterDays);

    /// <summary>Sets the days after which an untouched open deal is stalled (1–3650); the issues when the value is out of range.</summary>
    public async Task<PipelineAnswer<PipelineSettingsResponse>> UpdateSettingsAsync(int stalledAfterDays, CancellationToken cancellationToken = default)
    {
        var issues = new PipelineRules([], stalledAfterDays).Validate().Select(i => new QueryIssue(i.Code, i.Path, i.Message)).ToList();
        if (issues.Count > 0)
        {
            return new(null, issues);
        }

        var settings = await db.OrganisationSettings.FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The organisation settings are missing.");
        settings.StalledAfterDays = stalledAfterDays;
        await db.SaveChangesAsync(cancellationToken);
        return new(new PipelineSettingsResponse(stalledAfterDays), []);
    }

    /// <summary>
    /// The quotas of the period visible to <paramref name="scope"/> (each target once, as the KPIs count them), limited to
    /// <paramref name="owners"/> when the filter names people.
    /// </summary>
    private async Task<List<QuotaRecord>> LoadQuotasAsync(Scope scope, IReadOnlyList<long>? owners, Setup setup, Period period, CancellationToken cancellationToken)
    {
        var quotas = await KpiService.LoadQuotasAsync(db, scope, setup.Calendar, period.Kind, period.Start, period.End, cancellationToken);
        if (owners is null)
        {
            return quotas;
        }

        var wanted = owners.Select(o => o.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        return [.. quotas.Where(q => wanted.Contains(q.OwnerId))];
    }

    private async Task<Setup> SetupAsync(CancellationToken cancellationToken)
    {
        var settings = await db.OrganisationSettings.AsNoTracking()
            .Select(s => new { s.FiscalYearStartMonth, s.BaseCurrency, s.StalledAfterDays })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The organisation settings are missing: pipeline health needs a fiscal calendar and a base currency.");
        var stages = await db.Stages.AsNoTracking().OrderBy(s => s.Order).ThenBy(s => s.Name)
            .Select(s => new { s.Name, s.IsClosed, s.Probability }).ToListAsync(cancellationToken);
        return new Setup(
            new FiscalCalendar(settings.FiscalYearStartMonth),
            Currency.FromCode(settings.BaseCurrency),
            await time.TodayAsync(cancellationToken),
            new PipelineRules([.. stages.Where(s => !s.IsClosed).Select(s => s.Name)], settings.StalledAfterDays),
            stages.ToDictionary(s => s.Name, s => s.Probability, StringComparer.Ordinal));
    }

    private static Period? ReadPeriod(Setup setup, string? key, List<QueryIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return setup.Calendar.QuarterOf(setup.Today);
        }

        if (setup.Calendar.TryParse(key.Trim().ToUpperInvariant(), out var period))
        {
            return period;
        }

        issues.Add(new("unknown_period", "period", "period must be a fiscal period key: FY2027, FY2027-Q1 or FY2027-M01."));
        return null;
    }

    /// <summary>The people of a team (or of the teams of a region) as of today; null when neither filter is set.</summary>
    private async Task<List<long>?> MembersAsync(PipelineFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        if (filter.TeamId is null && filter.RegionId is null)
        {
            return null;
        }

        var memberships = db.TeamMemberships.AsNoTracking()
            .Where(m => m.EffectiveFrom <= today && (m.EffectiveTo == null || m.EffectiveTo >= today));
        if (filter.TeamId is { } team)
        {
            memberships = memberships.Where(m => m.TeamId == team);
        }

        if (filter.RegionId is { } region)
        {
            memberships = memberships.Where(m => db.Teams.Any(t => t.Id == m.TeamId && t.RegionId == region));
        }

        return await memberships.Select(m => m.PersonId).Distinct().ToListAsync(cancellationToken);
    }

    private async Task<IQueryable<Opportunity>> FilteredAsync(Scope scope, PipelineFilter filter, Setup setup, CancellationToken cancellationToken)
    {
        var query = db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId);
        if (filter.OwnerId is { } owner)
        {
            query = query.Where(o => o.OwnerId == owner);
        }

        if (await MembersAsync(filter, setup.Today, cancellationToken) is { } members)
        {
            query = query.Where(o => members.Contains(o.OwnerId));
        }

        return query;
    }

    /// <summary>The rows and engine snapshots of <paramref name="opportunities"/> with their stage history: two queries.</summary>
    private async Task<(List<Row> Rows, List<OpportunitySnapshot> Snapshots)> LoadAsync(IQueryable<Opportunity> opportunities, CancellationToken cancellationToken)
    {
        var rows = await opportunities
            .Select(o => new { o.Id, o.Name, o.OwnerId, o.AccountId, o.Amount, o.Currency, o.Stage, o.CloseDate, o.CreatedDate, o.CloseDatePushCount, o.Status })
            .ToListAsync(cancellationToken);
        var history = (await db.OpportunityStageChanges.AsNoTracking()
            .Where(c => opportunities.Any(o => o.Id == c.OpportunityId))
            .Select(c => new { c.OpportunityId, c.Id, c.Stage, c.EnteredOn })
            .ToListAsync(cancellationToken))
            .OrderBy(c => c.Id)
            .ToLookup(c => c.OpportunityId, c => new StageEntry(c.Stage, c.EnteredOn));
        return (
            [.. rows.Select(o => new Row(o.Id, o.Name, o.OwnerId, o.AccountId, o.Amount, o.Currency, o.Stage, o.CloseDate, o.CreatedDate, o.CloseDatePushCount))],
            [.. rows.Select(o => new OpportunitySnapshot(
                Id(o.Id), Id(o.OwnerId), Id(o.AccountId), new Money(o.Amount ?? 0m, Currency.FromCode(o.Currency)), o.CreatedDate, o.CloseDate,
                o.Status switch { AppOpportunityStatus.Won => EngineOpportunityStatus.Won, AppOpportunityStatus.Lost => EngineOpportunityStatus.Lost, _ => EngineOpportunityStatus.Open },
                o.Stage, [.. history[o.Id]], o.CloseDatePushCount))]);
    }

    /// <summary>
    /// Flags of the open opportunities of <paramref name="open"/>: their rows and history, and the day of the latest
    /// activity on each (by whoever held it) on or before today, in one grouped query.
    /// </summary>
    private async Task<List<(Row Row, OpportunityHealth Health)>> InspectAsync(IQueryable<Opportunity> open, Setup setup, CancellationToken cancellationToken)
    {
        var (rows, snapshots) = await LoadAsync(open, cancellationToken);
        var zone = await time.ZoneAsync(cancellationToken);
        var until = await time.StartOfDayUtcAsync(setup.Today.AddDays(1), cancellationToken);
        var latest = await db.Activities.AsNoTracking()
            .Where(a => a.OpportunityId != null && a.OccurredAt < until && open.Any(o => o.Id == a.OpportunityId))
            .GroupBy(a => a.OpportunityId)
            .Select(g => new { OpportunityId = g.Key!.Value, Last = g.Max(a => a.OccurredAt) })
            .ToListAsync(cancellationToken);
        var activities = latest.Select(a => new ActivityRecord(
            "latest-" + Id(a.OpportunityId), string.Empty, Engine.Kpis.ActivityType.Call,
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(a.Last, DateTimeKind.Utc), zone)),
            Id(a.OpportunityId)));
        var healths = PipelineHealth.InspectOpen(snapshots, activities, setup.Rules, setup.Today).ToDictionary(h => h.OpportunityId, StringComparer.Ordinal);
        return [.. rows.Select(r => (r, healths[Id(r.Id)]))];
    }

    private async Task<List<CoverageGapResponse>> GapsAsync(Scope scope, PipelineFilter filter, Setup setup, Period period, CancellationToken cancellationToken)
    {
        var opportunities = (await FilteredAsync(scope, filter, setup, cancellationToken))
            .Where(o => o.Status == AppOpportunityStatus.Open && o.CloseDate >= period.Start && o.CloseDate <= period.End);
        var (_, snapshots) = await LoadAsync(opportunities, cancellationToken);
        var members = await MembersAsync(filter, setup.Today, cancellationToken);
        var bookings = db.Bookings.AsNoTracking().VisibleTo(scope, b => b.OwnerId)
            .Where(b => b.BookingDate >= period.Start && b.BookingDate <= period.End);
        if (filter.OwnerId is { } owner)
        {
            bookings = bookings.Where(b => b.OwnerId == owner);
        }

        if (members is not null)
        {
            bookings = bookings.Where(b => members.Contains(b.OwnerId));
        }

        var bookingRows = await bookings
            .Select(b => new { b.Id, b.OwnerId, b.BookingDate, b.Amount, b.Currency, b.Kind, b.AccountId, b.ProductId })
            .ToListAsync(cancellationToken);
        IReadOnlyList<long>? owners = filter.OwnerId is { } one ? [one] : members;
        var data = new KpiData
        {
            Opportunities = snapshots,
            Bookings = [.. bookingRows.Select(b => new BookingRecord(
                Id(b.Id), Id(b.OwnerId), b.BookingDate, new Money(b.Amount, Currency.FromCode(b.Currency)),
                b.Kind switch { AppBookingKind.Cancellation => BookingKind.Cancellation, AppBookingKind.Return => BookingKind.Return, _ => BookingKind.Order },
                b.AccountId is { } account ? Id(account) : "none",
                b.ProductId is { } product ? Id(product) : "none"))],
            Quotas = await LoadQuotasAsync(scope, owners, setup, period, cancellationToken),
        };
        var gaps = CoverageGaps.Compute(data, await ContextAsync(setup, period.End, cancellationToken), period, setup.Probability);
        var names = await NamesAsync(gaps.Select(g => long.Parse(g.OwnerId, CultureInfo.InvariantCulture)), cancellationToken);
        return [.. gaps.Select(g =>
        {
            var person = long.Parse(g.OwnerId, CultureInfo.InvariantCulture);
            return new CoverageGapResponse(
                person, names.GetValueOrDefault(person, "?"), g.Quota, g.NetBookings, g.Remaining, g.Pipeline, g.WeightedPipeline,
                g.Gap, g.WeightedGap, g.Coverage, g.NoValueReason,
                [.. g.Records.Select(r => (r.Kind, Id: long.Parse(r.Id, CultureInfo.InvariantCulture)))
                    .OrderBy(r => r.Kind).ThenBy(r => r.Id).Take(MaxRecords)
                    .Select(r => new KpiRecordResponse(r.Kind.ToString(), r.Id))]);
        }).OrderBy(g => g.Name, StringComparer.CurrentCulture).ThenBy(g => g.PersonId)];
    }

    private async Task<KpiContext> ContextAsync(Setup setup, DateOnly until, CancellationToken cancellationToken)
    {
        var rates = await db.FxRates.AsNoTracking().Where(r => r.Date <= until)
            .Select(r => new { r.FromCurrency, r.ToCurrency, r.Date, r.Rate }).ToListAsync(cancellationToken);
        var fx = new FxTable(rates
            .Where(r => r.Rate > 0m && !string.Equals(r.FromCurrency, r.ToCurrency, StringComparison.OrdinalIgnoreCase))
            .Select(r => new EngineFxRate(Currency.FromCode(r.FromCurrency), Currency.FromCode(r.ToCurrency), r.Date, r.Rate)));
        return new KpiContext(setup.Calendar, setup.Currency, fx) { StageOrder = setup.Rules.StageOrder };
    }

    private async Task<List<OpportunityHealthResponse>> RespondAsync(IReadOnlyList<(Row Row, OpportunityHealth Health)> page, CancellationToken cancellationToken)
    {
        var owners = await NamesAsync(page.Select(p => p.Row.OwnerId), cancellationToken);
        var accountIds = page.Select(p => p.Row.AccountId).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        return [.. page.Select(p => new OpportunityHealthResponse(
            p.Row.Id, p.Row.Name, p.Row.OwnerId, owners.GetValueOrDefault(p.Row.OwnerId, "?"), p.Row.AccountId, accounts.GetValueOrDefault(p.Row.AccountId, "?"),
            p.Row.Amount, p.Row.Currency, p.Row.Stage, p.Row.CloseDate, p.Row.CreatedDate, p.Row.Pushes,
            p.Health.LastStageChange, p.Health.LastActivity, p.Health.LastTouch, p.Health.DaysSinceTouch,
            [.. p.Health.Flags.Select(f => new PipelineFlagResponse(f.Code, f.Reason, [.. f.Evidence.Select(e => new FlagEvidenceResponse(e.Name, e.Value))]))]))];
    }

    private async Task<Dictionary<long, string>> NamesAsync(IEnumerable<long> people, CancellationToken cancellationToken)
    {
        var ids = people.Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
                .Select(p => new { p.Id, Name = p.FirstName + " " + p.LastName })
                .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
    }

    private static List<(Row Row, OpportunityHealth Health)> Order<TKey>(IEnumerable<(Row Row, OpportunityHealth Health)> items, Func<(Row Row, OpportunityHealth Health), TKey> key, bool descending) =>
        [.. (descending ? items.OrderByDescending(key) : items.OrderBy(key)).ThenBy(h => h.Row.Id)];

    private static List<long> Ids(IEnumerable<string> ids) =>
        [.. ids.Select(i => long.Parse(i, CultureInfo.InvariantCulture)).Order().Take(MaxRecords)];

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
