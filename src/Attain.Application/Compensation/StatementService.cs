using Attain.Application.Access;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Engine.Periods;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>
/// Statements (docs/compensation.md, "Statements"): a participant's pay for a period, read from the period's published
/// run, in plain words, with every line open to the bookings, credits, tier, rate and rule behind it. A rep reads only
/// their own, a manager their reporting subtree, the compensation office everyone (<see cref="ScopeResolver"/>); only
/// admins, comp admins and finance may read a run other than the published one.
/// </summary>
public sealed class StatementService(AttainDbContext db)
{
    private static readonly HashSet<string> CompensationOffice = [Roles.Admin, Roles.CompAdmin, Roles.Finance];

    /// <summary>The statement of <paramref name="personExternalId"/> (default: the viewer) for <paramref name="periodKey"/>.</summary>
    /// <param name="runId">A run of the period to read instead of the published one (compensation office only).</param>
    public async Task<StatementAnswer<Statement>> GetAsync(
        Viewer viewer, Scope scope, string periodKey, string? personExternalId, long? runId = null, CancellationToken cancellationToken = default)
    {
        var context = await ResolveAsync(viewer, scope, periodKey, personExternalId, runId, cancellationToken);
        if (context.Failure is { } failure)
        {
            return StatementAnswer.Fail<Statement>(failure.Failure, failure.Message);
        }

        return StatementAnswer.Of(await BuildAsync(context, cancellationToken));
    }

    /// <summary>Line <paramref name="number"/> of the statement, opened to the bookings, credits, tier, rate and rule behind it.</summary>
    public async Task<StatementAnswer<StatementLineDetail>> GetLineAsync(
        Viewer viewer, Scope scope, string periodKey, int number, string? personExternalId, long? runId = null, CancellationToken cancellationToken = default)
    {
        var context = await ResolveAsync(viewer, scope, periodKey, personExternalId, runId, cancellationToken);
        if (context.Failure is { } failure)
        {
            return StatementAnswer.Fail<StatementLineDetail>(failure.Failure, failure.Message);
        }

        var line = await db.RunLines.AsNoTracking()
            .SingleOrDefaultAsync(l => l.RunId == context.Run!.Id && l.PersonId == context.Person!.Id && l.Number == number, cancellationToken);
        if (line is null)
        {
            return StatementAnswer.Fail<StatementLineDetail>(StatementFailure.NotFound, $"The statement has no line {number}.");
        }

        var bookings = await BookingsAsync(StatementWords.SplitIds(line.BookingIds), cancellationToken);
        var cancellations = line.Kind == "Clawback" ? await CancellationsAsync(StatementWords.SplitIds(line.BookingIds), context.Period!.End, cancellationToken) : [];
        var person = context.Person!;
        return StatementAnswer.Of(new StatementLineDetail(
            ToLine(line, bookings), person.ExternalId, person.DisplayName, context.Run!.Id,
            [.. StatementWords.SplitIds(line.BookingIds).Where(bookings.ContainsKey).Select(id => bookings[id])],
            StatementWords.SplitIds(line.CreditIds), line.CreditValue, line.MeasureBefore, line.MeasureAfter, line.Quota,
            StatementWords.TierText(line), line.FxQuote, line.Rule, line.Rounding, cancellations));
    }

    /// <summary>The periods with a published run, latest first (the statement page's period picker).</summary>
    public async Task<IReadOnlyList<string>> PublishedPeriodsAsync(CancellationToken cancellationToken = default)
    {
        var keys = await db.CompensationPeriods.AsNoTracking().Where(p => p.PublishedRunId != null).Select(p => p.PeriodKey).ToListAsync(cancellationToken);
        return [.. keys.OrderDescending(StringComparer.Ordinal)];
    }

    /// <summary>The people in <paramref name="scope"/> with results in the period's published run, by name (the person picker).</summary>
    public async Task<IReadOnlyList<(string ExternalId, string Name)>> ParticipantsAsync(Scope scope, string periodKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var run = await db.CompensationPeriods.AsNoTracking().Where(p => p.PeriodKey == periodKey).Select(p => p.PublishedRunId).SingleOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return [];
        }

        var ids = await db.RunPayouts.AsNoTracking().Where(p => p.RunId == run).Select(p => p.PersonId).Distinct().ToListAsync(cancellationToken);
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).VisibleTo(scope, p => (long?)p.Id)
            .Select(p => new { p.ExternalId, p.FirstName, p.LastName }).ToListAsync(cancellationToken);
        return [.. people.Select(p => (p.ExternalId, $"{p.FirstName} {p.LastName}")).OrderBy(p => p.Item2, StringComparer.Ordinal)];
    }

    private sealed record Failed(StatementFailure Failure, string Message);

    private sealed record Context(Person? Person, CalculationRun? Run, Period? Period, FiscalCalendar? Calendar, Failed? Failure)
    {
        public static Context Fail(StatementFailure failure, string message) => new(null, null, null, null, new Failed(failure, message));
    }

    private async Task<Context> ResolveAsync(Viewer viewer, Scope scope, string periodKey, string? personExternalId, long? runId, CancellationToken cancellationToken)
    {
        // Without organisation settings yet, the fiscal year is the calendar year (the settings' default).
        var firstMonth = await db.OrganisationSettings.AsNoTracking().Select(s => (int?)s.FiscalYearStartMonth).SingleOrDefaultAsync(cancellationToken) ?? 1;
        var calendar = new FiscalCalendar(firstMonth);
        if (!calendar.TryParse(periodKey, out var period))
        {
            return Context.Fail(StatementFailure.InvalidPeriod, $"'{periodKey}' is not a fiscal period key such as FY2026, FY2026-Q1 or FY2026-M03.");
        }

        Person? person;
        if (string.IsNullOrWhiteSpace(personExternalId))
        {
            if (viewer.PersonId is not { } self)
            {
                return Context.Fail(StatementFailure.NoPerson, "You are not linked to a person: name the person whose statement you want.");
            }

            person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == self, cancellationToken);
        }
        else
        {
            person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.ExternalId == personExternalId, cancellationToken);
        }

        // A person outside the viewer's scope reads exactly like one that does not exist.
        if (person is null || !scope.CanSee(person.Id))
        {
            return Context.Fail(StatementFailure.NotFound, $"No person '{personExternalId}'.");
        }

        CalculationRun? run;
        if (runId is { } id)
        {
            if (!viewer.Roles.Overlaps(CompensationOffice))
            {
                return Context.Fail(StatementFailure.Forbidden, "Only admins, comp admins and finance may read a run other than the published one.");
            }

            run = await db.CalculationRuns.AsNoTracking().SingleOrDefaultAsync(
                r => r.Id == id && r.PeriodKey == period.Key && r.Status != RunStatus.Running && r.Status != RunStatus.Failed, cancellationToken);
            if (run is null)
            {
                return Context.Fail(StatementFailure.NotFound, $"No complete run {id} of {period.Key}.");
            }
        }
        else
        {
            var published = await db.CompensationPeriods.AsNoTracking().Where(p => p.PeriodKey == period.Key).Select(p => p.PublishedRunId).SingleOrDefaultAsync(cancellationToken);
            run = published is { } pid ? await db.CalculationRuns.AsNoTracking().SingleAsync(r => r.Id == pid, cancellationToken) : null;
            if (run is null)
            {
                return Context.Fail(StatementFailure.NotPublished, $"{period.Key} has no published results yet.");
            }
        }

        return new Context(person, run, period, calendar, null);
    }

    private async Task<Statement> BuildAsync(Context context, CancellationToken cancellationToken)
    {
        var person = context.Person!;
        var run = context.Run!;
        var period = context.Period!;
        var rows = await db.RunLines.AsNoTracking().Where(l => l.RunId == run.Id && l.PersonId == person.Id).OrderBy(l => l.Number).ToListAsync(cancellationToken);
        var payouts = await db.RunPayouts.AsNoTracking().Where(p => p.RunId == run.Id && p.PersonId == person.Id).OrderBy(p => p.PlanKey).ToListAsync(cancellationToken);
        var measures = await db.RunMeasures.AsNoTracking().Where(m => m.RunId == run.Id && m.PersonId == person.Id)
            .OrderBy(m => m.PlanKey).ThenBy(m => m.ComponentId).ThenBy(m => m.PeriodKey).ToListAsync(cancellationToken);
        var adjustments = await db.Adjustments.AsNoTracking()
            .Where(a => a.PersonId == person.Id && a.PeriodKey == period.Key && a.Status == AdjustmentStatus.Approved)
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var bookings = await BookingsAsync(rows.SelectMany(l => StatementWords.SplitIds(l.BookingIds)).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);

        var planKeys = rows.Select(l => (l.PlanKey, l.PlanVersion)).Concat(payouts.Select(p => (p.PlanKey, 0))).Select(p => p.PlanKey).Distinct(StringComparer.Ordinal).ToList();
        var versions = rows.GroupBy(l => l.PlanKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(l => l.PlanVersion), StringComparer.Ordinal);
        var planNames = await db.Plans.AsNoTracking().Where(p => planKeys.Contains(p.Key)).Select(p => new { p.Key, p.Version, p.Name }).ToListAsync(cancellationToken);
        var plans = planKeys.Order(StringComparer.Ordinal).Select(key =>
        {
            var version = versions.GetValueOrDefault(key);
            var name = planNames.Where(p => p.Key == key).OrderByDescending(p => p.Version == version).ThenByDescending(p => p.Version).Select(p => p.Name).FirstOrDefault() ?? key;
            return new StatementPlan(key, version, name);
        }).ToList();

        var currency = payouts.FirstOrDefault()?.Currency ?? rows.FirstOrDefault()?.Currency ?? person.PayCurrency;
        var lines = rows.Select(l => ToLine(l, bookings)).ToList();

        // One set of totals per currency, the first plan's currency first: amounts in two currencies are never added.
        var currencies = new[] { currency }.Concat(rows.Select(l => l.Currency)).Concat(payouts.Select(p => p.Currency)).Concat(adjustments.Select(a => a.Currency))
            .Distinct(StringComparer.Ordinal).OrderBy(c => c != currency).ThenBy(c => c, StringComparer.Ordinal).ToList();
        var totals = currencies.Select(c =>
        {
            var earned = rows.Where(l => l.Currency == c && l.Source == RunLineSource.Earning).Sum(l => l.Amount);
            var payment = rows.Where(l => l.Currency == c && l.Source == RunLineSource.Payment).Sum(l => l.Amount);
            var adjusted = adjustments.Where(a => a.Currency == c).Sum(a => a.Amount);
            var inCurrency = payouts.Where(p => p.Currency == c).ToList();
            return new StatementTotals(earned, payment, earned + payment, adjusted, earned + payment + adjusted,
                inCurrency.Sum(p => p.BalanceAfter), inCurrency.Sum(p => p.HeldAfter), c);
        }).ToList();

        var components = rows
            .GroupBy(l => (l.Source, l.PlanKey, Component: l.Source == RunLineSource.Earning ? l.ComponentId : null, Kind: l.Source == RunLineSource.Payment ? l.Kind : null, l.Currency))
            .OrderBy(g => g.Key.Source).ThenBy(g => g.Key.PlanKey, StringComparer.Ordinal).ThenBy(g => g.Min(l => l.Number))
            .Select(g =>
            {
                var group = g.Key.Source == RunLineSource.Earning ? StatementGroup.Earnings : StatementGroup.Payments;
                return new StatementComponent(group, g.Key.PlanKey, g.Key.Component, g.Key.Kind, StatementWords.GroupName(group, g.Key.Component, g.Key.Kind), g.Count(), g.Sum(l => l.Amount), g.Key.Currency);
            })
            .ToList();

        var attainment = measures.Select(m => new StatementAttainment(m.PlanKey, m.ComponentId, m.PeriodKey, m.From, m.To, m.Value, m.Quota, m.AttainmentPercent, m.TargetIncentive, m.Earned, m.Currency)).ToList();
        var adjustmentRows = adjustments.Select(a => new StatementAdjustment(a.Id, a.Kind, a.ComponentId, a.Reason, a.RequestedBy, a.DecidedBy, a.DecidedAt, a.SourcePeriodKey, a.Amount, a.Currency)).ToList();
        var yearToDate = await YearToDateAsync(context, totals, cancellationToken);
        var header = new StatementHeader(person.Id, person.ExternalId, person.DisplayName, period.Key, period.Start, period.End, plans, currency,
            run.Id, run.Number, run.ApprovalStatus == ApprovalStatus.Approved, run.ApprovalStatus == ApprovalStatus.Approved ? "final" : "provisional", run.PublishedAt);
        return new Statement(header, totals, components, attainment, lines, adjustmentRows, yearToDate);
    }

    private async Task<StatementYearToDate> YearToDateAsync(Context context, IReadOnlyList<StatementTotals> totals, CancellationToken cancellationToken)
    {
        var calendar = context.Calendar!;
        var period = context.Period!;
        var personId = context.Person!.Id;
        var periods = CalculationRunService.PaymentPeriods(calendar, period).Select(p => p.Key).ToList();
        var earlier = periods.Where(k => k != period.Key).ToList();
        var runIds = await db.CompensationPeriods.AsNoTracking()
            .Where(p => earlier.Contains(p.PeriodKey) && p.PublishedRunId != null)
            .Select(p => p.PublishedRunId!.Value).ToListAsync(cancellationToken);
        var earlierPayable = await db.RunPayouts.AsNoTracking().Where(p => runIds.Contains(p.RunId) && p.PersonId == personId)
            .Select(p => new { p.Currency, p.Payable }).ToListAsync(cancellationToken);
        var earlierAdjustments = await db.Adjustments.AsNoTracking()
            .Where(a => a.PersonId == personId && earlier.Contains(a.PeriodKey) && a.Status == AdjustmentStatus.Approved)
            .Select(a => new { a.Currency, a.Amount }).ToListAsync(cancellationToken);
        var currencies = totals.Select(t => t.Currency).Concat(earlierPayable.Select(p => p.Currency)).Concat(earlierAdjustments.Select(a => a.Currency))
            .Distinct(StringComparer.Ordinal).ToList();
        var yearToDate = currencies.Select(c =>
        {
            var now = totals.FirstOrDefault(t => t.Currency == c);
            var payable = earlierPayable.Where(p => p.Currency == c).Sum(p => p.Payable) + (now?.Payable ?? 0m);
            var adjustments = earlierAdjustments.Where(a => a.Currency == c).Sum(a => a.Amount) + (now?.Adjustments ?? 0m);
            return new StatementYearToDateTotal(payable, adjustments, payable + adjustments, c);
        }).ToList();
        return new StatementYearToDate(calendar.YearOf(period.Start).Key, periods, yearToDate);
    }

    private static StatementLine ToLine(RunLine l, IReadOnlyDictionary<string, StatementBooking> bookings) => new(
        l.Number,
        l.Source == RunLineSource.Earning ? StatementGroup.Earnings : StatementGroup.Payments,
        l.Kind,
        l.PlanKey,
        l.ComponentId,
        l.PeriodKey,
        l.Date,
        StatementWords.Describe(l, bookings),
        StatementWords.SplitIds(l.BookingIds),
        l.TierIndex is { } t ? t + 1 : null,
        l.Rate,
        l.Base,
        l.AttainmentPercent,
        l.Amount,
        l.Currency);

    private async Task<Dictionary<string, StatementBooking>> BookingsAsync(List<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<string, StatementBooking>(StringComparer.Ordinal);
        }

        var found = await (
            from b in db.Bookings.AsNoTracking().Where(b => ids.Contains(b.ExternalId))
            join a in db.Accounts.AsNoTracking() on b.AccountId equals a.Id into accounts
            from a in accounts.DefaultIfEmpty()
            join p in db.Products.AsNoTracking() on b.ProductId equals p.Id into products
            from p in products.DefaultIfEmpty()
            select new StatementBooking(b.ExternalId, b.Kind.ToString(), b.BookingDate, a == null ? null : a.Name, p == null ? null : p.Name, b.Amount, b.Currency))
            .ToListAsync(cancellationToken);
        return found.ToDictionary(b => b.ExternalId, StringComparer.Ordinal);
    }

    private async Task<List<StatementBooking>> CancellationsAsync(List<string> originals, DateOnly until, CancellationToken cancellationToken)
    {
        var ids = await db.Bookings.AsNoTracking().Where(b => originals.Contains(b.ExternalId)).Select(b => b.Id).ToListAsync(cancellationToken);
        var external = await db.Bookings.AsNoTracking()
            .Where(b => b.OriginalBookingId != null && ids.Contains(b.OriginalBookingId.Value) && b.BookingDate <= until)
            .OrderBy(b => b.BookingDate).Select(b => b.ExternalId).ToListAsync(cancellationToken);
        var found = await BookingsAsync(external, cancellationToken);
        return [.. external.Where(found.ContainsKey).Select(id => found[id])];
    }
}
