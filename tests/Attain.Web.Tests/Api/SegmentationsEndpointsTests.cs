using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attain.Web.Tests.Support;

namespace Attain.Web.Tests.Api;

/// <summary>
/// The segmentation endpoints on the fixture organisation: four rep accounts in DE (Ann's, Bob's, Cal's, Dee's), an
/// unowned one in FR; each rep account has one booking in FY2026-Q4 (500.25 + i EUR).
/// </summary>
public class SegmentationsEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object Geo = new
    {
        key = "geo",
        name = "Geography",
        kind = "rules",
        parameters = new
        {
            segments = new[] { new { key = "dach", name = "DACH", condition = "country in [\"DE\", \"AT\", \"CH\"]" } },
            @default = new { key = "other", name = "Other" },
        },
    };

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task CreateRecomputeSummary_RulesScheme_AdminSeesAllAndRepOnlyOwn()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();
        using var ann = app.Ann();

        var created = await SendAsync(admin, HttpMethod.Post, "/api/v1/segmentations", Geo, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        var recomputed = await SendAsync(admin, HttpMethod.Post, $"/api/v1/segmentations/{id}/recompute", null, HttpStatusCode.OK);
        var adminSummary = await SendAsync(admin, HttpMethod.Get, $"/api/v1/segmentations/{id}/summary", null, HttpStatusCode.OK);
        var annSummary = await SendAsync(ann, HttpMethod.Get, $"/api/v1/segmentations/{id}/summary", null, HttpStatusCode.OK);
        var annAccounts = await SendAsync(ann, HttpMethod.Get, "/api/v1/accounts?segment=geo:dach", null, HttpStatusCode.OK);
        var otherBookings = await SendAsync(admin, HttpMethod.Get, "/api/v1/bookings?segment=geo:other", null, HttpStatusCode.OK);
        var byGeo = await SendAsync(admin, HttpMethod.Get, "/api/v1/kpis/bookings?period=FY2026-Q4&groupBy=segment&segmentation=geo", null, HttpStatusCode.OK);

        Assert.Equal(5, recomputed.GetProperty("accounts").GetInt32());
        Assert.Equal([4, 1], adminSummary.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("accounts").GetInt32()));
        Assert.Equal(2007m, adminSummary.GetProperty("segments")[0].GetProperty("bookings12Months").GetDecimal());
        Assert.Equal([1, 0], annSummary.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("accounts").GetInt32()));
        Assert.Equal(500.25m, annSummary.GetProperty("segments")[0].GetProperty("bookings12Months").GetDecimal());
        var annAccount = Assert.Single(annAccounts.GetProperty("items").EnumerateArray());
        Assert.Equal("dach", annAccount.GetProperty("segments")[0].GetProperty("segment").GetString());
        Assert.Equal(0, otherBookings.GetProperty("total").GetInt32());
        Assert.Equal("DACH", Assert.Single(byGeo.GetProperty("groups").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task CreateAndUpdate_InvalidOrForbidden_ProblemsNameFields()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();
        using var ann = app.Ann();

        var invalid = await SendAsync(admin, HttpMethod.Post, "/api/v1/segmentations", new { key = "geo", name = "Geo", kind = "rules", parameters = new { segments = new[] { new { key = "x", name = "X", condition = "employees >" } }, @default = new { key = "y", name = "Y" } } }, HttpStatusCode.BadRequest);
        await SendAsync(ann, HttpMethod.Post, "/api/v1/segmentations", Geo, HttpStatusCode.Forbidden);
        var created = await SendAsync(admin, HttpMethod.Post, "/api/v1/segmentations", Geo, HttpStatusCode.Created);
        await SendAsync(admin, HttpMethod.Post, "/api/v1/segmentations", Geo, HttpStatusCode.BadRequest);
        await SendAsync(admin, HttpMethod.Put, "/api/v1/segmentations/999", Geo, HttpStatusCode.NotFound);
        var updated = await SendAsync(admin, HttpMethod.Put, $"/api/v1/segmentations/{created.GetProperty("id").GetInt64()}", new { name = "Size", kind = "abc" }, HttpStatusCode.OK);
        var badFilter = await SendAsync(admin, HttpMethod.Get, "/api/v1/opportunities?segment=geo", null, HttpStatusCode.BadRequest);

        Assert.Equal("invalid_body", invalid.GetProperty("code").GetString());
        Assert.Equal("parameters.segments[0].condition", invalid.GetProperty("issues")[0].GetProperty("path").GetString());
        Assert.Equal("abc", updated.GetProperty("kind").GetString());
        Assert.Equal("segment.invalid", badFilter.GetProperty("issues")[0].GetProperty("code").GetString());
    }
}
