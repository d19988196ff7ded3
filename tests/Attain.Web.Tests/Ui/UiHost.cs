using System.Net;
using System.Text.RegularExpressions;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Testing.Stores;
using Attain.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Web.Tests.Ui;

/// <summary>The whole web app in-process on a test server and a fresh SQLite store, with users signed in through the real login form.</summary>
public sealed partial class UiHost : IAsyncDisposable
{
    public const string Password = "Correct-Horse-9-Battery";

    private readonly WebApplication app;

    private UiHost(WebApplication app, TestStore store)
    {
        this.app = app;
        Store = store;
    }

    public TestStore Store { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<UiHost> StartAsync()
    {
        var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        string[] args =
        [
            "--Store:Provider=Sqlite",
            $"--Store:ConnectionString={store.Options.ConnectionString}",
            "--Attain:Migrate=false",
            "--Attain:CreateFirstAdmin=false",
        ];

        // The static web assets manifest in the test's output is the web library's, named after it.
        var builder = AttainWebApp.CreateBuilder(args, new WebApplicationOptions { Args = args, ApplicationName = "Attain.Web", EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(store.Clock);
        var app = AttainWebApp.Build(builder);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new UiHost(app, store);
    }

    /// <summary>Creates a user with <paramref name="roles"/>, linked to a new person unless <paramref name="withPerson"/> is false.</summary>
    public async Task<(string UserName, long? PersonId)> AddUserAsync(string userName, bool withPerson, params string[] roles)
    {
        await using var scope = app.Services.CreateAsyncScope();
        long? personId = null;
        if (withPerson)
        {
            var db = scope.ServiceProvider.GetRequiredService<AttainDbContext>();
            var person = new Person
            {
                ExternalId = userName,
                FirstName = userName,
                LastName = "Tester",
                Email = $"{userName}@example.com",
                HireDate = new DateOnly(2024, 1, 1),
                PayCurrency = "EUR",
            };
            db.People.Add(person);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            personId = person.Id;
        }

        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in roles)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Check(await roleManager.CreateAsync(new IdentityRole(role)));
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AttainUser>>();
        var user = new AttainUser { UserName = userName, PersonId = personId };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRolesAsync(user, roles));
        return (userName, personId);
    }

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public HttpClient NewClient() =>
        new(new CookieJar { InnerHandler = app.GetTestServer().CreateHandler() }) { BaseAddress = app.GetTestServer().BaseAddress };

    /// <summary>Signs in through GET /login and the form post, as a browser would; returns the signed-in client.</summary>
    public async Task<HttpClient> SignInAsync(string userName)
    {
        var client = NewClient();
        var login = await client.GetStringAsync("/login", TestContext.Current.CancellationToken);
        var token = AntiforgeryField().Match(login).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["userName"] = userName,
            ["password"] = Password,
            ["returnUrl"] = "/",
        });
        using var response = await client.PostAsync("/account/login", form, TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        await Store.DisposeAsync();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Keeps the cookies the server sets, like a browser, for the test server's handler.</summary>
    private sealed class CookieJar : DelegatingHandler
    {
        private readonly CookieContainer cookies = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            var header = cookies.GetCookieHeader(uri);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    cookies.SetCookies(uri, setCookie);
                }
            }

            return response;
        }
    }
}
