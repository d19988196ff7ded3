using System.Text.Json;
using Attain.Application.Data;
using Attain.Application.Segmentation;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using EngineBooking = Attain.Engine.Crediting.Booking;
using EngineFxRate = Attain.Engine.Monetary.FxRate;
using EnginePlanAssignment = Attain.Engine.Calculation.PlanAssignment;
using EngineReportingLine = Attain.Engine.Crediting.ReportingLine;

namespace Attain.Application.Compensation;

/// <summary>
/// The engine's input for a period, read from the store, with the maps back from the engine's string ids to rows.
/// Participants are identified by their person's external id, bookings by theirs.
/// </summary>
/// <param name="Input">The calculation input: the fiscal year of the period up to the period's last day.</param>
/// <param name="Period">The period asked for.</param>
/// <param name="Plans">The plan versions used, by key.</param>
/// <param name="PersonIds">Person row id by participant id (external id).</param>
/// <param name="Assignments">The assignments, as the payment stage reads them.</param>
public sealed record CompensationInput(
    CalculationInput Input,
    Period Period,
    IReadOnlyDictionary<string, PlanRecord> Plans,
    IReadOnlyDictionary<string, long> PersonIds,
    IReadOnlyList<EnginePlanAssignment> Assignments);

/// <summary>A problem that stops a calculation from the store: what is wrong and where (plan key, assignment id, ...).</summary>
public sealed record CompensationProblem(string Code, string Where, string Message);

/// <summary>
/// Reads the engine's input for a period from the store (docs/compensation.md, "What a run reads"): the published
/// version of every assigned plan, assignments with quotas and target incentives, people and the reporting hierarchy,
/// bookings of the period's fiscal year up to the period's last day (and the originals of cancellations in it), FX
/// rates, and each booking's account segments as <c>segment.KEY</c> attributes.
/// </summary>
public static class CompensationInputs
{
    /// <summary>The free booking attributes the app gives every booking besides segments.</summary>
    public static IReadOnlySet<string> BookingAttributes => FileCalculation.BookingAttributes;

    /// <summary>Parses a stored plan document; problems name the plan key and version and the line and column.</summary>
    public static Plan? ReadPlan(PlanRecord record, List<CompensationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(problems);
        var read = PlanReader.Read(record.Document, null, $"plan {record.Key} v{record.Version}");
        foreach (var issue in read.Issues)
        {
            problems.Add(new CompensationProblem(issue.Code, $"plan {record.Key} v{record.Version}, line {issue.Line}, column {issue.Column} ({issue.Path})", issue.Message));
        }

        return read.Plan;
    }

    /// <summary>
    /// Loads the input for <paramref name="periodKey"/>; null with <paramref name="problems"/> filled when the period key
    /// is not a fiscal period, an assigned plan has no published version, or a plan document is invalid.
    /// <paramref name="planOverrides"/> replaces the published version of the plans it names (what-if modelling).
    /// </summary>
    public static async Task<CompensationInput?> LoadAsync(
        AttainDbContext db, string periodKey, List<CompensationProblem> problems,
        IReadOnlyDictionary<string, PlanRecord>? planOverrides = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(problems);
        var settings = await db.OrganisationSettings.AsNoTracking().SingleAsync(cancellationToken);
        var calendar = new FiscalCalendar(settings.FiscalYearStartMonth);
        if (!calendar.TryParse(periodKey, out var period))
        {
            problems.Add(new CompensationProblem("invalid_period", "period", $"'{periodKey}' is not a fiscal period key such as FY2026, FY2026-Q1 or FY2026-M03."));
            return null;
        }

        var year = calendar.YearOf(period.Start);
        var assignmentRows = await db.PlanAssignments.AsNoTracking()
            .Where(a => a.EffectiveFrom <= period.End && (a.EffectiveTo == null || a.EffectiveTo >= year.Start))
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var plans = await PublishedPlansAsync(db, assignmentRows.Select(a => a.PlanKey).Distinct().ToList(), planOverrides, problems, cancellationToken);
        if (plans is null)
        {
            return null;
        }

        var people = await db.People.AsNoTracking().Select(p => new { p.Id, p.ExternalId, p.PayCurrency }).ToListAsync(cancellationToken);
        var externalId = people.ToDictionary(p => p.Id, p => p.ExternalId);
        var lines = await db.ReportingLines.AsNoTracking().Where(l => l.ManagerId != null && l.EffectiveFrom <= period.End).ToListAsync(cancellationToken);
        var quotas = (await db.Quotas.AsNoTracking().Where(q => q.PeriodEnd >= year.Start && q.PeriodStart <= year.End).ToListAsync(cancellationToken))
            .ToLookup(q => q.PersonId);

        var payCurrency = people.ToDictionary(p => p.Id, p => Currency.FromCode(p.PayCurrency));
        var assignments = new List<EnginePlanAssignment>();
        var overrides = new List<(string Person, RateOverride Override)>();
        foreach (var row in assignmentRows)
        {
            var plan = plans[row.PlanKey].Plan;
            var currency = plan.PayCurrency ?? payCurrency[row.PersonId];
            var targets = quotas[row.PersonId]
                .Where(q => q.Currency == currency.Code)
                .OrderBy(q => q.Period, StringComparer.Ordinal)
                .Select(q => new PeriodTarget(q.Period, q.Amount, row.TargetIncentive is { } ti ? CalculationData.Scale(ti, row.Basis, calendar.Parse(q.Period).Kind) : 0m))
                .ToList();
            var effective = new DateRange(row.EffectiveFrom, row.EffectiveTo);
            assignments.Add(new EnginePlanAssignment(externalId[row.PersonId], row.PlanKey, effective, targets) { RateOverrides = ReadOverrides(row, problems) });
        }

        var bookings = await BookingsAsync(db, year.Start, period.End, externalId, cancellationToken);
        var fx = await db.FxRates.AsNoTracking().Where(r => r.Date <= period.End).ToListAsync(cancellationToken);
        var input = new CalculationInput(
            calendar,
            year,
            [.. plans.Values.Select(p => p.Plan)],
            [.. people.Select(p => new Participant(p.ExternalId, payCurrency[p.Id]))],
            [.. lines.Select(l => new EngineReportingLine(externalId[l.PersonId], externalId[l.ManagerId!.Value], new DateRange(l.EffectiveFrom, l.EffectiveTo)))],
            assignments,
            bookings,
            [],
            new FxTable(fx.Select(r => new EngineFxRate(Currency.FromCode(r.FromCurrency), Currency.FromCode(r.ToCurrency), r.Date, r.Rate))),
            new CreditingPolicy(settings.RollUpLevels, MidpointRounding.ToEven));
        return problems.Count > 0
            ? null
            : new CompensationInput(input, period, plans.ToDictionary(p => p.Key, p => p.Value.Record), people.ToDictionary(p => p.ExternalId, p => p.Id), assignments);
    }

    private static async Task<Dictionary<string, (PlanRecord Record, Plan Plan)>?> PublishedPlansAsync(
        AttainDbContext db, List<string> keys, IReadOnlyDictionary<string, PlanRecord>? planOverrides,
        List<CompensationProblem> problems, CancellationToken cancellationToken)
    {
        var published = await db.Plans.AsNoTracking()
            .Where(p => keys.Contains(p.Key) && p.Status == PlanStatus.Published)
            .ToListAsync(cancellationToken);
        var latest = published.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.MaxBy(p => p.Version)!, StringComparer.Ordinal);
        foreach (var (key, record) in planOverrides ?? new Dictionary<string, PlanRecord>())
        {
            latest[key] = record;
        }

        var plans = new Dictionary<string, (PlanRecord, Plan)>(StringComparer.Ordinal);
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            if (!latest.TryGetValue(key, out var record))
            {
                problems.Add(new CompensationProblem("plan_not_published", $"plan {key}", $"Plan '{key}' is assigned but has no published version."));
                continue;
            }

            if (ReadPlan(record, problems) is { } plan)
            {
                plans.Add(key, (record, plan));
            }
        }

        return problems.Count > 0 ? null : plans;
    }

    private static IReadOnlyList<RateOverride> ReadOverrides(PlanAssignmentRecord row, List<CompensationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(row.RateOverrides))
        {
            return [];
        }

        try
        {
            var items = JsonSerializer.Deserialize<List<StoredRateOverride>>(row.RateOverrides, Json) ?? [];
            return [.. items.Select(i => new RateOverride(i.Component, i.Rate is { } r ? new Rate(r) : null, i.TierRates?.Select(t => new Rate(t)).ToList()))];
        }
        catch (JsonException e)
        {
            problems.Add(new CompensationProblem("invalid_value", $"plan assignment {row.Id}, field rateOverrides", e.Message));
            return [];
        }
    }

    private static async Task<List<EngineBooking>> BookingsAsync(
        AttainDbContext db, DateOnly from, DateOnly to, Dictionary<long, string> people, CancellationToken cancellationToken)
    {
        // Each row brings its original's external id and date (read only for the few rows that have an original), so no
        // map from every booking's row id to its external id is built; originals dated before the window are read after.
        var rows = await BookingRowsAsync(db, (from, to), null, cancellationToken);
        var originals = rows.Where(r => r.OriginalDate is { } d && (d < from || d > to)).Select(r => r.OriginalBookingId!.Value).Distinct().ToList();
        if (originals.Count > 0)
        {
            var older = await BookingRowsAsync(db, null, originals, cancellationToken);
            var olderIds = older.Select(r => r.Id).ToHashSet();

            // An older booking's own original is named only when it is read too (in the window or among the older ones).
            rows.AddRange(older.Select(r => r.OriginalBookingId is { } o && !(r.OriginalDate is { } d && d >= from && d <= to) && !olderIds.Contains(o)
                ? r with { OriginalExternalId = null }
                : r));
        }

        var products = await db.Products.AsNoTracking()
            .Select(p => new { p.Id, p.ExternalId, Family = db.ProductFamilies.Where(f => f.Id == p.FamilyId).Select(f => f.ExternalId).FirstOrDefault() })
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().Select(a => new { a.Id, a.ExternalId }).ToDictionaryAsync(a => a.Id, a => a.ExternalId, cancellationToken);
        var opportunities = rows.Exists(r => r.OpportunityId is not null)
            ? await db.Opportunities.AsNoTracking().Select(o => new { o.Id, o.ExternalId }).ToDictionaryAsync(o => o.Id, o => o.ExternalId, cancellationToken)
            : [];
        var segments = await SegmentationService.RuleAttributesAsync(db, [.. rows.Where(r => r.AccountId is not null).Select(r => r.AccountId!.Value).Distinct()], cancellationToken);

        // Bookings without an opportunity share one attribute set per kind and account (the sets are read-only), and
        // every repeated text (kind, owner, product, family, currency) is one string: a booking costs its own record only.
        var kinds = Enum.GetValues<Bookings.BookingKind>().ToDictionary(k => k, k => k.ToString());
        var shared = new Dictionary<(Bookings.BookingKind Kind, long? Account), IReadOnlyDictionary<string, string>>();
        var bookings = new List<EngineBooking>(rows.Count);
        foreach (var r in rows)
        {
            var currency = Currency.FromCode(r.Currency);
            var product = r.ProductId is { } p && products.TryGetValue(p, out var pr) ? pr : null;
            IReadOnlyDictionary<string, string> attributes;
            if (r.OpportunityId is not null)
            {
                attributes = Attributes(r, kinds, accounts, opportunities, segments);
            }
            else if (!shared.TryGetValue((r.Kind, r.AccountId), out attributes!))
            {
                attributes = Attributes(r, kinds, accounts, opportunities, segments);
                shared.Add((r.Kind, r.AccountId), attributes);
            }

            bookings.Add(new EngineBooking(
                r.ExternalId, r.BookingDate, new Money(r.Amount, currency), people[r.OwnerId],
                product?.ExternalId ?? string.Empty, product?.Family ?? string.Empty,
                attributes,
                r.Margin is { } m ? new Money(m, currency) : null, r.Quantity,
                r.OriginalExternalId));
        }

        return bookings;
    }

    /// <summary>
    /// The bookings dated in <paramref name="dated"/> (both ends inclusive) or with the row ids <paramref name="ids"/>,
    /// streamed with a data reader (no entity materialisation): the columns named and their values at rest converted
    /// back through the model's own mappings (money from 1/10,000 units), so the rows equal what an EF Core query would
    /// give. The kind comes as its number (no string per row), and a row with an original brings the original's
    /// external id and date, looked up only for those rows.
    /// </summary>
    private static async Task<List<BookingRow>> BookingRowsAsync(
        AttainDbContext db, (DateOnly From, DateOnly To)? dated, List<long>? ids, CancellationToken cancellationToken)
    {
        string[] names =
        [
            nameof(Bookings.Booking.Id), nameof(Bookings.Booking.ExternalId), nameof(Bookings.Booking.Kind), nameof(Bookings.Booking.OwnerId), nameof(Bookings.Booking.AccountId),
            nameof(Bookings.Booking.OpportunityId), nameof(Bookings.Booking.ProductId), nameof(Bookings.Booking.Quantity), nameof(Bookings.Booking.Amount),
            nameof(Bookings.Booking.Currency), nameof(Bookings.Booking.BookingDate), nameof(Bookings.Booking.Margin), nameof(Bookings.Booking.OriginalBookingId),
        ];
        var table = BulkTable.For<Bookings.Booking>(db, names);
        var entity = db.Model.FindEntityType(typeof(Bookings.Booking))!;
        var dateMapping = entity.FindProperty(nameof(Bookings.Booking.BookingDate))!.GetRelationalTypeMapping();
        var kindNames = Enum.GetValues<Bookings.BookingKind>();
        var c = table.Columns.Select(name => $"b.{name}").ToArray();
        var (id, externalId, kind, date, original) = (table.Columns[0], table.Columns[1], c[2], c[10], c[12]);
        c[2] = $"CASE {kind} {string.Join(" ", kindNames.Select(k => $"WHEN '{k}' THEN {(int)k}"))} END";
        var currencies = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new List<BookingRow>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var select = $"SELECT {string.Join(", ", c)}, "
                + $"CASE WHEN {original} IS NULL THEN NULL ELSE (SELECT o.{externalId} FROM {table.Name} o WHERE o.{id} = {original}) END, "
                + $"CASE WHEN {original} IS NULL THEN NULL ELSE (SELECT o.{table.Columns[10]} FROM {table.Name} o WHERE o.{id} = {original}) END "
                + $"FROM {table.Name} b ";
            if (dated is { } range)
            {
                var scan = db.Database.IsSqlite() && await MostlyInRangeAsync(command, table.Name, table.Columns[10], range, cancellationToken);
                command.CommandText = select + (scan ? "NOT INDEXED " : string.Empty) + $"WHERE {date} >= @from AND {date} <= @to";
                command.Parameters.Add(dateMapping.CreateParameter(command, "@from", range.From));
                command.Parameters.Add(dateMapping.CreateParameter(command, "@to", range.To));
            }
            else
            {
                command.CommandText = select + $"WHERE {c[0]} IN ({string.Join(", ", ids!.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var currency = reader.GetString(9);
                rows.Add(new BookingRow(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    (Bookings.BookingKind)reader.GetInt32(2),
                    reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetInt64(4),
                    reader.IsDBNull(5) ? null : reader.GetInt64(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6),
                    Money.FromStorage(reader.GetInt64(7)),
                    Money.FromStorage(reader.GetInt64(8)),
                    currencies.TryGetValue(currency, out var shared) ? shared : currencies[currency] = currency,
                    reader.GetFieldValue<DateOnly>(10),
                    reader.IsDBNull(11) ? null : Money.FromStorage(reader.GetInt64(11)),
                    reader.IsDBNull(12) ? null : reader.GetInt64(12),
                    reader.IsDBNull(13) ? null : reader.GetString(13),
                    reader.IsDBNull(14) ? null : reader.GetFieldValue<DateOnly>(14)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return rows;
    }

    /// <summary>
    /// Whether the bookings dated in <paramref name="range"/> are likely more than a fifth of the table, judged from the
    /// first and last booking dates (two index look-ups) as if bookings were spread evenly over them. SQLite then reads the
    /// table in order instead of through the date index: at 10 M bookings, a fiscal year to date of a two-year store
    /// (≈ 37 % of the rows) reads in about a third of the time that way, because the index visits the rows in date order,
    /// scattered over the table (benchmarks/README.md, comp-run).
    /// </summary>
    private static async Task<bool> MostlyInRangeAsync(
        System.Data.Common.DbCommand command, string table, string date, (DateOnly From, DateOnly To) range, CancellationToken cancellationToken)
    {
        // One aggregate per statement, so SQLite answers each from the end of the date index.
        async Task<DateOnly?> Edge(string aggregate)
        {
            command.CommandText = $"SELECT {aggregate}({date}) FROM {table}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetFieldValue<DateOnly>(0) : null;
        }

        if (await Edge("MIN") is not { } first || await Edge("MAX") is not { } last)
        {
            return false;
        }

        var from = range.From > first ? range.From : first;
        var to = range.To < last ? range.To : last;
        var days = last.DayNumber - first.DayNumber + 1;
        return to >= from && (to.DayNumber - from.DayNumber + 1) * 5 > days;
    }

    private static Dictionary<string, string> Attributes(
        BookingRow row, Dictionary<Bookings.BookingKind, string> kinds, Dictionary<long, string> accounts, Dictionary<long, string> opportunities,
        Dictionary<long, IReadOnlyDictionary<string, string>> segments)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = kinds[row.Kind] };
        if (row.AccountId is { } account)
        {
            attributes["account"] = accounts[account];
            if (segments.TryGetValue(account, out var ofAccount))
            {
                foreach (var (key, value) in ofAccount)
                {
                    attributes[key] = value;
                }
            }
        }

        if (row.OpportunityId is { } opportunity)
        {
            attributes["opportunity"] = opportunities[opportunity];
        }

        return attributes;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record StoredRateOverride(string Component, decimal? Rate, List<decimal>? TierRates);

    private readonly record struct BookingRow(
        long Id, string ExternalId, Bookings.BookingKind Kind, long OwnerId, long? AccountId, long? OpportunityId, long? ProductId,
        decimal Quantity, decimal Amount, string Currency, DateOnly BookingDate, decimal? Margin, long? OriginalBookingId,
        string? OriginalExternalId, DateOnly? OriginalDate);
}
