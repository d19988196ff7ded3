using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Payments;

/// <summary>
/// The payment stage fed with the earning lines of one calculation as the calculator streams them
/// (<see cref="Calculator.Calculate(CalculationInput, Action{IReadOnlyList{EarningLine}})"/>), so the lines of the year
/// are never all held: each line goes to its payment period by its date, and a participant is paid as soon as a batch
/// shows that their lines are complete. The payouts and lines are those of <see cref="PaymentCalculator.Calculate"/>
/// given one result per payment period with the calculation's lines dated in it (ADR 0022).
/// </summary>
/// <remarks>
/// The lines must come in the calculator's order (by participant id, ordinal); a line of a participant already paid is a
/// programming error (<see cref="InvalidOperationException"/>). Participants with an assignment under clawback terms
/// are paid only in <see cref="Complete"/>, which is given the calculation's credits (clawbacks read them); the others
/// are paid as soon as a line of a later participant is read (in the same batch or the next). Each participant's payouts
/// and lines come together, in the order <see cref="PaymentCalculator.Calculate"/> gives them.
/// <para>
/// The stage keeps only what paying needs: a line's participant, plan, date and amount are read from the engine's
/// compact line, and a record is made only for a line kept (the reported periods', or any under payment terms), not kept
/// by the batch's list, so it goes once its participant is paid and, with <see cref="Add(IReadOnlyList{EarningLine}, Action{PaymentResult})"/>,
/// made into whatever the caller keeps.
/// </para>
/// </remarks>
public sealed class PaymentStage
{
    private readonly List<(Period Period, CalculationResult Result)>? periods;
    private readonly int[] starts = [];
    private readonly int[] ends = [];
    private readonly int reportFrom;
    private readonly Dictionary<string, Plan> plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Participant> participants = new(StringComparer.Ordinal);
    private readonly HashSet<string> clawbackParticipants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Booking> bookings = new(StringComparer.Ordinal);
    private readonly List<PlanAssignment> assignments;
    private readonly Dictionary<(string Participant, string Plan), PaymentCalculator.Account> accounts = [];
    private readonly Dictionary<string, List<EarningLine>>? linesByCredit;
    private readonly List<InputIssue> issues = [];
    private readonly List<PaymentCalculator.Account> open = [];
    private readonly Calculator.LineFacts[] factsBlock = new Calculator.LineFacts[256];
    private PaymentCalculator.Account? last;
    private int nextAssignment;
    private bool complete;

    /// <summary>Prepares the stage for the payment periods of <paramref name="input"/>.</summary>
    /// <param name="input">
    /// As for <see cref="PaymentCalculator.Calculate"/>, except that its <see cref="PaymentInput.Periods"/> only name the
    /// payment periods (their earnings and credits are not read): the lines come through <see cref="Add(IReadOnlyList{EarningLine})"/>, the credits
    /// through <see cref="Complete"/>.
    /// </param>
    public PaymentStage(PaymentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        assignments = [.. input.Assignments.OrderBy(a => a.ParticipantId, StringComparer.Ordinal)];
        periods = PaymentCalculator.ReadPeriods(input, issues);
        if (periods is null || PaymentCalculator.ReportedFrom(input, periods, issues) is not { } from)
        {
            periods = null;
            return;
        }

        reportFrom = from;
        starts = [.. periods.Select(p => p.Period.Start.DayNumber)];
        ends = [.. periods.Select(p => p.Period.End.DayNumber)];
        foreach (var group in input.Plans.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() == 1))
        {
            plans.Add(group.Key, group.First());
        }

        foreach (var participant in input.Participants)
        {
            participants.TryAdd(participant.Id, participant);
        }

        clawbackParticipants.UnionWith(input.Assignments.Where(a => plans.GetValueOrDefault(a.PlanId)?.Clawback is not null).Select(a => a.ParticipantId));
        if (clawbackParticipants.Count > 0 || plans.Values.Any(p => p.Hold is not null))
        {
            foreach (var booking in input.Bookings)
            {
                bookings.TryAdd(booking.Id, booking);
            }
        }

        linesByCredit = clawbackParticipants.Count > 0 ? new Dictionary<string, List<EarningLine>>(StringComparer.Ordinal) : null;
    }

    /// <summary>The participant id (ordinal) below which every participant without clawback terms is paid, or null before the first line.</summary>
    public string? PaidBelow { get; private set; }

    /// <summary>
    /// Whether <paramref name="participantId"/> is paid only in <see cref="Complete"/> (an assignment under clawback
    /// terms), not by the <see cref="Add(IReadOnlyList{EarningLine})"/> that completes their lines.
    /// </summary>
    /// <param name="participantId">A participant id.</param>
    /// <returns>True for a participant under clawback terms; false for any other id.</returns>
    public bool PaidAtCompletion(string participantId) => clawbackParticipants.Contains(participantId);

    /// <summary>
    /// Takes one batch of the calculation's earning lines (read only during the call) and pays the participants whose
    /// lines it shows to be complete: those before the batch's last participant.
    /// </summary>
    /// <param name="lines">The next lines, in the calculator's order.</param>
    /// <returns>The payouts and lines of the participants paid (no issues: <see cref="Complete"/> gives them all).</returns>
    public PaymentResult Add(IReadOnlyList<EarningLine> lines)
    {
        var paid = new Gathered();
        Add(lines, paid.Add);
        return new PaymentResult(paid.Payouts, paid.Lines, []);
    }

    /// <summary>
    /// <see cref="Add(IReadOnlyList{EarningLine})"/>, handing each participant's payouts and lines to
    /// <paramref name="paid"/> as soon as the batch shows them complete (when the next participant's lines begin), so
    /// that what is made of them can be made while the participant's records are fresh, not after the whole batch.
    /// </summary>
    /// <param name="lines">The next lines, in the calculator's order.</param>
    /// <param name="paid">
    /// Receives the payouts and lines of the participants paid, in the order <see cref="Add(IReadOnlyList{EarningLine})"/>
    /// gives them, one or more participants a call (no issues: <see cref="Complete"/> gives them all).
    /// </param>
    public void Add(IReadOnlyList<EarningLine> lines, Action<PaymentResult> paid)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(paid);
        if (complete)
        {
            throw new InvalidOperationException("The payment stage is complete.");
        }

        if (periods is null || lines.Count == 0)
        {
            return;
        }

        string? participant = null;
        var block = factsBlock;
        for (var j = 0; j < lines.Count; j++)
        {
            // The facts are read a block at a time, run by run of the engine's lines, rather than line by line.
            if (j % block.Length == 0)
            {
                Calculator.FactsOf(lines, j, block.AsSpan(0, Math.Min(block.Length, lines.Count - j)));
            }

            ref readonly var facts = ref block[j % block.Length];
            if (!ReferenceEquals(participant, facts.ParticipantId) && !string.Equals(participant, facts.ParticipantId, StringComparison.Ordinal))
            {
                if (PaidBelow is not null && string.CompareOrdinal(facts.ParticipantId, PaidBelow) < 0)
                {
                    throw new InvalidOperationException($"Earning lines of '{facts.ParticipantId}' came after the participants before '{PaidBelow}' were paid; lines must come in participant order.");
                }

                // The lines come in participant order: the participants before this one are complete.
                if (participant is not null)
                {
                    Pay(facts.ParticipantId, credits: null, paid);
                    PaidBelow = facts.ParticipantId;
                }

                participant = facts.ParticipantId;
            }

            var period = PeriodOf(facts.Day);
            if (period < 0)
            {
                continue;
            }

            var account = AccountOf(facts.ParticipantId, facts.PlanId, facts.Amount.Currency);
            if (!account.Add(period, facts.Amount))
            {
                continue;
            }

            // The record is made for the stage alone (the batch's list keeps none), so it goes once the line is paid.
            PaymentCalculator.Keep(account, period, Calculator.LineFor(lines, j), linesByCredit);
        }

        Pay(participant!, credits: null, paid);
        PaidBelow = participant;
    }

    /// <summary>
    /// Takes totals the calculator handed over instead of lines (<see cref="LineTotals"/>): each adds its amount to its
    /// account's earnings of the payment period its days are in, as its lines would have. Totals come in participant
    /// order with the lines (a batch's totals before its lines) and stand only for lines the stage would not keep: of a
    /// period before those reported, under a plan without clawback, hold or draw terms.
    /// </summary>
    /// <param name="totals">The next totals, in the calculator's order.</param>
    /// <exception cref="InvalidOperationException">
    /// A total of a participant already paid, one whose days are not inside one payment period, or one standing for
    /// lines the stage keeps (a reported period, or a plan with payment terms).
    /// </exception>
    public void Add(IReadOnlyList<EarningTotal> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (complete)
        {
            throw new InvalidOperationException("The payment stage is complete.");
        }

        if (periods is null)
        {
            return;
        }

        foreach (var total in totals)
        {
            if (PaidBelow is not null && string.CompareOrdinal(total.ParticipantId, PaidBelow) < 0)
            {
                throw new InvalidOperationException($"A total of '{total.ParticipantId}' came after the participants before '{PaidBelow}' were paid; totals must come in participant order.");
            }

            var period = PeriodOf(total.Dates.Start.DayNumber);
            if (period < 0 || total.Dates.End is not { } last || PeriodOf(last.DayNumber) != period)
            {
                throw new InvalidOperationException($"A total of '{total.ParticipantId}' for {total.Dates} is not inside one payment period.");
            }

            if (AccountOf(total.ParticipantId, total.PlanId, total.Amount.Currency).Add(period, total.Amount))
            {
                throw new InvalidOperationException($"A total of '{total.ParticipantId}' under plan '{total.PlanId}' for {total.Dates} stands for lines the stage keeps (a reported period or a plan with payment terms).");
            }
        }
    }

    /// <summary>
    /// Pays everyone not yet paid (with the clawbacks of <paramref name="credits"/>) and ends the stage.
    /// </summary>
    /// <param name="credits">The calculation's credits (<see cref="CalculationResult.Credits"/>).</param>
    /// <returns>The remaining payouts and lines, and every issue of the stage.</returns>
    public PaymentResult Complete(IReadOnlyList<Credit> credits)
    {
        ArgumentNullException.ThrowIfNull(credits);
        if (complete)
        {
            throw new InvalidOperationException("The payment stage is complete.");
        }

        var paid = new Gathered();
        if (periods is not null)
        {
            Pay(null, credits, paid.Add);
        }

        complete = true;
        return new PaymentResult(paid.Payouts, paid.Lines, PaymentCalculator.Sorted(issues));
    }

    /// <summary>The index of the payment period holding <paramref name="day"/>, or −1.</summary>
    private int PeriodOf(int day)
    {
        var index = Array.BinarySearch(starts, day);
        index = index >= 0 ? index : ~index - 1;
        return index >= 0 && day <= ends[index] ? index : -1;
    }

    private PaymentCalculator.Account AccountOf(string participant, string plan, Currency currency)
    {
        if (last is not null && string.Equals(last.ParticipantId, participant, StringComparison.Ordinal) && string.Equals(last.PlanId, plan, StringComparison.Ordinal))
        {
            return last;
        }

        if (!accounts.TryGetValue((participant, plan), out var account))
        {
            account = new PaymentCalculator.Account(participant, plan, plans.GetValueOrDefault(plan), currency, periods!.Count, reportFrom);
            accounts.Add((participant, plan), account);
            if (!clawbackParticipants.Contains(participant))
            {
                open.Add(account);
            }
        }

        return last = account;
    }

    /// <summary>
    /// Pays the participants before <paramref name="below"/> (all when null), as <see cref="PaymentCalculator.Calculate"/>
    /// does once every line is read: assignments mark the periods they cover, clawbacks are added (only when
    /// <paramref name="credits"/> are given; until then participants under clawback terms wait), then each account pays,
    /// and what they paid goes to <paramref name="paid"/> (not called when nobody is paid).
    /// </summary>
    private void Pay(string? below, IReadOnlyList<Credit>? credits, Action<PaymentResult> paid)
    {
        for (; nextAssignment < assignments.Count; nextAssignment++)
        {
            var assignment = assignments[nextAssignment];
            if (below is not null && string.CompareOrdinal(assignment.ParticipantId, below) >= 0)
            {
                break;
            }

            if (!plans.TryGetValue(assignment.PlanId, out var plan) || !participants.TryGetValue(assignment.ParticipantId, out var participant))
            {
                continue;
            }

            for (var i = 0; i < periods!.Count; i++)
            {
                if (assignment.Effective.Overlaps(periods[i].Period.Range))
                {
                    AccountOf(participant.Id, plan.Id, plan.PayCurrency ?? participant.PayCurrency).Assigned[i] = true;
                }
            }
        }

        if (credits is not null && linesByCredit is not null)
        {
            PaymentCalculator.AddClawbacks([.. periods!.Select(p => p.Period)], credits, plans, bookings, linesByCredit, clawbackParticipants, AccountOf, issues);
        }

        // Without credits only the open accounts (none under clawback terms) can be due: the few of the participants
        // being read, not every account waiting for the credits.
        var due = new List<PaymentCalculator.Account>();
        var waiting = credits is null ? open : [.. accounts.Values];
        var kept = 0;
        for (var i = 0; i < waiting.Count; i++)
        {
            var account = waiting[i];
            if (below is null || string.CompareOrdinal(account.ParticipantId, below) < 0)
            {
                due.Add(account);
            }
            else
            {
                waiting[kept++] = account;
            }
        }

        waiting.RemoveRange(kept, waiting.Count - kept);
        if (credits is not null)
        {
            open.Clear();
        }

        last = null;
        if (due.Count == 0)
        {
            return;
        }

        due.Sort((x, y) => PaymentCalculator.AccountOrder.Instance.Compare((x.ParticipantId, x.PlanId), (y.ParticipantId, y.PlanId)));
        var payouts = new List<Payout>();
        var lines = new List<PayoutLine>();
        foreach (var account in due)
        {
            account.Pay(periods!, bookings, payouts, lines, issues);
            accounts.Remove((account.ParticipantId, account.PlanId));
        }

        paid(new PaymentResult(payouts, lines, []));
    }

    /// <summary>The payouts and lines of several payments, one after the other.</summary>
    private sealed class Gathered
    {
        public List<Payout> Payouts { get; } = [];

        public List<PayoutLine> Lines { get; } = [];

        public void Add(PaymentResult paid)
        {
            Payouts.AddRange(paid.Payouts);
            Lines.AddRange(paid.Lines);
        }
    }
}
