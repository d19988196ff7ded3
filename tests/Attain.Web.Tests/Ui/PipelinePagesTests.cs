using System.Net;
using System.Text.RegularExpressions;
using Attain.Application.Accounts;
using Attain.Application.Calendar;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;

namespace Attain.Web.Tests.Ui;

/// <summary>
/// The pipeline pages rendered statically (the first, prerendered response), today 2026-11-27. Each seeded rep owns an
/// open deal in Propose since 2026-10-01 (57 days untouched: stalled) closing 2026-12-15, and a healthy one entered
/// today.
/// </summary>
public sealed class PipelinePagesTests : IAsyncLifetime
{
    private UiHost host = null!;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task PipelineHealth_Rep_FunnelAndOnlyTheirOwnStalledDeal()
    {
        await SeedOrganisationAsync();
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var (_, other) = await host.AddUserAsync("other", withPerson: true, Roles.Rep);
        var (stalled, _) = await SeedDealsAsync(rep!.Value);
        var (othersStalled, _) = await SeedDealsAsync(other!.Value);
        var client = await host.SignInAsync("rep");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/pipeline", TestContext.Current.CancellationToken));

        Assert.Matches("<h1[^>]*>Pipeline health</h1>", html);
        Assert.Contains("data-stage=\"Propose\"", html, StringComparison.Ordinal);
        Assert.Contains("2,000.00 EUR", html, StringComparison.Ordinal);
        Assert.Contains($"data-opportunity=\"{stalled}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"opportunities/{stalled}\"", html, StringComparison.Ordinal);
        Assert.Contains("data-flag=\"stalled\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-opportunity=\"{othersStalled}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipelineReview_ManagerPicksRep_WorstDealFirstWithEvidence()
    {
        await SeedOrganisationAsync();
        var (_, manager) = await host.AddUserAsync("boss", withPerson: true, Roles.Manager);
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        await using (var db = host.Store.NewContext())
        {
            db.ReportingLines.Add(new ReportingLine { PersonId = rep!.Value, ManagerId = manager, EffectiveFrom = new DateOnly(2026, 1, 1) });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (stalled, _) = await SeedDealsAsync(rep!.Value);
        var boss = await host.SignInAsync("boss");
        var repClient = await host.SignInAsync("rep");

        var html = WebUtility.HtmlDecode(await boss.GetStringAsync($"/pipeline/review?person={rep}", TestContext.Current.CancellationToken));
        using var denied = await repClient.GetAsync("/pipeline/review", TestContext.Current.CancellationToken);

        Assert.Matches("<h1[^>]*>Pipeline review</h1>", html);
        Assert.Contains($"data-review-deal=\"{stalled}\"", html, StringComparison.Ordinal);
        Assert.Contains("Deal 1 of 2", html, StringComparison.Ordinal);
        Assert.Matches(@"<th scope=""row"">days since last touch</th><td>57</td>", html);
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }

    private async Task SeedOrganisationAsync()
    {
        await using var db = host.Store.NewContext();
        db.OrganisationSettings.Add(new OrganisationSettings { Name = "Page Ltd", BaseCurrency = "EUR", TimeZone = "UTC" });
        db.Stages.AddRange(
            new StageDefinition { Name = "Qualify", Order = 1, Probability = 0.1m },
            new StageDefinition { Name = "Propose", Order = 2, Probability = 0.5m },
            new StageDefinition { Name = "Won", Order = 3, Probability = 1m, IsClosed = true, IsWon = true });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A stalled deal (Propose since 2026-10-01, 1,000 EUR) and a healthy one (Propose since today, 1,000 EUR).</summary>
    private async Task<(long Stalled, long Healthy)> SeedDealsAsync(long owner)
    {
        await using var db = host.Store.NewContext();
        var account = new Account { ExternalId = $"acc-{owner}", Name = $"Account of {owner}", OwnerId = owner };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        Opportunity Deal(string name, DateOnly created) => new()
        {
            ExternalId = $"{name}-{owner}",
            Name = name,
            OwnerId = owner,
            AccountId = account.Id,
            Amount = 1000m,
            Currency = "EUR",
            Stage = "Propose",
            CloseDate = new DateOnly(2026, 12, 15),
            CreatedDate = created,
            Status = OpportunityStatus.Open,
        };
        var (stalled, healthy) = (Deal("Quiet deal", new DateOnly(2026, 10, 1)), Deal("Fresh deal", new DateOnly(2026, 11, 27)));
        db.Opportunities.AddRange(stalled, healthy);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.OpportunityStageChanges.Add(new OpportunityStageChange { OpportunityId = stalled.Id, Stage = "Propose", EnteredOn = new DateOnly(2026, 10, 1) });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (stalled.Id, healthy.Id);
    }
}
