using System.Net;
using Attain.Application.Calendar;
using Attain.Application.Compensation;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Tests.Ui;

/// <summary>
/// The approvals, adjustments and disputes pages rendered statically (the first, prerendered response): a published
/// run of FY2026-M10 started by <c>analyst</c> with line 1 (100.00 EUR) for each of the reps <c>rep</c> and <c>other</c>,
/// each with an open dispute raised 12 days ago (SLA 10: overdue) and a pending adjustment.
/// </summary>
public sealed class OperationsPagesTests : IAsyncLifetime
{
    private UiHost host = null!;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private async Task<(long Run, long RepDispute, long OtherDispute, long OtherAdjustment)> SeedAsync()
    {
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var (_, other) = await host.AddUserAsync("other", withPerson: true, Roles.Rep);
        await using var db = host.Store.NewContext("analyst");
        db.OrganisationSettings.Add(new OrganisationSettings { Name = "Page Ltd", BaseCurrency = "EUR", TimeZone = "UTC" });
        var now = host.Store.Clock.GetUtcNow().UtcDateTime;
        var run = new CalculationRun { PeriodKey = "FY2026-M10", Number = 1, Status = RunStatus.Published, StartedBy = "analyst", StartedAt = now };
        db.CalculationRuns.Add(run);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.CompensationPeriods.Add(new CompensationPeriod { PeriodKey = "FY2026-M10", PublishedRunId = run.Id });
        var disputes = new List<Dispute>();
        var adjustments = new List<Adjustment>();
        foreach (var person in new[] { rep!.Value, other!.Value })
        {
            db.RunLines.Add(new RunLine
            {
                RunId = run.Id,
                PersonId = person,
                Number = 1,
                Source = RunLineSource.Earning,
                Kind = "Commission",
                PlanKey = "ae",
                ComponentId = "bonus",
                PeriodKey = "FY2026-M10",
                Date = new DateOnly(2026, 10, 31),
                Rule = "rate",
                Amount = 100m,
                Currency = "EUR",
            });
            disputes.Add(new Dispute { PersonId = person, RunId = run.Id, PeriodKey = "FY2026-M10", LineNumber = 1, Text = $"Question of {person}", RaisedBy = "x", RaisedAt = now.AddDays(-12) });
            adjustments.Add(new Adjustment { PersonId = person, PeriodKey = "FY2026-M10", Amount = 12.5m, Currency = "EUR", Reason = $"Adjustment of {person}", RequestedBy = "analyst", RequestedAt = now });
        }

        db.Disputes.AddRange(disputes);
        db.Adjustments.AddRange(adjustments);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (run.Id, disputes[0].Id, disputes[1].Id, adjustments[1].Id);
    }

    [Fact]
    public async Task MyDisputes_Rep_OnlyOwnDisputeWithAgeAndOverdue()
    {
        var (_, mine, others, _) = await SeedAsync();
        var client = await host.SignInAsync("rep");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/compensation/disputes", TestContext.Current.CancellationToken));
        using var detail = await client.GetAsync(new Uri($"/compensation/disputes/{others}", UriKind.Relative), TestContext.Current.CancellationToken);
        var detailHtml = WebUtility.HtmlDecode(await detail.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Matches("<h1[^>]*>My disputes</h1>", html);
        Assert.Contains($"data-overdue=\"{mine}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"compensation/disputes/{mine}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"compensation/disputes/{others}\"", html, StringComparison.Ordinal);
        Assert.Contains("data-not-found", detailHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisputeDetail_CompAdmin_ShowsLineAndReviewButton()
    {
        var (_, mine, _, _) = await SeedAsync();
        await host.AddUserAsync("carla", withPerson: false, Roles.CompAdmin);
        var client = await host.SignInAsync("carla");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/compensation/disputes/{mine}", TestContext.Current.CancellationToken));

        Assert.Contains("Dispute #" + mine + ": open", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Age 12 days of an SLA of 10: overdue", html, StringComparison.Ordinal);
        Assert.Contains("100.00 EUR", html, StringComparison.Ordinal);
        Assert.Contains("data-review", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalsAndAdjustments_Finance_RunListedAndPendingAdjustmentsDecidable()
    {
        var (run, _, _, adjustment) = await SeedAsync();
        await host.AddUserAsync("fiona", withPerson: false, Roles.Finance);
        var client = await host.SignInAsync("fiona");

        var approvals = WebUtility.HtmlDecode(await client.GetStringAsync("/compensation/approvals", TestContext.Current.CancellationToken));
        var adjustments = WebUtility.HtmlDecode(await client.GetStringAsync("/compensation/adjustments", TestContext.Current.CancellationToken));

        Assert.Contains("Chain: manager → comp-admin → finance", approvals, StringComparison.Ordinal);
        Assert.Contains($"data-status=\"{run}\">NotSubmitted", approvals, StringComparison.Ordinal);
        Assert.Contains($"data-approve=\"{adjustment}\"", adjustments, StringComparison.Ordinal);
        Assert.Contains("12.50 EUR", adjustments, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approvals_StarterHoldsThePendingStepsRole_SegregationOfDutiesNoticeAndNoApproveButton()
    {
        var (run, _, _, _) = await SeedAsync();
        await host.AddUserAsync("analyst", withPerson: false, Roles.CompAdmin);
        await host.AddUserAsync("cody", withPerson: false, Roles.CompAdmin);
        await using (var db = host.Store.NewContext("mona"))
        {
            var stored = await db.CalculationRuns.SingleAsync(r => r.Id == run, TestContext.Current.CancellationToken);
            (stored.ApprovalStatus, stored.ApprovalStep) = (ApprovalStatus.Pending, 1);
            var at = host.Store.Clock.GetUtcNow().UtcDateTime;
            db.ApprovalDecisions.Add(new ApprovalDecision { RunId = run, Step = 0, Action = ApprovalAction.Submitted, Actor = "cody", At = at, Chain = "manager,comp-admin,finance" });
            db.ApprovalDecisions.Add(new ApprovalDecision { RunId = run, Step = 0, Role = Roles.Manager, Action = ApprovalAction.Approved, Actor = "mona", At = at });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var starter = WebUtility.HtmlDecode(await (await host.SignInAsync("analyst")).GetStringAsync("/compensation/approvals", TestContext.Current.CancellationToken));
        var other = WebUtility.HtmlDecode(await (await host.SignInAsync("cody")).GetStringAsync("/compensation/approvals", TestContext.Current.CancellationToken));

        Assert.Contains($"data-barred=\"{run}\"", starter, StringComparison.Ordinal);
        Assert.Contains("Segregation of duties: you started this run, so someone else approves step 2 (comp-admin).", starter, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-approve=\"{run}\"", starter, StringComparison.Ordinal);
        Assert.Contains($"data-approve=\"{run}\"", other, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-barred=\"{run}\"", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adjustments_CompAdmin_PersonPickerInsteadOfANumericId()
    {
        await SeedAsync();
        await host.AddUserAsync("carla", withPerson: false, Roles.CompAdmin);
        var client = await host.SignInAsync("carla");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/compensation/adjustments", TestContext.Current.CancellationToken));

        Assert.Contains("data-person-picker=\"person\"", html, StringComparison.Ordinal);
        Assert.Contains("Participant (name or employee id)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Person id", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approvals_Rep_Denied()
    {
        await SeedAsync();
        var client = await host.SignInAsync("rep");

        using var response = await client.GetAsync(new Uri("/compensation/approvals", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("denied", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }
}
