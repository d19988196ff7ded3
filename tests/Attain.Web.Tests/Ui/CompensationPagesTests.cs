using System.Net;
using Attain.Application.Compensation;
using Attain.Application.Organisation;

namespace Attain.Web.Tests.Ui;

/// <summary>The Periods and "Why did my pay change?" pages rendered statically (the first, prerendered response).</summary>
public sealed class CompensationPagesTests : IAsyncLifetime
{
    private UiHost host = null!;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Periods_CompAdmin_TableOfPeriodsAndRepIsDenied()
    {
        await host.AddUserAsync("carla", withPerson: false, Roles.CompAdmin);
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var comp = await host.SignInAsync("carla");
        var rep = await host.SignInAsync("rep");

        var html = WebUtility.HtmlDecode(await comp.GetStringAsync("/compensation/periods", TestContext.Current.CancellationToken));
        using var denied = await rep.GetAsync(new Uri("/compensation/periods", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Matches("<h1[^>]*>Periods</h1>", html);
        Assert.Contains("data-periods", html, StringComparison.Ordinal);
        Assert.Contains("data-period=\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
    }

    [Fact]
    public async Task Periods_Finance_PayrollDownloadOnlyForTheApprovedRun()
    {
        await host.AddUserAsync("fin", withPerson: false, Roles.Finance);
        await using (var db = host.Store.NewContext("carla"))
        {
            var approved = new CalculationRun { PeriodKey = "FY2027-M08", Number = 1, Status = RunStatus.Published, Phase = RunPhase.Done, StartedBy = "carla", ApprovalStatus = ApprovalStatus.Approved };
            var waiting = new CalculationRun { PeriodKey = "FY2027-M09", Number = 1, Status = RunStatus.Published, Phase = RunPhase.Done, StartedBy = "carla" };
            db.CalculationRuns.AddRange(approved, waiting);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            db.CompensationPeriods.AddRange(
                new CompensationPeriod { PeriodKey = "FY2027-M08", PublishedRunId = approved.Id },
                new CompensationPeriod { PeriodKey = "FY2027-M09", PublishedRunId = waiting.Id });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var finance = await host.SignInAsync("fin");

        var html = WebUtility.HtmlDecode(await finance.GetStringAsync("/compensation/periods", TestContext.Current.CancellationToken));

        Assert.Matches("<a [^>]*href=\"/api/v1/payroll/FY2027-M08.csv\"[^>]*download=\"payroll-FY2027-M08.csv\"|<a [^>]*download=\"payroll-FY2027-M08.csv\"[^>]*href=\"/api/v1/payroll/FY2027-M08.csv\"", html);
        Assert.DoesNotContain("/api/v1/payroll/FY2027-M09.csv", html, StringComparison.Ordinal);
        Assert.Contains("data-payroll-waiting=\"FY2027-M09\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PayChanges_RepWithoutPublishedRuns_SaysSo()
    {
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var rep = await host.SignInAsync("rep");

        var html = WebUtility.HtmlDecode(await rep.GetStringAsync("/compensation/pay-changes", TestContext.Current.CancellationToken));

        Assert.Matches("<h1[^>]*>Why did my pay change\\?</h1>", html);
        Assert.Contains("No period has published results yet.", html, StringComparison.Ordinal);
    }
}
