using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attain.Application.Tests.Browse;
using Attain.Web.Tests.Support;

namespace Attain.Web.Tests.Api;

/// <summary>
/// The pipeline endpoints on the fixture organisation (today 2026-11-27, FY2026-Q4 current): each rep owns one open
/// deal in Propose since 2026-10-15 (1000 + the rep's index, closing in December) with an activity on it on
/// 2026-11-02..05, so 22 to 25 days untouched: healthy at the default 30 days, stalled at 20.
/// </summary>
public class PipelineEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{request.RequestUri}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        return await SendAsync(client, request, expected);
    }

    private static async Task<JsonElement> PutSettingsAsync(HttpClient client, int days, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/v1/pipeline/settings", UriKind.Relative)) { Content = JsonContent.Create(new { stalledAfterDays = days }) };
        return await SendAsync(client, request, expected);
    }

    private static List<long> OpportunityIds(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("opportunityId").GetInt64()).Order()];

    [Fact]
    public async Task ListFlags_StalledAfterTwentyDays_EveryDealStalledAndARepSeesOnlyTheirOwn()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();
        using var ann = app.Ann();
        var annDeal = app.Org.OpportunityOwners.Single(o => o.Value == app.Org.People[OrgFixture.Ann]).Key;

        var before = await GetAsync(admin, "/api/v1/pipeline/flags");
        await PutSettingsAsync(admin, 20, HttpStatusCode.OK);
        var all = await GetAsync(admin, "/api/v1/pipeline/flags?code=stalled");
        var own = await GetAsync(ann, "/api/v1/pipeline/flags");
        var settings = await GetAsync(ann, "/api/v1/pipeline/settings");

        Assert.Equal(0, before.GetProperty("total").GetInt32());
        Assert.Equal(4, before.GetProperty("openCount").GetInt32());
        Assert.Equal(app.Org.OpportunityOwners.Keys.Order(), OpportunityIds(all));
        Assert.Equal([annDeal], OpportunityIds(own));
        var flag = own.GetProperty("items")[0].GetProperty("flags")[0];
        Assert.Equal("stalled", flag.GetProperty("code").GetString());
        // Ann's call on 2026-11-02 is her deal's last touch: 25 days before 2026-11-27.
        Assert.Contains(flag.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("name").GetString() == "last activity" && e.GetProperty("value").GetString() == "2026-11-02");
        Assert.Equal(25, own.GetProperty("items")[0].GetProperty("daysSinceTouch").GetInt32());
        Assert.Equal(20, settings.GetProperty("stalledAfterDays").GetInt32());
    }

    [Fact]
    public async Task ListFlags_UnknownCodeAndBadBoolean_Returns400NamingBoth()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();

        var problem = await GetAsync(admin, "/api/v1/pipeline/flags?code=late&flaggedOnly=maybe", HttpStatusCode.BadRequest);

        Assert.Equal("invalid_query", problem.GetProperty("code").GetString());
        Assert.Equal(["code", "flaggedOnly"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetFunnel_AdminAndRep_ProposeHoldsTheVisibleDeals()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();
        using var ann = app.Ann();

        var all = await GetAsync(admin, "/api/v1/pipeline/funnel");
        var own = await GetAsync(ann, "/api/v1/pipeline/funnel?period=FY2026-Q4");

        var propose = all.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "Propose");
        Assert.Equal("FY2026-Q4", all.GetProperty("period").GetString());
        Assert.Equal(4, propose.GetProperty("count").GetInt32());
        Assert.Equal(4006m, propose.GetProperty("value").GetDecimal());
        Assert.Equal(1000m, own.GetProperty("totalValue").GetDecimal());
        // Qualify was entered on 2026-09-01, before Q4: no visit to convert.
        Assert.Equal(JsonValueKind.Null, all.GetProperty("stages")[0].GetProperty("conversion").GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task GetFunnel_NotAPeriodKey_Returns400()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();

        var problem = await GetAsync(admin, "/api/v1/pipeline/funnel?period=2026", HttpStatusCode.BadRequest);

        Assert.Equal("unknown_period", problem.GetProperty("issues")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task GetCoverageGaps_Admin_OnePerOwnerWithoutQuota()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();

        var gaps = await GetAsync(admin, "/api/v1/pipeline/coverage-gaps");
        var bad = await GetAsync(admin, "/api/v1/pipeline/coverage-gaps?teamId=north", HttpStatusCode.BadRequest);

        Assert.Equal(4, gaps.GetProperty("gaps").GetArrayLength());
        Assert.All(gaps.GetProperty("gaps").EnumerateArray(), g => Assert.Equal(JsonValueKind.Null, g.GetProperty("gap").ValueKind));
        Assert.Equal("not_an_id", bad.GetProperty("issues")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task GetReview_OwnAndSomeoneElses_OwnDealsOr404()
    {
        await using var app = await SeededApp.StartAsync();
        using var ann = app.Ann();

        var own = await GetAsync(ann, $"/api/v1/pipeline/reviews/{app.Org.People[OrgFixture.Ann]}");
        var other = await GetAsync(ann, $"/api/v1/pipeline/reviews/{app.Org.People[OrgFixture.Bob]}", HttpStatusCode.NotFound);

        Assert.Equal(1, own.GetProperty("deals").GetArrayLength());
        Assert.Equal("not_found", other.GetProperty("code").GetString());
    }

    [Fact]
    public async Task PutSettings_RepOrZeroDays_403Or400()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();
        using var ann = app.Ann();

        await PutSettingsAsync(ann, 20, HttpStatusCode.Forbidden);
        var problem = await PutSettingsAsync(admin, 0, HttpStatusCode.BadRequest);

        Assert.Equal("invalid_body", problem.GetProperty("code").GetString());
        Assert.Equal("stalled_after_days.out_of_range", problem.GetProperty("issues")[0].GetProperty("code").GetString());
    }
}
