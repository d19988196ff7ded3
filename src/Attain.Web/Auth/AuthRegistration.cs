using Attain.Application.Data;
using Attain.Application.Organisation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Web.Auth;

/// <summary>Cookie login for the UI, personal API tokens (Bearer) for the API, one policy per role group.</summary>
public static class AuthRegistration
{
    public const string Smart = "smart";

    public static IServiceCollection AddAttainAuth(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
            })
            .AddPolicyScheme(Smart, "Cookie or API token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/denied";
            o.Cookie.Name = "attain";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<AttainUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.User.RequireUniqueEmail = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AttainDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.DataAdmin, p => p.RequireRole([.. Roles.DataAdmins]))
            .AddPolicy(Policies.Everything, p => p.RequireRole([.. Roles.SeeEverything]))
            .AddPolicy(Policies.Audit, p => p.RequireRole([.. Roles.Auditors]))
            .AddPolicy(Policies.Leaders, p => p.RequireRole([.. Roles.SeeEverything, Roles.Manager]));
        return services;
    }

    /// <summary>API calls get a status code, never a redirect to the login page.</summary>
    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Authorization policy names declared on route groups and pages.</summary>
public static class Policies
{
    /// <summary>Any signed-in user; rows are then scoped to what they may see.</summary>
    public const string SignedIn = "signed-in";
    public const string Admin = "admin";
    /// <summary>Admins and sales ops: imports and reference data.</summary>
    public const string DataAdmin = "data-admin";
    /// <summary>Roles that see every row (admin, comp admin, finance, sales ops).</summary>
    public const string Everything = "everything";
    /// <summary>Admins, comp admins and finance: the audit trail.</summary>
    public const string Audit = "audit";
    /// <summary>Managers and the roles that see every row: the manager's and executive's dashboards.</summary>
    public const string Leaders = "leaders";
}
