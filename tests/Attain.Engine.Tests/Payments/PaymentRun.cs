using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Payments;
using Attain.Engine.Tests.Calculation;

namespace Attain.Engine.Tests.Payments;

/// <summary>Runs a <see cref="Scenario"/> through the calculator month by month and then through the payment stage.</summary>
internal static class PaymentRun
{
    public static readonly string[] JanToApr = ["FY2026-M01", "FY2026-M02", "FY2026-M03", "FY2026-M04"];

    public static PaymentInput Input(Scenario scenario, params string[] periods) =>
        new(scenario.Calendar, scenario.Plans, scenario.Participants, scenario.Assignments, scenario.Bookings, [.. periods.Select(p => scenario.Calculate(p))]);

    public static PaymentResult Pay(Scenario scenario, params string[] periods) => PaymentCalculator.Calculate(Input(scenario, periods));

    /// <summary>Adds a booking with free attributes (such as a hold's release date).</summary>
    public static Scenario BookWith(this Scenario scenario, string id, string date, decimal amount, string owner, IReadOnlyDictionary<string, string> attributes, Currency? currency = null, string family = "software")
    {
        scenario.Bookings.Add(new Booking(id, Scenario.D(date), new Money(amount, currency ?? Scenario.Usd), owner, "p-1", family, attributes, null, 1m, null));
        return scenario;
    }

    public static Payout Of(PaymentResult result, string period, string participant = "ana") =>
        Assert.Single(result.Payouts, p => p.PeriodKey == period && p.ParticipantId == participant);

    public static decimal[] Payable(PaymentResult result, string participant = "ana") =>
        [.. result.Payouts.Where(p => p.ParticipantId == participant).Select(p => p.Payable.Amount)];

    public static decimal[] Balance(PaymentResult result, string participant = "ana") =>
        [.. result.Payouts.Where(p => p.ParticipantId == participant).Select(p => p.BalanceAfter.Amount)];

    /// <summary>A monthly flat-rate commission plan with extra top-level properties (draw, clawback, hold).</summary>
    public static string MonthlyPlan(string id, string terms, decimal rate = 0.10m) => $$"""
        {
          "id": "{{id}}", "version": 1,
          "components": [ { "id": "commission", "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": {{rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}} } ]{{terms}}
        }
        """;
}
