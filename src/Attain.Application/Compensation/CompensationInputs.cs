using System.Data.Common;
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
        var products = await db.Products.AsNoTracking()
            .Select(p => new { p.Id, p.ExternalId, Family = db.ProductFamilies.Where(f => f.Id == p.FamilyId).Select(f => f.ExternalId).FirstOrDefault() })
            .ToDictionaryAsync(p => p.Id, p => (Product: p.ExternalId, Family: p.Family ?? string.Empty), cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().Select(a => new { a.Id, a.ExternalId }).ToDictionaryAsync(a => a.Id, a => a.ExternalId, cancellationToken);

        // Each row of the window becomes its engine booking as it is read (no list of rows). A row brings its original's
        // external id and date (read only for the few rows that have an original), so no map from every booking's row id
        // to its external id is built; originals dated outside the window are read after.
        // Where each run of bookings in ordinal id order starts is noted as they come (the previous id is still in cache).
        var maker = new BookingMaker(new ById<string>(people), new ById<(string, string)>(products), new ById<string>(accounts));
        var window = new List<EngineBooking>();
        var runs = new List<int> { 0 };
        var outside = new List<long>();
        string? previous = null;
        await ReadBookingsAsync(db, (from, to), null, reader =>
        {
            var booking = maker.Make(reader, reader.IsDBNull(13) ? null : reader.GetString(13));
            if (previous is not null && runs.Count <= MostRuns && string.CompareOrdinal(previous, booking.Id) >= 0)
            {
                runs.Add(window.Count); // past MostRuns, no more are noted: the bookings are left as they came
            }

            previous = booking.Id;
            window.Add(booking);
            if (!reader.IsDBNull(14) && reader.GetFieldValue<DateOnly>(14) is var d && (d < from || d > to))
            {
                outside.Add(reader.GetInt64(12));
            }
        }, cancellationToken);

        // An older booking's own original is named only when it is read too (in the window or among the older ones).
        var older = new List<(long Id, long? Original, DateOnly? OriginalDate, string? OriginalExternalId, EngineBooking Booking)>();
        if (outside.Count > 0)
        {
            await ReadBookingsAsync(db, null, [.. outside.Distinct()], reader => older.Add((
                reader.GetInt64(0),
                reader.IsDBNull(12) ? null : reader.GetInt64(12),
                reader.IsDBNull(14) ? null : reader.GetFieldValue<DateOnly>(14),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                maker.Make(reader, null))), cancellationToken);
        }

        var olderIds = older.Select(r => r.Id).ToHashSet();
        var olderBookings = older
            .Select(r => r.OriginalExternalId is null || (r.Original is { } o && !(r.OriginalDate is { } d && d >= from && d <= to) && !olderIds.Contains(o))
                ? r.Booking
                : r.Booking with { OriginalBookingId = r.OriginalExternalId })
            .ToList();
        await maker.CompleteAttributesAsync(db, cancellationToken);

        if (olderBookings.Count > 0)
        {
            olderBookings.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            runs.Add(window.Count);
            window.AddRange(olderBookings);
        }

        return InIdOrder(window, runs);
    }

    /// <summary>The most ordered runs <see cref="InIdOrder"/> merges; more, and the bookings are left for the crediting to sort.</summary>
    private const int MostRuns = 16;

    /// <summary>
    /// The bookings in ordinal id order, as the crediting wants them (it does not sort bookings already in order), when
    /// they are a few runs in that order (<paramref name="starts"/>: where each run starts): a table read in id order, as a
    /// store written in id order gives it, that started in the middle of the table (PostgreSQL's synchronised scans) and
    /// the older originals read after it. The runs are merged, each booking compared about once per merge level;
    /// otherwise (or with an id twice) they are left as they are.
    /// </summary>
    private static List<EngineBooking> InIdOrder(List<EngineBooking> bookings, List<int> starts)
    {
        if (starts.Count == 1 || starts.Count > MostRuns)
        {
            return bookings;
        }

        // Neighbouring runs merged pairwise until one is left, from one array into the other and back.
        var from = bookings.ToArray();
        var to = new EngineBooking[from.Length];
        starts.Add(from.Length);
        while (starts.Count > 2)
        {
            var merged = new List<int>();
            for (var r = 0; r + 1 < starts.Count; r += 2)
            {
                merged.Add(starts[r]);
                var (left, middle, right) = (starts[r], starts[r + 1], r + 2 < starts.Count ? starts[r + 2] : starts[r + 1]);
                var (i, j, k) = (left, middle, left);
                while (i < middle && j < right)
                {
                    var order = string.CompareOrdinal(from[i].Id, from[j].Id);
                    if (order == 0)
                    {
                        return bookings;
                    }

                    to[k++] = order < 0 ? from[i++] : from[j++];
                }

                Array.Copy(from, i, to, k, middle - i);
                Array.Copy(from, j, to, k + middle - i, right - j);
            }

            merged.Add(from.Length);
            starts = merged;
            (from, to) = (to, from);
        }

        return [.. from];
    }

    /// <summary>
    /// Reads the bookings dated in <paramref name="dated"/> (both ends inclusive) or with the row ids <paramref name="ids"/>
    /// with a data reader (no entity materialisation), calling <paramref name="row"/> on each row: the columns in
    /// <see cref="BookingMaker"/>'s order, values at rest (money in 1/10,000 units), the kind as its number (no string per
    /// row), and for a row with an original, the original's external id and date (looked up only for those rows).
    /// </summary>
    private static async Task ReadBookingsAsync(
        AttainDbContext db, (DateOnly From, DateOnly To)? dated, List<long>? ids, Action<DbDataReader> row, CancellationToken cancellationToken)
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
                row(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record StoredRateOverride(string Component, decimal? Rate, List<decimal>? TierRates);

    /// <summary>
    /// Makes engine bookings from booking rows as they are read, each repeated text (kind, owner, product, family) one
    /// string: a booking costs its own record and external id only. Bookings without an opportunity share one attribute
    /// set per kind and account (the sets are read-only to the engine); the account segments and opportunities are
    /// added to the sets once every row is read (<see cref="CompleteAttributesAsync"/>).
    /// </summary>
    private sealed class BookingMaker(ById<string> people, ById<(string Product, string Family)> products, ById<string> accounts)
    {
        private readonly Dictionary<int, string> kinds = Enum.GetValues<Bookings.BookingKind>().ToDictionary(k => (int)k, k => k.ToString());
        private readonly Dictionary<(int Kind, long Account), Dictionary<string, string>> shared = [];
        private readonly Dictionary<string, string>?[][] sharedByAccount = accounts.Dense
            ? [.. Enum.GetValues<Bookings.BookingKind>().Select(_ => new Dictionary<string, string>?[accounts.Span])]
            : [];
        private readonly Dictionary<int, Dictionary<string, string>> sharedWithoutAccount = [];
        private readonly List<(long? Account, long Opportunity, Dictionary<string, string> Attributes)> withOpportunity = [];
        private readonly Dictionary<string, Currency> currencies = new(StringComparer.Ordinal);

        /// <summary>
        /// The engine booking of the reader's row (columns: id, external id, kind number, owner, account, opportunity,
        /// product, quantity, amount, currency, date, margin, original row id), with <paramref name="original"/> as its
        /// original's external id.
        /// </summary>
        public EngineBooking Make(DbDataReader reader, string? original)
        {
            var code = reader.GetString(9);
            if (!currencies.TryGetValue(code, out var currency))
            {
                currency = Currency.FromCode(code);
                currencies.Add(code, currency);
            }

            var kind = reader.GetInt32(2);
            long? account = reader.IsDBNull(4) ? null : reader.GetInt64(4);
            var (product, family) = !reader.IsDBNull(6) && products.TryGet(reader.GetInt64(6), out var p) ? p : (string.Empty, string.Empty);
            return new EngineBooking(
                reader.GetString(1), reader.GetFieldValue<DateOnly>(10), new Money(Money.FromStorage(reader.GetInt64(8)), currency), people.Get(reader.GetInt64(3)),
                product, family,
                Attributes(kind, account, reader.IsDBNull(5) ? null : reader.GetInt64(5)),
                reader.IsDBNull(11) ? null : new Money(Money.FromStorage(reader.GetInt64(11)), currency), Money.FromStorage(reader.GetInt64(7)),
                original);
        }

        /// <summary>Adds each account's segments (<c>segment.KEY</c>) and each booking's opportunity to the attribute sets made.</summary>
        public async Task CompleteAttributesAsync(AttainDbContext db, CancellationToken cancellationToken)
        {
            var segments = await SegmentationService.RuleAttributesAsync(
                db, [.. shared.Keys.Select(k => k.Account).Concat(withOpportunity.Where(o => o.Account is not null).Select(o => o.Account!.Value)).Distinct()], cancellationToken);
            foreach (var ((_, account), attributes) in shared)
            {
                AddSegments(attributes, segments, account);
            }

            if (withOpportunity.Count == 0)
            {
                return;
            }

            var opportunities = await db.Opportunities.AsNoTracking().Select(o => new { o.Id, o.ExternalId }).ToDictionaryAsync(o => o.Id, o => o.ExternalId, cancellationToken);
            foreach (var (account, opportunity, attributes) in withOpportunity)
            {
                if (account is { } a)
                {
                    AddSegments(attributes, segments, a);
                }

                attributes["opportunity"] = opportunities[opportunity];
            }
        }

        private static void AddSegments(Dictionary<string, string> attributes, Dictionary<long, IReadOnlyDictionary<string, string>> segments, long account)
        {
            if (segments.TryGetValue(account, out var ofAccount))
            {
                foreach (var (key, value) in ofAccount)
                {
                    attributes[key] = value;
                }
            }
        }

        private Dictionary<string, string> Attributes(int kind, long? account, long? opportunity)
        {
            Dictionary<string, string>? attributes;
            if (opportunity is { } o)
            {
                attributes = New(kind, account);
                withOpportunity.Add((account, o, attributes));
            }
            else if (account is not { } a)
            {
                if (!sharedWithoutAccount.TryGetValue(kind, out attributes))
                {
                    attributes = New(kind, null);
                    sharedWithoutAccount.Add(kind, attributes);
                }
            }
            else if (sharedByAccount.Length > kind && (ulong)a < (ulong)sharedByAccount[kind].Length)
            {
                attributes = sharedByAccount[kind][a];
                if (attributes is null)
                {
                    attributes = New(kind, a);
                    sharedByAccount[kind][a] = attributes;
                    shared.Add((kind, a), attributes);
                }
            }
            else if (!shared.TryGetValue((kind, a), out attributes))
            {
                attributes = New(kind, a);
                shared.Add((kind, a), attributes);
            }

            return attributes;
        }

        private Dictionary<string, string> New(int kind, long? account)
        {
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = kinds[kind] };
            if (account is { } a)
            {
                attributes["account"] = accounts.Get(a);
            }

            return attributes;
        }
    }

    /// <summary>
    /// A look-up by row id: an array indexed by the id when the ids are dense enough (at most four slots per row, plus a
    /// few thousand), a dictionary otherwise. Made once, read only.
    /// </summary>
    private sealed class ById<T>
    {
        private readonly Dictionary<long, T> byId;
        private readonly T[]? slots;
        private readonly bool[]? present;

        public ById(Dictionary<long, T> byId)
        {
            this.byId = byId;
            var top = byId.Count == 0 ? -1 : byId.Keys.Max();
            if (top >= 0 && byId.Keys.Min() >= 0 && top < (4L * byId.Count) + 4096)
            {
                slots = new T[top + 1];
                present = new bool[top + 1];
                foreach (var (id, value) in byId)
                {
                    (slots[id], present[id]) = (value, true);
                }
            }
        }

        /// <summary>Whether ids are looked up in an array (then <see cref="Span"/> is its length).</summary>
        public bool Dense => slots is not null;

        /// <summary>One more than the largest id, when <see cref="Dense"/>.</summary>
        public int Span => slots?.Length ?? 0;

        public T Get(long id) => TryGet(id, out var value) ? value : throw new KeyNotFoundException($"No row {id}.");

        public bool TryGet(long id, out T value)
        {
            if (slots is not null && (ulong)id < (ulong)slots.Length)
            {
                value = slots[id];
                return present![id];
            }

            return byId.TryGetValue(id, out value!);
        }
    }
}
