using System.Globalization;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Payments;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Tests.Payments;

/// <summary>
/// The payment stage as it was before it learned to skip the work a plan's terms do not need (every credit and booking
/// in a dictionary, every earning line a pending record): kept verbatim as the oracle the leaner
/// <see cref="PaymentCalculator"/> must match byte for byte.
/// </summary>
internal static class PaymentReference
{
    public static PaymentResult Calculate(PaymentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var issues = new List<InputIssue>();
        var periods = ReadPeriods(input, issues);
        if (periods is null)
        {
            return new PaymentResult([], [], Sorted(issues));
        }

        var plans = input.Plans.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var participants = input.Participants.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var bookings = input.Bookings.GroupBy(b => b.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var credits = periods.SelectMany(p => p.Result.Credits).GroupBy(c => c.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var accounts = new SortedDictionary<(string Participant, string Plan), Account>(AccountOrder.Instance);
        Account AccountOf(string participant, string plan, Currency currency)
        {
            if (!accounts.TryGetValue((participant, plan), out var account))
            {
                account = new Account(participant, plan, plans.GetValueOrDefault(plan), currency, periods.Count);
                accounts.Add((participant, plan), account);
            }

            return account;
        }

        var allEarnings = new List<(int Period, EarningLine Line)>();
        for (var i = 0; i < periods.Count; i++)
        {
            foreach (var line in periods[i].Result.Earnings)
            {
                allEarnings.Add((i, line));
                AccountOf(line.ParticipantId, line.PlanId, line.Amount.Currency).Earnings[i].Add(line);
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

        var clawbackParticipants = input.Assignments.Where(a => plans.GetValueOrDefault(a.PlanId)?.Clawback is not null).Select(a => a.ParticipantId).ToHashSet(StringComparer.Ordinal);
        AddClawbacks(periods, plans, bookings, credits, allEarnings, clawbackParticipants, AccountOf, issues);

        var payouts = new List<Payout>();
        var lines = new List<PayoutLine>();
        foreach (var account in accounts.Values)
        {
            account.Pay(periods, bookings, payouts, lines, issues);
        }

        return new PaymentResult(payouts, lines, Sorted(issues));
    }

    private static List<(Period Period, CalculationResult Result)>? ReadPeriods(PaymentInput input, List<InputIssue> issues)
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

    private static void AddClawbacks(
        List<(Period Period, CalculationResult Result)> periods,
        Dictionary<string, Plan> plans,
        Dictionary<string, Booking> bookings,
        Dictionary<string, Credit> credits,
        List<(int Period, EarningLine Line)> allEarnings,
        HashSet<string> clawbackParticipants,
        Func<string, string, Currency, Account> accountOf,
        List<InputIssue> issues)
    {
        if (clawbackParticipants.Count == 0)
        {
            return;
        }

        var linesByCredit = allEarnings
            .Where(e => EarningKinds.BelongsToBooking(e.Line.Kind) && plans.GetValueOrDefault(e.Line.PlanId)?.Clawback is not null)
            .SelectMany(e => e.Line.CreditIds.Select(id => (CreditId: id, e.Line)))
            .ToLookup(e => e.CreditId, e => e.Line, StringComparer.Ordinal);
        var clawed = new Dictionary<EarningLine, (decimal Fraction, decimal Amount)>(ReferenceEqualityComparer.Instance);
        var first = periods[0].Period.Start;
        var cancellations = credits.Values
            .Where(c => c.ReversesCreditId is not null)
            .OrderBy(c => c.Date).ThenBy(c => c.BookingId, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal);
        foreach (var credit in cancellations)
        {
            var index = periods.FindIndex(p => p.Period.Contains(credit.Date));
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
            foreach (var line in linesByCredit[original.Id])
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
                accountOf(line.ParticipantId, line.PlanId, line.Amount.Currency).Clawbacks[index]
                    .Add(new Pending(PayoutLineKind.Clawback, [booked.Id], cancellation.Id, line, fraction, amount, rule));
            }
        }
    }

    private static List<InputIssue> Sorted(List<InputIssue> issues) =>
        [.. issues.Distinct().OrderBy(i => i.Path, StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal).ThenBy(i => i.Message, StringComparer.Ordinal)];

    private static string F(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Pending(PayoutLineKind Kind, IReadOnlyList<string> BookingIds, string? CancellationBookingId, EarningLine? Earning, decimal? Fraction, Money Amount, string Rule);

    private sealed record HeldAmount(string BookingId, string HeldIn, DateOnly? ReleaseDate, Money Amount);

    /// <summary>One participant under one plan, across the payment periods.</summary>
    private sealed class Account(string participantId, string planId, Plan? plan, Currency currency, int periodCount)
    {
        public List<EarningLine>[] Earnings { get; } = [.. Enumerable.Range(0, periodCount).Select(_ => new List<EarningLine>())];

        public List<Pending>[] Clawbacks { get; } = [.. Enumerable.Range(0, periodCount).Select(_ => new List<Pending>())];

        public bool[] Assigned { get; } = new bool[periodCount];

        public void Pay(List<(Period Period, CalculationResult Result)> periods, Dictionary<string, Booking> bookings, List<Payout> payouts, List<PayoutLine> lines, List<InputIssue> issues)
        {
            var zero = Money.Zero(currency);
            var balance = zero;
            var onHold = new List<HeldAmount>();
            var rounding = plan?.Rounding ?? MidpointRounding.ToEven;
            for (var i = 0; i < periods.Count; i++)
            {
                var period = periods[i].Period;
                var pending = new List<Pending>();
                foreach (var line in Earnings[i])
                {
                    pending.Add(new Pending(PayoutLineKind.Earning, line.BookingIds, null, line, null, line.Amount,
                        $"{line.Kind} line {line.Sequence} of {line.ComponentId} {line.PeriodKey}"));
                }

                pending.AddRange(Clawbacks[i]);
                var heldBefore = onHold.Aggregate(zero, (sum, h) => sum + h.Amount);
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

                var net = pending.Aggregate(zero, (sum, p) => sum + p.Amount);
                var balanceBefore = balance;
                balance = Draw(period, Assigned[i] ? plan?.Draw : null, net, balance, pending, rounding);
                var sequence = 0;
                foreach (var p in pending)
                {
                    lines.Add(new PayoutLine(participantId, planId, period.Key, ++sequence, p.Kind, p.BookingIds, p.CancellationBookingId, p.Earning, p.Fraction, p.Amount, p.Rule));
                }

                Money Sum(PayoutLineKind kind) => pending.Where(p => p.Kind == kind).Aggregate(zero, (sum, p) => sum + p.Amount);
                payouts.Add(new Payout(
                    participantId,
                    planId,
                    period.Key,
                    Sum(PayoutLineKind.Earning),
                    Sum(PayoutLineKind.Clawback),
                    -Sum(PayoutLineKind.Hold),
                    Sum(PayoutLineKind.Release),
                    Sum(PayoutLineKind.DrawAdvance),
                    Sum(PayoutLineKind.Guarantee),
                    Sum(PayoutLineKind.Deficit),
                    -Sum(PayoutLineKind.Recovery),
                    pending.Aggregate(zero, (sum, p) => sum + p.Amount),
                    balanceBefore,
                    balance,
                    heldBefore,
                    onHold.Aggregate(zero, (sum, h) => sum + h.Amount)));
            }
        }

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

    private sealed class AccountOrder : IComparer<(string Participant, string Plan)>
    {
        public static AccountOrder Instance { get; } = new();

        public int Compare((string Participant, string Plan) x, (string Participant, string Plan) y)
        {
            var participant = string.CompareOrdinal(x.Participant, y.Participant);
            return participant != 0 ? participant : string.CompareOrdinal(x.Plan, y.Plan);
        }
    }
}
