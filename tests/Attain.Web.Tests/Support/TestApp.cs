using System.Net.Http.Headers;
using Attain.Application.Organisation;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;
using Attain.Web.Auth;
using Attain.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attain.Web.Tests.Support;

/// <summary>
/// The real web app hosted in-process on a <see cref="TestServer"/>, on a <see cref="TestStore"/> with its fake clock.
/// The store is migrated by <see cref="TestStore"/>, so the app is told not to migrate.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string Password = "Correct-horse-9";

    private TestApp(WebApplication app, TestStore store)
    {
        App = app;
        Store = store;
    }

    public WebApplication App { get; }

    public TestStore Store { get; }

    /// <summary>Starts the app; <paramref name="extraRoutes"/> lets a test map an endpoint of its own before start.</summary>
    public static async Task<TestApp> StartAsync(TestStore store, Action<WebApplication>? extraRoutes = null)
    {
        string[] args =
        [
            $"--Store:Provider={store.Provider}",
            $"--Store:ConnectionString={store.Options.ConnectionString}",
            "--Attain:Migrate=false",
            "--Attain:CreateFirstAdmin=false",
            "--Logging:LogLevel:Default=Warning",
        ];

        // The static asset manifests are named after the web project, not the test assembly that hosts it.
        var builder = AttainWebApp.CreateBuilder(args, new WebApplicationOptions { Args = args, ApplicationName = typeof(AttainWebApp).Assembly.GetName().Name });
        builder.WebHost.UseTestServer();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(store.Clock));
        var app = AttainWebApp.Build(builder);
        extraRoutes?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestApp(app, store);
    }

    /// <summary>A client with no credentials, or with <c>Authorization: Bearer {token}</c>.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = App.GetTestClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Creates a login with the given roles, linked to a person when given.</summary>
    public async Task<AttainUser> CreateUserAsync(string userName, long? personId, params string[] roles)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AttainUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in roles)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Check(await roleManager.CreateAsync(new IdentityRole(role)));
            }
        }

        var user = new AttainUser { UserName = userName, Email = $"{userName}@fixture.example", PersonId = personId };
        Check(await users.CreateAsync(user, Password));
        if (roles.Length > 0)
        {
            Check(await users.AddToRolesAsync(user, roles));
        }

        return user;
    }

    /// <summary>Issues a personal API token for the user, as the app does; returns its id and secret.</summary>
    public async Task<(long Id, string Secret)> IssueTokenAsync(string userId, string name = "test", DateTime? expiresAt = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        var (token, secret) = await tokens.IssueAsync(userId, name, expiresAt, TestContext.Current.CancellationToken);
        return (token.Id, secret);
    }

    /// <summary>Seeds the hand-made organisation through the store directly.</summary>
    public async Task<OrgFixture> SeedOrgAsync()
    {
        await using var db = Store.NewContext();
        return await OrgFixture.SeedAsync(db, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
