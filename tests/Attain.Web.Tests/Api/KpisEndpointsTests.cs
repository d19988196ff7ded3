using System.Net;
using System.Text.Json;
using Attain.Web.Tests.Support;

namespace Attain.Web.Tests.Api;

/// <summary>The KPI endpoints on the fixture organisation (today 2026-11-27, calendar fiscal year, EUR): FY2026-Q4 holds its four bookings.</summary>
public class KpisEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task GetKpi_BookingsByTeam_TotalsAndTeamsAsOfTheBookingDate()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();
        using var ann = app.Ann();

        var byTeam = await GetJsonAsync(admin, "/api/v1/kpis/bookings?period=FY2026-Q4&groupBy=team");
        var own = await GetJsonAsync(ann, "/api/v1/kpis/bookings?period=FY2026-Q4");
        var catalog = await GetJsonAsync(admin, "/api/v1/kpis");

        // 500.25 + 501.25 + 502.25 + 503.25; Cal moved to South on 2026-10-01, before his booking of 2026-11-04.
        Assert.Equal(2007m, byTeam.GetProperty("total").GetProperty("current").GetProperty("value").GetDecimal());
        Assert.Equal("EUR", byTeam.GetProperty("currency").GetString());
        var teams = byTeam.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("value").GetProperty("current").GetProperty("value").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["North"] = 1001.5m, ["South"] = 1005.5m }, teams);
        Assert.Equal(0m, byTeam.GetProperty("total").GetProperty("previous").GetProperty("value").GetDecimal());
        Assert.Equal("FY2025-Q4", byTeam.GetProperty("total").GetProperty("yearAgo").GetProperty("period").GetString());
        Assert.Equal(500.25m, own.GetProperty("total").GetProperty("current").GetProperty("value").GetDecimal());
        Assert.Equal(1, own.GetProperty("total").GetProperty("current").GetProperty("recordCount").GetInt32());
        Assert.Equal(17, catalog.GetArrayLength());
        Assert.Contains(catalog.EnumerateArray(), k => k.GetProperty("key").GetString() == "time-in-stage" && k.GetProperty("parameter").GetString() == "stage");
    }

    [Fact]
    public async Task GetKpi_UnknownKpiPeriodAndGrouping_Returns400InvalidQueryNamingEachField()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();

        var problem = await GetJsonAsync(admin, "/api/v1/kpis/revenue?period=2026-Q4&groupBy=planet", HttpStatusCode.BadRequest);
        var notForProduct = await GetJsonAsync(admin, "/api/v1/kpis/win-rate-by-count?groupBy=product", HttpStatusCode.BadRequest);

        Assert.Equal("invalid_query", problem.GetProperty("code").GetString());
        Assert.Equal(["groupBy", "name", "period"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("group_by.not_applicable", notForProduct.GetProperty("issues")[0].GetProperty("code").GetString());
    }
}
