using Attain.Application.Access;
using Attain.Application.Bookings;
using Attain.Application.Data;
using Attain.Application.Segmentation;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Browse;

/// <summary>A booking; <see cref="Amount"/> is signed (cancellations and returns are negative) in <see cref="Currency"/>.</summary>
public sealed record BookingResponse(
    long Id,
    string ExternalId,
    BookingKind Kind,
    long OwnerId,
    string OwnerName,
    long? AccountId,
    long? OpportunityId,
    long? ProductId,
    decimal Quantity,
    decimal Amount,
    string Currency,
    DateOnly BookingDate,
    decimal? Margin,
    decimal? ListAmount,
    long? OriginalBookingId);

/// <summary>Booking filters. <see cref="From"/> and <see cref="To"/> bound the booking date, both inclusive.</summary>
public sealed record BookingsQuery : ListQuery
{
    public static readonly IReadOnlyList<string> Keys = ["bookingDate", "amount", "externalId"];

    public long? OwnerId { get; init; }
    public long? AccountId { get; init; }
    public long? OpportunityId { get; init; }
    public BookingKind? Kind { get; init; }
    public long? ProductId { get; init; }
    /// <summary>Only records of people who were members of this team on the record's booking date.</summary>
    public long? TeamId { get; init; }
    /// <summary>Only records of people who were members of a team in this region on the record's booking date.</summary>
    public long? RegionId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }

    /// <summary>Only records of accounts in this stored segment: <c>SCHEME:SEGMENT</c>, for example <c>size:enterprise</c>.</summary>
    public string? Segment { get; init; }

    public override IReadOnlyList<string> SortKeys => Keys;

    protected override void AddIssues(List<QueryIssue> issues)
    {
        CheckRange(issues, From, To, "from", "to");
        SegmentFilter.Check(Segment, "segment", issues);
    }
}

/// <summary>Bookings credited to people the viewer may see.</summary>
public sealed class BookingBrowser(AttainDbContext db)
{
    public async Task<Paged<BookingResponse>> ListAsync(Scope scope, BookingsQuery query, CancellationToken cancellationToken = default)
    {
        query.EnsureValid();
        var bookings = db.Bookings.AsNoTracking().VisibleTo(scope, b => b.OwnerId).Search(query.Search, b => b.ExternalId);
        if (query.OwnerId is { } ownerId)
        {
            bookings = bookings.Where(b => b.OwnerId == ownerId);
        }

        if (query.AccountId is { } accountId)
        {
            bookings = bookings.Where(b => b.AccountId == accountId);
        }

        if (query.OpportunityId is { } opportunityId)
        {
            bookings = bookings.Where(b => b.OpportunityId == opportunityId);
        }

        if (query.ProductId is { } productId)
        {
            bookings = bookings.Where(b => b.ProductId == productId);
        }

        if (query.TeamId is { } teamId)
        {
            bookings = bookings.Where(b => db.TeamMemberships.Any(m => m.PersonId == b.OwnerId && m.TeamId == teamId
                && m.EffectiveFrom <= b.BookingDate && (m.EffectiveTo == null || m.EffectiveTo >= b.BookingDate)));
        }

        if (query.RegionId is { } regionId)
        {
            bookings = bookings.Where(b => db.TeamMemberships.Any(m => m.PersonId == b.OwnerId
                && m.EffectiveFrom <= b.BookingDate && (m.EffectiveTo == null || m.EffectiveTo >= b.BookingDate)
                && db.Teams.Any(t => t.Id == m.TeamId && t.RegionId == regionId)));
        }

        if (query.Kind is { } kind)
        {
            bookings = bookings.Where(b => b.Kind == kind);
        }

        if (query.From is { } from)
        {
            bookings = bookings.Where(b => b.BookingDate >= from);
        }

        if (query.To is { } to)
        {
            bookings = bookings.Where(b => b.BookingDate <= to);
        }

        if (SegmentFilter.TryParse(query.Segment, out var segment))
        {
            var ids = segment!.AccountIds(db);
            bookings = bookings.Where(b => b.AccountId != null && ids.Contains(b.AccountId.Value));
        }

        var (key, descending) = query.SortOrder();
        var ordered = key switch
        {
            "amount" => bookings.OrderStable(b => b.Amount, descending, b => b.Id),
            "externalId" => bookings.OrderStable(b => b.ExternalId, descending, b => b.Id),
            _ => bookings.OrderStable(b => b.BookingDate, descending, b => b.Id),
        };
        return await Project(ordered).PageAsync(query, cancellationToken);
    }

    public Task<BookingResponse?> GetAsync(Scope scope, long id, CancellationToken cancellationToken = default) =>
        Project(db.Bookings.AsNoTracking().VisibleTo(scope, b => b.OwnerId).Where(b => b.Id == id)).FirstOrDefaultAsync(cancellationToken);

    private IQueryable<BookingResponse> Project(IQueryable<Booking> bookings) =>
        bookings.Select(b => new BookingResponse(
            b.Id,
            b.ExternalId,
            b.Kind,
            b.OwnerId,
            db.People.Where(p => p.Id == b.OwnerId).Select(p => p.FirstName + " " + p.LastName).First(),
            b.AccountId,
            b.OpportunityId,
            b.ProductId,
            b.Quantity,
            b.Amount,
            b.Currency,
            b.BookingDate,
            b.Margin,
            b.ListAmount,
            b.OriginalBookingId));
}
