using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Calculation;

/// <summary>
/// Calculates a period: credits the bookings, measures each assigned component period-to-date, and pays commission and
/// quota bonus lines with their lineage. Pure and deterministic: the same input in any order gives the same result.
/// </summary>
/// <remarks>
/// The semantics (tiers, caps, proration, currency conversion, rounding) are those of docs/plans.md, which is tested.
/// </remarks>
public static partial class Calculator
{
    /// <summary>Calculates <see cref="CalculationInput.Period"/>.</summary>
    /// <param name="input">The plans, people, bookings and rates.</param>
    /// <returns>Credits, measures and earning lines; problems with the input are issues, not exceptions.</returns>
    public static CalculationResult Calculate(CalculationInput input) => Calculate(input, null);

    /// <summary>
    /// Calculates <see cref="CalculationInput.Period"/> and hands the earning lines to <paramref name="lines"/> as they are
    /// made instead of keeping them: in batches of whole assignments, in the order <see cref="CalculationResult.Earnings"/>
    /// would list them, so that a caller who writes the lineage out never holds all of it (ADR 0010). The result's
    /// <see cref="CalculationResult.Earnings"/> is then empty; credits, measures and issues are as without a receiver.
    /// </summary>
    /// <param name="input">The plans, people, bookings and rates.</param>
    /// <param name="lines">
    /// Receives each batch of lines, one call at a time and in order, while the next batch is calculated (so not
    /// necessarily on the calling thread); null keeps them in the result. The list it is given is valid only during the
    /// call (its storage is reused for a later batch): read or copy what is needed before returning. The calculation
    /// returns after the last call has returned; an exception thrown by a call ends the calculation and is rethrown.
    /// </param>
    /// <returns>Credits, measures and, without a receiver, earning lines.</returns>
    public static CalculationResult Calculate(CalculationInput input, Action<IReadOnlyList<EarningLine>>? lines) => Calculate(input, lines, shortArithmetic: true);

    /// <summary>
    /// <see cref="Calculate(CalculationInput, Action{IReadOnlyList{EarningLine}}?)"/>, handing over the lines of the
    /// component periods <paramref name="totals"/> allows as their totals per period instead (to
    /// <see cref="LineTotals.Receive"/>, each batch's totals just before its lines).
    /// </summary>
    /// <param name="input">The plans, people, bookings and rates.</param>
    /// <param name="lines">Receives each batch of lines, as in <see cref="Calculate(CalculationInput, Action{IReadOnlyList{EarningLine}}?)"/>.</param>
    /// <param name="totals">Which lines may be totalled, per which periods, and who receives the totals.</param>
    /// <returns>Credits and measures (the same as without totals).</returns>
    public static CalculationResult Calculate(CalculationInput input, Action<IReadOnlyList<EarningLine>> lines, LineTotals totals)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(totals);
        return Calculate(input, lines, shortArithmetic: true, ParallelPeriodCredits, totals);
    }

    /// <summary>
    /// <see cref="Calculate(CalculationInput, Action{IReadOnlyList{EarningLine}}?)"/>, with the commission loop's 64-bit
    /// arithmetic switched off when <paramref name="shortArithmetic"/> is false (every number in decimal), so tests can
    /// check that both ways give the same result bit for bit.
    /// </summary>
    internal static CalculationResult Calculate(CalculationInput input, Action<IReadOnlyList<EarningLine>>? lines, bool shortArithmetic) =>
        Calculate(input, lines, shortArithmetic, ParallelPeriodCredits);

    /// <summary>
    /// <see cref="Calculate(CalculationInput, Action{IReadOnlyList{EarningLine}}?, bool)"/>, with the component periods of
    /// an assignment run in parallel when its participant holds at least <paramref name="parallelPeriodCredits"/> credits
    /// (tests use 0 to check that the result is the same either way).
    /// </summary>
    internal static CalculationResult Calculate(CalculationInput input, Action<IReadOnlyList<EarningLine>>? lines, bool shortArithmetic, int parallelPeriodCredits) =>
        Calculate(input, lines, shortArithmetic, parallelPeriodCredits, totals: null);

    /// <summary>
    /// <see cref="Calculate(CalculationInput, Action{IReadOnlyList{EarningLine}}?, bool, int)"/>, with the totals
    /// <paramref name="totals"/> asks for (only with a receiver of lines).
    /// </summary>
    internal static CalculationResult Calculate(CalculationInput input, Action<IReadOnlyList<EarningLine>>? lines, bool shortArithmetic, int parallelPeriodCredits, LineTotals? totals)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (lines is null && totals is not null)
        {
            throw new ArgumentException("Totals are handed over only beside a receiver of lines.", nameof(totals));
        }

        var ruleIssues = new List<InputIssue>();
        var splits = CreditRules.Apply(input.Bookings, input.Splits, input.CreditRules, ruleIssues);
        var crediting = CreditAllocator.Allocate(input.Bookings, splits, input.Hierarchy, input.Crediting);
        var issues = new List<InputIssue>(crediting.Issues);
        issues.AddRange(ruleIssues);

        // Credits made by the allocator know their bookings; the look-up by id is made only when something needs it.
        var bookings = new Lazy<Dictionary<string, Booking>>(() =>
        {
            var byId = new Dictionary<string, Booking>(input.Bookings.Count, StringComparer.Ordinal);
            foreach (var booking in input.Bookings)
            {
                byId.TryAdd(booking.Id, booking);
            }

            return byId;
        });

        var plans = Unique(input.Plans, p => p.Id, "plan", issues);
        var participants = Unique(input.Participants, p => p.Id, "participant", issues);
        var creditList = (CreditList)crediting.Credits;
        var creditIndex = CreditIndex.Build(creditList);
        var firstOrders = new Lazy<Dictionary<string, string>>(() => FirstOrderOfAccounts(input.Bookings));
        var assignments = input.Assignments
            .OrderBy(a => a.ParticipantId, StringComparer.Ordinal).ThenBy(a => a.PlanId, StringComparer.Ordinal)
            .ThenBy(a => a.Effective.Start).ThenBy(a => a.Effective.End ?? DateOnly.MaxValue)
            .ToList();
        var accepted = new Dictionary<(string Participant, string Plan), List<PlanAssignment>>();
        var work = new List<(PlanAssignment Assignment, Participant Participant, Plan Plan)>(assignments.Count);
        foreach (var assignment in assignments)
        {
            var path = $"assignments[{assignment.ParticipantId}/{assignment.PlanId}/{assignment.Effective.Start:yyyy-MM-dd}]";
            if (!participants.TryGetValue(assignment.ParticipantId, out var participant))
            {
                issues.Add(new InputIssue("assignment.unknown-participant", path, $"Participant '{assignment.ParticipantId}' is not in the input; the assignment is skipped."));
                continue;
            }

            if (!plans.TryGetValue(assignment.PlanId, out var plan))
            {
                issues.Add(new InputIssue("assignment.unknown-plan", path, $"Plan '{assignment.PlanId}' is not in the input; the assignment is skipped."));
                continue;
            }

            if (!accepted.TryGetValue((participant.Id, plan.Id), out var same))
            {
                same = [];
                accepted.Add((participant.Id, plan.Id), same);
            }

            if (same.Find(a => a.Effective.Overlaps(assignment.Effective)) is { } earlier)
            {
                issues.Add(new InputIssue("assignment.overlap", path, $"It overlaps the assignment of the same plan from {earlier.Effective}; it is skipped."));
                continue;
            }

            same.Add(assignment);
            work.Add((assignment, participant, plan));
        }

        // Assignments are independent: each runs its component periods on its own (in parallel), and the results are
        // joined in assignment order, so the result does not depend on scheduling.
        var outcomes = new (List<MeasureResult> Measures, List<LineBuffer> Earnings, List<EarningTotal> Totals, List<InputIssue> Issues)[work.Count];
        var chunks = lines is null ? null : new LineChunks();
        var countedLists = new CountedLists();
        (List<MeasureResult> Measures, List<LineBuffer> Earnings, List<EarningTotal> Totals, List<InputIssue> Issues) Assignment(int i)
        {
            var (assignment, participant, plan) = work[i];
            var credits = creditIndex.Of(participant.Id);
            var payCurrency = plan.PayCurrency ?? participant.PayCurrency;
            var payNumber = creditIndex.CurrencyNumber(payCurrency);
            var periods = new List<(PlanComponent Component, Period Period, YearTotals? Year)>(plan.Components.Count * 12);
            foreach (var component in plan.Components)
            {
                var years = new Dictionary<string, YearTotals>(StringComparer.Ordinal);
                for (var period = FirstPeriod(input, component); period.Start <= input.Period.End; period = input.Calendar.Next(period))
                {
                    periods.Add((component, period, YearOf(input, component, period, years)));
                }
            }

            // The job writes its lines straight into the list it is given; those not reported are taken out again.
            MeasureResult? RunPeriod(int p, LineBuffer lines, List<EarningTotal> totalled, List<Counted> counted, List<InputIssue> issues)
            {
                var (component, period, year) = periods[p];
                var start = lines.Count;
                var job = new Job(input, bookings, plan, component, assignment, period, payCurrency, issues)
                {
                    Credits = creditList,
                    Year = year,
                    FirstOrders = firstOrders,
                    Lines = lines,
                    Counted = counted,
                    PayCurrencyNumber = payNumber,
                    IndexCurrencies = creditIndex.Currencies,
                    LinesStart = start,
                    ShortArithmetic = shortArithmetic,
                    Totals = totals is null ? null : (totals, totalled),
                };
                if (job.Run(credits) is { } measure && period.End >= input.Period.Start)
                {
                    if (job.FirstLineDay < input.Period.Start.DayNumber || job.LastLineDay > input.Period.End.DayNumber)
                    {
                        KeepLinesIn(lines, start, input.Period);
                    }

                    return measure;
                }

                lines.Truncate(start);
                return null;
            }

            if (credits.Count >= parallelPeriodCredits && periods.Count > 1 && !periods.Exists(p => p.Year is not null))
            {
                // A participant holding many credits (a director's roll-ups) would keep one worker busy while the others
                // wait for the batch to end: its component periods, independent without a per-year cap, run in parallel,
                // each into its own lines, joined in order.
                var measures = new MeasureResult?[periods.Count];
                var buffers = new LineBuffer[periods.Count];
                var totalled = new List<EarningTotal>[periods.Count];
                var issues = new List<InputIssue>[periods.Count];
                RunInParallel(periods.Count, p =>
                {
                    var rented = countedLists.Rent();
                    (buffers[p], totalled[p], issues[p]) = (new LineBuffer((int)Math.Min(int.MaxValue, credits.Count * 2L / periods.Count), chunks), [], []);
                    measures[p] = RunPeriod(p, buffers[p], totalled[p], rented, issues[p]);
                    countedLists.Return(rented);
                });
                return ([.. measures.OfType<MeasureResult>()], [.. buffers], [.. totalled.SelectMany(x => x)], [.. issues.SelectMany(x => x)]);
            }

            var outcome = (Measures: new List<MeasureResult>(periods.Count), Earnings: new LineBuffer(credits.Count * 2, chunks), Totals: new List<EarningTotal>(), Issues: new List<InputIssue>());
            var counted = countedLists.Rent();
            for (var p = 0; p < periods.Count; p++)
            {
                if (RunPeriod(p, outcome.Earnings, outcome.Totals, counted, outcome.Issues) is { } measure)
                {
                    outcome.Measures.Add(measure);
                }
            }

            countedLists.Return(counted);
            return (outcome.Measures, [outcome.Earnings], outcome.Totals, outcome.Issues);
        }

        if (lines is null)
        {
            RunInParallel(work.Count, i => outcomes[i] = Assignment(i));
        }
        else
        {
            // A batch takes at most StreamBatch assignments and StreamCredits credits (one assignment at least), so that a few
            // managers holding most of the roll-up credits do not make one batch hold most of the lines. The receiver takes
            // each batch while the next one is calculated, so that both keep the cores busy; its chunks go back to the pool
            // once it has returned.
            var receiving = Task.CompletedTask;
            try
            {
                for (int from = 0, batch; from < work.Count; from += batch)
                {
                    var credits = 0;
                    for (batch = 0; from + batch < work.Count && batch < StreamBatch; batch++)
                    {
                        var next = creditIndex.Of(work[from + batch].Participant.Id).Count;
                        if (batch > 0 && credits + next > StreamCredits)
                        {
                            break;
                        }

                        credits += next;
                    }

                    RunInParallel(batch, i => outcomes[from + i] = Assignment(from + i));
                    var buffers = outcomes.Skip(from).Take(batch).SelectMany(o => o.Earnings).ToList();
                    var totalled = outcomes.Skip(from).Take(batch).SelectMany(o => o.Totals).ToList();
                    receiving.GetAwaiter().GetResult();
                    receiving = Task.Run(() =>
                    {
                        if (totalled.Count > 0)
                        {
                            totals!.Receive(totalled);
                        }

                        var made = new EarningLineList([.. buffers]);
                        if (made.Count > 0)
                        {
                            lines(made);
                        }

                        buffers.ForEach(buffer => buffer.Release());
                    });
                }
            }
            finally
            {
                // However the batches end, the receiver is done with its batch before the calculation returns or throws: a
                // batch's failure leaves first, the receiver's (below) only when every batch was calculated.
                Task.WaitAny(receiving);
            }

            receiving.GetAwaiter().GetResult();
        }

        var measures = new List<MeasureResult>(outcomes.Sum(o => o.Measures.Count));
        foreach (var outcome in outcomes)
        {
            measures.AddRange(outcome.Measures);
            issues.AddRange(outcome.Issues);
        }

        return new CalculationResult(
            input.Period.Key,
            crediting.Credits,
            measures,
            new EarningLineList([.. outcomes.SelectMany(o => o.Earnings)]),
            [.. issues.Distinct().OrderBy(i => i.Path, StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal).ThenBy(i => i.Message, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The lists of counted credits of one calculation, reused from assignment to assignment (ADR 0010): a worker takes
    /// one and gives it back, and a component period grows it to exactly its own credits when it has fewer room, so the
    /// calculation holds about one list per worker, as large as the most credits one period counts, instead of a new
    /// list per assignment (sized for a director's million roll-up credits, that was 32 MB on the large object heap).
    /// </summary>
    private sealed class CountedLists
    {
        private readonly List<List<Counted>> free = [];
        private readonly Lock gate = new();

        /// <summary>An empty list: the free one with the most room, or a new one.</summary>
        public List<Counted> Rent()
        {
            lock (gate)
            {
                if (free.Count == 0)
                {
                    return [];
                }

                var largest = 0;
                for (var i = 1; i < free.Count; i++)
                {
                    largest = free[i].Capacity > free[largest].Capacity ? i : largest;
                }

                var list = free[largest];
                free[largest] = free[^1];
                free.RemoveAt(free.Count - 1);
                return list;
            }
        }

        /// <summary>Takes <paramref name="list"/> back, emptied (it keeps no exchange rates alive).</summary>
        public void Return(List<Counted> list)
        {
            list.Clear();
            lock (gate)
            {
                free.Add(list);
            }
        }
    }

    /// <summary>How many credits a participant holds for its assignment's component periods to run in parallel.</summary>
    private const int ParallelPeriodCredits = 1 << 16;

    /// <summary>How many assignments are calculated together before their lines are handed over, when streaming.</summary>
    private const int StreamBatch = 256;

    /// <summary>How many credits the assignments of one streamed batch hold at most (unless one assignment alone holds more).</summary>
    private const int StreamCredits = 1 << 18;

    /// <summary>Takes the lines from <paramref name="start"/> on that are not dated in <paramref name="period"/> out of <paramref name="lines"/>.</summary>
    private static void KeepLinesIn(LineBuffer lines, int start, Period period)
    {
        var kept = start;
        for (var i = start; i < lines.Count; i++)
        {
            if (lines[i].Day >= period.Start.DayNumber && lines[i].Day <= period.End.DayNumber)
            {
                if (kept != i)
                {
                    lines[kept] = lines[i];
                }

                kept++;
            }
        }

        lines.Truncate(kept);
    }

    /// <summary>Runs <paramref name="body"/> for 0 … count − 1 on the thread pool; a failure surfaces as itself, not wrapped.</summary>
    private static void RunInParallel(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(aggregate.InnerExceptions[0]).Throw();
        }
    }

    private static Dictionary<string, T> Unique<T>(IEnumerable<T> items, Func<T, string> key, string what, List<InputIssue> issues)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var group in items.GroupBy(key, StringComparer.Ordinal))
        {
            if (group.Skip(1).Any())
            {
                issues.Add(new InputIssue($"{what}.duplicate-id", $"{what}s[{group.Key}]", $"The {what} id '{group.Key}' appears {group.Count()} times; none of them is used."));
                continue;
            }

            result.Add(group.Key, group.First());
        }

        return result;
    }

    /// <summary>One component period of one assignment.</summary>
    private sealed partial class Job(
        CalculationInput input,
        Lazy<Dictionary<string, Booking>> bookings,
        Plan plan,
        PlanComponent component,
        PlanAssignment assignment,
        Period period,
        Currency payCurrency,
        List<InputIssue> issues)
    {
        private decimal runningExact;
        private decimal perPeriodUncapped;
        private decimal perPeriodPaid;
        private Money? runningRounded;
        private string[]? boundsTexts;
        private HashSet<int>? measureOnly;
        private decimal? jobQuota;
        private int sourceIndex = -1;
        private (decimal Low, decimal High)[]? bands;
        private RateTable? bandsTable;
        private decimal bandsScale;
        private string? lastText;
        private int lastTextIndex = -1;
        private FxRate? lastQuote;
        private int lastQuoteIndex = -1;

        private Dictionary<string, (decimal Uncapped, decimal Paid)> PerDeal => field ??= new(StringComparer.Ordinal);

        /// <summary>The earliest day of a line the job added (int.MaxValue before the first; a line taken back is still counted).</summary>
        public int FirstLineDay { get; private set; } = int.MaxValue;

        /// <summary>The latest day of a line the job added (int.MinValue before the first; a line taken back is still counted).</summary>
        public int LastLineDay { get; private set; } = int.MinValue;

        /// <summary>Notes the day of a line added, for <see cref="FirstLineDay"/> and <see cref="LastLineDay"/>.</summary>
        private void Added(int day)
        {
            FirstLineDay = Math.Min(FirstLineDay, day);
            LastLineDay = Math.Max(LastLineDay, day);
        }

        /// <summary>The list the job's lines are added to, from <see cref="LinesStart"/> on.</summary>
        public LineBuffer Lines { get; init; } = new();

        /// <summary>The calculation's credits; the job's credits are indexes into them.</summary>
        public required CreditList Credits { get; init; }

        /// <summary>The number of the pay currency in the credit index (−1 when no amount there is in it).</summary>
        public int PayCurrencyNumber { get; init; } = -1;

        /// <summary>A list to reuse for the counted credits (the job keeps none of it), or null for a new one.</summary>
        public List<Counted>? Counted { get; init; }

        /// <summary>Where the job's lines start in <see cref="Lines"/> (their sequence numbers count from there).</summary>
        public int LinesStart { get; init; }

        private LineSource Source => field ??= new LineSource(
            assignment.ParticipantId, plan.Id, plan.Version, component.Id, period.Key, payCurrency, plan.Rounding,
            component.Measure == MeasureKind.BookingsUnits, component.PerPeriodCap, Credits, jobQuota);

        private string Path => $"assignments[{assignment.ParticipantId}/{plan.Id}/{assignment.Effective.Start:yyyy-MM-dd}].components[{component.Id}].{period.Key}";

        public MeasureResult? Run(ParticipantCredits credits)
        {
            participantCredits = credits;
            if (assignment.Effective.Intersect(period.Range) is not { } window)
            {
                return null;
            }

            var to = Min(Min(window.End!.Value, period.End), input.Period.End);
            if (to < window.Start)
            {
                return null;
            }

            var factor = (decimal)window.Days!.Value / period.Days;
            PeriodTarget? target = null;
            foreach (var candidate in assignment.Targets)
            {
                if (candidate.PeriodKey == period.Key)
                {
                    target = candidate;
                    break;
                }
            }

            var quota = target is null ? (decimal?)null : target.Quota * factor;
            jobQuota = quota;
            var targetIncentive = target is null ? (decimal?)null : target.TargetIncentive * factor;

            var counted = Counted ?? [];
            counted.Clear();
            var (first, end) = (credits.FirstOnOrAfter(window.Start), credits.FirstAfter(to));
            var amounts = component.Measure == MeasureKind.BookingsAmount;
            var table = component is CommissionComponent commissionOf ? TableFor(commissionOf) : null;
            var indexValue = 0m;
            (fromIndex, totalsWalk) = (null, null);
            if (ReadsIndex)
            {
                // Every credit of the period is read from the index as it is paid (64-bit arithmetic): no counted list.
                // Where the period may be totalled, the one pass that sums the credits gathers what the totals need.
                var walk = component is CommissionComponent commission && MayPayTotals(commission, table, quota) ? new TotalsWalk(Totals!.Value.Asked.Periods) : null;
                if (TrySumFromIndex(credits, first, end, walk, out indexValue))
                {
                    (fromIndex, totalsWalk) = ((credits, first, end), walk);
                }
            }

            if (fromIndex is null && counted.Capacity < end - first)
            {
                // Exactly the period's credits: a list grown by doubling would leave its smaller arrays as garbage.
                counted.Capacity = end - first;
            }

            var matchesAll = MatchesAll;
            for (var i = fromIndex is null ? first : end; i < end; i++)
            {
                ref readonly var entry = ref credits.Entry(i);
                var credit = entry.Row;
                if (!matchesAll && !Matches(Credits.Row(credit).Classification))
                {
                    continue;
                }

                // Under clawback terms a cancellation pays no line here (the payment stage claws back) and counts in
                // the measure only when the plan reduces attainment (docs/plans.md, "Clawbacks").
                if (entry.Cancels && plan.Clawback is { } clawback)
                {
                    if (!clawback.ReduceAttainment)
                    {
                        continue;
                    }

                    (measureOnly ??= []).Add(credit);
                }

                if (amounts && entry.TryAmountIn(PayCurrencyNumber, out var amount))
                {
                    // The credit's amount in the pay currency: no conversion, as Value would find.
                    counted.Add(new Counted(credit, entry.Day, amount, null));
                    continue;
                }

                if (Value(credit, entry.Cancels ? Credits.Row(credit).Classification.Date : DateOnly.FromDayNumber(entry.Day)) is not { } valued)
                {
                    continue;
                }

                counted.Add(new Counted(credit, entry.Day, valued.Value, valued.Fx));
            }

            var value = indexValue;
            foreach (var item in counted)
            {
                value += item.Value;
            }

            decimal? attainment = quota is > 0m ? value / quota.Value * 100m : null;
            switch (component)
            {
                case CommissionComponent commission:
                    PayCommission(commission, table, counted, quota);
                    break;
                case QuotaBonusComponent bonus when period.End <= input.Period.End:
                    PayBonus(bonus, counted, value, quota, targetIncentive, attainment);
                    break;
                case SpiffComponent spiff:
                    PaySpiff(spiff, counted, quota);
                    break;
                case MboComponent mbo:
                    (value, attainment) = PayMbo(mbo, targetIncentive);
                    break;
                default:
                    break;
            }

            PayGuarantee(value, quota, factor);

            var earned = Money.Zero(payCurrency) + new Money(runningExact, payCurrency).Round(plan.Rounding);
            return new MeasureResult(assignment.ParticipantId, plan.Id, component.Id, period.Key, window.Start, to, factor, value, quota, targetIncentive, attainment, earned);
        }

        /// <summary>The booking credited and the booking that classifies it (its original for a cancellation).</summary>
        private (Booking Booking, Booking Classification) BookingsOf(int credit)
        {
            var row = Credits.Row(credit);
            return (row.Booking, row.Classification);
        }

        /// <summary>Whether every booking counts for the component (no filter, condition, time box or scores), so none is looked at.</summary>
        private bool MatchesAll => component is not MboComponent and not SpiffComponent && component.Condition is null && component.Filter.Count == 0;

        private bool Matches(Booking booking) => MatchesFeatures(booking) && (component.Filter.Count == 0 || component.Filter.All(condition =>
        {
            string? actual = condition.Attribute switch
            {
                "product" => booking.Product,
                "family" => booking.Family,
                var name => booking.Attributes.GetValueOrDefault(name["attributes.".Length..]),
            };
            return actual is not null && condition.Values.Contains(actual, StringComparer.Ordinal);
        }));

        private (decimal Value, FxConversion? Fx)? Value(int index, DateOnly fxDate)
        {
            var credit = Credits.Row(index);
            if (component.Measure is MeasureKind.NewLogos or MeasureKind.BookingAttribute or MeasureKind.BookingMoneyAttribute)
            {
                return FeatureValue(index, fxDate);
            }

            if (component.Measure == MeasureKind.BookingsUnits)
            {
                return (credit.Units, null);
            }

            var money = component.Measure == MeasureKind.BookingsMargin ? credit.Margin : credit.Amount;
            if (money.Currency == payCurrency)
            {
                // No conversion: the lineage shows rate 1 and no quote, as it would for an identity conversion.
                return (money.Amount, null);
            }

            if (!input.Fx.TryConvert(money, payCurrency, fxDate, out var conversion))
            {
                issues.Add(new InputIssue("fx.missing", $"bookings[{credit.BookingId}]",
                    $"No {money.Currency.Code}→{payCurrency.Code} rate (or its inverse) on or before {fxDate:yyyy-MM-dd}; credit '{credit.Id}' is left out of component '{component.Id}'."));
                return null;
            }

            return (conversion.Result.Amount, conversion);
        }

        /// <summary>Whether the credits may be read from the credit index: a commission on the bookings amount that counts every credit, in 64-bit arithmetic.</summary>
        private bool ReadsIndex => component is CommissionComponent && component.Measure == MeasureKind.BookingsAmount && MatchesAll && ShortArithmetic;

        /// <summary>What tier bounds are multiplied by: a hundredth of the quota for tiers keyed by attainment (null without a positive quota), else 1.</summary>
        private static decimal? ScaleOf(RateTable? table, decimal? quota) =>
            table?.Key != TierKey.Attainment ? 1m : quota is > 0m ? quota.Value / 100m : null;

        private void PayCommission(CommissionComponent commission, RateTable? table, List<Counted> counted, decimal? quota)
        {
            if (ScaleOf(table, quota) is not { } scale)
            {
                issues.Add(new InputIssue("quota.missing", Path, $"Component '{component.Id}' has tiers keyed by attainment but no positive quota for {period.Key}; it pays nothing."));
                return;
            }

            if (totalsWalk is { } walk && TryPayTotals(table!, scale, walk))
            {
                // MayPayTotals allowed it and the one pass over the credits gathered them: totals, no lines.
                return;
            }

            var ptd = 0m;
            var paidShort = CanPayShort(commission, table) ? PayShort(table!, counted, scale, ref ptd, PayScaled(table!, scale, ref ptd)) : 0;
            if (fromIndex is { } index && paidShort < index.End - index.First)
            {
                // What the 64-bit loop did not pay is paid in decimal from counted credits, as the index gives them.
                CountFromIndex(index.Credits, index.First, index.End, counted);
            }
            for (var next = paidShort; next < counted.Count; next++)
            {
                var (credit, day, value, fx) = counted[next];
                var before = ptd;
                var after = ptd + value;
                ptd = after;
                if (measureOnly?.Contains(credit) == true)
                {
                    continue;
                }

                var start = Lines.Count;
                var context = new LineContext(credit, value, fx, before, after, quota) { CreditDay = day };
                if (FlatRateFor(commission, credit) is { } flat)
                {
                    var rate = flat.Rate;
                    Add(context, EarningKind.Commission, null, rate, value, rate * value, new RuleText(RuleShape.Flat, flat.Source));
                }
                else if (table!.Key == TierKey.Booking)
                {
                    PayBands(context, table, 0m, Math.Abs(value), Math.Sign(value), 1m, "booking");
                }
                else
                {
                    PayBands(context, table, before, after, 1, scale, table.Key == TierKey.Attainment ? "attainment" : "period-to-date");
                }

                var raw = 0m;
                for (var i = start; i < Lines.Count; i++)
                {
                    raw += Lines[i].ExactIn(Lines);
                }

                if (commission.PerDealCap is { } dealCap)
                {
                    var key = Credits.Row(credit).Classification.Id;
                    var (uncapped, paid) = PerDeal.GetValueOrDefault(key);
                    uncapped += raw;
                    var nowPaid = Math.Min(uncapped, dealCap);
                    var adjustment = nowPaid - paid - raw;
                    PerDeal[key] = (uncapped, nowPaid);
                    if (adjustment != 0m)
                    {
                        Add(context, EarningKind.DealCap, null, null, raw, adjustment,
                            string.Create(CultureInfo.InvariantCulture, $"per-deal cap {dealCap} on booking {key}: earned {uncapped} uncapped, {nowPaid} paid"));
                        raw += adjustment;
                    }
                }

                ApplyPeriodCap(context, raw);
            }
        }

        /// <summary>Pays the move of the key value from <paramref name="from"/> to <paramref name="to"/> (bounds × scale).</summary>
        private void PayBands(in LineContext context, RateTable table, decimal from, decimal to, int sign, decimal scale, string keyName)
        {
            if (table.Semantics == TierSemantics.Retroactive)
            {
                var tierAfter = table.TierIndexAt(to, scale);
                var rateAfter = table.Tiers[tierAfter].Rate.Value;
                var moved = sign * (to - from);
                Add(context, EarningKind.Commission, tierAfter, rateAfter, moved, rateAfter * moved,
                    $"retroactive tier {tierAfter} {Bounds(table.Tiers[tierAfter], keyName)} at {keyName} {F(Key(to, scale, keyName))}: {F(moved)} × {F(rateAfter)}");
                var tierBefore = table.TierIndexAt(from, scale);
                var rateBefore = table.Tiers[tierBefore].Rate.Value;
                if (table.Key != TierKey.Booking && tierBefore != tierAfter && from != 0m)
                {
                    var trueUp = (rateAfter - rateBefore) * from;
                    Add(context, EarningKind.TrueUp, tierAfter, rateAfter - rateBefore, from, trueUp,
                        $"retroactive true-up from tier {tierBefore} to tier {tierAfter}: {F(from)} before this credit × ({F(rateAfter)} − {F(rateBefore)})");
                }

                return;
            }

            var low = Math.Min(from, to);
            var high = Math.Max(from, to);
            var direction = (to >= from ? 1 : -1) * sign;
            var bands = BandsOf(table, scale);
            for (var i = 0; i < table.Tiers.Count; i++)
            {
                var tier = table.Tiers[i];
                var (bandLow, bandHigh) = bands[i];
                var part = Math.Min(high, bandHigh) - Math.Max(low, bandLow);
                if (part <= 0m)
                {
                    continue;
                }

                var signed = direction * part;
                Add(context, EarningKind.Commission, i, tier.Rate.Value, signed, tier.Rate.Value * signed,
                    new RuleText(RuleShape.Marginal, BoundsOf(table, i, keyName)));
            }
        }

        private void PayBonus(QuotaBonusComponent bonus, List<Counted> counted, decimal value, decimal? quota, decimal? targetIncentive, decimal? attainment)
        {
            if (quota is not > 0m || targetIncentive is null)
            {
                issues.Add(new InputIssue("quota.missing", Path, $"Quota bonus '{component.Id}' needs a positive quota and a target incentive for {period.Key}; it pays nothing."));
                return;
            }

            var payout = bonus.Curve.PayoutPercentAt(attainment!.Value);
            var rule = $"attainment {F(attainment.Value)} % of quota {F(quota.Value)}";
            if (bonus.ThresholdPercent is { } threshold && attainment < threshold)
            {
                payout = 0m;
                rule += $" is below the threshold {F(threshold)} %: payout 0 %";
            }
            else
            {
                rule += $" → curve payout {F(payout)} %";
                if (bonus.CapPercent is { } cap && payout > cap)
                {
                    payout = cap;
                    rule += $", capped at {F(cap)} %";
                }
            }

            var exact = targetIncentive.Value * payout / 100m;
            rule += $"; target incentive {F(targetIncentive.Value)} × {F(payout)} %";
            var context = new LineContext(-1, value, null, 0m, value, quota)
            {
                Credits = [.. counted.Select(c => Credits[c.Credit])],
                Date = period.End,
            };
            Add(context, EarningKind.QuotaBonus, null, payout / 100m, targetIncentive.Value, exact, rule);
            ApplyPeriodCap(context, exact);
        }

        private void ApplyPeriodCap(in LineContext context, decimal raw)
        {
            raw = ApplyGates(context, raw);
            perPeriodUncapped += raw;
            if (component.PerPeriodCap is not { } cap)
            {
                ApplyYearCap(context, raw);
                return;
            }

            var nowPaid = Math.Min(perPeriodUncapped, cap);
            var adjustment = nowPaid - perPeriodPaid - raw;
            perPeriodPaid = nowPaid;
            if (adjustment != 0m)
            {
                Add(context, EarningKind.PeriodCap, null, null, raw, adjustment, new RuleText(RuleShape.PeriodCap, null, perPeriodUncapped));
            }

            ApplyYearCap(context, raw + adjustment);
        }

        private void Add(in LineContext context, EarningKind kind, int? tier, decimal? rate, decimal @base, decimal exact, RuleText rule)
        {
            var before = runningRounded ??= new Money(runningExact, payCurrency).Round(plan.Rounding);
            runningExact += exact;
            var after = new Money(runningExact, payCurrency).Round(plan.Rounding);
            runningRounded = after;
            Write(context, kind, tier, rate, @base, exact, (after - before).Amount, rule);
        }

        /// <summary>Writes a line whose running total has been moved on by <paramref name="exact"/>, paying <paramref name="amount"/>.</summary>
        private void Write(in LineContext context, EarningKind kind, int? tier, decimal? rate, decimal @base, decimal exact, decimal amount, RuleText rule)
        {
            if (sourceIndex < 0)
            {
                sourceIndex = Lines.Keep(Source);
            }

            // A text is kept once for the lines that follow with the same one, also across lines without a text (caps).
            var textIndex = -1;
            if (rule.Text is not null)
            {
                if (!ReferenceEquals(rule.Text, lastText))
                {
                    lastText = rule.Text;
                    lastTextIndex = Lines.Keep(rule.Text);
                }

                textIndex = lastTextIndex;
            }

            var line = new LineData(Lines, Source, sourceIndex, Lines.Count - LinesStart + 1, kind, context, tier, rate, @base, exact, amount, rule, textIndex, FxIndexOf(context.Fx?.Quote));
            Added(line.Day);
            Lines.Add(line);
        }

        /// <summary>
        /// Keeps the quote a conversion applied among the lines' objects, once for the lines that follow each other with it
        /// (an identity conversion has none, and its lines show rate 1 as lines without one do); −1 for none.
        /// </summary>
        private int FxIndexOf(FxRate? quote)
        {
            if (quote is not null && !ReferenceEquals(quote, lastQuote))
            {
                lastQuote = quote;
                lastQuoteIndex = Lines.Keep(quote);
            }

            return quote is null ? -1 : lastQuoteIndex;
        }

        /// <summary>The bounds of each marginal band (tier bounds × scale), made once per job and table.</summary>
        private (decimal Low, decimal High)[] BandsOf(RateTable table, decimal scale)
        {
            if (bands is { } made && ReferenceEquals(bandsTable, table) && bandsScale == scale && bandsScale.Scale == scale.Scale)
            {
                return made;
            }

            made = new (decimal Low, decimal High)[table.Tiers.Count];
            for (var i = 0; i < made.Length; i++)
            {
                var tier = table.Tiers[i];
                made[i] = (i == 0 ? decimal.MinValue : tier.From * scale, tier.To is { } upper && i < table.Tiers.Count - 1 ? upper * scale : decimal.MaxValue);
            }

            (bands, bandsTable, bandsScale) = (made, table, scale);
            return made;
        }

        private static decimal Key(decimal value, decimal scale, string keyName) => keyName == "attainment" ? value / scale : value;

        /// <summary>The bounds text of tier <paramref name="index"/>, made once per job (the table does not change within one).</summary>
        private string BoundsOf(RateTable table, int index, string keyName)
        {
            boundsTexts ??= new string[table.Tiers.Count];
            return boundsTexts[index] ??= Bounds(table.Tiers[index], keyName);
        }

        private static string Bounds(Tier tier, string keyName) =>
            $"[{F(tier.From)}, {(tier.To is { } to ? F(to) : "∞")}){(keyName == "attainment" ? " %" : string.Empty)}";

        private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

        private static string F(decimal value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A credit counted in a component period: its row, its value in the measure and the conversion that made it.</summary>
    internal readonly record struct Counted(int Credit, int Day, decimal Value, FxConversion? Fx);

    /// <summary>What a line's credit (an index into the calculation's credits, −1 for none) contributes to it.</summary>
    internal readonly record struct LineContext(int Credit, decimal Value, FxConversion? Fx, decimal Before, decimal After, decimal? Quota)
    {
        public IReadOnlyList<Credit>? Credits { get; init; }

        public DateOnly? Date { get; init; }

        /// <summary>The credit's day when the caller has it at hand (so the line need not look the credit up), else null.</summary>
        public int? CreditDay { get; init; }
    }
}
