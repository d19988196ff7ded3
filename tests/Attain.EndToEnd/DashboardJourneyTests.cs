using System.Globalization;
using System.Text.Json;
using Attain.Application.Demo;
using Microsoft.Playwright;

namespace Attain.EndToEnd;

/// <summary>
/// The three dashboards on the demo company in headless Chromium: each renders real charts (SVG), a screenshot of each
/// is kept in <c>screenshots/</c> beside the test binaries, and the numbers on the page are those of the dashboard API
/// and, for attainment and bookings, of the KPI API, both called with the same signed-in session.
/// </summary>
public sealed class DashboardJourneyTests : JourneyTests
{

    [Theory]
    [InlineData("rep", "rep", new[] { "attainment", "bookings", "quota", "coverage" })]
    [InlineData("manager", "manager", new[] { "attainment", "bookings", "quota", "pipeline" })]
    [InlineData("admin", "executive", new[] { "attainment", "bookings", "quota", "pipeline" })]
    public async Task Dashboard_DemoCompany_RendersChartsWithTheApisNumbers(string userName, string kind, string[] figures)
    {
        var page = await Chromium.NewPageAsync(new BrowserNewPageOptions { BaseURL = Server.Address.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        try
        {
            await Browser.SignInAsync(page, userName);

            await page.GotoAsync($"dashboards/{kind}");
            await page.WaitForSelectorAsync("#interactive", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            await page.WaitForSelectorAsync($"[data-dashboard={kind}] [data-chart] svg");
            var charts = await page.Locator($"[data-dashboard={kind}] [data-chart] svg").CountAsync();
            var shown = new Dictionary<string, string?>();
            foreach (var figure in figures)
            {
                shown[figure] = await page.Locator($"[data-dashboard={kind}] [data-figure={figure}]").GetAttributeAsync("data-value");
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath($"dashboard-{kind}.png"), FullPage = true });
            var api = await GetJsonAsync(page, $"api/v1/dashboards/{kind}");
            var attainmentKpi = await GetJsonAsync(page, "api/v1/kpis/quota-attainment");
            var bookingsKpi = await GetJsonAsync(page, "api/v1/kpis/bookings");

            Assert.True(charts >= 2, $"expected at least two charts, found {charts}");
            foreach (var figure in figures)
            {
                Assert.Equal(Value(api.GetProperty(figure).GetProperty("value")), Parse(shown[figure]));
            }

            Assert.NotNull(Parse(shown["attainment"]));
            Assert.Equal(Round(Value(attainmentKpi.GetProperty("total").GetProperty("current").GetProperty("value"))), Round(Parse(shown["attainment"])));
            Assert.Equal(Round(Value(bookingsKpi.GetProperty("total").GetProperty("current").GetProperty("value"))), Round(Parse(shown["bookings"])));
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath($"failure-dashboard-{kind}.png"), FullPage = true });
            throw;
        }
    }

    [Fact]
    public async Task RepDashboard_ClickOnBookings_OpensTheBookingsBehindIt()
    {
        var page = await Chromium.NewPageAsync(new BrowserNewPageOptions { BaseURL = Server.Address.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        try
        {
            await Browser.SignInAsync(page, "rep");
            await page.GotoAsync("dashboards/rep");
            await page.WaitForSelectorAsync("#interactive", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            var api = await GetJsonAsync(page, "api/v1/dashboards/rep");
            var href = api.GetProperty("bookings").GetProperty("href").GetString()!;

            await page.ClickAsync("[data-figure=bookings] a");
            await page.WaitForURLAsync(url => url.Contains("/bookings?", StringComparison.Ordinal));
            await page.WaitForSelectorAsync("text=Showing only:");

            Assert.EndsWith(href, page.Url, StringComparison.Ordinal);
            Assert.Contains("Booking date:", await page.Locator("[role=status]").InnerTextAsync(), StringComparison.Ordinal);
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("failure-dashboard-drill-down.png"), FullPage = true });
            throw;
        }
    }

    private static async Task<JsonElement> GetJsonAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(path);
        Assert.True(response.Ok, $"{path}: {response.Status} {await response.TextAsync()}");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.Clone();
    }

    private static decimal? Value(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();

    private static decimal? Parse(string? raw) => string.IsNullOrEmpty(raw) ? null : decimal.Parse(raw, CultureInfo.InvariantCulture);

    private static decimal? Round(decimal? value) => value is { } v ? decimal.Round(v, 6, MidpointRounding.AwayFromZero) : null;


}
