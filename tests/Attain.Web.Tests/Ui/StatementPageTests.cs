using System.Net;
using Attain.Application.Compensation;
using Attain.Application.Organisation;

namespace Attain.Web.Tests.Ui;

/// <summary>The statement page rendered statically (the prerendered response) over a hand-built published run of FY2026-M10.</summary>
public sealed class StatementPageTests : IAsyncLifetime
{
    private const string Period = "FY2026-M10";
    private UiHost host = null!;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Statement_Rep_ShowsOwnTotalLinesInPlainWordsAndDownloadsButNotAnotherRepsStatement()
    {
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var (_, other) = await host.AddUserAsync("other", withPerson: true, Roles.Rep);
        await SeedAsync(rep!.Value, other!.Value);
        var client = await host.SignInAsync("rep");

        var own = WebUtility.HtmlDecode(await client.GetStringAsync($"/compensation/statements?period={Period}", TestContext.Current.CancellationToken));
        var others = WebUtility.HtmlDecode(await client.GetStringAsync($"/compensation/statements?period={Period}&person=other", TestContext.Current.CancellationToken));

        Assert.Contains("My statement", own, StringComparison.Ordinal);
        Assert.Contains("data-total=\"total\" data-value=\"1234.56\"", own, StringComparison.Ordinal);
        Assert.Contains("1,234.56 EUR", own, StringComparison.Ordinal);
        Assert.Contains("data-line=\"1\"", own, StringComparison.Ordinal);
        Assert.Contains("Commission on booking B-REP: 24,691.20 at 5 % = 1,234.56", own, StringComparison.Ordinal);
        Assert.Contains($"api/v1/statements/{Period}/statement.pdf?person=rep", own, StringComparison.Ordinal);
        Assert.Contains("Provisional", own, StringComparison.Ordinal);
        Assert.DoesNotContain("data-filter=\"person\"", own, StringComparison.Ordinal);
        Assert.Contains("There is no statement for that person that you may see.", others, StringComparison.Ordinal);
        Assert.DoesNotContain("9,999.00", others, StringComparison.Ordinal);
    }

    private async Task SeedAsync(long rep, long other)
    {
        await using var db = host.Store.NewContext();
        var run = new CalculationRun { PeriodKey = Period, Number = 1, Status = RunStatus.Published, StartedBy = "test" };
        db.CalculationRuns.Add(run);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        foreach (var (person, amount, booking) in new[] { (rep, 1234.56m, "B-REP"), (other, 9999m, "B-OTHER") })
        {
            db.RunLines.Add(new RunLine
            {
                RunId = run.Id,
                PersonId = person,
                Number = 1,
                Source = RunLineSource.Earning,
                Kind = "Commission",
                PlanKey = "plan",
                ComponentId = "commission",
                PeriodKey = "FY2026-Q4",
                BookingIds = booking,
                Rate = 0.05m,
                Base = amount * 20m,
                Rule = "flat rate 0.05",
                Amount = amount,
                Currency = "EUR",
            });
            db.RunPayouts.Add(new RunPayout { RunId = run.Id, PersonId = person, PlanKey = "plan", PeriodKey = Period, Currency = "EUR", Payable = amount });
        }

        db.CompensationPeriods.Add(new CompensationPeriod { PeriodKey = Period, PublishedRunId = run.Id });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
