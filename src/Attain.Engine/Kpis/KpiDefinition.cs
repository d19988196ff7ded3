using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Kpis;

/// <summary>
/// One KPI: which records count in a period, the sums (terms) taken over them, and the formula over those sums.
/// Definitions come from <see cref="KpiCatalog"/>; docs/kpis.md states each one.
/// </summary>
/// <remarks>
/// <para>
/// A value is computed from sums over the records that count, so every group's value uses the same formula as the
/// total, and for an additive KPI the groups' values add up to the total. Money converts record by record into the
/// reporting currency at the rate of the record's deciding date and is summed exactly; nothing is rounded (a quotient
/// is decimal division, exact to 28-29 significant digits). Round only for display.
/// </para>
/// <para>
/// A division by zero or a missing FX rate gives no value (null) with the reason; never NaN, never an exception.
/// The output does not depend on the order of the input records.
/// </para>
/// </remarks>
public sealed class KpiDefinition
{
    private readonly Func<KpiData, KpiContext, Period, IEnumerable<KpiContribution>> contribute;
    private readonly Func<decimal[], KpiOutcome> formula;

    internal KpiDefinition(
        string name,
        string? parameter,
        KpiUnit unit,
        bool isAdditive,
        IReadOnlyList<string> termNames,
        Func<KpiData, KpiContext, Period, IEnumerable<KpiContribution>> contribute,
        Func<decimal[], KpiOutcome> formula)
    {
        Name = name;
        Parameter = parameter;
        Unit = unit;
        IsAdditive = isAdditive;
        TermNames = termNames;
        this.contribute = contribute;
        this.formula = formula;
    }

    /// <summary>The KPI's name, as in docs/kpis.md.</summary>
    public string Name { get; }

    /// <summary>The stage or activity type this KPI is restricted to, or null.</summary>
    public string? Parameter { get; }

    /// <summary>What its values are measured in.</summary>
    public KpiUnit Unit { get; }

    /// <summary>True when the value is a plain sum, so values over a partition of the records add up to the total.</summary>
    public bool IsAdditive { get; }

    /// <summary>The names of the sums the formula uses, in order.</summary>
    public IReadOnlyList<string> TermNames { get; }

    /// <summary>
    /// Computes the KPI for <paramref name="period"/>, the previous period and the same period a year earlier, in total
    /// and per group key.
    /// </summary>
    /// <param name="data">The records.</param>
    /// <param name="context">Calendar, reporting currency, FX rates and stage order.</param>
    /// <param name="period">The period, made by <see cref="KpiContext.Calendar"/>.</param>
    /// <param name="groupBy">
    /// Maps each counted record to its group key (rep, team, region, product, segment…); null for the total only.
    /// </param>
    /// <exception cref="ArgumentException">The period was not made by the context's calendar.</exception>
    public KpiResult Compute(KpiData data, KpiContext context, Period period, Func<KpiSubject, string>? groupBy = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(period);

        var calendar = context.Calendar;
        var previous = calendar.Previous(period);
        var yearAgo = period;
        var steps = period.Kind switch
        {
            PeriodKind.Month => 12,
            PeriodKind.Quarter => 4,
            _ => 1,
        };
        for (var i = 0; i < steps; i++)
        {
            yearAgo = calendar.Previous(yearAgo);
        }

        Period[] periods = [period, previous, yearAgo];
        var counted = periods.Select(p => contribute(data, context, p).ToList()).ToArray();

        var total = new KpiValue(Measure(periods[0], counted[0]), Measure(periods[1], counted[1]), Measure(periods[2], counted[2]));

        var groups = new List<KpiGroup>();
        if (groupBy is not null)
        {
            var keyed = counted
                .Select(list => list.ToLookup(c => groupBy(c.Subject), StringComparer.Ordinal))
                .ToArray();
            var keys = keyed.SelectMany(lookup => lookup.Select(g => g.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var measurements = Enumerable.Range(0, 3)
                    .Select(i => Measure(periods[i], [.. keyed[i][key]]))
                    .ToArray();
                groups.Add(new KpiGroup(key, new KpiValue(measurements[0], measurements[1], measurements[2])));
            }
        }

        var currency = Unit is KpiUnit.Money or KpiUnit.MoneyPerDay ? context.ReportingCurrency : null;
        return new KpiResult(Name, Parameter, Unit, currency, total, groups);
    }

    /// <summary>The name, with the parameter when there is one: <c>Time in stage (Proposal)</c>.</summary>
    public override string ToString() => Parameter is null ? Name : $"{Name} ({Parameter})";

    private KpiMeasurement Measure(Period period, IReadOnlyList<KpiContribution> contributions)
    {
        var sums = new decimal[TermNames.Count];
        string? missingRate = null;
        foreach (var contribution in contributions.OrderBy(c => c.Subject.Record))
        {
            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += contribution.Terms[i];
            }

            missingRate ??= contribution.MissingRate;
        }

        var records = contributions.Select(c => c.Subject.Record).Distinct().Order().ToList();
        var terms = TermNames.Select((name, i) => new KpiTerm(name, sums[i])).ToList();
        var outcome = missingRate is null ? formula(sums) : new KpiOutcome(null, missingRate);
        return new KpiMeasurement(period, outcome.Value, outcome.Reason, terms, records) { MissingRate = missingRate is not null };
    }
}

/// <summary>What one counted record adds to each term of a KPI.</summary>
internal sealed record KpiContribution(KpiSubject Subject, decimal[] Terms, string? MissingRate);

/// <summary>A value, or no value with the reason.</summary>
internal readonly record struct KpiOutcome(decimal? Value, string? Reason)
{
    public static KpiOutcome Of(decimal value) => new(value, null);

    public static KpiOutcome Divide(decimal numerator, decimal denominator, string reasonWhenZero) =>
        denominator == 0m ? new KpiOutcome(null, reasonWhenZero) : new KpiOutcome(numerator / denominator, null);
}

/// <summary>Builds contributions, converting money into the reporting currency at the deciding date.</summary>
internal sealed class KpiContributions(KpiContext context)
{
    private readonly List<KpiContribution> items = [];

    public IReadOnlyList<KpiContribution> Items => items;

    /// <summary>Converts to the reporting currency at <paramref name="date"/>; a missing rate is remembered in <paramref name="missingRate"/>.</summary>
    public decimal Convert(Money money, DateOnly date, ref string? missingRate)
    {
        if (context.Fx.TryConvert(money, context.ReportingCurrency, date, out var conversion))
        {
            return conversion.Result.Amount;
        }

        missingRate ??= $"No FX rate for {money.Currency.Code}→{context.ReportingCurrency.Code} on or before {date:yyyy-MM-dd}.";
        return 0m;
    }

    /// <summary>Adds a record with <paramref name="value"/> in term <paramref name="slot"/> of <paramref name="width"/> terms.</summary>
    public void Add(KpiSubject subject, string? missingRate, int width, int slot, decimal value)
    {
        var terms = new decimal[width];
        terms[slot] = value;
        Add(subject, missingRate, terms);
    }

    public void Add(KpiSubject subject, string? missingRate, decimal[] terms) =>
        items.Add(new KpiContribution(subject, terms, missingRate is null ? null : $"{subject.Record}: {missingRate}"));
}
