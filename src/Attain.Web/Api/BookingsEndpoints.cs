using Attain.Application.Bookings;
using Attain.Application.Browse;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Bookings credited to people the viewer may see.</summary>
public static class BookingsEndpoints
{
    public sealed class Parameters : ListParameters
    {
        [FromQuery(Name = "ownerId")]
        public string? OwnerId { get; set; }

        [FromQuery(Name = "accountId")]
        public string? AccountId { get; set; }

        [FromQuery(Name = "opportunityId")]
        public string? OpportunityId { get; set; }

        /// <summary>Order, Cancellation or Return.</summary>
        [FromQuery(Name = "kind")]
        public string? Kind { get; set; }

        /// <summary>Booked on or after (yyyy-MM-dd).</summary>
        [FromQuery(Name = "from")]
        public string? From { get; set; }

        /// <summary>Booked on or before (yyyy-MM-dd).</summary>
        [FromQuery(Name = "to")]
        public string? To { get; set; }

        /// <summary>Only records of accounts in this stored segment: SEGMENTATION:SEGMENT, for example size:enterprise.</summary>
        [FromQuery(Name = "segment")]
        public string? Segment { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/bookings").WithTags("Bookings").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, ListAsync).WithName("ListBookings").WithSummary("List the bookings you may see");
        group.MapGet("/{id:long}", GetAsync).WithName("GetBooking").WithSummary("Get a booking").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<BookingResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, BookingBrowser bookings, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader, new BookingsQuery
        {
            OwnerId = reader.Id(p.OwnerId, "ownerId"),
            AccountId = reader.Id(p.AccountId, "accountId"),
            OpportunityId = reader.Id(p.OpportunityId, "opportunityId"),
            Kind = reader.Enum<BookingKind>(p.Kind, "kind"),
            From = reader.Date(p.From, "from"),
            To = reader.Date(p.To, "to"),
            Segment = p.Segment,
        });
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await bookings.ListAsync(await viewer.ScopeAsync(cancellationToken), query, cancellationToken));
    }

    private static async Task<Results<Ok<BookingResponse>, ProblemHttpResult>> GetAsync(
        long id, CurrentViewer viewer, BookingBrowser bookings, CancellationToken cancellationToken) =>
        await bookings.GetAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } booking
            ? TypedResults.Ok(booking)
            : ApiProblems.NotFoundRecord("booking", id);
}
