using System.Net;
using Attain.Application.Compensation;
using Attain.Application.Organisation;

namespace Attain.Web.Tests.Ui;

/// <summary>The Calculation runs page, rendered statically (the first response), on two hand-made runs of FY2027-M09.</summary>
public sealed class CalcRunsPageTests : IAsyncLifetime
{
    private const string Checksum = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private UiHost host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    /// <summary>Run 1 (superseded) pays Ann 100 EUR for booking b1; run 2 (published, running-free) pays 130: b1 changed by +30.</summary>
    private async Task<(long First, long Second)> SeedAsync(long ann)
    {
        await using var db = host.Store.NewContext();
        var first = new CalculationRun { PeriodKey = "FY2027-M09", Number = 1, Status = RunStatus.Superseded, Phase = RunPhase.Done, StartedBy = "carla", Checksum = Checksum, Reason = "first close" };
        var second = new CalculationRun { PeriodKey = "FY2027-M09", Number = 2, Status = RunStatus.Published, Phase = RunPhase.Done, StartedBy = "carla", Checksum = Checksum, Reason = "late booking" };
        db.CalculationRuns.AddRange(first, second);
        await db.SaveChangesAsync(Ct);
        db.CompensationPeriods.Add(new CompensationPeriod { PeriodKey = "FY2027-M09", PublishedRunId = second.Id });
        foreach (var (run, amount) in new[] { (first.Id, 100m), (second.Id, 130m) })
        {
            db.RunLines.Add(new RunLine { RunId = run, PersonId = ann, Number = 1, Kind = "Commission", PlanKey = "ae-quarterly", ComponentId = "commission", PeriodKey = "FY2027-M09", BookingIds = "b1", Rule = "rule", Amount = amount, Currency = "EUR" });
            db.RunPayouts.Add(new RunPayout { RunId = run, PersonId = ann, PlanKey = "ae-quarterly", PeriodKey = "FY2027-M09", Currency = "EUR", Earned = amount, Payable = amount });
        }

        await db.SaveChangesAsync(Ct);
        return (first.Id, second.Id);
    }

    [Fact]
    public async Task CalcRunsPage_CompAdminFinanceAndRep_RunsListedStartForCompAdminOnlyRepDenied()
    {
        await host.AddUserAsync("carla", withPerson: false, Roles.CompAdmin);
        await host.AddUserAsync("fin", withPerson: false, Roles.Finance);
        var (_, ann) = await host.AddUserAsync("ann", withPerson: true, Roles.Rep);
        await SeedAsync(ann!.Value);
        var compAdmin = await host.SignInAsync("carla");
        var finance = await host.SignInAsync("fin");
        var rep = await host.SignInAsync("ann");

        var compAdminHtml = WebUtility.HtmlDecode(await compAdmin.GetStringAsync("/compensation/runs", Ct));
        var financeHtml = WebUtility.HtmlDecode(await finance.GetStringAsync("/compensation/runs", Ct));
        using var denied = await rep.GetAsync("/compensation/runs", Ct);

        Assert.Matches("<h1[^>]*>Calculation runs</h1>", compAdminHtml);
        Assert.Contains("data-start-run", compAdminHtml, StringComparison.Ordinal);
        Assert.Contains("Published · read by reps", compAdminHtml, StringComparison.Ordinal);
        Assert.Contains("data-status=\"Superseded\"", compAdminHtml, StringComparison.Ordinal);
        Assert.Contains("0123456789ab", compAdminHtml, StringComparison.Ordinal);
        Assert.Contains("late booking", compAdminHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("data-start-run", financeHtml, StringComparison.Ordinal);
        Assert.Contains("data-progress=\"100\"", financeHtml, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }

    [Fact]
    public async Task CalcRunsPage_ReviewInTheAddress_TotalsPerParticipantAndCompareWithThePreviousRun()
    {
        await host.AddUserAsync("carla", withPerson: false, Roles.CompAdmin);
        var (_, ann) = await host.AddUserAsync("ann", withPerson: true, Roles.Rep);
        var (first, second) = await SeedAsync(ann!.Value);
        var compAdmin = await host.SignInAsync("carla");

        var html = WebUtility.HtmlDecode(await compAdmin.GetStringAsync($"/compensation/runs?review={second}", Ct));
        var firstHtml = WebUtility.HtmlDecode(await compAdmin.GetStringAsync($"/compensation/runs?review={first}", Ct));

        Assert.Contains($"data-payout-summary=\"{second}\"", html, StringComparison.Ordinal);
        Assert.Contains("Review of run 2 of FY2027-M09", html, StringComparison.Ordinal);
        Assert.Matches("<tr data-participant=\"ann\" data-currency=\"EUR\" data-payable=\"130(\\.0+)?\">", html);
        Assert.Contains($"data-compare-previous=\"{first}\"", html, StringComparison.Ordinal);
        Assert.Contains("Compare with run 1", html, StringComparison.Ordinal);
        Assert.Contains("data-to-approvals", html, StringComparison.Ordinal);
        Assert.Contains("data-no-previous", firstHtml, StringComparison.Ordinal);
        Assert.Matches("<tr data-participant=\"ann\" data-currency=\"EUR\" data-payable=\"100(\\.0+)?\">", firstHtml);
    }

    [Fact]
    public async Task CalcRunsPage_FromAndToInTheAddress_ShowsPayoutAndLineDifferences()
    {
        await host.AddUserAsync("fin", withPerson: false, Roles.Finance);
        var (_, ann) = await host.AddUserAsync("ann", withPerson: true, Roles.Rep);
        var (first, second) = await SeedAsync(ann!.Value);
        var finance = await host.SignInAsync("fin");

        var html = WebUtility.HtmlDecode(await finance.GetStringAsync($"/compensation/runs?from={first}&to={second}", Ct));

        Assert.Contains("1 line(s) differ, 0 unchanged.", html, StringComparison.Ordinal);
        Assert.Contains("Payable difference: <strong>30.00 EUR</strong>", html, StringComparison.Ordinal);
        Assert.Contains("data-change=\"Changed\"", html, StringComparison.Ordinal);
        Assert.Contains("130.00 EUR", html, StringComparison.Ordinal);
    }
}
