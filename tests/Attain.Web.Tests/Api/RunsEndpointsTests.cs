using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Attain.Testing.Stores;
using Attain.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Tests.Api;

/// <summary>The calc run endpoints on the demo company (as of 2026-11-27; FY2027-M09 is October 2026).</summary>
public class RunsEndpointsTests
{
    private const string Period = "FY2027-M09";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartTwiceThenCompare_AsCompAdmin_RunsInBackgroundPublishesAndComparesEqual()
    {
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, Ct);
        await using var app = await TestApp.StartAsync(store);
        using var compAdmin = await ClientAsync(app, "carla", Roles.CompAdmin);
        using var finance = await ClientAsync(app, "fin", Roles.Finance);

        using var started = await compAdmin.PostAsJsonAsync("/api/v1/runs", new { period = Period, reason = "October close" }, Ct);
        var first = await JsonAsync(started, HttpStatusCode.Accepted);
        var firstId = first.GetProperty("id").GetInt64();
        var done = await WaitAsync(finance, firstId);
        using var again = await compAdmin.PostAsJsonAsync("/api/v1/runs", new { period = Period }, Ct);
        var secondId = (await JsonAsync(again, HttpStatusCode.Accepted)).GetProperty("id").GetInt64();
        await WaitAsync(finance, secondId);
        var list = await GetAsync(finance, $"/api/v1/runs?period={Period}");
        var payouts = await GetAsync(finance, $"/api/v1/runs/{secondId}/payouts");
        var comparison = await GetAsync(finance, $"/api/v1/runs/compare?from={firstId}&to={secondId}");

        Assert.Equal($"/api/v1/runs/{firstId}", started.Headers.Location?.ToString());
        Assert.Equal(("Running", "carla", "October close"), (first.GetProperty("status").GetString(), first.GetProperty("startedBy").GetString(), first.GetProperty("reason").GetString()));
        Assert.Equal(("Published", "Done", 100), (done.GetProperty("status").GetString(), done.GetProperty("phase").GetString(), done.GetProperty("progressPercent").GetInt32()));
        Assert.Equal([(secondId, "Published", true), (firstId, "Superseded", false)], list.EnumerateArray().Select(r => (r.GetProperty("id").GetInt64(), r.GetProperty("status").GetString(), r.GetProperty("isPublished").GetBoolean())));
        await using var db = store.NewContext();
        var stored = await db.RunPayouts.Where(p => p.RunId == secondId).ToListAsync(Ct);
        var totals = payouts.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("currency").GetString()!, t => t.GetProperty("payable").GetDecimal());
        Assert.Equal(stored.GroupBy(p => p.Currency).ToDictionary(g => g.Key, g => g.Sum(p => p.Payable)), totals);
        Assert.Equal(0, comparison.GetProperty("lines").GetArrayLength());
        Assert.True(comparison.GetProperty("unchangedLines").GetInt32() > 100);
        Assert.All(comparison.GetProperty("payouts").EnumerateArray(), p => Assert.Equal(0m, p.GetProperty("difference").GetDecimal()));
    }

    [Fact]
    public async Task Start_WhileARunOfThePeriodIsRunning_409RunActive()
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var app = await TestApp.StartAsync(store);
        await app.SeedOrgAsync();
        await using (var db = store.NewContext())
        {
            db.CalculationRuns.Add(new CalculationRun { PeriodKey = "FY2026-M10", Number = 1, Status = RunStatus.Running, Phase = RunPhase.Calculating, StartedBy = "other", HeartbeatAt = store.Clock.GetUtcNow().UtcDateTime, StartedAt = store.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(Ct);
        }

        using var admin = await ClientAsync(app, "root", Roles.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/runs", new { period = "FY2026-M10" }, Ct);

        var problem = await JsonAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("run_active", problem.GetProperty("code").GetString());
        await using var read = store.NewContext();
        Assert.Equal(1, await read.CalculationRuns.CountAsync(Ct));
    }

    [Theory]
    [InlineData(null, "period", "required")]
    [InlineData("2026-10", "period", "invalid_period")]
    public async Task Start_BadPeriod_400NamingThePeriod(string? period, string path, string code)
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var app = await TestApp.StartAsync(store);
        await app.SeedOrgAsync();
        using var admin = await ClientAsync(app, "root", Roles.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/runs", new { period }, Ct);

        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        var issue = Assert.Single(problem.GetProperty("issues").EnumerateArray());
        Assert.Equal((path, code), (issue.GetProperty("path").GetString(), issue.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task RunsEndpoints_RepManagerAndFinanceStarting_403()
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var app = await TestApp.StartAsync(store);
        await app.SeedOrgAsync();
        using var rep = await ClientAsync(app, "rita", Roles.Rep);
        using var manager = await ClientAsync(app, "max", Roles.Manager);
        using var finance = await ClientAsync(app, "fin", Roles.Finance);

        using var repList = await rep.GetAsync(new Uri("/api/v1/runs", UriKind.Relative), Ct);
        using var managerCompare = await manager.GetAsync(new Uri("/api/v1/runs/compare?from=1&to=2", UriKind.Relative), Ct);
        using var financeStart = await finance.PostAsJsonAsync("/api/v1/runs", new { period = "FY2026-M10" }, Ct);
        using var financeList = await finance.GetAsync(new Uri("/api/v1/runs", UriKind.Relative), Ct);

        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK],
            new[] { repList, managerCompare, financeStart, financeList }.Select(r => r.StatusCode));
        await using var db = store.NewContext();
        Assert.False(await db.CalculationRuns.AnyAsync(Ct));
    }

    [Fact]
    public async Task Compare_MissingTo_400AndUnknownRun_404()
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var app = await TestApp.StartAsync(store);
        using var admin = await ClientAsync(app, "root", Roles.Admin);

        using var missing = await admin.GetAsync(new Uri("/api/v1/runs/compare?from=1", UriKind.Relative), Ct);
        using var unknown = await admin.GetAsync(new Uri("/api/v1/runs/compare?from=1&to=2", UriKind.Relative), Ct);

        Assert.Equal("to", Assert.Single((await JsonAsync(missing, HttpStatusCode.BadRequest)).GetProperty("issues").EnumerateArray()).GetProperty("path").GetString());
        Assert.Equal("not_found", (await JsonAsync(unknown, HttpStatusCode.NotFound)).GetProperty("code").GetString());
    }

    private static async Task<HttpClient> ClientAsync(TestApp app, string name, string role)
    {
        var user = await app.CreateUserAsync(name, null, role);
        return app.Client((await app.IssueTokenAsync(user.Id)).Secret);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return await JsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Polls the run until it is no longer active (the background worker has published it or it failed).</summary>
    private static async Task<JsonElement> WaitAsync(HttpClient client, long id)
    {
        for (var attempt = 0; attempt < 3000; attempt++)
        {
            var run = await GetAsync(client, $"/api/v1/runs/{id}");
            if (!run.GetProperty("isActive").GetBoolean())
            {
                return run;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"run {id} is still running after 3000 polls");
        return default;
    }
}
