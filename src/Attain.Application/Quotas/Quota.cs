namespace Attain.Application.Quotas;

/// <summary>
/// A person's bookings target for one fiscal period (a month such as <c>FY2026-M03</c>, a quarter such as
/// <c>FY2026-Q1</c>, or a year <c>FY2026</c>), in one currency. At most one per person and period.
/// </summary>
public class Quota
{
    public long Id { get; set; }
    public long PersonId { get; set; }

    /// <summary>The fiscal period key of the organisation's calendar (<c>FY2026-Q1</c>, <c>FY2026-M03</c>, <c>FY2026</c>).</summary>
    public required string Period { get; set; }

    /// <summary>The period's first day (inclusive), kept beside the key so quotas filter by date in SQL.</summary>
    public DateOnly PeriodStart { get; set; }

    /// <summary>The period's last day (inclusive).</summary>
    public DateOnly PeriodEnd { get; set; }

    public decimal Amount { get; set; }
    public required string Currency { get; set; }
}
