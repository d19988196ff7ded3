using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attain.Application.Demo;
using Microsoft.Playwright;

namespace Attain.EndToEnd;

/// <summary>
/// The issue's full period close through the UI on the demo company, in headless Chromium: the comp admin starts a run
/// of FY2027-M09 on the Calculation runs page and watches its progress reach done, reviews it (totals per participant),
/// reruns it and compares the rerun with the first run (nothing differs), requests an adjustment for the rep with the
/// person picker, and submits the run; the manager, an admin (acting for the comp-admin step: the demo has one comp
/// admin, who started the run) and finance approve it on the Approvals page while the starter is shown the
/// segregation-of-duties refusal; the rep's statement says final; finance downloads the payroll file from the Periods
/// page, every person's rows add up to their statement's total to the cent, and finance closes the period. Screenshots
/// of each step are kept in <c>screenshots/close-*.png</c> beside the test binaries (and <c>failure-close.png</c> of the
/// page in use when a step fails).
/// </summary>
public sealed partial class PeriodCloseJourneyTests : JourneyTests
{
    private const string Period = "FY2027-M09";
    private const decimal AdjustmentAmount = 125.50m;
    private const float Patient = 120_000;
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(5);

    private IPage? current;

    [Fact]
    public async Task PeriodClose_ThroughTheUi_RunReviewApproveStatementAndPayrollReconcilingToTheCent()
    {
        try
        {
            // Run: the comp admin starts the period and watches the progress reach done.
            var compAdmin = await SignInAsync("comp-admin");
            await compAdmin.GotoAsync("compensation/runs");
            await InteractiveAsync(compAdmin);
            await compAdmin.Locator("[data-field=period] input, input[data-field=period]").First.FillAsync(Period);
            await compAdmin.Locator("[data-field=reason] input, input[data-field=reason]").First.FillAsync("October close");
            await compAdmin.Locator("[data-field=reason] input, input[data-field=reason]").First.PressAsync("Tab");
            await compAdmin.ClickAsync("[data-start-run]");
            var started = await compAdmin.WaitForSelectorAsync("[data-started-run]", new PageWaitForSelectorOptions { Timeout = Patient });
            var runId = long.Parse((await started!.GetAttributeAsync("data-started-run"))!, CultureInfo.InvariantCulture);
            var progressSeen = await WaitForRunAsync(compAdmin, runId);
            var progressBarVisible = await compAdmin.Locator($"[data-run-progress=\"{runId}\"] [role=progressbar]").IsVisibleAsync();
            var runStatus = await compAdmin.Locator($"tr:has([data-run=\"{runId}\"]) [data-status]").GetAttributeAsync("data-status");
            await ShotAsync(compAdmin, "close-run-done.png");

            // Review: totals per participant; the period's first run has nothing to compare with.
            await compAdmin.ClickAsync($"[data-review=\"{runId}\"]");
            await compAdmin.WaitForSelectorAsync($"[data-payout-summary=\"{runId}\"] [data-participants] tr[data-participant]");
            var reviewed = await compAdmin.Locator("[data-participants] tr[data-participant]").EvaluateAllAsync<string[][]>(
                "rows => rows.map(r => [r.dataset.participant, r.dataset.currency, r.dataset.payable])");
            var noPrevious = await compAdmin.Locator("[data-no-previous]").IsVisibleAsync();
            await ShotAsync(compAdmin, "close-review.png");

            // A rerun on unchanged inputs, reviewed against the first: nothing differs, and it is the run that goes on.
            await compAdmin.Locator("[data-field=reason] input, input[data-field=reason]").First.FillAsync("Rerun after review");
            await compAdmin.Locator("[data-field=reason] input, input[data-field=reason]").First.PressAsync("Tab");
            await compAdmin.ClickAsync("[data-start-run]");
            await compAdmin.WaitForSelectorAsync($"[data-started-run]:not([data-started-run=\"{runId}\"])", new PageWaitForSelectorOptions { Timeout = Patient });
            var firstRunId = runId;
            runId = long.Parse((await compAdmin.Locator("[data-started-run]").GetAttributeAsync("data-started-run"))!, CultureInfo.InvariantCulture);
            await WaitForRunAsync(compAdmin, runId);
            await compAdmin.ClickAsync($"[data-review=\"{runId}\"]");
            await compAdmin.WaitForSelectorAsync($"[data-payout-summary=\"{runId}\"] [data-participants] tr[data-participant]");
            var reviewedFirst = reviewed;
            reviewed = await compAdmin.Locator("[data-participants] tr[data-participant]").EvaluateAllAsync<string[][]>(
                "rows => rows.map(r => [r.dataset.participant, r.dataset.currency, r.dataset.payable])");
            await compAdmin.ClickAsync($"[data-payout-summary=\"{runId}\"] [data-compare-previous=\"{firstRunId}\"]");
            var comparison = await (await compAdmin.WaitForSelectorAsync("[data-compare-summary]"))!.InnerTextAsync();
            var firstRunStatus = await compAdmin.Locator($"tr:has([data-run=\"{firstRunId}\"]) [data-status]").GetAttributeAsync("data-status");
            await ShotAsync(compAdmin, "close-rerun-compared.png");

            // An adjustment for the rep, picked by their name; requested by the starter, approved by finance.
            var repId = DemoCompany.Ids.Rep;
            var repName = (await GetJsonAsync(compAdmin, $"api/v1/people?search={repId}")).GetProperty("items")[0].GetProperty("displayName").GetString()!;
            await compAdmin.GotoAsync("compensation/adjustments");
            await InteractiveAsync(compAdmin);
            await compAdmin.Locator("[data-person-picker] input, input[data-person-picker]").First.FillAsync(repName);
            await compAdmin.ClickAsync($"[data-person-option=\"{repId}\"]");

            // The pick re-renders the form (the amount's label names the pay currency): fill the rest after it, or the
            // render could clear what was typed.
            await compAdmin.WaitForFunctionAsync("() => !document.body.innerText.includes('Amount (pay currency)')");
            await compAdmin.Locator("[data-field=periodKey] input, input[data-field=periodKey]").First.FillAsync(Period);
            await compAdmin.Locator("[data-field=amount] input, input[data-field=amount]").First.FillAsync(AdjustmentAmount.ToString(CultureInfo.InvariantCulture));
            await compAdmin.Locator("[data-field=reason] input, input[data-field=reason]").First.FillAsync("Missed SPIFF for the Q3 launch deal");
            await compAdmin.Locator("[data-field=reason] input, input[data-field=reason]").First.PressAsync("Tab");
            await compAdmin.ClickAsync("[data-create]");
            var requested = await (await compAdmin.WaitForSelectorAsync("[data-message]"))!.InnerTextAsync();
            await ShotAsync(compAdmin, "close-adjustment-requested.png");
            var adjustmentId = AdjustmentNumber().Match(requested) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"No adjustment requested: {requested}");

            var finance = await SignInAsync("finance");
            await finance.GotoAsync("compensation/adjustments");
            await InteractiveAsync(finance);
            await finance.ClickAsync($"[data-approve=\"{adjustmentId}\"]");
            await finance.WaitForSelectorAsync($"[data-status=\"{adjustmentId}\"]:has-text(\"Approved\")");

            // Submit, then the chain: manager → comp-admin (the starter is refused; an admin acts for the step) → finance.
            await compAdmin.GotoAsync("compensation/approvals");
            await InteractiveAsync(compAdmin);
            await compAdmin.ClickAsync($"[data-submit=\"{runId}\"]");
            await compAdmin.WaitForSelectorAsync($"[data-status=\"{runId}\"]:has-text(\"Pending\")");

            var manager = await SignInAsync("manager");
            await ApproveAsync(manager, runId, "Pending");

            await compAdmin.ReloadAsync();
            await InteractiveAsync(compAdmin);
            var barred = await (await compAdmin.WaitForSelectorAsync($"[data-barred=\"{runId}\"]"))!.InnerTextAsync();
            var starterMayApprove = await compAdmin.Locator($"[data-approve=\"{runId}\"]").CountAsync();
            await ShotAsync(compAdmin, "close-starter-refused.png");

            var admin = await SignInAsync("admin");
            await ApproveAsync(admin, runId, "Pending");
            await ApproveAsync(finance, runId, "Approved");
            await finance.WaitForSelectorAsync($"[data-to-periods=\"{runId}\"]");
            await ShotAsync(finance, "close-approved.png");

            // The rep's statement is final and shows the adjustment.
            var rep = await SignInAsync("rep");
            await rep.GotoAsync($"compensation/statements?period={Period}");
            await InteractiveAsync(rep);
            var status = await rep.WaitForSelectorAsync("[data-statement] [data-status]");
            var statementStatus = await status!.GetAttributeAsync("data-status");
            var statementStatusText = await status.InnerTextAsync();
            var repStatementText = await rep.Locator("[data-statement]").InnerTextAsync();
            await ShotAsync(rep, "close-statement-final.png");

            // Payroll: downloaded from the Periods page (reached from the approved run), each person's rows against their statement.
            await finance.ClickAsync($"[data-to-periods=\"{runId}\"]");
            await finance.WaitForURLAsync(new Regex("compensation/periods$"));
            await InteractiveAsync(finance);
            var download = await finance.RunAndWaitForDownloadAsync(
                () => finance.ClickAsync($"[data-payroll=\"{Period}\"]"), new PageRunAndWaitForDownloadOptions { Timeout = Patient });
            var file = Path.Combine(Server.WorkingDirectory, download.SuggestedFilename);
            await download.SaveAsAsync(file);
            var payroll = ReadCsv(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
            var header = payroll[0];
            var paid = payroll.Skip(1)
                .GroupBy(r => r[header.IndexOf("person_id")], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(r => decimal.Parse(r[header.IndexOf("amount")], CultureInfo.InvariantCulture)), StringComparer.Ordinal);
            await finance.ClickAsync($"[data-close=\"{Period}\"]");
            var closed = await (await finance.WaitForSelectorAsync("[data-periods-message]"))!.InnerTextAsync();
            var periodRow = await finance.Locator($"tr[data-period=\"{Period}\"]").InnerTextAsync();
            await ShotAsync(finance, "close-period-closed.png");
            var statements = new Dictionary<string, (decimal Payable, decimal Total)>(StringComparer.Ordinal);
            foreach (var person in reviewed.Select(r => r[0]).Concat(paid.Keys).Distinct(StringComparer.Ordinal))
            {
                var totals = (await GetJsonAsync(finance, $"api/v1/statements/{Period}?person={person}")).GetProperty("totals")[0];
                statements[person] = (totals.GetProperty("payable").GetDecimal(), totals.GetProperty("total").GetDecimal());
            }

            Assert.Equal("Published", runStatus);
            Assert.Equal(100, progressSeen[^1]);
            Assert.True(progressBarVisible, "the run's progress bar should be visible");
            Assert.True(reviewed.Length > 60, $"the review should list every paid participant, got {reviewed.Length}");
            Assert.True(noPrevious, "the period's first run offers no comparison");
            Assert.StartsWith("0 line(s) differ", comparison.Trim(), StringComparison.Ordinal);
            Assert.Equal("Superseded", firstRunStatus);
            Assert.Equal(reviewedFirst, reviewed);
            Assert.All(reviewed, r => Assert.Equal(statements[r[0]].Payable, decimal.Parse(r[2], CultureInfo.InvariantCulture)));
            Assert.Contains("Segregation of duties", barred, StringComparison.Ordinal);
            Assert.Contains("started this run", barred, StringComparison.Ordinal);
            Assert.Equal(0, starterMayApprove);
            Assert.Equal("final", statementStatus);
            Assert.Contains("Final", statementStatusText, StringComparison.Ordinal);
            Assert.DoesNotContain("Provisional", repStatementText, StringComparison.Ordinal);
            Assert.Contains("Missed SPIFF for the Q3 launch deal", repStatementText, StringComparison.Ordinal);
            Assert.Equal(statements[repId].Payable + AdjustmentAmount, statements[repId].Total);
            Assert.Equal(
                statements.Where(s => s.Value.Total != 0m).Select(s => (s.Key, s.Value.Total)).OrderBy(s => s.Key, StringComparer.Ordinal),
                paid.Where(p => p.Value != 0m).Select(p => (p.Key, p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(statements.Values.Sum(s => s.Total), paid.Values.Sum());
            Assert.Contains($"{Period} is closed.", closed, StringComparison.Ordinal);
            Assert.Contains("Closed", periodRow, StringComparison.Ordinal);
        }
        catch
        {
            if (current is not null)
            {
                await current.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("failure-close.png"), FullPage = true });
            }

            throw;
        }
    }

    /// <summary>A fresh browser context (its own cookies) signed in as <paramref name="userName"/>.</summary>
    private async Task<IPage> SignInAsync(string userName)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        current = page;
        await Browser.SignInAsync(page, userName);
        return page;
    }

    private async Task InteractiveAsync(IPage page)
    {
        current = page;
        await page.WaitForSelectorAsync("#interactive", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = Patient });
    }

    /// <summary>Approves the run's pending step on the Approvals page and waits until its approval reads <paramref name="after"/>.</summary>
    private async Task ApproveAsync(IPage page, long runId, string after)
    {
        await page.GotoAsync("compensation/approvals");
        await InteractiveAsync(page);
        await page.ClickAsync($"[data-approve=\"{runId}\"]");
        await page.WaitForSelectorAsync($"[data-message]:has-text(\"{after}\")");
    }

    /// <summary>Reads the run's progress on the page (the page polls every second) until it is done; returns the percentages seen.</summary>
    private static async Task<List<int>> WaitForRunAsync(IPage page, long runId)
    {
        var seen = new List<int>();
        var deadline = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(deadline) < RunDeadline)
        {
            var cell = page.Locator($"[data-run-progress=\"{runId}\"]");
            if (await cell.CountAsync() > 0)
            {
                var percent = int.Parse((await cell.GetAttributeAsync("data-progress"))!, CultureInfo.InvariantCulture);
                if (seen.Count == 0 || seen[^1] != percent)
                {
                    seen.Add(percent);
                }

                var status = await page.Locator($"tr:has([data-run=\"{runId}\"]) [data-status]").GetAttributeAsync("data-status");
                if (status == "Failed" || (percent == 100 && status == "Published"))
                {
                    return seen;
                }
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"run {runId} did not finish within {RunDeadline}; progress seen: {string.Join(", ", seen)}");
    }

    private async Task ShotAsync(IPage page, string name)
    {
        current = page;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath(name), FullPage = true });
    }

    private static async Task<JsonElement> GetJsonAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(path);
        Assert.True(response.Ok, $"{path}: {response.Status} {await response.TextAsync()}");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.Clone();
    }

    /// <summary>Comma-separated rows with RFC 4180 quoting (a quoted field may hold commas and doubled quotes).</summary>
    private static List<List<string>> ReadCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }

    [GeneratedRegex(@"Adjustment #(\d+) requested")]
    private static partial Regex AdjustmentNumber();
}
