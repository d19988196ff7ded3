using System.Globalization;
using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Segmentation;
using Attain.Engine.Kpis;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Microsoft.EntityFrameworkCore;
using AppActivityType = Attain.Application.Activities.ActivityType;
using AppBookingKind = Attain.Application.Bookings.BookingKind;
using AppOpportunityStatus = Attain.Application.Opportunities.OpportunityStatus;
using EngineFxRate = Attain.Engine.Monetary.FxRate;

namespace Attain.Application.Analytics;

/// <summary>
/// Computes the engine's KPIs (docs/kpis.md) over the records a viewer may see: loads only the visible rows of the
/// date window the KPI looks at (the year-ago period's first day to the period's last day, plus every open
/// opportunity), builds the organisation's calendar, reporting currency, FX table and stage order, and answers
/// response records with drill-down references.
/// </summary>
public sealed class KpiService(AttainDbContext db, OrganisationTime time)
{
    /// <summary>At most this many drill-down references per measurement; <see cref="KpiMeasurementResponse.RecordCount"/> counts all.</summary>
    public const int MaxRecords = 500;

    public const string GroupByNone = "none";
    public const string GroupByRep = "rep";
    public const string GroupByTeam = "team";
    public const string GroupByRegion = "region";
    public const string GroupByProduct = "product";
    public const string GroupBySegment = "segment";

    public static readonly IReadOnlyList<string> GroupBys = [GroupByNone, GroupByRep, GroupByTeam, GroupByRegion, GroupByProduct, GroupBySegment];

    private const string NoGroup = "none";

    private static readonly Dictionary<string, string> Definitions = new(StringComparer.Ordinal)
    {
        ["Bookings"] = "Orders minus cancellations and returns, by booking date.",
        ["Quota attainment"] = "Net bookings of the period divided by the quotas whose period lies within it.",
        ["Win rate by count"] = "Won opportunities divided by closed (won or lost) ones, by close date.",
        ["Win rate by value"] = "Won amount divided by closed (won or lost) amount, by close date.",
        ["Average deal size"] = "Won amount divided by the number won, by close date.",
        ["Sales-cycle length"] = "Mean days from creation to close of the opportunities won, by close date.",
        ["Pipeline value"] = "Amount of open opportunities expected to close in the period.",
        ["Pipeline coverage"] = "Pipeline value divided by quota minus net bookings.",
        ["Pipeline velocity"] = "Open opportunities × win rate × average deal size ÷ sales-cycle length, per day.",
        [KpiCatalog.StageConversionRateName] = "Visits to the stage that moved on divided by visits to it, by the day the stage was entered.",
        [KpiCatalog.TimeInStageName] = "Mean days in the stage over visits that ended in the period.",
        ["Opportunities created"] = "Opportunities created in the period, whatever their status now.",
        ["Client conversations"] = "Activities held in the period, optionally of one type.",
        ["Activity-to-opportunity ratio"] = "Activities held divided by opportunities created in the period.",
        ["Activity-to-win ratio"] = "Activities held divided by opportunities won in the period.",
        ["New logos"] = "Accounts whose first won opportunity closed in the period.",
        ["Average discount"] = "(List amount − amount) divided by list amount over opportunities won, by close date.",
    };

    private static readonly HashSet<string> UseBookings = new(StringComparer.Ordinal) { "Bookings", "Quota attainment", "Pipeline coverage" };
    private static readonly HashSet<string> UseQuotas = new(StringComparer.Ordinal) { "Quota attainment", "Pipeline coverage" };
    private static readonly HashSet<string> UseActivities = new(StringComparer.Ordinal) { "Client conversations", "Activity-to-opportunity ratio", "Activity-to-win ratio" };
    private static readonly HashSet<string> UseFirstWins = new(StringComparer.Ordinal) { "New logos" };
    private static readonly HashSet<string> WithoutOpportunities = new(StringComparer.Ordinal) { "Bookings", "Quota attainment", "Client conversations", "New logos" };

    /// <summary>Every KPI, in the order of docs/kpis.md.</summary>
    public static IReadOnlyList<KpiCatalogEntry> Catalog { get; } = [.. KpiCatalog.Names.Select(Entry)];

    /// <summary>The URL key of a KPI name: lower case, spaces as '-'.</summary>
    public static string KeyOf(string name) => name.ToLowerInvariant().Replace(' ', '-');

    /// <summary>One KPI, or the issues with the query (unknown KPI, period, grouping or parameter).</summary>
    public async Task<KpiAnswer> ComputeAsync(Scope scope, KpiQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        var setup = await SetupAsync(cancellationToken);
        var issues = new List<QueryIssue>();
        var definition = await FindAsync(query, issues, cancellationToken);
        var period = ReadPeriod(setup, query.Period, issues);
        var groupBy = ReadGroupBy(query.GroupBy, definition, issues);
        var segments = await ReadSegmentsAsync(groupBy, query.Segmentation, query.Segment, issues, cancellationToken);
        if (issues.Count > 0)
        {
            return new KpiAnswer(null, issues);
        }

        var results = await ComputeManyAsync(scope, setup, [definition!], period!, groupBy, cancellationToken, segments);
        return new KpiAnswer(results[0], []);
    }

    /// <summary>Every KPI that takes no parameter, for one period and grouping, over one load of the records.</summary>
    public async Task<(IReadOnlyList<KpiResponse> Results, IReadOnlyList<QueryIssue> Issues)> ComputeAllAsync(
        Scope scope, string? periodKey, string? groupBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var setup = await SetupAsync(cancellationToken);
        var issues = new List<QueryIssue>();
        var period = ReadPeriod(setup, periodKey, issues);
        var grouping = ReadGroupBy(groupBy, null, issues);
        if (grouping == GroupByProduct)
        {
            issues.Add(new("group_by.not_applicable", "groupBy", "groupBy=product applies to the Bookings KPI only."));
        }

        var segments = await ReadSegmentsAsync(grouping, null, null, issues, cancellationToken);
        return issues.Count > 0
            ? ([], issues)
            : (await ComputeManyAsync(scope, setup, KpiCatalog.Unparameterised, period!, grouping, cancellationToken, segments), []);
    }

    private sealed record Setup(FiscalCalendar Calendar, Currency ReportingCurrency, DateOnly Today);

    private async Task<Setup> SetupAsync(CancellationToken cancellationToken)
    {
        var settings = await db.OrganisationSettings.AsNoTracking()
            .Select(s => new { s.FiscalYearStartMonth, s.BaseCurrency })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The organisation settings are missing: KPIs need a fiscal calendar and a base currency.");
        return new Setup(new FiscalCalendar(settings.FiscalYearStartMonth), Currency.FromCode(settings.BaseCurrency), await time.TodayAsync(cancellationToken));
    }

    private async Task<KpiDefinition?> FindAsync(KpiQuery query, List<QueryIssue> issues, CancellationToken cancellationToken)
    {
        var name = KpiCatalog.Names.FirstOrDefault(n => string.Equals(KeyOf(n), query.Kpi?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            issues.Add(new("unknown_kpi", "name", $"'{query.Kpi}' is not a KPI; GET /api/v1/kpis lists them ({string.Join(", ", Catalog.Select(c => c.Key))})."));
            return null;
        }

        var parameter = string.IsNullOrWhiteSpace(query.Parameter) ? null : query.Parameter.Trim();
        switch (name)
        {
            case KpiCatalog.StageConversionRateName or KpiCatalog.TimeInStageName:
                var stages = await db.Stages.AsNoTracking().OrderBy(s => s.Order).Select(s => s.Name).ToListAsync(cancellationToken);
                var stage = stages.FirstOrDefault(s => string.Equals(s, parameter, StringComparison.OrdinalIgnoreCase));
                if (stage is null)
                {
                    issues.Add(new(parameter is null ? "parameter.required" : "unknown_value", "parameter", $"{name} needs parameter = one of the stages: {string.Join(", ", stages)}."));
                    return null;
                }

                return KpiCatalog.Find(name, stage);
            case "Client conversations" when parameter is not null:
                if (Enum.GetNames<ActivityType>().FirstOrDefault(t => string.Equals(t, parameter, StringComparison.OrdinalIgnoreCase)) is not { } type)
                {
                    issues.Add(new("unknown_value", "parameter", $"parameter must be one of {string.Join(", ", Enum.GetNames<ActivityType>())}, or left out for every type."));
                    return null;
                }

                return KpiCatalog.Find(name, type);
            default:
                if (parameter is not null)
                {
                    issues.Add(new("parameter.not_applicable", "parameter", $"{name} takes no parameter."));
                    return null;
                }

                return KpiCatalog.Find(name);
        }
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

    private static string ReadGroupBy(string? raw, KpiDefinition? definition, List<QueryIssue> issues)
    {
        var groupBy = string.IsNullOrWhiteSpace(raw) ? GroupByNone : raw.Trim().ToLowerInvariant();
        if (!GroupBys.Contains(groupBy))
        {
            issues.Add(new("unknown_value", "groupBy", $"groupBy must be one of {string.Join(", ", GroupBys)}."));
        }
        else if (groupBy == GroupByProduct && definition is not null && definition.Name != KpiCatalog.Bookings.Name)
        {
            issues.Add(new("group_by.not_applicable", "groupBy", "groupBy=product applies to the Bookings KPI only."));
        }

        return groupBy;
    }

    /// <summary>The scheme to group by (for <c>groupBy=segment</c>) and the segment to keep records of, both optional.</summary>
    private sealed record SegmentOptions(long? GroupScheme, SegmentFilter? Filter);

    private async Task<SegmentOptions> ReadSegmentsAsync(string groupBy, string? segmentation, string? segment, List<QueryIssue> issues, CancellationToken cancellationToken)
    {
        long? scheme = null;
        if (groupBy == GroupBySegment || !string.IsNullOrWhiteSpace(segmentation))
        {
            var key = segmentation?.Trim();
            scheme = string.IsNullOrEmpty(key) ? null : await db.Segmentations.AsNoTracking().Where(s => s.Key == key).Select(s => (long?)s.Id).FirstOrDefaultAsync(cancellationToken);
            if (scheme is null)
            {
                issues.Add(new(string.IsNullOrEmpty(key) ? "parameter.required" : "unknown_value", "segmentation", "groupBy=segment needs segmentation = the key of a segmentation (GET /api/v1/segmentations)."));
            }
        }

        SegmentFilter? filter = null;
        if (!string.IsNullOrWhiteSpace(segment) && !SegmentFilter.TryParse(segment, out filter))
        {
            SegmentFilter.Check(segment, "segment", issues);
        }

        return new SegmentOptions(scheme, filter);
    }

    private async Task<IReadOnlyList<KpiResponse>> ComputeManyAsync(
        Scope scope, Setup setup, IReadOnlyList<KpiDefinition> definitions, Period period, string groupBy, CancellationToken cancellationToken, SegmentOptions? segments = null)
    {
        var yearAgo = period;
        for (var i = 0; i < (period.Kind switch { PeriodKind.Month => 12, PeriodKind.Quarter => 4, _ => 1 }); i++)
        {
            yearAgo = setup.Calendar.Previous(yearAgo);
        }

        var window = new Window(yearAgo.Start, period.End);
        var names = definitions.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var data = new KpiData
        {
            Bookings = names.Overlaps(UseBookings) ? await LoadBookingsAsync(scope, window, cancellationToken) : [],
            Opportunities = names.IsSubsetOf(WithoutOpportunities) ? [] : await LoadOpportunitiesAsync(scope, window, cancellationToken),
            Activities = names.Overlaps(UseActivities) ? await LoadActivitiesAsync(scope, window, cancellationToken) : [],
            FirstWins = names.Overlaps(UseFirstWins) ? await LoadFirstWinsAsync(scope, window, cancellationToken) : [],
            Quotas = names.Overlaps(UseQuotas) ? await LoadQuotasAsync(db, scope, setup.Calendar, period.Kind, window.From, window.To, cancellationToken) : [],
        };
        if (segments?.Filter is { } filter)
        {
            var inSegment = (await filter.AccountIds(db).ToListAsync(cancellationToken)).Select(Id).ToHashSet(StringComparer.Ordinal);
            data = data with
            {
                Bookings = [.. data.Bookings.Where(b => inSegment.Contains(b.AccountId))],
                Opportunities = [.. data.Opportunities.Where(o => inSegment.Contains(o.AccountId))],
                Activities = [.. data.Activities.Where(a => a.AccountId is { } account && inSegment.Contains(account))],
                FirstWins = [.. data.FirstWins.Where(w => inSegment.Contains(w.AccountId))],
            };
        }

        var context = new KpiContext(setup.Calendar, setup.ReportingCurrency, await LoadFxAsync(window, cancellationToken))
        {
            StageOrder = await db.Stages.AsNoTracking().OrderBy(s => s.Order).ThenBy(s => s.Name).Select(s => s.Name).ToListAsync(cancellationToken),
        };
        Dictionary<string, string> labels;
        Func<KpiSubject, string>? grouping;
        if (groupBy == GroupBySegment && segments?.GroupScheme is { } scheme)
        {
            var rows = await db.AccountSegments.AsNoTracking().Where(s => s.SegmentationId == scheme)
                .Select(s => new { s.AccountId, s.SegmentKey, s.SegmentName }).ToListAsync(cancellationToken);
            var segmentOf = rows.ToDictionary(r => Id(r.AccountId), r => r.SegmentKey, StringComparer.Ordinal);
            labels = rows.DistinctBy(r => r.SegmentKey).ToDictionary(r => r.SegmentKey, r => r.SegmentName, StringComparer.Ordinal);
            grouping = s => s.AccountId is { } account && segmentOf.TryGetValue(account, out var key) ? key : NoGroup;
        }
        else
        {
            grouping = await GroupingAsync(groupBy, cancellationToken);
            labels = [];
        }

        var results = definitions.Select(d => d.Compute(data, context, period, grouping)).ToList();
        if (groupBy != GroupBySegment)
        {
            labels = await LabelsAsync(groupBy, results.SelectMany(r => r.Groups.Select(g => g.Key)), cancellationToken);
        }

        return [.. definitions.Zip(results, (d, r) => Respond(d, r, period, groupBy, labels))];
    }

    /// <summary>The days the records are loaded for, both ends inclusive.</summary>
    private sealed record Window(DateOnly From, DateOnly To);

    private async Task<List<BookingRecord>> LoadBookingsAsync(Scope scope, Window window, CancellationToken cancellationToken)
    {
        var rows = await db.Bookings.AsNoTracking().VisibleTo(scope, b => b.OwnerId)
            .Where(b => b.BookingDate >= window.From && b.BookingDate <= window.To)
            .Select(b => new { b.Id, b.OwnerId, b.BookingDate, b.Amount, b.Currency, b.Kind, b.AccountId, b.ProductId })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(b => new BookingRecord(
            Id(b.Id), Id(b.OwnerId), b.BookingDate, new Money(b.Amount, Currency.FromCode(b.Currency)),
            b.Kind switch { AppBookingKind.Cancellation => BookingKind.Cancellation, AppBookingKind.Return => BookingKind.Return, _ => BookingKind.Order },
            b.AccountId is { } account ? Id(account) : NoGroup,
            b.ProductId is { } product ? Id(product) : NoGroup))];
    }

    /// <summary>
    /// The quotas lying within the window, each target once: a quota is left out when the same person has a coarser one,
    /// no coarser than <paramref name="kind"/>, whose period contains it (a quarterly quota and its three monthly ones
    /// state the same target twice; counting both would double it).
    /// </summary>
    internal static async Task<List<QuotaRecord>> LoadQuotasAsync(
        AttainDbContext db, Scope scope, FiscalCalendar calendar, PeriodKind kind, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var rows = await db.Quotas.AsNoTracking().VisibleTo(scope, q => q.PersonId)
            .Where(q => q.PeriodStart >= from && q.PeriodEnd <= to)
            .Select(q => new { q.Id, q.PersonId, q.Period, q.Amount, q.Currency })
            .ToListAsync(cancellationToken);
        var parsed = rows
            .Select(q => (q.Id, q.PersonId, Period: calendar.TryParse(q.Period, out var p) ? p : null, q.Amount, q.Currency))
            .Where(q => q.Period is not null && q.Period.Kind <= kind)
            .ToList();
        return [.. parsed.GroupBy(q => q.PersonId).SelectMany(person => person
            .Where(q => !person.Any(c => c.Period!.Kind > q.Period!.Kind && c.Period.Start <= q.Period.Start && q.Period.End <= c.Period.End))
            .Select(q => new QuotaRecord(Id(q.Id), Id(q.PersonId), q.Period!, new Money(q.Amount, Currency.FromCode(q.Currency)))))];
    }

    /// <summary>Open opportunities, and closed ones whose life (created .. close date) overlaps the window.</summary>
    private async Task<List<OpportunitySnapshot>> LoadOpportunitiesAsync(Scope scope, Window window, CancellationToken cancellationToken)
    {
        var opportunities = db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId)
            .Where(o => o.Status == AppOpportunityStatus.Open || (o.CreatedDate <= window.To && o.CloseDate >= window.From));
        var rows = await opportunities
            .Select(o => new { o.Id, o.OwnerId, o.AccountId, o.Amount, o.Currency, o.CreatedDate, o.CloseDate, o.Status, o.Stage, o.CloseDatePushCount, o.ForecastCategory })
            .ToListAsync(cancellationToken);
        var history = (await db.OpportunityStageChanges.AsNoTracking()
            .Where(c => opportunities.Any(o => o.Id == c.OpportunityId))
            .Select(c => new { c.OpportunityId, c.Id, c.Stage, c.EnteredOn })
            .ToListAsync(cancellationToken))
            .OrderBy(c => c.Id)
            .ToLookup(c => c.OpportunityId, c => new StageEntry(c.Stage, c.EnteredOn));
        return [.. rows.Select(o => new OpportunitySnapshot(
            Id(o.Id), Id(o.OwnerId), Id(o.AccountId), new Money(o.Amount ?? 0m, Currency.FromCode(o.Currency)), o.CreatedDate, o.CloseDate,
            o.Status switch { AppOpportunityStatus.Won => OpportunityStatus.Won, AppOpportunityStatus.Lost => OpportunityStatus.Lost, _ => OpportunityStatus.Open },
            o.Stage, [.. history[o.Id]], o.CloseDatePushCount, o.ForecastCategory.ToString()))];
    }

    /// <summary>Activities on the window's days in the organisation's time zone.</summary>
    private async Task<List<ActivityRecord>> LoadActivitiesAsync(Scope scope, Window window, CancellationToken cancellationToken)
    {
        var zone = await time.ZoneAsync(cancellationToken);
        var from = await time.StartOfDayUtcAsync(window.From, cancellationToken);
        var until = await time.StartOfDayUtcAsync(window.To.AddDays(1), cancellationToken);
        var rows = await db.Activities.AsNoTracking().VisibleTo(scope, a => a.OwnerId)
            .Where(a => a.OccurredAt >= from && a.OccurredAt < until)
            .Select(a => new { a.Id, a.OwnerId, a.Type, a.OccurredAt, a.OpportunityId, a.AccountId })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(a => new ActivityRecord(
            Id(a.Id), Id(a.OwnerId),
            a.Type switch { AppActivityType.Meeting => ActivityType.Meeting, AppActivityType.Email => ActivityType.Email, AppActivityType.Demo => ActivityType.Demo, _ => ActivityType.Call },
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(a.OccurredAt, DateTimeKind.Utc), zone)),
            a.OpportunityId is { } opportunity ? Id(opportunity) : null,
            a.AccountId is { } account ? Id(account) : null))];
    }

    /// <summary>
    /// Accounts whose first won opportunity (over every owner: a logo is new to the company, not to the rep) closed in
    /// the window, kept when the owner of that first win is visible.
    /// </summary>
    private async Task<List<AccountFirstWin>> LoadFirstWinsAsync(Scope scope, Window window, CancellationToken cancellationToken)
    {
        var firsts = db.Opportunities.AsNoTracking()
            .Where(o => o.Status == AppOpportunityStatus.Won)
            .GroupBy(o => o.AccountId)
            .Select(g => new { AccountId = g.Key, FirstWonOn = g.Min(o => o.CloseDate) })
            .Where(f => f.FirstWonOn >= window.From && f.FirstWonOn <= window.To);
        var rows = await db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId)
            .Where(o => o.Status == AppOpportunityStatus.Won)
            .Join(firsts, o => new { o.AccountId, Date = o.CloseDate }, f => new { f.AccountId, Date = f.FirstWonOn }, (o, f) => new { o.Id, o.AccountId, o.OwnerId, o.CloseDate })
            .ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.AccountId).Select(g => g.MinBy(r => r.Id)!).Select(r => new AccountFirstWin(Id(r.AccountId), Id(r.OwnerId), r.CloseDate))];
    }

    private async Task<FxTable> LoadFxAsync(Window window, CancellationToken cancellationToken)
    {
        var rows = await db.FxRates.AsNoTracking().Where(r => r.Date <= window.To).ToListAsync(cancellationToken);
        return new FxTable(rows
            .Where(r => r.Rate > 0m && !string.Equals(r.FromCurrency, r.ToCurrency, StringComparison.OrdinalIgnoreCase))
            .Select(r => new EngineFxRate(Currency.FromCode(r.FromCurrency), Currency.FromCode(r.ToCurrency), r.Date, r.Rate)));
    }

    /// <summary>The grouping function: the owner; the owner's team on the record's deciding date; that team's region; the product.</summary>
    private async Task<Func<KpiSubject, string>?> GroupingAsync(string groupBy, CancellationToken cancellationToken)
    {
        switch (groupBy)
        {
            case GroupByRep:
                return s => s.OwnerId;
            case GroupByProduct:
                return s => s.ProductId ?? NoGroup;
            case GroupByTeam or GroupByRegion:
                var memberships = (await db.TeamMemberships.AsNoTracking().ToListAsync(cancellationToken))
                    .OrderByDescending(m => m.EffectiveFrom).ThenBy(m => m.TeamId)
                    .ToLookup(m => Id(m.PersonId));
                var regions = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.RegionId, cancellationToken);
                long? TeamOn(string owner, DateOnly date) =>
                    memberships[owner].FirstOrDefault(m => m.EffectiveFrom <= date && (m.EffectiveTo is null || date <= m.EffectiveTo))?.TeamId;
                return groupBy == GroupByTeam
                    ? s => TeamOn(s.OwnerId, s.Date) is { } team ? Id(team) : NoGroup
                    : s => TeamOn(s.OwnerId, s.Date) is { } team && regions.GetValueOrDefault(team) is { } region ? Id(region) : NoGroup;
            default:
                return null;
        }
    }

    private async Task<Dictionary<string, string>> LabelsAsync(string groupBy, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var ids = keys.Where(k => k != NoGroup).Distinct(StringComparer.Ordinal).Select(k => long.Parse(k, CultureInfo.InvariantCulture)).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var names = groupBy switch
        {
            GroupByRep => await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, Name = p.FirstName + " " + p.LastName }).ToListAsync(cancellationToken),
            GroupByTeam => await db.Teams.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken),
            GroupByRegion => await db.Regions.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken),
            GroupByProduct => await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken),
            _ => [],
        };
        return names.ToDictionary(n => Id(n.Id), n => n.Name, StringComparer.Ordinal);
    }

    private static KpiResponse Respond(KpiDefinition definition, KpiResult result, Period period, string groupBy, Dictionary<string, string> labels) =>
        new(
            KeyOf(definition.Name),
            definition.Name,
            definition.Parameter,
            definition.Unit.ToString(),
            result.Currency?.Code,
            period.Key,
            groupBy,
            Respond(result.Total),
            [.. result.Groups.Select(g => new KpiGroupResponse(g.Key, labels.GetValueOrDefault(g.Key), Respond(g.Value)))]);

    private static KpiValueResponse Respond(KpiValue value) => new(Respond(value.Current), Respond(value.Previous), Respond(value.YearAgo));

    private static KpiMeasurementResponse Respond(KpiMeasurement m) =>
        new(
            m.Period.Key,
            m.Period.Start,
            m.Period.End,
            m.Value,
            m.NoValueReason,
            [.. m.Terms.Select(t => new KpiTermResponse(t.Name, t.Amount))],
            m.Records.Count,
            // The engine orders ids as text ("10" before "9"); the records are numbered, so the first ones are the lowest ids.
            [.. m.Records
                .Select(r => (r.Kind, Id: long.Parse(r.Id, CultureInfo.InvariantCulture)))
                .OrderBy(r => r.Kind).ThenBy(r => r.Id)
                .Take(MaxRecords)
                .Select(r => new KpiRecordResponse(r.Kind == KpiRecordKind.AccountFirstWin ? "Account" : r.Kind.ToString(), r.Id))]);

    private static KpiCatalogEntry Entry(string name)
    {
        var definition = name switch
        {
            KpiCatalog.StageConversionRateName => KpiCatalog.StageConversionRate("stage"),
            KpiCatalog.TimeInStageName => KpiCatalog.TimeInStage("stage"),
            _ => KpiCatalog.Find(name)!,
        };
        var parameter = name switch
        {
            KpiCatalog.StageConversionRateName or KpiCatalog.TimeInStageName => "stage",
            "Client conversations" => "activityType",
            _ => null,
        };
        return new KpiCatalogEntry(KeyOf(name), name, parameter, parameter == "stage", definition.Unit.ToString(), definition.IsAdditive, Definitions[name]);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
