using System.Globalization;
using System.Text.Json;
using Attain.Application.Access;
using Attain.Application.Bookings;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>Why a line of pay differs between two runs (docs/compensation.md, "Why did my pay change").</summary>
public enum PayChangeCause
{
    /// <summary>A booking is in the later run's lines and not the earlier's (an order).</summary>
    NewBooking,

    /// <summary>A booking was cancelled or returned, left the lines, or was changed after the earlier run read its input.</summary>
    ChangedBooking,

    /// <summary>The same bookings give a different credit (a crediting rule, split or territory changed).</summary>
    CreditChange,

    /// <summary>The plan version or the quota behind the line differs.</summary>
    PlanOrQuotaChange,

    /// <summary>Same credits, but the tier, rate or attainment behind the line differs (an earlier booking moved the measure).</summary>
    TierCrossing,

    /// <summary>The approved adjustments paid in the period differ.</summary>
    Adjustment,

    /// <summary>Anything else: a hold, release, draw or recovery that moved with the other changes.</summary>
    Other,
}

/// <summary>One explained difference.</summary>
/// <param name="Cause">The classified cause.</param>
/// <param name="Because">The cause in a few words (<c>booking B-1 cancelled by C-1 dated 2026-09-20</c>).</param>
/// <param name="Explanation">The whole difference in a sentence, for a rep.</param>
/// <param name="Amount">The signed difference (later minus earlier) in <paramref name="Currency"/>.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="PlanKey">The plan, or null for an adjustment.</param>
/// <param name="ComponentId">The component, or null.</param>
/// <param name="Kind">The line kind (<c>Commission</c>, <c>Clawback</c>, ...) or <c>Adjustment</c>.</param>
/// <param name="ComponentPeriodKey">The component period of the lines, or null.</param>
/// <param name="BookingIds">The bookings behind the lines (external ids).</param>
/// <param name="FromAmount">The lines' amount in the earlier run.</param>
/// <param name="ToAmount">The lines' amount in the later run.</param>
public sealed record PayChangeItem(
    PayChangeCause Cause, string Because, string Explanation, decimal Amount, string Currency, string? PlanKey, string? ComponentId,
    string Kind, string? ComponentPeriodKey, IReadOnlyList<string> BookingIds, decimal FromAmount, decimal ToAmount);

/// <summary>One side of a comparison: a run (or none) and what it pays the person.</summary>
/// <param name="PeriodKey">The run's period.</param>
/// <param name="RunId">The run, or null when the period has no published run (it pays nothing).</param>
/// <param name="RunNumber">The run's number within its period, or null.</param>
public sealed record PayChangeSide(string PeriodKey, long? RunId, int? RunNumber);

/// <summary>A currency's totals: payable (the run) plus approved adjustments paid in the side's period.</summary>
public sealed record PayChangeTotal(
    string Currency, decimal FromPayable, decimal FromAdjustments, decimal ToPayable, decimal ToAdjustments, decimal Difference);

/// <summary>A person's pay difference between two runs, explained line by line; the items of a currency sum to its difference.</summary>
public sealed record PayChangeReport(
    long PersonId, string PersonName, PayChangeSide From, PayChangeSide To, IReadOnlyList<PayChangeTotal> Totals, IReadOnlyList<PayChangeItem> Items);

/// <summary>What to compare: two runs by id, or the published runs of two periods.</summary>
public sealed record PayChangeRequest(long PersonId, string? FromPeriod = null, string? ToPeriod = null, long? FromRunId = null, long? ToRunId = null);

/// <summary>The comparison, or why there is none.</summary>
/// <param name="Report">The report, or null.</param>
/// <param name="Problems">Bad input (<c>invalid_period</c>, <c>unknown_run</c>, <c>parameter.required</c>) as (code, field, message).</param>
/// <param name="NotFound">True when the person does not exist or the viewer may not see them.</param>
public sealed record PayChangeOutcome(PayChangeReport? Report, IReadOnlyList<CompensationProblem> Problems, bool NotFound = false);

/// <summary>
/// "Why did my pay change?" (docs/compensation.md): a participant's lines in two runs matched by plan, component,
/// kind, component period and bookings, each difference classified by its cause. Bookings changed after the earlier run
/// read its input are found in the change log; bookings present in one run's lines and not the other's are new or gone.
/// </summary>
public sealed class PayChangeService(AttainDbContext db)
{
    /// <summary>Compares for a viewer: a person outside <paramref name="scope"/> is not found.</summary>
    public async Task<PayChangeOutcome> CompareAsync(Scope scope, PayChangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        var person = await db.People.AsNoTracking().Where(p => p.Id == request.PersonId)
            .Select(p => new { p.Id, p.FirstName, p.LastName }).FirstOrDefaultAsync(cancellationToken);
        if (person is null || !scope.CanSee(person.Id))
        {
            return new PayChangeOutcome(null, [], NotFound: true);
        }

        var problems = new List<CompensationProblem>();
        var from = await SideAsync(request.FromRunId, request.FromPeriod, "from", problems, cancellationToken);
        var to = await SideAsync(request.ToRunId, request.ToPeriod, "to", problems, cancellationToken);
        if (problems.Count > 0 || from is null || to is null)
        {
            return new PayChangeOutcome(null, problems);
        }

        var report = await CompareRunsAsync(person.Id, from, to, cancellationToken);
        return new PayChangeOutcome(report with { PersonName = $"{person.FirstName} {person.LastName}" }, []);
    }

    /// <summary>The explained difference of one person between two sides (no scoping: callers check it).</summary>
    internal async Task<PayChangeReport> CompareRunsAsync(long personId, PayChangeSide from, PayChangeSide to, CancellationToken cancellationToken)
    {
        var fromLines = await LinesAsync(from.RunId, personId, cancellationToken);
        var toLines = await LinesAsync(to.RunId, personId, cancellationToken);
        var fromMeasures = await MeasuresAsync(from.RunId, personId, cancellationToken);
        var toMeasures = await MeasuresAsync(to.RunId, personId, cancellationToken);
        var fromPayouts = await PayoutsAsync(from.RunId, personId, cancellationToken);
        var toPayouts = await PayoutsAsync(to.RunId, personId, cancellationToken);
        var fromAdjustments = await AdjustmentsAsync(from, personId, cancellationToken);
        var toAdjustments = await AdjustmentsAsync(to, personId, cancellationToken);

        var fromBookings = fromLines.SelectMany(l => Split(l.BookingIds)).ToHashSet(StringComparer.Ordinal);
        var toBookings = toLines.SelectMany(l => Split(l.BookingIds)).ToHashSet(StringComparer.Ordinal);
        var changedAfter = await BookingsChangedAsync(from.RunId, to.RunId, cancellationToken);
        var involved = fromBookings.Union(toBookings).ToList();
        var toEnd = (await PeriodCloseService.CalendarAsync(db, cancellationToken)).Parse(to.PeriodKey).End;
        var bookings = await BookingFactsAsync(involved, cancellationToken);
        var reversalsOf = bookings.Where(b => b.Value.OriginalExternalId is not null && b.Value.Date <= toEnd)
            .OrderBy(b => b.Key, StringComparer.Ordinal).ToLookup(b => b.Value.OriginalExternalId!, b => b.Key, StringComparer.Ordinal);
        var fromVersions = fromLines.GroupBy(l => l.PlanKey).ToDictionary(g => g.Key, g => g.Max(l => l.PlanVersion), StringComparer.Ordinal);
        var toVersions = toLines.GroupBy(l => l.PlanKey).ToDictionary(g => g.Key, g => g.Max(l => l.PlanVersion), StringComparer.Ordinal);

        var items = new List<PayChangeItem>();
        var keys = fromLines.Select(Key).Union(toLines.Select(Key)).Distinct()
            .OrderBy(k => k.PlanKey, StringComparer.Ordinal).ThenBy(k => k.ComponentId, StringComparer.Ordinal)
            .ThenBy(k => k.PeriodKey, StringComparer.Ordinal).ThenBy(k => k.Kind, StringComparer.Ordinal).ThenBy(k => k.BookingIds, StringComparer.Ordinal)
            .ThenBy(k => k.Currency, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var before = fromLines.Where(l => Key(l) == key).ToList();
            var after = toLines.Where(l => Key(l) == key).ToList();
            var amount = after.Sum(l => l.Amount) - before.Sum(l => l.Amount);
            if (amount == 0m)
            {
                continue;
            }

            var ids = Split(key.BookingIds).ToList();
            var context = new LineContext(before, after, ids, fromBookings, toBookings, changedAfter, bookings, reversalsOf, fromVersions, toVersions, fromMeasures, toMeasures)
            {
                FromLines = fromLines,
                ToLines = toLines,
            };
            var (cause, because) = Classify(key, context);
            items.Add(new PayChangeItem(
                cause, because, Explain(key, amount, before, after, because), amount, key.Currency, key.PlanKey, key.ComponentId, key.Kind,
                key.PeriodKey, ids, before.Sum(l => l.Amount), after.Sum(l => l.Amount)));
        }

        var currencies = fromPayouts.Select(p => p.Currency).Concat(toPayouts.Select(p => p.Currency))
            .Concat(fromAdjustments.Select(a => a.Currency)).Concat(toAdjustments.Select(a => a.Currency)).Distinct().Order(StringComparer.Ordinal);
        var totals = new List<PayChangeTotal>();
        foreach (var currency in currencies)
        {
            var adjustmentsBefore = fromAdjustments.Where(a => a.Currency == currency).Sum(a => a.Amount);
            var adjustmentsAfter = toAdjustments.Where(a => a.Currency == currency).Sum(a => a.Amount);
            if (adjustmentsAfter != adjustmentsBefore)
            {
                var reasons = toAdjustments.Where(a => a.Currency == currency).Select(a => a.Reason)
                    .Except(fromAdjustments.Where(a => a.Currency == currency).Select(a => a.Reason)).ToList();
                var because = $"approved adjustments {Money(adjustmentsBefore, currency)} in {from.PeriodKey}, {Money(adjustmentsAfter, currency)} in {to.PeriodKey}";
                items.Add(new PayChangeItem(
                    PayChangeCause.Adjustment, because,
                    $"Approved adjustments differ: {because}{(reasons.Count > 0 ? " (" + string.Join("; ", reasons) + ")" : string.Empty)}.",
                    adjustmentsAfter - adjustmentsBefore, currency, null, null, "Adjustment", null, [], adjustmentsBefore, adjustmentsAfter));
            }

            var payableBefore = fromPayouts.Where(p => p.Currency == currency).Sum(p => p.Payable);
            var payableAfter = toPayouts.Where(p => p.Currency == currency).Sum(p => p.Payable);
            totals.Add(new PayChangeTotal(
                currency, payableBefore, adjustmentsBefore, payableAfter, adjustmentsAfter,
                payableAfter + adjustmentsAfter - payableBefore - adjustmentsBefore));
        }

        return new PayChangeReport(personId, string.Empty, from, to, totals, items);
    }

    /// <summary>A side from a run id or a period's published run (null run when the period has none).</summary>
    internal async Task<PayChangeSide?> SideAsync(long? runId, string? periodKey, string field, List<CompensationProblem> problems, CancellationToken cancellationToken)
    {
        if (runId is { } id)
        {
            var run = await db.CalculationRuns.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Id, r.PeriodKey, r.Number, r.Status }).FirstOrDefaultAsync(cancellationToken);
            if (run is null || run.Status is RunStatus.Running or RunStatus.Failed)
            {
                problems.Add(new CompensationProblem("unknown_run", field + "Run", $"There is no complete run with id {id}."));
                return null;
            }

            return new PayChangeSide(run.PeriodKey, run.Id, run.Number);
        }

        if (string.IsNullOrWhiteSpace(periodKey))
        {
            problems.Add(new CompensationProblem("parameter.required", field, $"Give '{field}' (a period key) or '{field}Run' (a run id)."));
            return null;
        }

        var calendar = await PeriodCloseService.CalendarAsync(db, cancellationToken);
        if (!calendar.TryParse(periodKey.Trim(), out var period))
        {
            problems.Add(new CompensationProblem("invalid_period", field, $"'{periodKey}' is not a fiscal period key such as FY2027-M08."));
            return null;
        }

        var published = await db.CompensationPeriods.AsNoTracking().Where(p => p.PeriodKey == period.Key)
            .Select(p => p.PublishedRunId).FirstOrDefaultAsync(cancellationToken);
        var number = published is { } pid
            ? await db.CalculationRuns.AsNoTracking().Where(r => r.Id == pid).Select(r => (int?)r.Number).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new PayChangeSide(period.Key, published, number);
    }

    private static (PayChangeCause Cause, string Because) Classify(LineKey key, LineContext c)
    {
        var added = c.Ids.Where(b => c.ToBookings.Contains(b) && !c.FromBookings.Contains(b)).ToList();
        if (added.Count > 0)
        {
            var reversing = added.Where(b => c.Bookings.TryGetValue(b, out var f) && f.Kind != BookingKind.Order).ToList();
            return reversing.Count > 0
                ? (PayChangeCause.ChangedBooking, string.Join(", ", reversing.Select(b => Describe(b, c))))
                : (PayChangeCause.NewBooking, string.Join(", ", added.Select(b => Describe(b, c))));
        }

        var reversals = c.Ids.SelectMany(b => c.Reversals[b]).ToList();
        var recorded = reversals.Where(c.ChangedAfter.ContainsKey).ToList();
        if (recorded.Count > 0 || (key.Kind == "Clawback" && c.Before.Count == 0 && reversals.Count > 0))
        {
            return (PayChangeCause.ChangedBooking, string.Join(", ", (recorded.Count > 0 ? recorded : reversals).Select(b => Describe(b, c))));
        }

        var gone = c.Ids.Where(b => c.FromBookings.Contains(b) && !c.ToBookings.Contains(b)).ToList();
        if (gone.Count > 0)
        {
            return (PayChangeCause.ChangedBooking, string.Join(", ", gone.Select(b => c.Bookings.ContainsKey(b)
                ? $"booking {b} no longer counts in this period{Recorded(b, c)}"
                : $"booking {b} was deleted{Recorded(b, c)}")));
        }

        var edited = c.Ids.Where(c.ChangedAfter.ContainsKey).ToList();
        if (edited.Count > 0)
        {
            return (PayChangeCause.ChangedBooking, string.Join(", ", edited.Select(b => $"booking {b} was changed{Recorded(b, c)}")));
        }

        // An earning without bookings (a quota bonus, say) moves with its component period's measure: name the booking
        // that moved the measure, the cause closest to the data change, rather than the band the attainment reached.
        // The bookings are those of the plan's lines in the same component period (a quota bonus's own lines carry none).
        var valueBefore = c.FromMeasures.FirstOrDefault(m => m.PlanKey == key.PlanKey && m.ComponentId == key.ComponentId && m.PeriodKey == key.PeriodKey)?.Value;
        var valueAfter = c.ToMeasures.FirstOrDefault(m => m.PlanKey == key.PlanKey && m.ComponentId == key.ComponentId && m.PeriodKey == key.PeriodKey)?.Value;
        if (c.Ids.Count == 0 && key.Source == RunLineSource.Earning && key.ComponentId is not null && valueBefore != valueAfter)
        {
            bool Same(RunLine l) => l.PlanKey == key.PlanKey && l.PeriodKey == key.PeriodKey && l.Currency == key.Currency;
            var measuredBefore = c.FromLines.Where(Same).SelectMany(l => Split(l.BookingIds)).ToHashSet(StringComparer.Ordinal);
            var measuredAfter = c.ToLines.Where(Same).SelectMany(l => Split(l.BookingIds)).ToHashSet(StringComparer.Ordinal);
            var arrived = measuredAfter.Except(measuredBefore).Order(StringComparer.Ordinal).ToList();
            var orders = arrived.Where(b => !c.Bookings.TryGetValue(b, out var f) || f.Kind == BookingKind.Order).ToList();
            if (orders.Count > 0)
            {
                return (PayChangeCause.NewBooking, $"{Some(orders.Select(b => Describe(b, c)))} moved the {key.PeriodKey} measure");
            }

            var changed = arrived.Concat(measuredBefore.Except(measuredAfter)).Concat(measuredAfter.Where(c.ChangedAfter.ContainsKey))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (changed.Count > 0)
            {
                return (PayChangeCause.ChangedBooking, $"{Some(changed.Select(b => measuredAfter.Contains(b) ? Describe(b, c) : $"booking {b} no longer counts"))} moved the {key.PeriodKey} measure");
            }
        }

        var versionBefore = c.FromVersions.GetValueOrDefault(key.PlanKey);
        var versionAfter = c.ToVersions.GetValueOrDefault(key.PlanKey);
        if (versionBefore != 0 && versionAfter != 0 && versionBefore != versionAfter)
        {
            return (PayChangeCause.PlanOrQuotaChange, $"plan {key.PlanKey} changed from version {versionBefore} to {versionAfter}");
        }

        if (key.ComponentId is { } component)
        {
            var quotaBefore = c.FromMeasures.FirstOrDefault(m => m.PlanKey == key.PlanKey && m.ComponentId == component && m.PeriodKey == key.PeriodKey)?.Quota;
            var quotaAfter = c.ToMeasures.FirstOrDefault(m => m.PlanKey == key.PlanKey && m.ComponentId == component && m.PeriodKey == key.PeriodKey)?.Quota;
            if (quotaBefore is not null && quotaAfter is not null && quotaBefore != quotaAfter)
            {
                return (PayChangeCause.PlanOrQuotaChange, $"quota for {component} in {key.PeriodKey} changed from {Number(quotaBefore.Value)} to {Number(quotaAfter.Value)}");
            }
        }

        var creditBefore = c.Before.Sum(l => l.CreditValue ?? 0m);
        var creditAfter = c.After.Sum(l => l.CreditValue ?? 0m);
        if (c.Before.Count > 0 && c.After.Count > 0 && creditBefore != creditAfter)
        {
            return (PayChangeCause.CreditChange, $"credit on {string.Join(", ", c.Ids.DefaultIfEmpty("the line"))} changed from {Number(creditBefore)} to {Number(creditAfter)}");
        }

        var tiersBefore = string.Join(",", c.Before.Select(l => $"{l.TierIndex}:{l.Rate}:{l.AttainmentPercent}"));
        var tiersAfter = string.Join(",", c.After.Select(l => $"{l.TierIndex}:{l.Rate}:{l.AttainmentPercent}"));
        if (c.Ids.Count > 0 && tiersBefore != tiersAfter)
        {
            var attainment = c.After.Concat(c.Before).FirstOrDefault(l => l.AttainmentPercent is not null)?.AttainmentPercent;
            return (PayChangeCause.TierCrossing, attainment is { } a
                ? $"attainment in {key.PeriodKey} moved to {Number(a)} %, so a different tier or rate applies"
                : $"a different tier or rate applies in {key.PeriodKey}");
        }

        return (PayChangeCause.Other, $"{Words(key.Kind)} moved with the other changes");
    }

    private static string Describe(string booking, LineContext c)
    {
        if (!c.Bookings.TryGetValue(booking, out var fact))
        {
            return $"booking {booking}";
        }

        var recorded = Recorded(booking, c);
        return fact.Kind switch
        {
            BookingKind.Cancellation => $"booking {fact.OriginalExternalId} cancelled by {booking} dated {fact.Date:yyyy-MM-dd}{recorded}",
            BookingKind.Return => $"booking {fact.OriginalExternalId} returned by {booking} dated {fact.Date:yyyy-MM-dd}{recorded}",
            _ => $"new booking {booking} dated {fact.Date:yyyy-MM-dd}{recorded}",
        };
    }

    private static string Recorded(string booking, LineContext c) =>
        c.ChangedAfter.TryGetValue(booking, out var at) ? $" (recorded {at:yyyy-MM-dd HH:mm} UTC)" : string.Empty;

    private static string Explain(LineKey key, decimal amount, List<RunLine> before, List<RunLine> after, string because)
    {
        var what = $"{Words(key.Kind)}{(key.ComponentId is null ? string.Empty : " on " + key.ComponentId)} ({key.PlanKey}, {key.PeriodKey})";
        var change = before.Count == 0 ? $"is new: {Money(amount, key.Currency)}"
            : after.Count == 0 ? $"is gone: {Money(amount, key.Currency)}"
            : $"went from {Money(before.Sum(l => l.Amount), key.Currency)} to {Money(after.Sum(l => l.Amount), key.Currency)} ({Money(amount, key.Currency)})";
        return $"{char.ToUpperInvariant(what[0])}{what[1..]} {change} because {because}.";
    }

    /// <summary>An engine kind name in lower-case words: <c>QuotaBonus</c> → <c>quota bonus</c>.</summary>
    internal static string Words(string kind) =>
        string.Concat(kind.Select((ch, i) => char.IsUpper(ch) && i > 0 ? " " + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    /// <summary>A signed amount with its currency and at least two decimals, never rounded: <c>+12.50 EUR</c>.</summary>
    internal static string Money(decimal amount, string currency) =>
        (amount > 0 ? "+" : string.Empty) + amount.ToString("0.00##", CultureInfo.InvariantCulture) + " " + currency;

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>At most three, then how many more: "a, b, c and 4 more".</summary>
    private static string Some(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 3 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(3))} and {(list.Count - 3).ToString(CultureInfo.InvariantCulture)} more";
    }

    private static string[] Split(string? ids) => ids is null ? [] : ids.Split('|', StringSplitOptions.RemoveEmptyEntries);

    private static LineKey Key(RunLine l) => new(l.Source, l.Kind, l.PlanKey, l.ComponentId, l.PeriodKey, l.BookingIds, l.Currency);

    private async Task<List<RunLine>> LinesAsync(long? runId, long personId, CancellationToken cancellationToken) =>
        runId is { } id
            ? await db.RunLines.AsNoTracking().Where(l => l.RunId == id && l.PersonId == personId).OrderBy(l => l.Number).ToListAsync(cancellationToken)
            : [];

    private async Task<List<RunMeasure>> MeasuresAsync(long? runId, long personId, CancellationToken cancellationToken) =>
        runId is { } id ? await db.RunMeasures.AsNoTracking().Where(m => m.RunId == id && m.PersonId == personId).ToListAsync(cancellationToken) : [];

    private async Task<List<RunPayout>> PayoutsAsync(long? runId, long personId, CancellationToken cancellationToken) =>
        runId is { } id ? await db.RunPayouts.AsNoTracking().Where(p => p.RunId == id && p.PersonId == personId).ToListAsync(cancellationToken) : [];

    private async Task<List<Adjustment>> AdjustmentsAsync(PayChangeSide side, long personId, CancellationToken cancellationToken) =>
        await db.Adjustments.AsNoTracking()
            .Where(a => a.PersonId == personId && a.PeriodKey == side.PeriodKey && a.Status == AdjustmentStatus.Approved)
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>Bookings (by external id) the change log shows inserted, changed or deleted after the earlier run read its input and before the later one did.</summary>
    private async Task<Dictionary<string, DateTime>> BookingsChangedAsync(long? fromRunId, long? toRunId, CancellationToken cancellationToken)
    {
        var since = fromRunId is { } f ? await db.CalculationRuns.AsNoTracking().Where(r => r.Id == f).Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(cancellationToken) : null;
        var until = toRunId is { } t ? await db.CalculationRuns.AsNoTracking().Where(r => r.Id == t).Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(cancellationToken) : null;
        if (since is null || until is null || until <= since)
        {
            return new Dictionary<string, DateTime>(StringComparer.Ordinal);
        }

        var entries = await db.ChangeLog.AsNoTracking()
            .Where(e => e.Entity == nameof(Booking) && e.OccurredAt > since && e.OccurredAt <= until && e.Operation != ChangeOperation.BulkInsert)
            .Select(e => new { e.EntityKey, e.OccurredAt, e.Before, e.After })
            .ToListAsync(cancellationToken);
        var ids = entries.Select(e => long.TryParse(e.EntityKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
            .Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
        var external = await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.ExternalId, cancellationToken);
        var changed = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var externalId = long.TryParse(entry.EntityKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && external.TryGetValue(id, out var e)
                ? e
                : ExternalIdIn(entry.Before) ?? ExternalIdIn(entry.After);
            if (externalId is not null && (!changed.TryGetValue(externalId, out var at) || at < entry.OccurredAt))
            {
                changed[externalId] = entry.OccurredAt;
            }
        }

        return changed;
    }

    private static string? ExternalIdIn(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty(nameof(Booking.ExternalId), out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private async Task<Dictionary<string, BookingFact>> BookingFactsAsync(List<string> externalIds, CancellationToken cancellationToken)
    {
        var ids = await db.Bookings.AsNoTracking().Where(b => externalIds.Contains(b.ExternalId)).Select(b => b.Id).ToListAsync(cancellationToken);
        var rows = await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.Id) || (b.OriginalBookingId != null && ids.Contains(b.OriginalBookingId.Value)))
            .Select(b => new { b.ExternalId, b.Kind, b.BookingDate, Original = db.Bookings.Where(o => o.Id == b.OriginalBookingId).Select(o => o.ExternalId).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ExternalId, r => new BookingFact(r.Kind, r.BookingDate, r.Original), StringComparer.Ordinal);
    }

    private sealed record LineKey(RunLineSource Source, string Kind, string PlanKey, string? ComponentId, string PeriodKey, string? BookingIds, string Currency);

    private sealed record BookingFact(BookingKind Kind, DateOnly Date, string? OriginalExternalId);

    private sealed record LineContext(
        List<RunLine> Before, List<RunLine> After, List<string> Ids, HashSet<string> FromBookings, HashSet<string> ToBookings,
        Dictionary<string, DateTime> ChangedAfter, Dictionary<string, BookingFact> Bookings, ILookup<string, string> Reversals,
        Dictionary<string, int> FromVersions, Dictionary<string, int> ToVersions, List<RunMeasure> FromMeasures, List<RunMeasure> ToMeasures)
    {
        /// <summary>Every line of the earlier run (for the bookings behind a component period's measure).</summary>
        public List<RunLine> FromLines { get; init; } = [];

        /// <summary>Every line of the later run.</summary>
        public List<RunLine> ToLines { get; init; } = [];
    }
}
