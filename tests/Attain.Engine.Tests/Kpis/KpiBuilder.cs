using Attain.Engine.Kpis;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Tests.Kpis;

/// <summary>Builders for KPI records whose defaults never matter to an assertion.</summary>
internal static class KpiBuilder
{
    public static readonly Currency Eur = Currency.FromCode("EUR");
    public static readonly Currency Usd = Currency.FromCode("USD");
    public static readonly Currency Gbp = Currency.FromCode("GBP");

    public static readonly FiscalCalendar CalendarYear = new(1);

    /// <summary>USD→EUR 0.90 from 2025-01-01, 0.80 from 2026-02-01. No GBP rate.</summary>
    public static readonly FxTable Fx = new(
    [
        new FxRate(Usd, Eur, new DateOnly(2025, 1, 1), 0.90m),
        new FxRate(Usd, Eur, new DateOnly(2026, 2, 1), 0.80m),
    ]);

    /// <summary>Calendar-year fiscal calendar, EUR reporting, stages Qualify → Propose → Negotiate.</summary>
    public static KpiContext Context(int firstMonth = 1) =>
        new(new FiscalCalendar(firstMonth), Eur, Fx) { StageOrder = ["Qualify", "Propose", "Negotiate"] };

    /// <summary>FY2026-Q1 of the calendar-year calendar: 2026-01-01..2026-03-31.</summary>
    public static Period Q1 => CalendarYear.Parse("FY2026-Q1");

    public static DateOnly D(int year, int month, int day) => new(year, month, day);

    public static OpportunitySnapshot Opp(
        string id,
        OpportunityStatus status = OpportunityStatus.Open,
        decimal amount = 100m,
        DateOnly? created = null,
        DateOnly? close = null,
        Currency? currency = null,
        string owner = "ann",
        IReadOnlyList<StageEntry>? history = null,
        Money? list = null) =>
        new(
            id,
            owner,
            "acc-" + id,
            new Money(amount, currency ?? Eur),
            created ?? D(2025, 12, 1),
            close ?? D(2026, 2, 15),
            status,
            history is { Count: > 0 } ? history[^1].Stage : "Qualify",
            history ?? [],
            ListAmount: list);

    public static StageEntry Entered(string stage, DateOnly on) => new(stage, on);

    public static BookingRecord Booking(
        string id,
        DateOnly on,
        decimal amount,
        BookingKind kind = BookingKind.Order,
        Currency? currency = null,
        string owner = "ann",
        string product = "P1") =>
        new(id, owner, on, new Money(amount, currency ?? Eur), kind, "acc-1", product);

    public static ActivityRecord Activity(string id, DateOnly on, ActivityType type = ActivityType.Call, string owner = "ann") =>
        new(id, owner, type, on);

    public static QuotaRecord Quota(string id, string periodKey, decimal amount, string owner = "ann") =>
        new(id, owner, CalendarYear.Parse(periodKey), new Money(amount, Eur));

    public static IReadOnlyList<string> Ids(KpiMeasurement measurement) => [.. measurement.Records.Select(r => r.ToString())];
}
