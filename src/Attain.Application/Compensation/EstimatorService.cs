using System.Collections.Concurrent;
using System.Globalization;
using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Opportunities;
using Attain.Application.Segmentation;
using Attain.Engine.Calculation;
using Attain.Engine.Monetary;
using Attain.Engine.Payments;
using Attain.Engine.Periods;
using Microsoft.EntityFrameworkCore;
using EngineBooking = Attain.Engine.Crediting.Booking;

namespace Attain.Application.Compensation;

/// <summary>
/// The loaded inputs the estimator reuses: per fiscal year, the store's calculation input (kept while the store's
/// stamp — change log, bookings, quotas, FX rates, plans, assignments, reporting lines — is unchanged), and per person
/// the input narrowed to them with its baseline result. One per app.
/// </summary>
public sealed class EstimatorCache
{
    private readonly ConcurrentDictionary<string, Year> years = new(StringComparer.Ordinal);

    internal sealed record Year(string Stamp, CompensationInput Input, ConcurrentDictionary<string, Baseline> People);

    internal sealed record Baseline(CalculationInput Input, CalculationResult Result);

    internal Year? Find(string key, string stamp) => years.TryGetValue(key, out var year) && year.Stamp == stamp ? year : null;

    internal void Keep(string key, Year year)
    {
        // A handful of fiscal years per store is all an estimate asks for; drop everything rather than grow without bound.
        if (years.Count > 16)
        {
            years.Clear();
        }

        years[key] = year;
    }
}

/// <summary>
/// The rep estimator (docs/compensation.md, "Estimator"): adds picked open opportunities and hypothetical deals as
/// bookings of the person and calculates their real plan with the engine on the store's data, returning each affected
/// component period before and after. Only the person's own assignments and the bookings that can credit them (theirs
/// and their reports') are calculated, which gives the same measures and earnings as a full calculation.
/// </summary>
public sealed class EstimatorService(AttainDbContext db, EstimatorCache cache, OrganisationTime time)
{
    /// <summary>At most this many deals (opportunities and hypothetical deals together) per estimate.</summary>
    public const int MaxDeals = 50;

    /// <summary>The open opportunities of a person the viewer may see, or null when the person is outside the scope.</summary>
    public async Task<IReadOnlyList<EstimateOpportunity>?> OpenOpportunitiesAsync(Scope scope, long personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.CanSee(personId))
        {
            return null;
        }

        return await db.Opportunities.AsNoTracking()
            .Where(o => o.OwnerId == personId && o.Status == OpportunityStatus.Open)
            .OrderBy(o => o.CloseDate).ThenBy(o => o.Id)
            .Join(db.Accounts, o => o.AccountId, a => a.Id, (o, a) => new EstimateOpportunity(o.Id, o.Name, a.Name, o.Amount, o.Currency, o.CloseDate, o.Stage))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Estimates the person's pay with the deals added. Not found when the person is outside the viewer's scope (a rep
    /// may estimate only for themself, a manager for their subtree); problems name the field at fault.
    /// </summary>
    public async Task<PlanOutcome<EstimateResponse>> EstimateAsync(Viewer viewer, Scope scope, EstimateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        if ((request.PersonId ?? viewer.PersonId) is not { } personId)
        {
            return PlanOutcome.Invalid<EstimateResponse>(new QueryIssue("required", "personId", "Your account is not linked to a person: name the person to estimate for."));
        }

        if (!scope.CanSee(personId) || await db.People.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.ExternalId, Name = p.FirstName + " " + p.LastName }).FirstOrDefaultAsync(cancellationToken) is not { } person)
        {
            return PlanOutcome.Missing<EstimateResponse>();
        }

        var issues = new List<QueryIssue>();
        var today = await time.TodayAsync(cancellationToken);
        var deals = await DealsAsync(personId, person.ExternalId, request, today, issues, cancellationToken);
        if (issues.Count > 0)
        {
            return PlanOutcome.Invalid<EstimateResponse>([.. issues]);
        }

        var settings = await db.OrganisationSettings.AsNoTracking().SingleAsync(cancellationToken);
        var calendar = new FiscalCalendar(settings.FiscalYearStartMonth);
        var components = new List<EstimateComponent>();
        var described = new List<EstimateDeal>();
        var payments = new List<EstimatePayment>();
        var stamp = await StampAsync(cancellationToken);
        foreach (var year in deals.GroupBy(d => calendar.YearOf(d.Booking.Date)).OrderBy(g => g.Key.Start))
        {
            var problems = new List<CompensationProblem>();
            var baseline = await BaselineAsync(year.Key, stamp, person.ExternalId, problems, cancellationToken);
            if (baseline is null)
            {
                return PlanOutcome.Invalid<EstimateResponse>([.. problems.Select(p => new QueryIssue(p.Code, p.Where, p.Message))]);
            }

            var withInput = baseline.Input with { Bookings = [.. baseline.Input.Bookings, .. year.Select(d => d.Booking)] };
            var with = Calculator.Calculate(withInput);
            components.AddRange(Compare(calendar, person.ExternalId, baseline.Result, with, [.. year.Select(d => d.Booking.Date)]));
            payments.AddRange(Payments(calendar, year.Key, person.ExternalId, baseline.Input, baseline.Result, withInput, with));
            described.AddRange(year.Select(d => new EstimateDeal(
                d.Booking.Id, d.Description, d.Booking.Date, d.Booking.Amount.Amount, d.Booking.Amount.Currency.Code, calendar.MonthOf(d.Booking.Date).Key)));
        }

        var totals = components.GroupBy(c => c.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new EstimateTotal(g.Key, g.Sum(c => c.EarnedBefore), g.Sum(c => c.EarnedAfter), g.Sum(c => c.Extra)))
            .ToList();
        return PlanOutcome.Ok(new EstimateResponse(personId, person.Name, described, components, totals) { Payments = payments });
    }

    private sealed record Deal(EngineBooking Booking, string Description);

    private async Task<List<Deal>> DealsAsync(
        long personId, string participant, EstimateRequest request, DateOnly today, List<QueryIssue> issues, CancellationToken cancellationToken)
    {
        var opportunityIds = request.OpportunityIds ?? [];
        var typed = request.Deals ?? [];
        if (opportunityIds.Count + typed.Count == 0)
        {
            issues.Add(new QueryIssue("required", "deals", "Pick at least one open opportunity or type a deal."));
            return [];
        }

        if (opportunityIds.Count + typed.Count > MaxDeals)
        {
            issues.Add(new QueryIssue("too_many", "deals", string.Create(CultureInfo.InvariantCulture, $"At most {MaxDeals} deals per estimate.")));
            return [];
        }

        var deals = new List<Deal>();
        var opportunities = await db.Opportunities.AsNoTracking().Where(o => opportunityIds.Contains(o.Id))
            .Join(db.Accounts, o => o.AccountId, a => a.Id, (o, a) => new { o.Id, o.ExternalId, o.Name, o.OwnerId, o.Status, o.Amount, o.Currency, o.CloseDate, o.AccountId, Account = a.ExternalId })
            .ToDictionaryAsync(o => o.Id, cancellationToken);
        var segments = await SegmentationService.RuleAttributesAsync(db, [.. opportunities.Values.Select(o => o.AccountId).Distinct()], cancellationToken);
        for (var i = 0; i < opportunityIds.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"opportunityIds[{i}]");
            if (!opportunities.TryGetValue(opportunityIds[i], out var o) || o.OwnerId != personId)
            {
                issues.Add(new QueryIssue("unknown_reference", path, string.Create(CultureInfo.InvariantCulture, $"No opportunity {opportunityIds[i]} owned by this person.")));
                continue;
            }

            if (o.Status != OpportunityStatus.Open || o.Amount is not > 0)
            {
                issues.Add(new QueryIssue("invalid_value", path, $"Opportunity '{o.Name}' is not open with an amount."));
                continue;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kind"] = nameof(Bookings.BookingKind.Order),
                ["account"] = o.Account,
                ["opportunity"] = o.ExternalId,
            };
            foreach (var (key, value) in segments.GetValueOrDefault(o.AccountId) ?? new Dictionary<string, string>())
            {
                attributes[key] = value;
            }

            var date = o.CloseDate < today ? today : o.CloseDate;
            var booking = new EngineBooking(
                string.Create(CultureInfo.InvariantCulture, $"estimate:opportunity:{o.ExternalId}"), date, new Money(o.Amount.Value, Currency.FromCode(o.Currency)),
                participant, string.Empty, string.Empty, attributes, null, 1m, null);
            deals.Add(new Deal(booking, o.Name));
        }

        var productKeys = typed.Select(d => d.Product).OfType<string>().Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productKeys.Contains(p.ExternalId))
            .Select(p => new { p.ExternalId, Family = db.ProductFamilies.Where(f => f.Id == p.FamilyId).Select(f => f.ExternalId).FirstOrDefault() })
            .ToDictionaryAsync(p => p.ExternalId, p => p.Family ?? string.Empty, cancellationToken);
        for (var i = 0; i < typed.Count; i++)
        {
            var deal = typed[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"deals[{i}]");
            var before = issues.Count;
            if (deal.Amount <= 0)
            {
                issues.Add(new QueryIssue("invalid_value", path + ".amount", "The amount must be above zero."));
            }

            if (!Currency.TryFromCode(deal.Currency, out _))
            {
                issues.Add(new QueryIssue("unknown_reference", path + ".currency", $"Unknown currency '{deal.Currency}'."));
            }

            if (deal.Product is { } product && !products.ContainsKey(product))
            {
                issues.Add(new QueryIssue("unknown_reference", path + ".product", $"No product '{product}'."));
            }

            if (issues.Count > before)
            {
                continue;
            }

            var booking = new EngineBooking(
                string.Create(CultureInfo.InvariantCulture, $"estimate:deal:{i + 1}"), deal.Date, new Money(deal.Amount, Currency.FromCode(deal.Currency!)),
                participant, deal.Product ?? string.Empty, deal.Product is { } p ? products[p] : string.Empty,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = nameof(Bookings.BookingKind.Order) }, null, 1m, null);
            deals.Add(new Deal(booking, string.Create(CultureInfo.InvariantCulture, $"Deal {i + 1}{(deal.Product is null ? string.Empty : " (" + deal.Product + ")")}")));
        }

        return deals;
    }

    /// <summary>What the cached inputs depend on: any saved change, booking, quota, FX rate, plan, assignment or reporting line.</summary>
    private async Task<string> StampAsync(CancellationToken cancellationToken)
    {
        var s = await db.OrganisationSettings.AsNoTracking().Select(_ => new
        {
            Changes = db.ChangeLog.Max(c => (long?)c.Id),
            Bookings = db.Bookings.Count(),
            LastBooking = db.Bookings.Max(b => (long?)b.Id),
            Quotas = db.Quotas.Count(),
            Fx = db.FxRates.Count(),
            Plans = db.Plans.Max(p => (long?)p.Id),
            Assignments = db.PlanAssignments.Count(),
            Lines = db.ReportingLines.Count(),
        }).SingleAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"{db.Database.GetConnectionString()}|{s.Changes}|{s.Bookings}|{s.LastBooking}|{s.Quotas}|{s.Fx}|{s.Plans}|{s.Assignments}|{s.Lines}");
    }

    private async Task<EstimatorCache.Baseline?> BaselineAsync(Period year, string stamp, string participant, List<CompensationProblem> problems, CancellationToken cancellationToken)
    {
        var key = db.Database.GetConnectionString() + "|" + year.Key;
        var entry = cache.Find(key, stamp);
        if (entry is null)
        {
            var loaded = await CompensationInputs.LoadAsync(db, year.Key, problems, cancellationToken: cancellationToken);
            if (loaded is null)
            {
                return null;
            }

            entry = new EstimatorCache.Year(stamp, loaded, new ConcurrentDictionary<string, EstimatorCache.Baseline>(StringComparer.Ordinal));
            cache.Keep(key, entry);
        }

        if (!entry.Input.Assignments.Any(a => a.ParticipantId == participant))
        {
            problems.Add(new CompensationProblem("no_assignment", "personId", $"The person has no plan assignment in {year.Key}."));
            return null;
        }

        return entry.People.GetOrAdd(participant, p => Narrow(entry.Input.Input, p));
    }

    /// <summary>The input with only <paramref name="participant"/>'s assignments and the bookings that can credit them.</summary>
    internal static EstimatorCache.Baseline Narrow(CalculationInput input, string participant)
    {
        // Credit reaches a participant from their own bookings and, by roll-up, from those of anyone below them on any
        // reporting line of the year (a superset of the lines in force on each booking's date is harmless).
        var reports = input.Hierarchy.ToLookup(l => l.ManagerId, l => l.PersonId, StringComparer.Ordinal);
        var owners = new HashSet<string>(StringComparer.Ordinal) { participant };
        var queue = new Queue<string>([participant]);
        while (queue.TryDequeue(out var manager))
        {
            foreach (var person in reports[manager])
            {
                if (owners.Add(person))
                {
                    queue.Enqueue(person);
                }
            }
        }

        var kept = input.Bookings.Where(b => owners.Contains(b.OwnerId)).Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var originals = input.Bookings.Where(b => kept.Contains(b.Id) && b.OriginalBookingId is not null).Select(b => b.OriginalBookingId!).ToHashSet(StringComparer.Ordinal);
        var bookings = input.Bookings
            .Where(b => kept.Contains(b.Id) || originals.Contains(b.Id) || (b.OriginalBookingId is { } o && (kept.Contains(o) || originals.Contains(o))))
            .ToList();
        var narrowed = input with { Assignments = [.. input.Assignments.Where(a => a.ParticipantId == participant)], Bookings = bookings };
        return new EstimatorCache.Baseline(narrowed, Calculator.Calculate(narrowed));
    }

    private static IEnumerable<EstimateComponent> Compare(FiscalCalendar calendar, string participant, CalculationResult before, CalculationResult after, List<DateOnly> dates)
    {
        var old = before.Measures.Where(m => m.ParticipantId == participant).ToDictionary(m => (m.PlanId, m.ComponentId, m.PeriodKey, m.From));
        var oldTiers = Tiers(before, participant);
        var newTiers = Tiers(after, participant);
        foreach (var m in after.Measures.Where(m => m.ParticipantId == participant))
        {
            var was = old.GetValueOrDefault((m.PlanId, m.ComponentId, m.PeriodKey, m.From));
            var period = calendar.Parse(m.PeriodKey);
            var touched = dates.Any(d => d >= m.From && d <= period.End);
            if (!touched && was is not null && was.Value == m.Value && was.Earned == m.Earned)
            {
                continue;
            }

            var key = (m.PlanId, m.ComponentId, m.PeriodKey);
            var earnedBefore = was?.Earned.Amount ?? 0m;
            yield return new EstimateComponent(
                m.PlanId, m.ComponentId, m.PeriodKey, m.Quota,
                was?.Value ?? 0m, m.Value, was?.AttainmentPercent, m.AttainmentPercent,
                oldTiers.TryGetValue(key, out var tb) ? tb : null, newTiers.TryGetValue(key, out var ta) ? ta : null,
                earnedBefore, m.Earned.Amount, m.Earned.Amount - earnedBefore, m.Earned.Currency.Code);
        }
    }

    /// <summary>
    /// When the participant's plans have payment terms: the year's earnings and payable per currency without and with the
    /// deals, the payment stage run over the year's months (each month's earning lines) as runs do.
    /// </summary>
    private static IEnumerable<EstimatePayment> Payments(
        FiscalCalendar calendar, Period year, string participant, CalculationInput before, CalculationResult beforeResult, CalculationInput after, CalculationResult afterResult)
    {
        var planIds = before.Assignments.Where(a => a.ParticipantId == participant).Select(a => a.PlanId).ToHashSet(StringComparer.Ordinal);
        if (!before.Plans.Any(p => planIds.Contains(p.Id) && (p.Clawback is not null || p.Hold is not null || p.Draw is not null)))
        {
            return [];
        }

        var months = CalculationRunService.PaymentPeriods(calendar, calendar.MonthOf(year.End));
        List<Payout> Payouts(CalculationInput input, CalculationResult result)
        {
            var sliced = months.Select(m => result with { PeriodKey = m.Key, Earnings = Calculator.LinesDatedIn(result.Earnings, m.Range) }).ToList();
            return [.. PaymentCalculator.Calculate(new PaymentInput(calendar, input.Plans, input.Participants, input.Assignments, input.Bookings, sliced))
                .Payouts.Where(p => p.ParticipantId == participant)];
        }

        var was = Payouts(before, beforeResult);
        var now = Payouts(after, afterResult);
        return was.Concat(now).Select(p => p.Payable.Currency.Code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(c =>
        {
            decimal Sum(List<Payout> payouts, Func<Payout, Money> field) => payouts.Where(p => p.Payable.Currency.Code == c).Sum(p => field(p).Amount);
            var (earnedBefore, earnedAfter) = (Sum(was, p => p.Earned), Sum(now, p => p.Earned));
            var (payableBefore, payableAfter) = (Sum(was, p => p.Payable), Sum(now, p => p.Payable));
            return new EstimatePayment(year.Key, c, earnedBefore, earnedAfter, payableBefore, payableAfter, earnedAfter - earnedBefore, payableAfter - payableBefore);
        });
    }

    private static Dictionary<(string, string, string), int> Tiers(CalculationResult result, string participant) =>
        result.Earnings.Where(l => l.ParticipantId == participant && l.TierIndex is not null)
            .GroupBy(l => (l.PlanId, l.ComponentId, l.PeriodKey))
            .ToDictionary(g => g.Key, g => g.Max(l => l.TierIndex!.Value));
}
