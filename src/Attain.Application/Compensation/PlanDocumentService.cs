using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Documents;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Payments;
using Attain.Engine.Periods;
using Attain.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>
/// Plan documents (docs/compensation.md, "Plan documents"): for each assignment, the published version of its plan
/// written out for the person — their quotas and target incentive, every component in plain words, payment terms, and
/// worked examples the engine computes on their own numbers — as a web page and a PDF; the person accepts it
/// electronically, recording the SHA-256 of the text they accepted.
/// </summary>
public sealed class PlanDocumentService(AttainDbContext db, OrganisationTime time, TimeProvider clock)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The documents of the viewer's own current and future assignments.</summary>
    public async Task<IReadOnlyList<PlanDocumentResponse>> MineAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.PersonId is not { } self)
        {
            return [];
        }

        var today = await time.TodayAsync(cancellationToken);
        var ids = await db.PlanAssignments.AsNoTracking()
            .Where(a => a.PersonId == self && (a.EffectiveTo == null || a.EffectiveTo >= today))
            .OrderBy(a => a.EffectiveFrom).ThenBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        var documents = new List<PlanDocumentResponse>();
        foreach (var id in ids)
        {
            if ((await DocumentAsync(Scope.Only([self]), id, cancellationToken)).Value is { } document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    /// <summary>The document of an assignment the scope can see; not found otherwise; a conflict when the plan has no published version.</summary>
    public async Task<PlanOutcome<PlanDocumentResponse>> DocumentAsync(Scope scope, long assignmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var assignment = await db.PlanAssignments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == assignmentId, cancellationToken);
        if (assignment is null || !scope.CanSee(assignment.PersonId))
        {
            return PlanOutcome.Missing<PlanDocumentResponse>();
        }

        var record = await db.Plans.AsNoTracking().Where(p => p.Key == assignment.PlanKey && p.Status == PlanStatus.Published)
            .OrderByDescending(p => p.Version).FirstOrDefaultAsync(cancellationToken);
        var plan = record is null ? null : PlanReader.Read(record.Document).Plan;
        if (record is null || plan is null)
        {
            return PlanOutcome.Conflicting<PlanDocumentResponse>("plan_not_published", $"Plan '{assignment.PlanKey}' has no valid published version.");
        }

        var person = await db.People.AsNoTracking().Where(p => p.Id == assignment.PersonId)
            .Select(p => new { p.Id, Name = p.FirstName + " " + p.LastName, p.PayCurrency }).SingleAsync(cancellationToken);
        var settings = await db.OrganisationSettings.AsNoTracking().SingleAsync(cancellationToken);
        var calendar = new FiscalCalendar(settings.FiscalYearStartMonth);
        var currency = plan.PayCurrency ?? Currency.FromCode(person.PayCurrency);
        var quotas = (await db.Quotas.AsNoTracking().Where(q => q.PersonId == assignment.PersonId && q.Currency == currency.Code).ToListAsync(cancellationToken))
            .Where(q => q.PeriodEnd >= assignment.EffectiveFrom && (assignment.EffectiveTo is not { } end || q.PeriodStart <= end))
            .OrderBy(q => q.PeriodStart).ThenBy(q => q.Period, StringComparer.Ordinal)
            .Select(q => (Period: calendar.Parse(q.Period), q.Amount))
            .ToList();
        var today = await time.TodayAsync(cancellationToken);
        var examples = Examples(calendar, plan, assignment, quotas, currency, today);
        var title = $"{record.Name} (version {record.Version.ToString(Invariant)}) for {person.Name}";
        var sections = Sections(plan, record, assignment, person.Name, currency, quotas, examples);
        var text = Text(title, sections);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var acceptance = await db.PlanAcceptances.AsNoTracking()
            .Where(a => a.AssignmentId == assignmentId && a.PlanVersion == record.Version).FirstOrDefaultAsync(cancellationToken);
        return PlanOutcome.Ok(new PlanDocumentResponse(
            assignmentId, person.Id, person.Name, record.Key, record.Version, record.Name, title, sections, examples, text, sha,
            acceptance is null ? null : new PlanAcceptanceResponse(acceptance.Id, acceptance.PlanVersion, acceptance.AcceptedAt, acceptance.AcceptedBy, acceptance.DocumentSha256, acceptance.DocumentSha256 == sha)));
    }

    /// <summary>The document as a PDF (the same text as the web page).</summary>
    public static byte[] Pdf(PlanDocumentResponse document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var report = new PdfReport(document.Title, $"Document SHA-256 {document.Sha256}");
        foreach (var section in document.Sections)
        {
            report.Heading(section.Heading);
            foreach (var paragraph in section.Paragraphs)
            {
                report.Paragraph(paragraph);
            }

            if (section.Facts.Count > 0)
            {
                report.Facts(section.Facts.Select(f => (f.Label, f.Value)));
            }

            if (section.TableHeader.Count > 0)
            {
                report.Table([.. section.TableHeader.Select((h, i) => new PdfColumn(h, 1, i == 0 ? ColumnAlignment.Left : ColumnAlignment.Right))], section.TableRows);
            }
        }

        if (document.Acceptance is { } accepted)
        {
            report.Heading("Acceptance").Paragraph($"Accepted by {accepted.AcceptedBy} on {accepted.AcceptedAt.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC.");
        }

        return report.ToBytes();
    }

    /// <summary>
    /// Records the viewer's acceptance of their own document. The hash must be the current text's (409
    /// <c>document_changed</c> otherwise); accepting the same version again returns the first acceptance.
    /// </summary>
    public async Task<PlanOutcome<PlanAcceptanceResponse>> AcceptAsync(Viewer viewer, Scope scope, long assignmentId, PlanAcceptRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await DocumentAsync(scope, assignmentId, cancellationToken);
        if (outcome.Value is not { } document)
        {
            return new PlanOutcome<PlanAcceptanceResponse>(null, outcome.Issues, outcome.NotFound, outcome.Conflict);
        }

        if (viewer.PersonId != document.PersonId)
        {
            return PlanOutcome.Conflicting<PlanAcceptanceResponse>("not_own_document", "Only the person the plan is assigned to can accept its document.");
        }

        if (document.Acceptance is { } existing)
        {
            return PlanOutcome.Ok(existing);
        }

        if (!string.Equals(request.Sha256, document.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return PlanOutcome.Conflicting<PlanAcceptanceResponse>("document_changed", "The document changed since you read it: read it again and accept the current text.");
        }

        var acceptance = new PlanAcceptance
        {
            AssignmentId = assignmentId,
            PersonId = document.PersonId,
            PlanKey = document.PlanKey,
            PlanVersion = document.PlanVersion,
            AcceptedAt = clock.GetUtcNow().UtcDateTime,
            AcceptedBy = viewer.UserName,
            DocumentSha256 = document.Sha256,
        };
        db.PlanAcceptances.Add(acceptance);
        db.ChangeContext.Reason = $"Plan document {document.PlanKey} v{document.PlanVersion.ToString(Invariant)} accepted";
        await db.SaveChangesAsync(cancellationToken);
        return PlanOutcome.Ok(new PlanAcceptanceResponse(acceptance.Id, acceptance.PlanVersion, acceptance.AcceptedAt, acceptance.AcceptedBy, acceptance.DocumentSha256, true));
    }

    /// <summary>Every current assignment (ending today or later) and whether the plan's published version is accepted; filtered by plan and by accepted or not.</summary>
    public async Task<IReadOnlyList<PlanAcceptanceStatus>> StatusAsync(string? planKey, bool? accepted, CancellationToken cancellationToken = default)
    {
        var today = await time.TodayAsync(cancellationToken);
        var published = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Published)
            .GroupBy(p => p.Key).Select(g => new { g.Key, Version = g.Max(p => p.Version) }).ToDictionaryAsync(p => p.Key, p => p.Version, cancellationToken);
        var query = db.PlanAssignments.AsNoTracking().Where(a => a.EffectiveTo == null || a.EffectiveTo >= today);
        if (planKey is not null)
        {
            query = query.Where(a => a.PlanKey == planKey);
        }

        var rows = await query.Join(db.People, a => a.PersonId, p => p.Id, (a, p) => new { a.Id, a.PersonId, Name = p.FirstName + " " + p.LastName, a.PlanKey, a.EffectiveFrom, a.EffectiveTo })
            .OrderBy(a => a.PlanKey).ThenBy(a => a.Name).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        var acceptances = (await db.PlanAcceptances.AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(a => (a.AssignmentId, a.PlanVersion));
        return [.. rows.Select(r =>
        {
            int? version = published.TryGetValue(r.PlanKey, out var v) ? v : null;
            var found = version is { } pv ? acceptances.GetValueOrDefault((r.Id, pv)) : null;
            return new PlanAcceptanceStatus(r.Id, r.PersonId, r.Name, r.PlanKey, version, r.EffectiveFrom, r.EffectiveTo, found is not null, found?.AcceptedAt, found?.AcceptedBy);
        }).Where(s => accepted is null || s.Accepted == accepted)];
    }

    /// <summary>
    /// Worked examples, every one calculated by the engine on one component of the plan alone (with the plan's payment
    /// terms) with the person's own quota and target incentive (docs/compensation.md, "Plan documents"):
    /// <list type="bullet">
    /// <item>every component paid on bookings (commission, quota bonus, and any other kind but SPIFF and MBO): the
    /// person's quota of the component's period kind for the period containing <paramref name="today"/> (or their nearest
    /// one), and one booking of 50 %, 100 % and 150 % of it (10,000, 50,000 and 100,000 without a quota) on the period's
    /// first day. The booking meets the component's filter (each condition's first value), so a filtered component
    /// shows what a qualifying booking earns; caps and gates apply as they would (the note says which).</item>
    /// <item>a SPIFF: one booking of the 100 % amount dated inside its window (today when inside, else its first day).</item>
    /// <item>an MBO component: the objectives fully met (one objective scored 100 %).</item>
    /// <item>when the plan has a hold or a draw, what is paid for the period after the payment stage
    /// (<see cref="PlanDocumentExample.Payable"/>); with a clawback, one more row per booking component: the 100 %
    /// booking cancelled on the next period's first day, and what is clawed back then.</item>
    /// </list>
    /// </summary>
    internal static List<PlanDocumentExample> Examples(
        FiscalCalendar calendar, Plan plan, PlanAssignmentRecord assignment, List<(Period Period, decimal Amount)> quotas, Currency currency, DateOnly today)
    {
        var examples = new List<PlanDocumentExample>();
        var paymentTerms = plan.Hold is not null || plan.Draw is not null;
        var onBookings = plan.Components.Where(c => c is not (SpiffComponent or MboComponent)).ToList();
        foreach (var kind in onBookings.Select(c => c.PeriodKind).Distinct().Order())
        {
            var (period, quota, incentive) = Targets(calendar, assignment, quotas, kind, today);
            foreach (var amount in Amounts(quota))
            {
                foreach (var component in onBookings.Where(c => c.PeriodKind == kind))
                {
                    var booking = ExampleBooking("example", period.Start, amount, currency, component.Filter);
                    examples.Add(Example(calendar, plan, currency, period, quota, incentive, [booking], [], component, amount, paymentTerms));
                }
            }
        }

        foreach (var spiff in plan.Components.OfType<SpiffComponent>())
        {
            var date = spiff.From <= today && today <= spiff.To ? today : spiff.From;
            var (_, quota, incentive) = Targets(calendar, assignment, quotas, spiff.PeriodKind, date);
            var period = calendar.PeriodOf(spiff.PeriodKind, date);
            var amount = Amounts(quota)[1];
            examples.Add(Example(calendar, plan, currency, period, quota, incentive, [ExampleBooking("example", date, amount, currency, spiff.Filter)], [], spiff, amount, paymentTerms));
        }

        foreach (var mbo in plan.Components.OfType<MboComponent>())
        {
            var (period, quota, incentive) = Targets(calendar, assignment, quotas, mbo.PeriodKind, today);
            var example = Example(calendar, plan, currency, period, quota, incentive, [], [new ObjectiveScore("example", mbo.Id, period.Key, "objectives", 1m, 100m)], mbo, 0m, paymentTerms);
            examples.Add(example with { AttainmentPercent = null, Note = "objectives fully met (scored 100 %)" });
        }

        if (plan.Clawback is { } clawback)
        {
            foreach (var component in onBookings.Where(c => c is not QuotaBonusComponent))
            {
                var (period, quota, incentive) = Targets(calendar, assignment, quotas, component.PeriodKind, today);
                var amount = Amounts(quota)[1];
                examples.Add(ClawbackExample(calendar, plan, currency, period, quota, incentive, component, amount, clawback));
            }
        }

        return examples;
    }

    private static (Period Period, decimal? Quota, decimal Incentive) Targets(
        FiscalCalendar calendar, PlanAssignmentRecord assignment, List<(Period Period, decimal Amount)> quotas, PeriodKind kind, DateOnly day)
    {
        var ofKind = quotas.Where(q => q.Period.Kind == kind).ToList();
        var chosen = ofKind.FirstOrDefault(q => q.Period.Start <= day && day <= q.Period.End);
        if (chosen.Period is null && ofKind.Count > 0)
        {
            chosen = ofKind.MinBy(q => Math.Abs(q.Period.Start.DayNumber - day.DayNumber));
        }

        var incentive = assignment.TargetIncentive is { } ti ? CalculationData.Scale(ti, assignment.Basis, kind) : 0m;
        return (chosen.Period ?? calendar.PeriodOf(kind, day), chosen.Period is null ? null : chosen.Amount, incentive);
    }

    private static decimal[] Amounts(decimal? quota) => quota is { } q && q > 0
        ? [decimal.Round(q * 0.5m, 0, MidpointRounding.ToEven), q, decimal.Round(q * 1.5m, 0, MidpointRounding.ToEven)]
        : [10_000m, 50_000m, 100_000m];

    /// <summary>A booking of the example participant that meets <paramref name="filter"/>: each condition's first value.</summary>
    private static Booking ExampleBooking(string id, DateOnly date, decimal amount, Currency currency, IReadOnlyList<BookingCondition> filter, string? original = null)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = original is null ? "Order" : "Cancellation" };
        var (product, family) = (string.Empty, string.Empty);
        foreach (var condition in filter.Where(c => c.Values.Count > 0))
        {
            switch (condition.Attribute)
            {
                case "product":
                    product = condition.Values[0];
                    break;
                case "family":
                    family = condition.Values[0];
                    break;
                case var a when a.StartsWith("attributes.", StringComparison.Ordinal):
                    attributes[a["attributes.".Length..]] = condition.Values[0];
                    break;
                default:
                    break;
            }
        }

        return new Booking(id, date, new Money(amount, currency), "example", product, family, attributes, new Money(amount, currency), original is null ? 1m : -1m, original);
    }

    private static CalculationInput ExampleInput(
        FiscalCalendar calendar, Plan plan, Currency currency, Period period, DateRange effective, IReadOnlyList<PeriodTarget> targets, IReadOnlyList<Booking> bookings, IReadOnlyList<ObjectiveScore> scores) =>
        new(calendar, period, [plan], [new Participant("example", currency)], [],
            [new Engine.Calculation.PlanAssignment("example", plan.Id, effective, targets)], bookings, [], new FxTable([]), CreditingPolicy.Default)
        {
            Scores = scores,
        };

    private static PlanDocumentExample Example(
        FiscalCalendar calendar, Plan plan, Currency currency, Period period, decimal? quota, decimal incentive, IReadOnlyList<Booking> bookings,
        IReadOnlyList<ObjectiveScore> scores, PlanComponent component, decimal amount, bool paymentTerms)
    {
        // The component alone: its own caps, gates, hold and draw, not the other components' pay.
        plan = plan with { Components = [component] };
        var input = ExampleInput(calendar, plan, currency, period, new DateRange(period.Start, period.End), quota is { } pq ? [new PeriodTarget(period.Key, pq, incentive)] : [new PeriodTarget(period.Key, 0m, incentive)], bookings, scores);
        var result = Calculator.Calculate(input);
        var earned = result.Measures.Where(m => m.ComponentId == component.Id && m.PeriodKey == period.Key).Sum(m => m.Earned.Amount);
        var lines = result.Earnings.Where(l => l.ComponentId == component.Id && l.PeriodKey == period.Key).ToList();
        var notes = new List<string>();
        foreach (var (kind, words) in new[] { (EarningKind.DealCap, "capped per booking"), (EarningKind.PeriodCap, "capped for the period"), (EarningKind.YearCap, "capped for the year"), (EarningKind.Guarantee, "topped up to the guarantee") })
        {
            if (lines.Any(l => l.Kind == kind && l.Amount.Amount != 0m))
            {
                notes.Add($"{words}: {Amount(lines.Where(l => l.Kind == kind).Sum(l => l.Amount.Amount))}");
            }
        }

        if (lines.Any(l => l.Kind == EarningKind.Gate && l.Amount.Amount < 0m))
        {
            notes.Add($"withheld while a gate is closed: {Amount(lines.Where(l => l.Kind == EarningKind.Gate).Sum(l => l.Amount.Amount))}");
        }

        decimal? payable = null;
        if (paymentTerms)
        {
            var payments = PaymentCalculator.Calculate(new PaymentInput(calendar, [plan], input.Participants, input.Assignments, bookings, [result]));
            payable = payments.Payouts.Where(p => p.PeriodKey == period.Key).Sum(p => p.Payable.Amount);
        }

        return new PlanDocumentExample(period.Key, amount, quota, quota is > 0 ? decimal.Round(amount / quota.Value * 100m, 1, MidpointRounding.ToEven) : null, component.Id, earned, currency.Code)
        {
            Kind = KindOf(component),
            Note = notes.Count == 0 ? null : string.Join("; ", notes),
            Payable = payable,
        };
    }

    /// <summary>The 100 % booking on the period's last day, cancelled on the next period's first day: what the next period claws back.</summary>
    private static PlanDocumentExample ClawbackExample(
        FiscalCalendar calendar, Plan plan, Currency currency, Period period, decimal? quota, decimal incentive, PlanComponent component, decimal amount, ClawbackTerms clawback)
    {
        plan = plan with { Components = [component] };
        var next = calendar.Next(period);
        var original = ExampleBooking("example", period.End, amount, currency, component.Filter);
        var cancellation = ExampleBooking("example-cancelled", next.Start, -amount, currency, component.Filter, original.Id);
        List<PeriodTarget> targets = quota is { } pq ? [new(period.Key, pq, incentive), new(next.Key, pq, incentive)] : [];
        var effective = new DateRange(period.Start, next.End);
        var first = Calculator.Calculate(ExampleInput(calendar, plan, currency, period, effective, targets, [original], []));
        var second = Calculator.Calculate(ExampleInput(calendar, plan, currency, next, effective, targets, [original, cancellation], []));
        var payments = PaymentCalculator.Calculate(new PaymentInput(calendar, [plan], [new Participant("example", currency)],
            [new Engine.Calculation.PlanAssignment("example", plan.Id, effective, targets)], [original, cancellation], [first, second]));
        var earned = first.Measures.Where(m => m.ComponentId == component.Id && m.PeriodKey == period.Key).Sum(m => m.Earned.Amount);
        var clawedBack = payments.Payouts.Where(p => p.PeriodKey == next.Key).Sum(p => p.ClawedBack.Amount);
        return new PlanDocumentExample(period.Key, amount, quota, quota is > 0 ? decimal.Round(amount / quota.Value * 100m, 1, MidpointRounding.ToEven) : null, component.Id, earned, currency.Code)
        {
            Kind = "clawback",
            Note = $"cancelled on {Day(next.Start)}, within the {clawback.WindowDays.ToString(Invariant)} days: {Amount(clawedBack)} clawed back in {next.Key}",
            ClawedBack = clawedBack,
        };
    }

    private static string KindOf(PlanComponent component) => component switch
    {
        CommissionComponent => "commission",
        QuotaBonusComponent => "quota bonus",
        SpiffComponent => "SPIFF",
        MboComponent => "objectives",
        _ => component.GetType().Name,
    };

    private static List<PlanDocumentSection> Sections(
        Plan plan, PlanRecord record, PlanAssignmentRecord assignment, string person, Currency currency,
        List<(Period Period, decimal Amount)> quotas, List<PlanDocumentExample> examples)
    {
        var sections = new List<PlanDocumentSection>
        {
            new("Your plan", [], [
                new("Participant", person),
                new("Plan", $"{record.Name} ({record.Key}, version {record.Version.ToString(Invariant)})"),
                new("Effective", $"{Day(assignment.EffectiveFrom)} to {(assignment.EffectiveTo is { } to ? Day(to) : "further notice")} (both days included)"),
                new("Paid in", currency.Code),
                new("Target incentive", assignment.TargetIncentive is { } ti ? $"{Amount(ti)} {currency.Code} per {assignment.Basis.ToString().ToLowerInvariant()}" : "none"),
            ], [], []),
            quotas.Count == 0
                ? new("Your quotas", ["You have no quota in this plan's currency yet; attainment-based parts pay once one is set."], [], [], [])
                : new("Your quotas", [], [], ["Period", "From", "To", $"Quota ({currency.Code})"],
                    [.. quotas.Select(q => (IReadOnlyList<string>)[q.Period.Key, Day(q.Period.Start), Day(q.Period.End), Amount(q.Amount)])]),
        };
        foreach (var component in plan.Components)
        {
            sections.Add(new($"Component: {component.Id}", Describe(component, currency), [], [], []));
        }

        var terms = new List<string>();
        if (plan.Clawback is { } clawback)
        {
            terms.Add($"Clawback: if a booking is cancelled within {clawback.WindowDays.ToString(Invariant)} days, what it earned is taken back from your next payout{(clawback.ReduceAttainment ? ", and the cancellation also lowers your measured attainment" : string.Empty)}.");
        }

        if (plan.Hold is { } hold)
        {
            terms.Add($"Hold: {Percent(hold.Percent)} of the earnings of qualifying bookings is held and paid when {hold.ReleaseAttribute} is recorded on the booking.");
        }

        if (plan.Draw is { } draw)
        {
            terms.Add(draw.Kind == DrawKind.Recoverable
                ? $"Draw: you are advanced up to {Amount(draw.Amount)} {currency.Code} per period when earnings fall short; the advance is recovered from later earnings above it{(draw.RecoveryLimit is { } limit ? $", at most {Amount(limit)} per period" : string.Empty)}."
                : $"Draw: your pay for a period is at least {Amount(draw.Amount)} {currency.Code}; the top-up is not recovered.");
        }

        sections.Add(new("Payment terms", terms.Count == 0 ? ["Earnings are paid for the period they are earned in; there is no clawback, hold or draw."] : terms, [], [], []));
        var payable = examples.Any(e => e.Payable is not null);
        var onBookings = examples.Where(e => e.Kind != "clawback").ToList();
        sections.Add(examples.Count == 0
            ? new("Worked examples", ["This plan has no component to show an example for."], [], [], [])
            : new("Worked examples",
                ["Calculated by the same engine that calculates your pay, on your own quota and target incentive, for one booking in the period (meeting the component's conditions) and nothing else."],
                [], [.. new[] { "Period", $"Booked ({currency.Code})", "Attainment", "Component", $"You earn ({currency.Code})" }.Concat(payable ? [$"Paid for the period ({currency.Code})"] : []).Append("Note")],
                [.. onBookings.Select(e => (IReadOnlyList<string>)[
                    e.PeriodKey, e.Kind == "objectives" ? "—" : Amount(e.Booked), e.AttainmentPercent is { } a ? a.ToString("0.0", Invariant) + " %" : e.Kind == "objectives" ? "—" : "no quota",
                    e.ComponentId, Amount(e.Earned), .. payable ? [e.Payable is { } p ? Amount(p) : "—"] : Array.Empty<string>(), e.Note ?? string.Empty])]));
        sections.Add(new("Examples in words", [.. examples.Select(Words)], [], [], []));
        return sections;
    }

    private static string Words(PlanDocumentExample e) => e.Kind switch
    {
        "objectives" => $"If your objectives for {e.PeriodKey} are fully met, {e.ComponentId} pays {Amount(e.Earned)} {e.Currency}.",
        "clawback" => $"If a booking of {Amount(e.Booked)} {e.Currency} that earned {Amount(e.Earned)} {e.Currency} in {e.PeriodKey} is {e.Note}.",
        _ => $"If you book {Amount(e.Booked)} {e.Currency} in {e.PeriodKey}{(e.Quota is { } q ? $" with a quota of {Amount(q)}" : string.Empty)}, {e.ComponentId} pays {Amount(e.Earned)} {e.Currency}"
            + (e.Note is { } note ? $" ({note})" : string.Empty)
            + (e.Payable is { } p && p != e.Earned ? $"; after the plan's hold and draw, {Amount(p)} {e.Currency} is paid for the period" : string.Empty) + ".",
    };

    /// <summary>A component in plain words.</summary>
    internal static List<string> Describe(PlanComponent component, Currency currency)
    {
        var words = new List<string>();
        var measure = component.Measure switch
        {
            MeasureKind.BookingsMargin => "the margin of your bookings",
            MeasureKind.BookingsUnits => "the units you sell",
            MeasureKind.NewLogos => "the new customers you win",
            MeasureKind.BookingAttribute or MeasureKind.BookingMoneyAttribute => $"the '{component.MeasureAttribute}' of your bookings",
            _ => "the amount of your bookings",
        };
        var period = component.PeriodKind.ToString().ToLowerInvariant();
        switch (component)
        {
            case CommissionComponent commission when commission.Table is { } table:
                words.Add($"Commission on {measure}, counted per {period}. The rate depends on {TierKeyWords(table.Key)}:");
                words.AddRange(table.Tiers.Select(t => $"from {Bound(t.From, table.Key)}{(t.To is { } to ? $" up to {Bound(to, table.Key)}" : " upwards")}: {Percent(t.Rate.ToPercent())}"));
                words.Add(table.Semantics == TierSemantics.Marginal
                    ? "Each band pays its own rate: only the part of your value inside a tier earns that tier's rate."
                    : "Retroactive: once you reach a tier, your whole value for the period earns that tier's rate (earlier bookings are trued up).");
                break;
            case CommissionComponent commission:
                words.Add($"Commission on {measure}, counted per {period}: {(commission.FlatRate is { } rate ? Percent(rate.ToPercent()) : "by rate rules")}.");
                break;
            case QuotaBonusComponent bonus:
                words.Add($"A bonus each {period}: your target incentive for the {period} times a payout percentage read from your attainment ({measure} against quota):");
                words.AddRange(bonus.Curve.Points.Select(p => $"at {Percent(p.AttainmentPercent)} attainment: {Percent(p.PayoutPercent)} payout"));
                words.Add("Between two points the payout moves in a straight line.");
                if (bonus.ThresholdPercent is { } threshold)
                {
                    words.Add($"Below {Percent(threshold)} attainment the bonus pays nothing.");
                }

                if (bonus.CapPercent is { } cap)
                {
                    words.Add($"The payout is at most {Percent(cap)} of the target incentive.");
                }

                break;
            case SpiffComponent spiff:
                words.Add($"A SPIFF from {Day(spiff.From)} to {Day(spiff.To)} on {measure}: {(spiff.Payout.Amount is { } amount ? $"{Amount(amount)} {currency.Code} per qualifying booking" : spiff.Payout.Rate is { } spiffRate ? Percent(spiffRate.ToPercent()) + " of each qualifying booking" : "by its formula")}.");
                break;
            case MboComponent mbo:
                words.Add($"Objectives each {period}: your target incentive times the weighted score your manager gives your objectives{(mbo.ScoreCapPercent is { } scoreCap ? $", the score counted up to {Percent(scoreCap)}" : string.Empty)}.");
                break;
            default:
                words.Add($"A {component.GetType().Name} on {measure} per {period}.");
                break;
        }

        if (component.Filter.Count > 0)
        {
            words.Add("Counts only bookings where " + string.Join(" and ", component.Filter.Select(f => $"{f.Attribute} is {string.Join(" or ", f.Values)}")) + ".");
        }

        if (component is CommissionComponent { PerDealCap: { } dealCap })
        {
            words.Add($"One booking earns at most {Amount(dealCap)} {currency.Code}.");
        }

        if (component.PerPeriodCap is { } periodCap)
        {
            words.Add($"The component pays at most {Amount(periodCap)} {currency.Code} per {period}.");
        }

        if (component.PerYearCap is { } yearCap)
        {
            words.Add($"The component pays at most {Amount(yearCap)} {currency.Code} per fiscal year.");
        }

        if (component.Guarantee is { } guarantee)
        {
            words.Add($"You are guaranteed at least {Amount(guarantee)} {currency.Code} per complete {period}.");
        }

        if (component.Gates.Count > 0)
        {
            words.Add("Pay is withheld until the component's gates open (for example a minimum attainment), then released.");
        }

        return words;
    }

    private static string TierKeyWords(TierKey key) => key switch
    {
        TierKey.Attainment => "your attainment (percent of quota) in the period",
        TierKey.Booking => "the size of each booking",
        _ => "your value so far in the period",
    };

    private static string Bound(decimal value, TierKey key) => key == TierKey.Attainment ? Percent(value) : Amount(value);

    private static string Text(string title, List<PlanDocumentSection> sections)
    {
        var text = new StringBuilder().Append(title).Append('\n');
        foreach (var section in sections)
        {
            text.Append('\n').Append(section.Heading).Append('\n');
            foreach (var paragraph in section.Paragraphs)
            {
                text.Append(paragraph).Append('\n');
            }

            foreach (var fact in section.Facts)
            {
                text.Append(fact.Label).Append(": ").Append(fact.Value).Append('\n');
            }

            if (section.TableHeader.Count > 0)
            {
                text.AppendJoin(" | ", section.TableHeader).Append('\n');
                foreach (var row in section.TableRows)
                {
                    text.AppendJoin(" | ", row).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", Invariant);

    private static string Amount(decimal amount) => amount.ToString("#,##0.##", Invariant);

    private static string Percent(decimal percent) => percent.ToString("0.##", Invariant) + " %";
}
