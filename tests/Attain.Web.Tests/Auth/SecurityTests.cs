using System.Net;
using Attain.Web.Auth;
using Attain.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Tests.Auth;

public class SecurityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> MeAsync(HttpClient client) => client.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct);

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksOutEvenTheRightOne()
    {
        await using var app = await SeededApp.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await CookieLogin.PostAsync(app.App.Client(), "ann", "wrong-password");
            Assert.Contains("error=", wrong.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        using var right = await CookieLogin.PostAsync(app.App.Client(), "ann", TestApp.Password);

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.StartsWith("/login?error=locked", right.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("attain=", CookieLogin.Cookies(right), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_RightPassword_CookieSignsInToTheApi()
    {
        await using var app = await SeededApp.StartAsync();

        using var client = await CookieLogin.SignInAsync(app.App, "ann");
        using var me = await MeAsync(client);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task ApiToken_ExpiredOrUnknown_IsRefused()
    {
        await using var app = await SeededApp.StartAsync();
        var (_, secret) = await app.App.IssueTokenAsync(app.AnnUserId, "short", app.Store.Clock.GetUtcNow().UtcDateTime.AddHours(1));
        using var client = app.App.Client(secret);
        using var unknown = app.App.Client("att_not-a-real-token");

        using var before = await MeAsync(client);
        app.Store.Clock.Advance(TimeSpan.FromHours(2));
        using var after = await MeAsync(client);
        using var forged = await MeAsync(unknown);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task ApiToken_Used_RecordsLastUseAtMinuteResolution()
    {
        await using var app = await SeededApp.StartAsync();
        using var client = app.App.Client(app.AnnToken);
        var start = app.Store.Clock.GetUtcNow().UtcDateTime;

        using (await MeAsync(client))
        {
        }

        app.Store.Clock.Advance(TimeSpan.FromSeconds(30));
        using (await MeAsync(client))
        {
        }

        var afterHalfMinute = await LastUsedAsync(app);
        app.Store.Clock.Advance(TimeSpan.FromMinutes(1));
        using (await MeAsync(client))
        {
        }

        var afterMinute = await LastUsedAsync(app);
        Assert.Equal(start, afterHalfMinute);
        Assert.Equal(start.AddSeconds(90), afterMinute);
    }

    private static async Task<DateTime?> LastUsedAsync(SeededApp app)
    {
        await using var db = app.Store.NewContext();
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == app.AnnUserId).Select(t => t.LastUsedAt).SingleAsync(Ct);
    }

    [Fact]
    public async Task ApiToken_StoredAsHashOnly()
    {
        await using var app = await SeededApp.StartAsync();

        await using var db = app.Store.NewContext();
        var stored = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == app.AnnUserId).ToListAsync(Ct);

        var token = Assert.Single(stored);
        Assert.Equal(ApiTokens.Hash(app.AnnToken), token.Hash);
        Assert.DoesNotContain(app.AnnToken, new[] { token.Hash, token.Prefix, token.Name });
    }

    [Fact]
    public async Task Unauthenticated_ApiCall_Gets401ProblemNotRedirect()
    {
        await using var app = await SeededApp.StartAsync();

        using var response = await app.App.Client().GetAsync(new Uri("/api/v1/people", UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("\"unauthenticated\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forbidden_ByTokenOrCookie_Gets403NotRedirect()
    {
        await using var app = await SeededApp.StartAsync(a =>
            a.MapGroup("/api/v1/test-admin").RequireAuthorization(Policies.Admin).MapGet(string.Empty, () => "ok"));
        using var cookie = await CookieLogin.SignInAsync(app.App, "ann");

        using var byToken = await app.Ann().GetAsync(new Uri("/api/v1/test-admin", UriKind.Relative), Ct);
        using var byCookie = await cookie.GetAsync(new Uri("/api/v1/test-admin", UriKind.Relative), Ct);
        using var admin = await app.Admin().GetAsync(new Uri("/api/v1/test-admin", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, byToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCookie.StatusCode);
        Assert.Null(byCookie.Headers.Location);
        Assert.Contains("\"forbidden\"", await byToken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }
}
