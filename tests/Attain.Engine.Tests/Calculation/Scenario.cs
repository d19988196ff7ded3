using System.Text.Json;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Tests.Calculation;

/// <summary>
/// A builder for calculation inputs whose defaults (product, family, currency USD, fiscal year = calendar year) never
/// matter to an assertion unless a test sets them.
/// </summary>
internal sealed class Scenario
{
    public static readonly Currency Usd = Currency.FromCode("USD");
    public static readonly Currency Eur = Currency.FromCode("EUR");

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    public FiscalCalendar Calendar { get; } = new(1);

    public List<Plan> Plans { get; } = [];

    public List<Participant> Participants { get; } = [];

    public List<ReportingLine> Hierarchy { get; } = [];

    public List<PlanAssignment> Assignments { get; } = [];

    public List<Booking> Bookings { get; } = [];

    public List<SplitRule> Splits { get; } = [];

    public List<FxRate> Rates { get; } = [];

    public CreditingPolicy Crediting { get; set; } = CreditingPolicy.Default;

    public List<ObjectiveScore> Scores { get; } = [];

    public static Plan ReadPlan(string json)
    {
        var read = PlanReader.Read(json);
        Assert.True(read.IsValid, string.Join(Environment.NewLine, read.Issues));
        return read.Plan!;
    }

    public Scenario Plan(string json)
    {
        Plans.Add(ReadPlan(json));
        return this;
    }

    public Scenario Person(string id, Currency? payCurrency = null)
    {
        Participants.Add(new Participant(id, payCurrency ?? Usd));
        return this;
    }

    public Scenario Assign(string participant, string plan, string from, string? to = null, string period = "FY2026-Q1", decimal quota = 0m, decimal targetIncentive = 0m)
    {
        Assignments.Add(new PlanAssignment(participant, plan, new DateRange(D(from), to is null ? null : D(to)), [new PeriodTarget(period, quota, targetIncentive)]));
        return this;
    }

    public Scenario Book(string id, string date, decimal amount, string owner, Currency? currency = null, string family = "software", decimal? margin = null, decimal units = 1m, string? cancels = null, string product = "p-1", params (string Name, string Value)[] attributes)
    {
        var c = currency ?? Usd;
        Bookings.Add(new Booking(id, D(date), new Money(amount, c), owner, product, family, attributes.ToDictionary(a => a.Name, a => a.Value), margin is null ? null : new Money(margin.Value, c), units, cancels));
        return this;
    }

    public Scenario Split(string booking, params (string Participant, decimal Percent, SplitKind Kind)[] shares)
    {
        Splits.Add(new SplitRule(booking, [.. shares.Select(s => new SplitShare(s.Participant, s.Percent, s.Kind))]));
        return this;
    }

    public Scenario Reports(string person, string manager, string from = "2020-01-01", string? to = null)
    {
        Hierarchy.Add(new ReportingLine(person, manager, new DateRange(D(from), to is null ? null : D(to))));
        return this;
    }

    public Scenario Fx(Currency from, Currency to, string date, decimal rate)
    {
        Rates.Add(new FxRate(from, to, D(date), rate));
        return this;
    }

    public CalculationInput Input(string period = "FY2026-Q1") =>
        new(Calendar, Calendar.Parse(period), Plans, Participants, Hierarchy, Assignments, Bookings, Splits, new FxTable(Rates), Crediting) { Scores = Scores };

    public Scenario Score(string participant, string component, string period, string objective, decimal weight, decimal score)
    {
        Scores.Add(new ObjectiveScore(participant, component, period, objective, weight, score));
        return this;
    }

    /// <summary>Gives the participant's (single) assignment rate overrides.</summary>
    public Scenario Override(string participant, params RateOverride[] overrides)
    {
        var index = Assignments.FindIndex(a => a.ParticipantId == participant);
        Assignments[index] = Assignments[index] with { RateOverrides = overrides };
        return this;
    }

    /// <summary>The earned total of a participant's component measures (all periods returned).</summary>
    public static decimal Earned(CalculationResult result, string participant, string component) =>
        result.Measures.Where(m => m.ParticipantId == participant && m.ComponentId == component).Sum(m => m.Earned.Amount);

    public CalculationResult Calculate(string period = "FY2026-Q1") => Calculator.Calculate(Input(period));

    public static DateOnly D(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    public static string ToJson(CalculationResult result) => JsonSerializer.Serialize(result, JsonOptions);

    /// <summary>The sum of the lines paid to a participant under a component.</summary>
    public static decimal Paid(CalculationResult result, string participant, string component = "commission") =>
        result.Earnings.Where(l => l.ParticipantId == participant && l.ComponentId == component).Sum(l => l.Amount.Amount);

    /// <summary>The credited amounts of a participant, as they are (booking currency).</summary>
    public static decimal Credited(CalculationResult result, string participant) =>
        result.Credits.Where(c => c.ParticipantId == participant).Sum(c => c.Amount.Amount);

    /// <summary>A one-component commission plan on bookings.amount per quarter with the given rate or rateTable JSON.</summary>
    public static string Commission(string rateJson, string extra = "", string id = "p") => $$"""
        {
          "id": "{{id}}",
          "version": 1,
          "components": [
            { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "quarter", {{rateJson}}{{extra}} }
          ]
        }
        """;

    /// <summary>A rate table JSON fragment: 5 % below 100,000 period to date, 10 % from 100,000.</summary>
    public static string FiveThenTen(string semantics) => $$"""
        "rateTable": { "key": "periodToDate", "semantics": "{{semantics}}", "tiers": [
          { "from": 0, "to": 100000, "rate": 0.05 },
          { "from": 100000, "rate": 0.10 } ] }
        """;
}
