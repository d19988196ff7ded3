using System.Globalization;
using System.Text.RegularExpressions;
using Attain.Application.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Attain.EndToEnd;

/// <summary>The real app, the demo company and Debian's Chromium: a manager sees only their reporting subtree.</summary>
public sealed partial class BrowserJourneyTests : JourneyTests
{

    [Fact]
    public async Task Manager_OpensOpportunities_SeesOnlyTheSubtreesRecords()
    {
        var subtree = await SubtreeAsync("manager");
        var (subtreeCount, allCount) = await OpportunityCountsAsync(subtree);
        var page = await Chromium.NewPageAsync(new BrowserNewPageOptions { BaseURL = Server.Address.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        try
        {
            await Browser.SignInAsync(page, "manager");

            await page.GotoAsync("opportunities");
            await page.WaitForSelectorAsync("#interactive", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            await page.WaitForSelectorAsync("table tbody tr a[href^='people/']");
            var owners = await page.Locator("table tbody tr a[href^='people/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            var pager = await page.Locator(".mud-table-pagination-caption", new PageLocatorOptions { HasTextRegex = TotalOf() }).InnerTextAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("manager-opportunities.png") });

            Assert.NotEmpty(owners);
            Assert.All(owners, href => Assert.Contains(long.Parse(href["people/".Length..], CultureInfo.InvariantCulture), subtree));
            Assert.True(allCount > subtreeCount, "the demo company must have opportunities outside the manager's subtree for this test to mean anything");
            Assert.Equal(subtreeCount, int.Parse(TotalOf().Match(pager).Groups[1].Value, CultureInfo.InvariantCulture));
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("failure-manager-opportunities.png"), FullPage = true });
            throw;
        }
    }



    /// <summary>The login's person and everyone below them today, read straight from the store the app uses.</summary>
    private async Task<HashSet<long>> SubtreeAsync(string userName)
    {
        await using var connection = new SqliteConnection($"Data Source={Server.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            WITH RECURSIVE tree(id) AS (
                SELECT PersonId FROM AspNetUsers WHERE UserName = $user
                UNION
                SELECT l.PersonId FROM ReportingLines l JOIN tree t ON l.ManagerId = t.id
                WHERE l.EffectiveFrom <= $today AND (l.EffectiveTo IS NULL OR l.EffectiveTo >= $today)
            )
            SELECT id FROM tree
            """;
        command.Parameters.AddWithValue("$user", userName);
        command.Parameters.AddWithValue("$today", DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var ids = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private async Task<(int Subtree, int All)> OpportunityCountsAsync(HashSet<long> subtree)
    {
        await using var connection = new SqliteConnection($"Data Source={Server.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*), SUM(OwnerId IN ({string.Join(",", subtree)})) FROM Opportunities";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        return (reader.GetInt32(1), reader.GetInt32(0));
    }

    [GeneratedRegex(@"of\s+(\d+)")]
    private static partial Regex TotalOf();
}
