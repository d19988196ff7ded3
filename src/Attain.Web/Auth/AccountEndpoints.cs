using Attain.Application.ChangeLog;
using Attain.Application.Organisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Auth;

/// <summary>Form posts for the UI's cookie login and logout.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/account").ExcludeFromDescription();
        group.MapPost("/login", LoginAsync);
        group.MapPost("/logout", async (SignInManager<AttainUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        });
        return routes;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string userName,
        [FromForm] string password,
        [FromForm] string? returnUrl,
        SignInManager<AttainUser> signIn,
        ChangeContext changes)
    {
        // A lockout after failed sign-ins is written to the change log; say what caused it.
        changes.Reason = "sign-in";
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: true, lockoutOnFailure: true);
        var back = string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal) ? "/" : returnUrl;
        if (result.Succeeded)
        {
            return Results.LocalRedirect(back);
        }

        var error = result.IsLockedOut ? "locked" : "invalid";
        return Results.LocalRedirect($"/login?error={error}&returnUrl={Uri.EscapeDataString(back)}");
    }
}
