using System.Globalization;
using System.Text.Json;
using Attain.Application.ChangeLog;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Attain.EndToEnd;

/// <summary>
/// A rep's statement on the demo company after a run of FY2027-M09 (October 2026) has been published: the total on the
/// page is the API's, and a click on a commission line opens the drill-down with its booking. A screenshot of the open
/// drill-down is kept in <c>screenshots/statement-drill-down.png</c>; "Question this line" then raises a dispute on that
/// line (<c>screenshots/statement-dispute.png</c>).
/// </summary>
public sealed class StatementJourneyTests : JourneyTests
{
    private const string Period = "FY2027-M09";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await PublishRunAsync(Server.DatabaseFile, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Statement_RepAfterPublishedRun_TotalIsTheApisALineOpensToItsBookingAndIsDisputed()
    {
        var page = await Chromium.NewPageAsync(new BrowserNewPageOptions { BaseURL = Server.Address.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        try
        {
            await Browser.SignInAsync(page, "rep");
            await page.GotoAsync($"compensation/statements?period={Period}");
            await page.WaitForSelectorAsync("#interactive", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            await page.WaitForSelectorAsync("[data-statement] [data-total=total]");
            var shown = await page.Locator("[data-total=total]").GetAttributeAsync("data-value");
            var api = await GetJsonAsync(page, $"api/v1/statements/{Period}");
            var line = api.GetProperty("lines").EnumerateArray().First(l => l.GetProperty("bookingIds").GetArrayLength() > 0);
            var number = line.GetProperty("number").GetInt32();
            var booking = line.GetProperty("bookingIds")[0].GetString()!;

            await page.ClickAsync($"[data-line=\"{number}\"]");
            await page.WaitForSelectorAsync($"[data-line-detail=\"{number}\"] [data-booking=\"{booking}\"]");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("statement-drill-down.png"), FullPage = true });
            var detailText = await page.Locator($"[data-line-detail=\"{number}\"]").InnerTextAsync();
            var lineRows = await page.Locator("[data-lines] [data-line]").CountAsync();
            await page.ClickAsync($"[data-question-line=\"{number}\"]");
            await page.WaitForSelectorAsync("[data-raise]");
            await page.WaitForSelectorAsync("#interactive", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            await page.Locator("[data-raise] input").Last.FillAsync("Why is this line not at the accelerated rate?");
            await page.ClickAsync("[data-raise-button]");
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("compensation/disputes/[0-9]+$"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("statement-dispute.png"), FullPage = true });
            var disputes = await GetJsonAsync(page, "api/v1/disputes");

            Assert.Equal(api.GetProperty("totals")[0].GetProperty("total").GetDecimal(), decimal.Parse(shown!, CultureInfo.InvariantCulture));
            Assert.Equal(api.GetProperty("lines").GetArrayLength(), lineRows);
            Assert.Contains(booking, detailText, StringComparison.Ordinal);
            Assert.Contains(line.GetProperty("description").GetString()!, detailText, StringComparison.Ordinal);
            var dispute = Assert.Single(disputes.GetProperty("items").EnumerateArray());
            Assert.Equal(number, dispute.GetProperty("lineNumber").GetInt32());
            Assert.Equal(api.GetProperty("header").GetProperty("runId").GetInt64(), dispute.GetProperty("runId").GetInt64());
            Assert.Equal("Why is this line not at the accelerated rate?", dispute.GetProperty("text").GetString());
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("failure-statement.png"), FullPage = true });
            throw;
        }
    }

    /// <summary>Runs and publishes the period on the server's own SQLite store, as the calc run screen would.</summary>
    private static async Task PublishRunAsync(string databaseFile, CancellationToken ct)
    {
        var builder = new DbContextOptionsBuilder<AttainDbContext>();
        StoreRegistration.Configure(builder, new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={databaseFile};Pooling=False" });
        await using var db = new AttainDbContext(builder.Options, new ChangeContext { Actor = "e2e" }, TimeProvider.System);
        var outcome = await new CalculationRunService(db, TimeProvider.System).RunAsync(Period, "statement journey", ct);
        Assert.True(outcome.Run?.Status == RunStatus.Published, string.Join("; ", outcome.Problems.Select(p => p.Message)));
    }

    private static async Task<JsonElement> GetJsonAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(path);
        Assert.True(response.Ok, $"{path}: {response.Status} {await response.TextAsync()}");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.Clone();
    }
}
