using Attain.Application.Compensation;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Your own notifications: list, mark one or all read. Nobody reads or marks another user's.</summary>
public static class NotificationsEndpoints
{
    /// <summary>How many notifications were marked read.</summary>
    public sealed record MarkedResponse(int Marked);

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, ListAsync).WithName("ListNotifications").WithSummary("Your latest notifications, newest first, and how many are unread");
        group.MapPost("/{id:long}/read", MarkReadAsync).WithName("MarkNotificationRead").WithSummary("Mark one of your notifications read")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllNotificationsRead").WithSummary("Mark all your notifications read");
    }

    private static async Task<Results<Ok<NotificationListResponse>, ValidationProblem>> ListAsync(
        string? unreadOnly, CurrentViewer viewer, NotificationService notifications, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var unread = reader.Bool(unreadOnly, "unreadOnly") ?? false;
        if (reader.Issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, reader.Issues);
        }

        return TypedResults.Ok(await notifications.ListAsync(await viewer.GetAsync(cancellationToken), unread, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(long id, CurrentViewer viewer, NotificationService notifications, CancellationToken cancellationToken) =>
        await notifications.MarkReadAsync(await viewer.GetAsync(cancellationToken), id, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.NotFoundRecord("notification", id);

    private static async Task<Ok<MarkedResponse>> MarkAllReadAsync(CurrentViewer viewer, NotificationService notifications, CancellationToken cancellationToken) =>
        TypedResults.Ok(new MarkedResponse(await notifications.MarkAllReadAsync(await viewer.GetAsync(cancellationToken), cancellationToken)));
}
