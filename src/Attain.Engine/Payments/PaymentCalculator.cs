using System.Globalization;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Payments;

/// <summary>
/// The payment stage: turns the earnings of consecutive periods into payouts, applying each plan's clawback, hold and
/// draw terms, and carrying draw balances and held amounts from period to period. Pure and deterministic.
/// </summary>
/// <remarks>
/// Per participant, plan and period, in this order (docs/plans.md, "Payments"):
/// <list type="number">
/// <item>the period's earning lines;</item>
/// <item>clawbacks: each cancellation dated in the period and inside its plan's window reverses, line by line, the share
/// of its original credit's earning lines that it cancels;</item>
/// <item>holds: the hold percentage of each matching booking's earnings (and clawbacks) of the period is held, and held
/// amounts whose booking's release date is on or before the period's end are released;</item>
/// <item>the draw: net earnings below the draw are topped up (advance or guarantee), net earnings below zero are carried
/// as a deficit, and net earnings above the draw recover the outstanding balance, up to the recovery limit.</item>
/// </list>
/// Every amount is whole minor units of the pay currency; the only rounding is of clawback shares, hold percentages and
/// draw amounts, each with the plan's rounding mode.
/// <para>
/// The stage does only the work the plans' terms need: each earning line is read once; a plan without clawback, hold or
/// draw terms keeps the sum of its lines per period (a deficit and its recovery need no more); bookings are looked up
/// only when a plan has clawback or hold terms, and credits only when one has clawback terms. With
/// <see cref="PaymentInput.ReportFrom"/> the periods before it are paid for their balances only, without lines.
/// </para>
/// </remarks>
public static partial class PaymentCalculator
{
    /// <summary>Calculates the payouts of every period in <see cref="PaymentInput.Periods"/>.</summary>
    /// <param name="input">The calculated periods and what they were calculated from.</param>
    /// <returns>Payouts and lines with lineage; problems with the input are issues, not exceptions.</returns>
    public static PaymentResult Calculate(PaymentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var issues = new List<InputIssue>();
        var periods = ReadPeriods(input, issues);
        if (periods is null || ReportedFrom(input, periods, issues) is not { } reportFrom)
        {
            return new PaymentResult([], [], Sorted(issues));
        }

        var plans = input.Plans.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var participants = new Dictionary<string, Participant>(StringComparer.Ordinal);
        foreach (var participant in input.Participants)
        {
            participants.TryAdd(participant.Id, participant);
        }

        // Bookings are read only for clawback windows and hold filters and release dates; credits only for clawbacks.
        var clawbackParticipants = input.Assignments.Where(a => plans.GetValueOrDefault(a.PlanId)?.Clawback is not null).Select(a => a.ParticipantId).ToHashSet(StringComparer.Ordinal);
        var bookings = new Dictionary<string, Booking>(StringComparer.Ordinal);
        if (clawbackParticipants.Count > 0 || plans.Values.Any(p => p.Hold is not null))
        {
            foreach (var booking in input.Bookings)
            {
                bookings.TryAdd(booking.Id, booking);
            }
        }

        var accounts = new Dictionary<(string Participant, string Plan), Account>();
        Account? last = null;
        Account AccountOf(string participant, string plan, Currency currency)
        {
            if (last is not null && string.Equals(last.ParticipantId, participant, StringComparison.Ordinal) && string.Equals(last.PlanId, plan, StringComparison.Ordinal))
            {
                return last;
            }

            if (!accounts.TryGetValue((participant, plan), out var account))
            {
                account = new Account(participant, plan, plans.GetValueOrDefault(plan), currency, periods.Count, reportFrom);
                accounts.Add((participant, plan), account);
            }

            return last = account;
        }

        // The lines are read once: each goes to its account (kept only where the plan's terms or the result need it),
        // and, for a plan with clawback terms, under the credits it pays for.
        var linesByCredit = clawbackParticipants.Count > 0 ? new Dictionary<string, List<EarningLine>>(StringComparer.Ordinal) : null;
        for (var i = 0; i < periods.Count; i++)
        {
            var earnings = periods[i].Result.Earnings;
            for (var j = 0; j < earnings.Count; j++)
            {
                // A line's facts are read without making its record; the record is made only where it is kept.
                var facts = Calculator.FactsOf(earnings, j);
                var account = AccountOf(facts.ParticipantId, facts.PlanId, facts.Amount.Currency);
                if (!account.Add(i, facts.Amount))
                {
                    continue;
                }

                Keep(account, i, earnings[j], linesByCredit);
            }
        }

        foreach (var assignment in input.Assignments)
        {
            if (!plans.TryGetValue(assignment.PlanId, out var plan) || !participants.TryGetValue(assignment.ParticipantId, out var participant))
            {
                continue;
            }

            for (var i = 0; i < periods.Count; i++)
            {
                if (assignment.Effective.Overlaps(periods[i].Period.Range))
                {
                    AccountOf(participant.Id, plan.Id, plan.PayCurrency ?? participant.PayCurrency).Assigned[i] = true;
                }
            }
        }

        if (linesByCredit is not null)
        {
            AddClawbacks([.. periods.Select(p => p.Period)], periods.SelectMany(p => p.Result.Credits), plans, bookings, linesByCredit, clawbackParticipants, AccountOf, issues);
        }

        var payouts = new List<Payout>();
        var lines = new List<PayoutLine>();
        foreach (var account in accounts.Values.OrderBy(a => (a.ParticipantId, a.PlanId), AccountOrder.Instance))
        {
            account.Pay(periods, bookings, payouts, lines, issues);
        }

        return new PaymentResult(payouts, lines, Sorted(issues));
    }

    /// <summary>The index of the first period whose payouts and lines are reported; null (with an issue) when <see cref="PaymentInput.ReportFrom"/> is not a period.</summary>
    internal static int? ReportedFrom(PaymentInput input, List<(Period Period, CalculationResult Result)> periods, List<InputIssue> issues)
    {
        if (input.ReportFrom is not { } key)
        {
            return 0;
        }

        if (!input.Calendar.TryParse(key, out var from))
        {
            issues.Add(new InputIssue("payment.report-from-unknown", "reportFrom", $"'{key}' is not a period of the calendar; no payout is made."));
            return null;
        }

        var index = periods.FindIndex(p => p.Period.Start >= from.Start);
        return index < 0 ? periods.Count : index;
    }

    internal static List<(Period Period, CalculationResult Result)>? ReadPeriods(PaymentInput input, List<InputIssue> issues)
    {
        var periods = new List<(Period Period, CalculationResult Result)>();
        foreach (var result in input.Periods)
        {
            if (!input.Calendar.TryParse(result.PeriodKey, out var period))
            {
                issues.Add(new InputIssue("payment.period-unknown", $"periods[{result.PeriodKey}]", $"'{result.PeriodKey}' is not a period of the calendar; no payout is made."));
                return null;
            }

            periods.Add((period, result));
        }

        periods.Sort((a, b) => a.Period.Start.CompareTo(b.Period.Start));
        for (var i = 1; i < periods.Count; i++)
        {
            if (periods[i].Period != input.Calendar.Next(periods[i - 1].Period))
            {
                issues.Add(new InputIssue("payment.periods-not-consecutive", $"periods[{periods[i].Period.Key}]",
                    $"Period {periods[i].Period.Key} does not directly follow {periods[i - 1].Period.Key}; payment periods are one kind, in a row, each once. No payout is made."));
                return null;
            }
        }

        return periods;
    }

    internal static void AddClawbacks(
        List<Period> periods,
        IEnumerable<Credit> allCredits,
        Dictionary<string, Plan> plans,
        Dictionary<string, Booking> bookings,
        Dictionary<string, List<EarningLine>> linesByCredit,
        HashSet<string> clawbackParticipants,
        Func<string, string, Currency, Account> accountOf,
        List<InputIssue> issues)
    {
        var credits = new Dictionary<string, Credit>(StringComparer.Ordinal);
        foreach (var credit in allCredits)
        {
            credits.TryAdd(credit.Id, credit);
        }

        var clawed = new Dictionary<EarningLine, (decimal Fraction, decimal Amount)>(ReferenceEqualityComparer.Instance);
        var first = periods[0].Start;
        var cancellations = credits.Values
            .Where(c => c.ReversesCreditId is not null)
            .OrderBy(c => c.Date).ThenBy(c => c.BookingId, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal);
        foreach (var credit in cancellations)
        {
            var index = periods.FindIndex(p => p.Contains(credit.Date));
            if (index < 0 || !credits.TryGetValue(credit.ReversesCreditId!, out var original) || original.Amount.Amount == 0m
                || !bookings.TryGetValue(credit.BookingId, out var cancellation) || !bookings.TryGetValue(original.BookingId, out var booked))
            {
                continue;
            }

            if (booked.Date < first)
            {
                if (!clawbackParticipants.Contains(credit.ParticipantId))
                {
                    continue;
                }

                issues.Add(new InputIssue("clawback.original-outside-run", $"bookings[{cancellation.Id}]",
                    $"Cancellation '{cancellation.Id}' reverses booking '{booked.Id}' of {booked.Date:yyyy-MM-dd}, before the first payment period; its earnings are not in the run, so nothing is clawed back."));
                continue;
            }

            var fraction = -credit.Amount.Amount / original.Amount.Amount;
            foreach (var line in linesByCredit.GetValueOrDefault(original.Id) ?? [])
            {
                var plan = plans[line.PlanId];
                var terms = plan.Clawback!;
                if (!terms.Covers(booked.Date, cancellation.Date))
                {
                    continue;
                }

                var (before, paid) = clawed.GetValueOrDefault(line);
                var after = Math.Min(1m, before + fraction);
                var total = new Money(line.Amount.Amount * after, line.Amount.Currency).Round(plan.Rounding).Amount;
                clawed[line] = (after, total);
                var amount = new Money(-(total - paid), line.Amount.Currency);
                var days = cancellation.Date.DayNumber - booked.Date.DayNumber;
                var rule = $"cancellation {cancellation.Id} of {cancellation.Date:yyyy-MM-dd}, {days} days after booking {booked.Id} (window {terms.WindowDays} days), "
                    + $"cancels {F(fraction)} of credit {original.Id}: reverses {line.Kind} line {line.Sequence} of {line.ComponentId} {line.PeriodKey}"
                    + $"{(line.TierIndex is { } tier ? $" (tier {tier})" : string.Empty)}{(line.Rate is { } rate ? $" at rate {F(rate)}" : string.Empty)}, paid {line.Amount}: "
                    + $"running share {F(after)} × {line.Amount.Amount.ToString(CultureInfo.InvariantCulture)} rounded {plan.Rounding} = {F(total)}, less {F(paid)} clawed before";
                accountOf(line.ParticipantId, line.PlanId, line.Amount.Currency)
                    .AddClawback(index, new Pending(PayoutLineKind.Clawback, [booked.Id], cancellation.Id, line, fraction, amount, rule));
            }
        }
    }

    internal static List<InputIssue> Sorted(List<InputIssue> issues) =>
        [.. issues.Distinct().OrderBy(i => i.Path, StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal).ThenBy(i => i.Message, StringComparer.Ordinal)];

    private static string F(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A line before it is numbered; an earning's rule is written only when the line is reported.</summary>
    internal sealed record Pending(PayoutLineKind Kind, IReadOnlyList<string> BookingIds, string? CancellationBookingId, EarningLine? Earning, decimal? Fraction, Money Amount, string? Rule);

    private sealed record HeldAmount(string BookingId, string HeldIn, DateOnly? ReleaseDate, Money Amount);

    /// <summary>
    /// One participant under one plan, across the payment periods. A plan without clawback, hold or draw terms pays each
    /// period the sum of its earning lines (less a deficit carried, plus its recovery), so its account keeps only that
    /// sum for the periods before <c>reportFrom</c> and the lines of the reported periods.
    /// </summary>
    /// <summary>
    /// Keeps a line the account pays in <paramref name="period"/>, and, when its plan claws back, files it under each
    /// credit it came from (for <see cref="AddClawbacks"/>).
    /// </summary>
    internal static void Keep(Account account, int period, EarningLine line, Dictionary<string, List<EarningLine>>? linesByCredit)
    {
        account.Keep(period, line);
        if (linesByCredit is null || account.Plan?.Clawback is null || !EarningKinds.BelongsToBooking(line.Kind))
        {
            return;
        }

        foreach (var id in line.CreditIds)
        {
            if (!linesByCredit.TryGetValue(id, out var list))
            {
                linesByCredit.Add(id, list = []);
            }

            list.Add(line);
        }
    }

    internal sealed class Account
    {
        private readonly Plan? plan;
        private readonly Currency currency;
        private readonly int reportFrom;
        private readonly bool termless;
        private readonly ChunkedList<EarningLine>?[] earnings;
        private readonly Money[] earned;
        private List<Pending>?[]? clawbacks;

        public Account(string participantId, string planId, Plan? plan, Currency currency, int periodCount, int reportFrom)
        {
            ParticipantId = participantId;
            PlanId = planId;
            this.plan = plan;
            this.currency = currency;
            this.reportFrom = reportFrom;
            termless = plan is null || !plan.HasPaymentTerms;
            earnings = new ChunkedList<EarningLine>?[periodCount];
            earned = new Money[periodCount];
            Array.Fill(earned, Money.Zero(currency));
            Assigned = new bool[periodCount];
        }

        public string ParticipantId { get; }

        public string PlanId { get; }

        public Plan? Plan => plan;

        public bool[] Assigned { get; }

        /// <summary>
        /// Takes the amount of an earning line of period <paramref name="period"/>, in the lines' order; whether the line
        /// itself must be kept (<see cref="Keep"/>): not for a plan without terms in a period before those reported.
        /// </summary>
        public bool Add(int period, Money amount)
        {
            if (termless)
            {
                earned[period] += amount;
                if (period < reportFrom)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Keeps an earning line of period <paramref name="period"/> that <see cref="Add"/> said to keep, in chunks of 1,024:
        /// a manager's account can keep hundreds of thousands of lines.
        /// </summary>
        public void Keep(int period, EarningLine line) => (earnings[period] ??= new ChunkedList<EarningLine>(10, 4)).Add(line);

        /// <summary>The lines of a period that kept none (never added to).</summary>
        private static readonly ChunkedList<EarningLine> NoLines = new(0, 1);

        public void AddClawback(int period, Pending clawback) =>
            ((clawbacks ??= new List<Pending>?[earnings.Length])[period] ??= []).Add(clawback);

        public void Pay(List<(Period Period, CalculationResult Result)> periods, Dictionary<string, Booking> bookings, List<Payout> payouts, List<PayoutLine> lines, List<InputIssue> issues)
        {
            var zero = Money.Zero(currency);
            var balance = zero;
            var onHold = new List<HeldAmount>();
            var rounding = plan?.Rounding ?? MidpointRounding.ToEven;
            for (var i = 0; i < periods.Count; i++)
            {
                var period = periods[i].Period;
                var report = i >= reportFrom;
                var own = earnings[i] ?? NoLines;
                var pending = new List<Pending>();
                Money net;
                var heldBefore = zero;
                if (termless)
                {
                    // Only a deficit or a recovery can follow the earning lines: their sum is the net.
                    net = earned[i];
                }
                else
                {
                    pending.EnsureCapacity(own.Count);
                    for (var k = 0; k < own.Count; k++)
                    {
                        var line = own[k];
                        pending.Add(new Pending(PayoutLineKind.Earning, line.BookingIds, null, line, null, line.Amount, null));
                    }

                    pending.AddRange(clawbacks?[i] ?? []);
                    heldBefore = onHold.Aggregate(zero, (sum, h) => sum + h.Amount);
                    if (plan?.Hold is { } hold)
                    {
                        Hold(hold, period, pending, bookings, onHold, rounding, issues);
                    }

                    foreach (var released in onHold.Where(h => h.ReleaseDate is { } date && date <= period.End).ToList())
                    {
                        onHold.Remove(released);
                        pending.Add(new Pending(PayoutLineKind.Release, [released.BookingId], null, null, null, released.Amount,
                            $"held in {released.HeldIn}; release date {released.ReleaseDate:yyyy-MM-dd} ({plan!.Hold!.ReleaseOn}) is on or before {period.End:yyyy-MM-dd}"));
                    }

                    net = pending.Aggregate(zero, (sum, p) => sum + p.Amount);
                }

                var balanceBefore = balance;
                balance = Draw(period, Assigned[i] ? plan?.Draw : null, net, balance, pending, rounding);
                if (!report)
                {
                    continue;
                }

                var sequence = 0;
                if (termless)
                {
                    lines.EnsureCapacity(lines.Count + own.Count);
                    for (var k = 0; k < own.Count; k++)
                    {
                        var line = own[k];
                        lines.Add(new PayoutLine(ParticipantId, PlanId, period.Key, ++sequence, PayoutLineKind.Earning, line.BookingIds, null, line, null, line.Amount, EarningRule(line)));
                    }
                }

                foreach (var p in pending)
                {
                    lines.Add(new PayoutLine(ParticipantId, PlanId, period.Key, ++sequence, p.Kind, p.BookingIds, p.CancellationBookingId, p.Earning, p.Fraction, p.Amount, p.Rule ?? EarningRule(p.Earning!)));
                }

                // Each total adds its lines in order from zero (for a plan without terms the earning lines' sum was kept as they were read).
                Money Sum(PayoutLineKind kind) => pending.Where(p => p.Kind == kind).Aggregate(zero, (sum, p) => sum + p.Amount);
                payouts.Add(new Payout(
                    ParticipantId,
                    PlanId,
                    period.Key,
                    termless ? net : Sum(PayoutLineKind.Earning),
                    Sum(PayoutLineKind.Clawback),
                    -Sum(PayoutLineKind.Hold),
                    Sum(PayoutLineKind.Release),
                    Sum(PayoutLineKind.DrawAdvance),
                    Sum(PayoutLineKind.Guarantee),
                    Sum(PayoutLineKind.Deficit),
                    -Sum(PayoutLineKind.Recovery),
                    pending.Aggregate(termless ? net : zero, (sum, p) => sum + p.Amount),
                    balanceBefore,
                    balance,
                    heldBefore,
                    onHold.Aggregate(zero, (sum, h) => sum + h.Amount)));
            }
        }

        /// <summary>"Commission line 3 of commission FY2026-M01": the kind's name is formatted once per kind, not per line.</summary>
        private static string EarningRule(EarningLine line) =>
            string.Create(CultureInfo.InvariantCulture, $"{KindNames.GetValueOrDefault(line.Kind) ?? line.Kind.ToString()} line {line.Sequence} of {line.ComponentId} {line.PeriodKey}");

        private static readonly Dictionary<EarningKind, string> KindNames = Enum.GetValues<EarningKind>().ToDictionary(k => k, k => k.ToString());

        private void Hold(HoldRule hold, Period period, List<Pending> pending, Dictionary<string, Booking> bookings, List<HeldAmount> onHold, MidpointRounding rounding, List<InputIssue> issues)
        {
            var byBooking = new SortedDictionary<string, Money>(StringComparer.Ordinal);
            foreach (var p in pending)
            {
                if (p.Earning is not { } earning || !EarningKinds.BelongsToBooking(earning.Kind) || p.BookingIds.Count != 1 || !bookings.TryGetValue(p.BookingIds[0], out var booking))
                {
                    continue;
                }

                var original = booking.OriginalBookingId is { } id && bookings.TryGetValue(id, out var o) ? o : booking;
                if (Matches(hold.Filter, original))
                {
                    byBooking[original.Id] = byBooking.GetValueOrDefault(original.Id, Money.Zero(currency)) + p.Amount;
                }
            }

            foreach (var (bookingId, earned) in byBooking)
            {
                var held = (earned * (hold.Percent / 100m)).Round(rounding);
                if (held.Amount == 0m)
                {
                    continue;
                }

                DateOnly? release = null;
                var releaseText = "no release date yet";
                if (bookings[bookingId].Attributes.GetValueOrDefault(hold.ReleaseAttribute) is { } text)
                {
                    if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        release = date;
                        releaseText = $"release date {date:yyyy-MM-dd}";
                    }
                    else
                    {
                        issues.Add(new InputIssue("hold.release-date", $"bookings[{bookingId}].attributes.{hold.ReleaseAttribute}",
                            $"'{text}' is not a date (yyyy-MM-dd); the amount held on booking '{bookingId}' stays held."));
                    }
                }

                onHold.Add(new HeldAmount(bookingId, period.Key, release, held));
                pending.Add(new Pending(PayoutLineKind.Hold, [bookingId], null, null, hold.Percent / 100m, -held,
                    $"{F(hold.Percent)} % of {earned} on booking {bookingId} in {period.Key}, rounded {rounding}, held until {hold.ReleaseOn} ({releaseText})"));
            }
        }

        private Money Draw(Period period, DrawTerms? draw, Money net, Money balance, List<Pending> pending, MidpointRounding rounding)
        {
            var zero = Money.Zero(currency);
            var floor = draw is null ? zero : new Money(draw.Amount, currency).Round(rounding);
            var shortfall = floor > net ? floor - net : zero;
            var belowZero = net < zero ? -net : zero;
            if (draw?.Kind == DrawKind.Recoverable && shortfall > zero)
            {
                pending.Add(new Pending(PayoutLineKind.DrawAdvance, [], null, null, null, shortfall,
                    $"recoverable draw {floor} less net earnings {net}: advanced and owed; balance {balance} → {balance + shortfall}"));
                return balance + shortfall;
            }

            if (draw?.Kind == DrawKind.NonRecoverable && shortfall > belowZero)
            {
                pending.Add(new Pending(PayoutLineKind.Guarantee, [], null, null, null, shortfall - belowZero,
                    $"non-recoverable draw {floor} less net earnings {(net > zero ? net : zero)}: guaranteed, not recovered"));
            }

            if (belowZero > zero)
            {
                pending.Add(new Pending(PayoutLineKind.Deficit, [], null, null, null, belowZero,
                    $"net earnings {net} are below zero: carried forward as owed; balance {balance} → {balance + belowZero}"));
                return balance + belowZero;
            }

            var available = net - floor;
            if (balance > zero && available > zero)
            {
                var recovery = available < balance ? available : balance;
                var limitText = string.Empty;
                if (draw?.Kind == DrawKind.Recoverable && draw.RecoveryLimit is { } limitAmount)
                {
                    var limit = new Money(limitAmount, currency).Round(rounding);
                    if (limit < recovery)
                    {
                        recovery = limit;
                        limitText = $", limited to {limit} per period";
                    }
                }

                pending.Add(new Pending(PayoutLineKind.Recovery, [], null, null, null, -recovery,
                    $"net earnings {net} above the draw {floor} recover the balance {balance}{limitText}: {recovery} recovered in {period.Key}; balance → {balance - recovery}"));
                return balance - recovery;
            }

            return balance;
        }

        private static bool Matches(IReadOnlyList<BookingCondition> filter, Booking booking) => filter.All(condition =>
        {
            string? actual = condition.Attribute switch
            {
                "product" => booking.Product,
                "family" => booking.Family,
                var name => booking.Attributes.GetValueOrDefault(name["attributes.".Length..]),
            };
            return actual is not null && condition.Values.Contains(actual, StringComparer.Ordinal);
        });
    }

    internal sealed class AccountOrder : IComparer<(string Participant, string Plan)>
    {
        public static AccountOrder Instance { get; } = new();

        public int Compare((string Participant, string Plan) x, (string Participant, string Plan) y)
        {
            var participant = string.CompareOrdinal(x.Participant, y.Participant);
            return participant != 0 ? participant : string.CompareOrdinal(x.Plan, y.Plan);
        }
    }
}
