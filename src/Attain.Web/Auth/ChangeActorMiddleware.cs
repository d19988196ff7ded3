using Attain.Application.ChangeLog;
using Microsoft.AspNetCore.Http;

namespace Attain.Web.Auth;

/// <summary>Records the signed-in user as the actor of every change made during the request.</summary>
public sealed class ChangeActorMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, ChangeContext changes)
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { } name })
        {
            changes.Actor = name;
        }

        return next(context);
    }
}
