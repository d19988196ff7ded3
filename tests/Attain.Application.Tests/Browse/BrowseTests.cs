using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Testing.Stores;

namespace Attain.Application.Tests.Browse;

public class BrowseTests
{
    private static async Task<(TestStore Store, OrgFixture Org)> SeedAsync(StoreProvider provider)
    {
        var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await OrgFixture.SeedAsync(db, TestContext.Current.CancellationToken);
        return (store, org);
    }

    private static async Task<Scope> ScopeAsync(AttainDbContext db, TestStore store, long? personId, params string[] roles) =>
        await new ScopeResolver(db, new OrganisationTime(db, store.Clock)).ResolveAsync(new Viewer("u", "u", personId, roles.ToHashSet()), TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task People_ManagerAsOfToday_SeesCurrentSubtreeOnly(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, org) = await SeedAsync(provider);
        await using var _ = store;
        await using var db = store.NewContext();
        var scope = await ScopeAsync(db, store, org.People[OrgFixture.North], Roles.Manager);
        var browser = new PeopleBrowser(db, new OrganisationTime(db, store.Clock));

        var page = await browser.ListAsync(scope, new PeopleQuery(), ct);

        Assert.Equal(org.SubtreeOf(OrgFixture.North).Order(), page.Items.Select(p => p.Id).Order());
        Assert.Equal(3, page.Total);
        var bob = Assert.Single(page.Items, p => p.Id == org.People[OrgFixture.Bob]);
        Assert.Equal(org.People[OrgFixture.North], bob.ManagerId);
        Assert.Equal("North Fixture", bob.ManagerName);
        Assert.Equal("North", bob.TeamName);
        Assert.Null(await browser.GetAsync(scope, org.People[OrgFixture.Cal], ct));
        Assert.Null(await browser.GetAsync(scope, org.People[OrgFixture.Dee], ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task People_MoverAfterTheMove_ReportsToNewManager(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, org) = await SeedAsync(provider);
        await using var _ = store;
        await using var db = store.NewContext();
        var browser = new PeopleBrowser(db, new OrganisationTime(db, store.Clock));

        var cal = await browser.GetAsync(Scope.All, org.People[OrgFixture.Cal], ct);
        var southReports = await browser.ListAsync(Scope.All, new PeopleQuery { ManagerId = org.People[OrgFixture.South] }, ct);
        var northTeam = await browser.ListAsync(Scope.All, new PeopleQuery { TeamId = org.NorthTeam }, ct);

        Assert.Equal(org.People[OrgFixture.South], cal!.ManagerId);
        Assert.Equal("South", cal.TeamName);
        Assert.Equal(new[] { org.People[OrgFixture.Cal], org.People[OrgFixture.Dee] }.Order(), southReports.Items.Select(p => p.Id).Order());
        Assert.Equal(new[] { org.People[OrgFixture.Ann], org.People[OrgFixture.Bob] }.Order(), northTeam.Items.Select(p => p.Id).Order());
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Search_DifferentCaseAndWildcards_MatchesCaseInsensitivelyAndLiterally(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, org) = await SeedAsync(provider);
        await using var _ = store;
        await using var db = store.NewContext();
        var people = new PeopleBrowser(db, new OrganisationTime(db, store.Clock));
        var accounts = new AccountBrowser(db);

        var byName = await people.ListAsync(Scope.All, new PeopleQuery { Search = "aNN" }, ct);
        var byEmail = await people.ListAsync(Scope.All, new PeopleQuery { Search = "BOB@FIXTURE" }, ct);
        var byExternalId = await accounts.ListAsync(Scope.All, new AccountsQuery { Search = "a-cal" }, ct);
        var wildcard = await people.ListAsync(Scope.All, new PeopleQuery { Search = "%" }, ct);
        var underscore = await accounts.ListAsync(Scope.All, new AccountsQuery { Search = "a_cal" }, ct);

        Assert.Equal(org.People[OrgFixture.Ann], Assert.Single(byName.Items).Id);
        Assert.Equal(org.People[OrgFixture.Bob], Assert.Single(byEmail.Items).Id);
        Assert.Equal("A-CAL", Assert.Single(byExternalId.Items).ExternalId);
        Assert.Empty(wildcard.Items);
        Assert.Empty(underscore.Items);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Search_AccentedCapitals_MatchesBeyondAscii(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using (var seed = store.NewContext())
        {
            seed.Accounts.Add(new Accounts.Account { ExternalId = "A-1", Name = "Ångström Øresund AG" });
            seed.Accounts.Add(new Accounts.Account { ExternalId = "A-2", Name = "Angstrom Oresund Ltd" });
            await seed.SaveChangesAsync(ct);
        }

        await using var db = store.NewContext();

        var found = await new AccountBrowser(db).ListAsync(Scope.All, new AccountsQuery { Search = "ångström øre" }, ct);

        Assert.Equal("A-1", Assert.Single(found.Items).ExternalId);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Opportunities_PagedWithSort_PagesCoverEveryRowOnce(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, org) = await SeedAsync(provider);
        await using var _ = store;
        await using var db = store.NewContext();
        var browser = new OpportunityBrowser(db);

        var first = await browser.ListAsync(Scope.All, new OpportunitiesQuery { PageSize = 3, Sort = "-amount" }, ct);
        var second = await browser.ListAsync(Scope.All, new OpportunitiesQuery { PageSize = 3, Page = 2, Sort = "-amount" }, ct);

        Assert.Equal(4, first.Total);
        Assert.Equal(2, first.PageCount);
        Assert.Equal(3, first.Items.Count);
        var all = first.Items.Concat(second.Items).ToList();
        Assert.Equal(org.OpportunityOwners.Keys.Order(), all.Select(o => o.Id).Order());
        Assert.Equal(all.OrderByDescending(o => o.Amount).Select(o => o.Id), all.Select(o => o.Id));
        Assert.Equal(1003m, all[0].Amount);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Filters_DateRangesAndKinds_AreInclusiveAtBothEnds(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, _) = await SeedAsync(provider);
        await using var __ = store;
        await using var db = store.NewContext();
        var opportunities = new OpportunityBrowser(db);
        var activities = new ActivityBrowser(db, new OrganisationTime(db, store.Clock));
        var bookings = new BookingBrowser(db);

        var closing = await opportunities.ListAsync(Scope.All, new OpportunitiesQuery { CloseFrom = new(2026, 12, 2), CloseTo = new(2026, 12, 3), Status = OpportunityStatus.Open }, ct);
        var lost = await opportunities.ListAsync(Scope.All, new OpportunitiesQuery { Status = OpportunityStatus.Lost }, ct);
        var held = await activities.ListAsync(Scope.All, new ActivitiesQuery { From = new(2026, 11, 3), To = new(2026, 11, 4) }, ct);
        var calls = await activities.ListAsync(Scope.All, new ActivitiesQuery { Type = Activities.ActivityType.Call }, ct);
        var booked = await bookings.ListAsync(Scope.All, new BookingsQuery { From = new(2026, 11, 2), To = new(2026, 11, 2) }, ct);

        Assert.Equal(["O-BOB", "O-CAL"], closing.Items.Select(o => o.ExternalId));
        Assert.Empty(lost.Items);
        Assert.Equal(["ACT-BOB", "ACT-CAL"], held.Items.Select(a => a.ExternalId));
        Assert.Equal(["ACT-ANN", "ACT-CAL"], calls.Items.Select(a => a.ExternalId));
        Assert.Equal(500.25m, Assert.Single(booked.Items).Amount);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task StageHistory_VisibleIffOpportunityIs(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, org) = await SeedAsync(provider);
        await using var _ = store;
        await using var db = store.NewContext();
        var scope = await ScopeAsync(db, store, org.People[OrgFixture.Ann], Roles.Rep);
        var browser = new OpportunityBrowser(db);
        var own = org.OpportunityOwners.Single(o => o.Value == org.People[OrgFixture.Ann]).Key;
        var other = org.OpportunityOwners.Single(o => o.Value == org.People[OrgFixture.Bob]).Key;

        var history = await browser.GetStageHistoryAsync(scope, own, ct);
        var hidden = await browser.GetStageHistoryAsync(scope, other, ct);

        Assert.Equal(["Qualify", "Propose"], history!.Select(c => c.Stage));
        Assert.Null(hidden);
        Assert.Null(await browser.GetAsync(scope, other, ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Accounts_Rep_SeesOwnButNotUnowned(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, org) = await SeedAsync(provider);
        await using var _ = store;
        await using var db = store.NewContext();
        var scope = await ScopeAsync(db, store, org.People[OrgFixture.Dee], Roles.Rep);
        var browser = new AccountBrowser(db);

        var mine = await browser.ListAsync(scope, new AccountsQuery(), ct);
        var everything = await browser.ListAsync(Scope.All, new AccountsQuery { Country = "fr" }, ct);

        Assert.Equal("A-DEE", Assert.Single(mine.Items).ExternalId);
        Assert.Null(await browser.GetAsync(scope, org.UnownedAccount, ct));
        Assert.Equal(org.UnownedAccount, Assert.Single(everything.Items).Id);
    }

    [Fact]
    public async Task Validate_OutOfRangeQuery_NamesEachParameter()
    {
        var query = new OpportunitiesQuery { Page = 0, PageSize = 201, Sort = "-owner", CloseFrom = new(2026, 2, 1), CloseTo = new(2026, 1, 1) };

        var issues = query.Validate();

        Assert.Equal(["page", "pageSize", "sort", "closeFrom"], issues.Select(i => i.Path));
        await Assert.ThrowsAsync<ArgumentException>(() => new OpportunityBrowser(null!).ListAsync(Scope.All, query, TestContext.Current.CancellationToken));
    }
}
