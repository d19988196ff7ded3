using Attain.Engine.Periods;

namespace Attain.Engine.Kpis;

/// <summary>
/// The KPI library: one definition per KPI, each stated in docs/kpis.md (formula, records that count, deciding date,
/// currency rule). Every period test is inclusive at both ends.
/// </summary>
public static class KpiCatalog
{
    private const string NoQuota = "No quota in the period (division by zero).";

    /// <summary>Net bookings: orders minus cancellations and returns booked in the period.</summary>
    public static KpiDefinition Bookings { get; } = new(
        "Bookings", null, KpiUnit.Money, true, ["net bookings"],
        (d, c, p) => Build(c, s => AddBookings(s, d, p, 1, 0)),
        t => KpiOutcome.Of(t[0]));

    /// <summary>Net bookings of the period divided by the quotas whose period lies within it.</summary>
    public static KpiDefinition QuotaAttainment { get; } = new(
        "Quota attainment", null, KpiUnit.Ratio, false, ["net bookings", "quota"],
        (d, c, p) => Build(c, s =>
        {
            AddBookings(s, d, p, 2, 0);
            AddQuotas(s, d, p, 2, 1);
        }),
        t => KpiOutcome.Divide(t[0], t[1], NoQuota));

    /// <summary>Won opportunities divided by closed (won or lost) ones, by close date.</summary>
    public static KpiDefinition WinRateByCount { get; } = new(
        "Win rate by count", null, KpiUnit.Ratio, false, ["won", "closed"],
        (d, c, p) => Build(c, s =>
        {
            foreach (var o in Closed(d, p))
            {
                s.Add(Subject(o), null, [o.Status == OpportunityStatus.Won ? 1m : 0m, 1m]);
            }
        }),
        t => KpiOutcome.Divide(t[0], t[1], "No closed opportunities in the period (division by zero)."));

    /// <summary>Won amount divided by closed (won or lost) amount, by close date.</summary>
    public static KpiDefinition WinRateByValue { get; } = new(
        "Win rate by value", null, KpiUnit.Ratio, false, ["won amount", "closed amount"],
        (d, c, p) => Build(c, s =>
        {
            foreach (var o in Closed(d, p))
            {
                string? missing = null;
                var amount = s.Convert(o.Amount, o.CloseDate, ref missing);
                s.Add(Subject(o), missing, [o.Status == OpportunityStatus.Won ? amount : 0m, amount]);
            }
        }),
        t => KpiOutcome.Divide(t[0], t[1], "Closed opportunities of the period total zero (division by zero)."));

    /// <summary>Won amount divided by the number of won opportunities, by close date.</summary>
    public static KpiDefinition AverageDealSize { get; } = new(
        "Average deal size", null, KpiUnit.Money, false, ["won amount", "won"],
        (d, c, p) => Build(c, s =>
        {
            foreach (var o in Won(d, p))
            {
                string? missing = null;
                var amount = s.Convert(o.Amount, o.CloseDate, ref missing);
                s.Add(Subject(o), missing, [amount, 1m]);
            }
        }),
        t => KpiOutcome.Divide(t[0], t[1], NoWins));

    /// <summary>Mean days from creation to close over opportunities won in the period.</summary>
    public static KpiDefinition SalesCycleLength { get; } = new(
        "Sales-cycle length", null, KpiUnit.Days, false, ["cycle days", "won"],
        (d, c, p) => Build(c, s =>
        {
            foreach (var o in Won(d, p))
            {
                s.Add(Subject(o), null, [CycleDays(o), 1m]);
            }
        }),
        t => KpiOutcome.Divide(t[0], t[1], NoWins));

    /// <summary>Amount of open opportunities expected to close in the period.</summary>
    public static KpiDefinition PipelineValue { get; } = new(
        "Pipeline value", null, KpiUnit.Money, true, ["open amount"],
        (d, c, p) => Build(c, s => AddPipeline(s, d, p, 1, 0)),
        t => KpiOutcome.Of(t[0]));

    /// <summary>Pipeline value divided by the quota still to reach (quota minus net bookings).</summary>
    public static KpiDefinition PipelineCoverage { get; } = new(
        "Pipeline coverage", null, KpiUnit.Ratio, false, ["open amount", "quota", "net bookings"],
        (d, c, p) => Build(c, s =>
        {
            AddPipeline(s, d, p, 3, 0);
            AddQuotas(s, d, p, 3, 1);
            AddBookings(s, d, p, 3, 2);
        }),
        t => t[1] == 0m
            ? new KpiOutcome(null, NoQuota)
            : t[1] - t[2] <= 0m
                ? new KpiOutcome(null, "Quota already reached: no remaining quota to cover.")
                : KpiOutcome.Of(t[0] / (t[1] - t[2])));

    /// <summary>
    /// Pipeline velocity, money per day: open opportunities × win rate × average deal size ÷ sales-cycle length.
    /// </summary>
    public static KpiDefinition PipelineVelocity { get; } = new(
        "Pipeline velocity", null, KpiUnit.MoneyPerDay, false, ["open", "won", "closed", "won amount", "cycle days"],
        (d, c, p) => Build(c, s =>
        {
            foreach (var o in Open(d, p))
            {
                s.Add(Subject(o), null, 5, 0, 1m);
            }

            foreach (var o in Closed(d, p))
            {
                var won = o.Status == OpportunityStatus.Won;
                string? missing = null;
                var amount = won ? s.Convert(o.Amount, o.CloseDate, ref missing) : 0m;
                s.Add(Subject(o), missing, [0m, won ? 1m : 0m, 1m, amount, won ? CycleDays(o) : 0m]);
            }
        }),
        t => t[2] == 0m ? new KpiOutcome(null, "No closed opportunities in the period: no win rate.")
            : t[1] == 0m ? new KpiOutcome(null, NoWins)
            : t[4] == 0m ? new KpiOutcome(null, "The average sales cycle is zero days (division by zero).")
            // open × (won/closed) × (won amount/won) ÷ (cycle days/won), with one division.
            : KpiOutcome.Of(t[0] * t[3] * t[1] / (t[2] * t[4])));

    /// <summary>Opportunities created in the period, whatever their status now.</summary>
    public static KpiDefinition OpportunitiesCreated { get; } = new(
        "Opportunities created", null, KpiUnit.Count, true, ["created"],
        (d, c, p) => Build(c, s => AddCreated(s, d, p, 1, 0)),
        t => KpiOutcome.Of(t[0]));

    /// <summary>Activities of every type held in the period.</summary>
    public static KpiDefinition ClientConversations { get; } = ClientConversationsDefinition(null);

    /// <summary>Activities held in the period per opportunity created in it.</summary>
    public static KpiDefinition ActivityToOpportunityRatio { get; } = new(
        "Activity-to-opportunity ratio", null, KpiUnit.Ratio, false, ["activities", "created"],
        (d, c, p) => Build(c, s =>
        {
            AddActivities(s, d, p, null, 2, 0);
            AddCreated(s, d, p, 2, 1);
        }),
        t => KpiOutcome.Divide(t[0], t[1], "No opportunities created in the period (division by zero)."));

    /// <summary>Activities held in the period per opportunity won in it.</summary>
    public static KpiDefinition ActivityToWinRatio { get; } = new(
        "Activity-to-win ratio", null, KpiUnit.Ratio, false, ["activities", "won"],
        (d, c, p) => Build(c, s =>
        {
            AddActivities(s, d, p, null, 2, 0);
            foreach (var o in Won(d, p))
            {
                s.Add(Subject(o), null, 2, 1, 1m);
            }
        }),
        t => KpiOutcome.Divide(t[0], t[1], NoWins));

    /// <summary>Accounts won for the first time in the period.</summary>
    public static KpiDefinition NewLogos { get; } = new(
        "New logos", null, KpiUnit.Count, true, ["new logos"],
        (d, c, p) => Build(c, s =>
        {
            foreach (var w in d.FirstWins.Where(w => p.Contains(w.FirstWonOn)))
            {
                s.Add(new KpiSubject(new(KpiRecordKind.AccountFirstWin, w.AccountId), w.OwnerId, w.AccountId, null, w.FirstWonOn), null, 1, 0, 1m);
            }
        }),
        t => KpiOutcome.Of(t[0]));

    /// <summary>Value-weighted discount of won opportunities with a list amount: 1 − Σ amount ÷ Σ list amount.</summary>
    public static KpiDefinition AverageDiscount { get; } = new(
        "Average discount", null, KpiUnit.Ratio, false, ["discount amount", "list amount"],
        (d, c, p) => Build(c, s =>
        {
            foreach (var o in Won(d, p))
            {
                if (o.ListAmount is { } list)
                {
                    string? missing = null;
                    var listAmount = s.Convert(list, o.CloseDate, ref missing);
                    var amount = s.Convert(o.Amount, o.CloseDate, ref missing);
                    s.Add(Subject(o), missing, [listAmount - amount, listAmount]);
                }
            }
        }),
        t => KpiOutcome.Divide(t[0], t[1], "No won opportunity of the period has a list amount, or they total zero (division by zero)."));

    private const string NoWins = "No won opportunities in the period (division by zero).";

    /// <summary>The name of <see cref="StageConversionRate"/>.</summary>
    public const string StageConversionRateName = "Stage conversion rate";

    /// <summary>The name of <see cref="TimeInStage"/>.</summary>
    public const string TimeInStageName = "Time in stage";

    /// <summary>The KPIs that take no parameter, in the order of docs/kpis.md.</summary>
    public static IReadOnlyList<KpiDefinition> Unparameterised { get; } =
    [
        Bookings, QuotaAttainment, WinRateByCount, WinRateByValue, AverageDealSize, SalesCycleLength, PipelineValue,
        PipelineCoverage, PipelineVelocity, OpportunitiesCreated, ClientConversations, ActivityToOpportunityRatio,
        ActivityToWinRatio, NewLogos, AverageDiscount,
    ];

    /// <summary>Every KPI's name, parameterised ones included, in the order of docs/kpis.md.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. Unparameterised.Take(9).Select(k => k.Name),
        StageConversionRateName,
        TimeInStageName,
        .. Unparameterised.Skip(9).Select(k => k.Name),
    ];

    /// <summary>
    /// Of the visits to <paramref name="stage"/> entered in the period, the fraction that moved on: to a later entry
    /// whose stage ranks higher in <see cref="KpiContext.StageOrder"/>, or the opportunity is won.
    /// </summary>
    public static KpiDefinition StageConversionRate(string stage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        return new KpiDefinition(
            StageConversionRateName, stage, KpiUnit.Ratio, false, ["converted", "entered"],
            (d, c, p) => Build(c, s =>
            {
                // A stage listed twice keeps its first position.
                var rank = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < c.StageOrder.Count; i++)
                {
                    rank.TryAdd(c.StageOrder[i], i);
                }

                var stageRank = rank.GetValueOrDefault(stage, -1);
                foreach (var o in d.Opportunities)
                {
                    var history = OrderedHistory(o);
                    for (var i = 0; i < history.Count; i++)
                    {
                        if (history[i].Stage == stage && p.Contains(history[i].EnteredOn))
                        {
                            var converted = o.Status == OpportunityStatus.Won
                                || history.Skip(i + 1).Any(e => rank.GetValueOrDefault(e.Stage, -1) > stageRank);
                            s.Add(Subject(o, history[i].EnteredOn), null, [converted ? 1m : 0m, 1m]);
                        }
                    }
                }
            }),
            t => KpiOutcome.Divide(t[0], t[1], $"No opportunity entered {stage} in the period (division by zero)."));
    }

    /// <summary>
    /// Mean days spent in <paramref name="stage"/> over the visits that ended in the period: from entering it to
    /// entering the next stage, or to the close date when the opportunity closed while in it.
    /// </summary>
    public static KpiDefinition TimeInStage(string stage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        return new KpiDefinition(
            TimeInStageName, stage, KpiUnit.Days, false, ["days in stage", "visits"],
            (d, c, p) => Build(c, s =>
            {
                foreach (var o in d.Opportunities)
                {
                    var history = OrderedHistory(o);
                    for (var i = 0; i < history.Count; i++)
                    {
                        if (history[i].Stage != stage)
                        {
                            continue;
                        }

                        DateOnly? exit = i + 1 < history.Count ? history[i + 1].EnteredOn
                            : o.Status == OpportunityStatus.Open ? null : o.CloseDate;
                        if (exit is { } left && p.Contains(left))
                        {
                            s.Add(Subject(o, left), null, [left.DayNumber - history[i].EnteredOn.DayNumber, 1m]);
                        }
                    }
                }
            }),
            t => KpiOutcome.Divide(t[0], t[1], $"No visit to {stage} ended in the period (division by zero)."));
    }

    /// <summary>
    /// Finds a KPI by its name in <see cref="Names"/> (ordinal, exact case) and, for the parameterised ones, its
    /// parameter: the stage for <see cref="StageConversionRateName"/> and <see cref="TimeInStageName"/>, an
    /// <see cref="ActivityType"/> name (or null for all types) for Client conversations.
    /// </summary>
    /// <returns>The definition, or null when the name is unknown or the parameter does not fit it.</returns>
    public static KpiDefinition? Find(string name, string? parameter = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name)
        {
            case StageConversionRateName:
                return string.IsNullOrWhiteSpace(parameter) ? null : StageConversionRate(parameter);
            case TimeInStageName:
                return string.IsNullOrWhiteSpace(parameter) ? null : TimeInStage(parameter);
            case "Client conversations" when parameter is not null:
                return Enum.GetValues<ActivityType>().Where(t => t.ToString() == parameter)
                    .Select(ClientConversationsOf).FirstOrDefault();
            default:
                return parameter is null ? Unparameterised.FirstOrDefault(k => k.Name == name) : null;
        }
    }

    /// <summary>Activities of one type held in the period.</summary>
    public static KpiDefinition ClientConversationsOf(ActivityType type) => ClientConversationsDefinition(type);

    private static KpiDefinition ClientConversationsDefinition(ActivityType? type) => new(
        "Client conversations", type?.ToString(), KpiUnit.Count, true, ["activities"],
        (d, c, p) => Build(c, s => AddActivities(s, d, p, type, 1, 0)),
        t => KpiOutcome.Of(t[0]));

    private static IReadOnlyList<KpiContribution> Build(KpiContext context, Action<KpiContributions> fill)
    {
        var sink = new KpiContributions(context);
        fill(sink);
        return sink.Items;
    }

    private static void AddBookings(KpiContributions sink, KpiData data, Period period, int width, int slot)
    {
        foreach (var b in data.Bookings.Where(b => period.Contains(b.BookedOn)))
        {
            string? missing = null;
            var amount = sink.Convert(b.Amount, b.BookedOn, ref missing);
            var signed = b.Kind == BookingKind.Order ? amount : -Math.Abs(amount);
            sink.Add(new KpiSubject(new(KpiRecordKind.Booking, b.Id), b.OwnerId, b.AccountId, b.ProductId, b.BookedOn), missing, width, slot, signed);
        }
    }

    private static void AddQuotas(KpiContributions sink, KpiData data, Period period, int width, int slot)
    {
        foreach (var q in data.Quotas.Where(q => period.Start <= q.Period.Start && q.Period.End <= period.End))
        {
            string? missing = null;
            var amount = sink.Convert(q.Amount, q.Period.Start, ref missing);
            sink.Add(new KpiSubject(new(KpiRecordKind.Quota, q.Id), q.OwnerId, null, null, q.Period.Start), missing, width, slot, amount);
        }
    }

    private static void AddPipeline(KpiContributions sink, KpiData data, Period period, int width, int slot)
    {
        foreach (var o in Open(data, period))
        {
            string? missing = null;
            var amount = sink.Convert(o.Amount, o.CloseDate, ref missing);
            sink.Add(Subject(o), missing, width, slot, amount);
        }
    }

    private static void AddCreated(KpiContributions sink, KpiData data, Period period, int width, int slot)
    {
        foreach (var o in data.Opportunities.Where(o => period.Contains(o.CreatedOn)))
        {
            sink.Add(Subject(o, o.CreatedOn), null, width, slot, 1m);
        }
    }

    private static void AddActivities(KpiContributions sink, KpiData data, Period period, ActivityType? type, int width, int slot)
    {
        foreach (var a in data.Activities.Where(a => period.Contains(a.OccurredOn) && (type is null || a.Type == type)))
        {
            sink.Add(new KpiSubject(new(KpiRecordKind.Activity, a.Id), a.OwnerId, a.AccountId, null, a.OccurredOn), null, width, slot, 1m);
        }
    }

    private static IEnumerable<OpportunitySnapshot> Open(KpiData data, Period period) =>
        data.Opportunities.Where(o => o.Status == OpportunityStatus.Open && period.Contains(o.CloseDate));

    private static IEnumerable<OpportunitySnapshot> Closed(KpiData data, Period period) =>
        data.Opportunities.Where(o => o.Status != OpportunityStatus.Open && period.Contains(o.CloseDate));

    private static IEnumerable<OpportunitySnapshot> Won(KpiData data, Period period) =>
        data.Opportunities.Where(o => o.Status == OpportunityStatus.Won && period.Contains(o.CloseDate));

    private static decimal CycleDays(OpportunitySnapshot o) => o.CloseDate.DayNumber - o.CreatedOn.DayNumber;

    private static List<StageEntry> OrderedHistory(OpportunitySnapshot o) => [.. o.StageHistory.OrderBy(e => e.EnteredOn)];

    private static KpiSubject Subject(OpportunitySnapshot o) => Subject(o, o.CloseDate);

    private static KpiSubject Subject(OpportunitySnapshot o, DateOnly date) =>
        new(new(KpiRecordKind.Opportunity, o.Id), o.OwnerId, o.AccountId, null, date);
}
