namespace Attain.Application.Bookings;

/// <summary>A credited transaction: a closed-won order line, or a cancellation or return of an earlier one.</summary>
public class Booking
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public BookingKind Kind { get; set; }
    public long OwnerId { get; set; }
    public long? AccountId { get; set; }
    public long? OpportunityId { get; set; }
    public long? ProductId { get; set; }
    public decimal Quantity { get; set; }
    /// <summary>Signed amount: an order is positive, a cancellation or return negative.</summary>
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public DateOnly BookingDate { get; set; }
    public decimal? Margin { get; set; }
    /// <summary>The amount at list price before discount, when known.</summary>
    public decimal? ListAmount { get; set; }
    /// <summary>For a cancellation or return: the booking it reverses.</summary>
    public long? OriginalBookingId { get; set; }
}

public enum BookingKind
{
    Order,
    Cancellation,
    Return,
}
