using System.Net;
using System.Text.RegularExpressions;
using Attain.Application.Accounts;
using Attain.Application.Activities;
using Attain.Application.Bookings;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;

namespace Attain.Web.Tests.Ui;

/// <summary>Pages rendered statically (the first, prerendered response) for signed-in users over seeded records. The clock is 2026-11-27 09:00 UTC, a Friday.</summary>
public sealed partial class PagesTests : IAsyncLifetime
{
    private UiHost host = null!;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Home_Rep_ShowsOwnOpenOpportunitiesQuarterBookingsAndWeekActivities()
    {
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var (_, other) = await host.AddUserAsync("other", withPerson: true, Roles.Rep);
        await SeedDealsAsync(rep!.Value);
        await SeedDealsAsync(other!.Value);
        var client = await host.SignInAsync("rep");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/", TestContext.Current.CancellationToken));

        Assert.Equal("2", Figure(html, "open-opportunities"));
        Assert.Contains("1,500.50 EUR", html, StringComparison.Ordinal);
        Assert.Contains("FY2026-Q4", html, StringComparison.Ordinal);
        Assert.Contains("1,000.00 EUR", html, StringComparison.Ordinal);
        Assert.Equal("2", Figure(html, "activities-this-week"));
        Assert.DoesNotContain("data-figure=\"people\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_Manager_ListsDirectReportsWithTheirOpenPipeline()
    {
        var (_, manager) = await host.AddUserAsync("boss", withPerson: true, Roles.Manager);
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        await host.AddUserAsync("stranger", withPerson: true, Roles.Rep);
        await using (var db = host.Store.NewContext())
        {
            db.ReportingLines.Add(new ReportingLine { PersonId = rep!.Value, ManagerId = manager, EffectiveFrom = new DateOnly(2026, 1, 1) });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await SeedDealsAsync(rep!.Value);
        var client = await host.SignInAsync("boss");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/", TestContext.Current.CancellationToken));

        Assert.Contains("Your team", html, StringComparison.Ordinal);
        Assert.Contains("rep Tester", html, StringComparison.Ordinal);
        Assert.Contains("1,500.50 EUR", html, StringComparison.Ordinal);
        Assert.DoesNotContain("stranger Tester", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_Admin_CountsEveryRecordAndLinksAdminTasks()
    {
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        await SeedDealsAsync(rep!.Value);
        await host.AddUserAsync("admin", withPerson: false, Roles.Admin);
        var client = await host.SignInAsync("admin");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/", TestContext.Current.CancellationToken));

        Assert.Equal("1", Figure(html, "people"));
        Assert.Equal("1", Figure(html, "accounts"));
        Assert.Equal("3", Figure(html, "opportunities"));
        Assert.Equal("3", Figure(html, "bookings"));
        Assert.Contains("href=\"admin/users\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-figure=\"open-opportunities\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpportunityDetail_Owner_ShowsStageHistoryWithDaysInStage()
    {
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var opportunityId = await SeedDealsAsync(rep!.Value);
        var client = await host.SignInAsync("rep");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities/{opportunityId}", TestContext.Current.CancellationToken));

        Assert.Contains("Stage history", html, StringComparison.Ordinal);
        Assert.Matches(@"2026-10-01</td>\s*<td>Qualify</td>\s*<td>—</td>\s*<td[^>]*>31</td>", html);
        Assert.Matches(@"2026-11-01</td>\s*<td>Propose</td>\s*<td>Qualify</td>\s*<td[^>]*>26 so far</td>", html);
    }

    [Fact]
    public async Task OpportunityDetail_AnotherRepsOpportunity_Returns404()
    {
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var (_, other) = await host.AddUserAsync("other", withPerson: true, Roles.Rep);
        var opportunityId = await SeedDealsAsync(other!.Value);
        var client = await host.SignInAsync("rep");

        using var response = await client.GetAsync($"/opportunities/{opportunityId}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/people", "People")]
    [InlineData("/teams", "Teams")]
    [InlineData("/accounts", "Accounts")]
    [InlineData("/opportunities", "Opportunities")]
    [InlineData("/activities", "Activities")]
    [InlineData("/bookings", "Bookings")]
    [InlineData("/profile/api-tokens", "API tokens")]
    public async Task BrowsePage_SignedInRep_RendersWithItsHeading(string path, string heading)
    {
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        await SeedDealsAsync(rep!.Value);
        var client = await host.SignInAsync("rep");

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches($"<h1[^>]*>{Regex.Escape(heading)}</h1>", html);
    }

    [Fact]
    public async Task RepDashboard_Rep_ShowsOwnNumbersWithDrillDownAndRefusesAnotherRep()
    {
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var (_, other) = await host.AddUserAsync("other", withPerson: true, Roles.Rep);
        await SeedDealsAsync(rep!.Value);
        await SeedDealsAsync(other!.Value);
        await using (var db = host.Store.NewContext())
        {
            db.OrganisationSettings.Add(new Attain.Application.Calendar.OrganisationSettings { Name = "Test", BaseCurrency = "EUR", FiscalYearStartMonth = 1, TimeZone = "UTC" });
            db.Quotas.Add(new Attain.Application.Quotas.Quota { PersonId = rep.Value, Period = "FY2026-Q4", PeriodStart = new(2026, 10, 1), PeriodEnd = new(2026, 12, 31), Amount = 2000m, Currency = "EUR" });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var client = await host.SignInAsync("rep");

        var own = WebUtility.HtmlDecode(await client.GetStringAsync("/dashboards/rep", TestContext.Current.CancellationToken));
        var theirs = WebUtility.HtmlDecode(await client.GetStringAsync($"/dashboards/rep?person={other}", TestContext.Current.CancellationToken));

        Assert.Equal(1000m, DataValue(own, "bookings"));
        Assert.Equal(0.5m, DataValue(own, "attainment"));
        Assert.Contains("50.0 %", own, StringComparison.Ordinal);
        Assert.Contains($"bookings?owner={rep}&from=2026-10-01&to=2026-12-31", own, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"pipeline-by-stage\"", own, StringComparison.Ordinal);
        Assert.DoesNotContain("data-figure=", theirs, StringComparison.Ordinal);
        Assert.Contains($"No person {other} among the people you may see", theirs, StringComparison.Ordinal);
    }

    private static decimal DataValue(string html, string figure)
    {
        var match = Regex.Match(html, $"data-figure=\"{figure}\" data-value=\"([^\"]*)\"");
        Assert.True(match.Success, $"figure {figure} not found");
        return decimal.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Figure(string html, string name)
    {
        var match = Regex.Match(html, $"data-figure=\"{name}\"[\\s\\S]*?<p[^>]*>([^<]*)</p>");
        Assert.True(match.Success, $"figure {name} not found");
        return match.Groups[1].Value.Trim();
    }

    /// <summary>
    /// For <paramref name="owner"/>: one account, two open opportunities (1,000.00 + 500.50 EUR) and one won, bookings of
    /// 1,200 and −200 EUR in FY2026-Q4 and 999 EUR in Q3, activities on Monday and Friday of this week and the Sunday
    /// before. Returns the first open opportunity, which entered Qualify on 2026-10-01 and Propose on 2026-11-01.
    /// </summary>
    private async Task<long> SeedDealsAsync(long owner)
    {
        await using var db = host.Store.NewContext();
        var account = new Account { ExternalId = $"acc-{owner}", Name = $"Account of {owner}", OwnerId = owner };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        Opportunity Deal(string name, decimal amount, OpportunityStatus status) => new()
        {
            ExternalId = $"{name}-{owner}",
            Name = name,
            OwnerId = owner,
            AccountId = account.Id,
            Amount = amount,
            Currency = "EUR",
            Stage = status == OpportunityStatus.Won ? "Won" : "Propose",
            CloseDate = new DateOnly(2026, 12, 15),
            CreatedDate = new DateOnly(2026, 10, 1),
            Status = status,
        };
        var first = Deal("Big deal", 1000m, OpportunityStatus.Open);
        db.Opportunities.AddRange(first, Deal("Small deal", 500.50m, OpportunityStatus.Open), Deal("Done deal", 700m, OpportunityStatus.Won));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.OpportunityStageChanges.AddRange(
            new OpportunityStageChange { OpportunityId = first.Id, Stage = "Qualify", EnteredOn = new DateOnly(2026, 10, 1) },
            new OpportunityStageChange { OpportunityId = first.Id, FromStage = "Qualify", Stage = "Propose", EnteredOn = new DateOnly(2026, 11, 1) });
        Booking Booked(string id, decimal amount, DateOnly date, BookingKind kind) => new()
        {
            ExternalId = $"{id}-{owner}",
            Kind = kind,
            OwnerId = owner,
            AccountId = account.Id,
            Quantity = 1,
            Amount = amount,
            Currency = "EUR",
            BookingDate = date,
        };
        db.Bookings.AddRange(
            Booked("b1", 1200m, new DateOnly(2026, 10, 15), BookingKind.Order),
            Booked("b2", -200m, new DateOnly(2026, 11, 1), BookingKind.Cancellation),
            Booked("b3", 999m, new DateOnly(2026, 9, 30), BookingKind.Order));
        Activity Held(string id, DateTime at) => new() { ExternalId = $"{id}-{owner}", Type = ActivityType.Call, OwnerId = owner, OccurredAt = at, DurationMinutes = 15 };
        db.Activities.AddRange(
            Held("a1", new DateTime(2026, 11, 23, 0, 30, 0, DateTimeKind.Utc)),
            Held("a2", new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc)),
            Held("a3", new DateTime(2026, 11, 22, 23, 0, 0, DateTimeKind.Utc)));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return first.Id;
    }
}
