using Attain.Application.Access;
using Attain.Application.Accounts;
using Attain.Application.Analytics;
using Attain.Application.Bookings;
using Attain.Application.Calendar;
using Attain.Application.Currencies;
using Attain.Application.Data;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Testing.Stores;

namespace Attain.Application.Tests.Analytics;

/// <summary>
/// A small organisation whose fiscal year starts in February, reporting in EUR: FY2027-Q1 is 2026-02-01..2026-04-30,
/// its previous quarter FY2026-Q4 is 2025-11-01..2026-01-31, its year-ago quarter FY2026-Q1 2025-02-01..2025-04-30.
/// Mia manages Ann and Bob. Ann is in team Alpha (region East) throughout; Bob is in Beta (region West) until
/// 2026-03-31 and in Alpha from 2026-04-01. USD converts at 0.9 EUR from 2026-01-01.
/// </summary>
public class KpiServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Org(long Ann, long Bob, long Mia, long Alpha, long Beta, long East, long West, Dictionary<string, long> Bookings, Dictionary<string, long> Opportunities);

    private static async Task<Org> SeedAsync(AttainDbContext db)
    {
        db.OrganisationSettings.Add(new OrganisationSettings { Name = "Small Ltd", BaseCurrency = "EUR", FiscalYearStartMonth = 2, TimeZone = "UTC" });
        db.FxRates.Add(new FxRate { FromCurrency = "USD", ToCurrency = "EUR", Date = new DateOnly(2026, 1, 1), Rate = 0.9m });
        Person Person(string name) => new() { ExternalId = "P-" + name, FirstName = name, LastName = "Small", Email = name + "@small.example", PayCurrency = "EUR", HireDate = new DateOnly(2024, 1, 1) };
        var (ann, bob, mia) = (Person("Ann"), Person("Bob"), Person("Mia"));
        db.People.AddRange(ann, bob, mia);
        var (east, west) = (new Region { ExternalId = "R-E", Name = "East" }, new Region { ExternalId = "R-W", Name = "West" });
        db.Regions.AddRange(east, west);
        await db.SaveChangesAsync(Ct);
        var alpha = new Team { ExternalId = "T-A", Name = "Alpha", RegionId = east.Id };
        var beta = new Team { ExternalId = "T-B", Name = "Beta", RegionId = west.Id };
        db.Teams.AddRange(alpha, beta);
        var account = new Account { ExternalId = "A-1", Name = "Acme" };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        var start = new DateOnly(2024, 1, 1);
        db.ReportingLines.AddRange(
            new ReportingLine { PersonId = ann.Id, ManagerId = mia.Id, EffectiveFrom = start },
            new ReportingLine { PersonId = bob.Id, ManagerId = mia.Id, EffectiveFrom = start },
            new ReportingLine { PersonId = mia.Id, EffectiveFrom = start });
        db.TeamMemberships.AddRange(
            new TeamMembership { PersonId = ann.Id, TeamId = alpha.Id, EffectiveFrom = start },
            new TeamMembership { PersonId = bob.Id, TeamId = beta.Id, EffectiveFrom = start, EffectiveTo = new DateOnly(2026, 3, 31) },
            new TeamMembership { PersonId = bob.Id, TeamId = alpha.Id, EffectiveFrom = new DateOnly(2026, 4, 1) });

        var bookings = new Dictionary<string, Booking>
        {
            ["B1"] = Booking(ann, BookingKind.Order, 1000m, "EUR", new(2026, 2, 10)),
            ["B2"] = Booking(ann, BookingKind.Order, 200m, "USD", new(2026, 3, 5)),
            ["B3"] = Booking(ann, BookingKind.Cancellation, -100m, "EUR", new(2026, 3, 20)),
            ["B4"] = Booking(bob, BookingKind.Order, 500m, "EUR", new(2026, 4, 15)),
            ["B5"] = Booking(bob, BookingKind.Order, 300m, "EUR", new(2026, 2, 15)),
            ["B6"] = Booking(bob, BookingKind.Order, 999m, "EUR", new(2026, 5, 1)),
            ["B7"] = Booking(ann, BookingKind.Order, 400m, "EUR", new(2025, 3, 1)),
            ["B8"] = Booking(ann, BookingKind.Order, 50m, "EUR", new(2026, 1, 15)),
        };
        foreach (var (key, booking) in bookings)
        {
            booking.ExternalId = key;
        }

        db.Bookings.AddRange(bookings.Values);
        var opportunities = new Dictionary<string, Opportunity>
        {
            ["O1"] = Opportunity(ann, account, OpportunityStatus.Won, 1000m, new(2026, 1, 1), new(2026, 3, 1)),
            ["O2"] = Opportunity(ann, account, OpportunityStatus.Lost, 500m, new(2026, 2, 1), new(2026, 4, 1)),
            ["O3"] = Opportunity(bob, account, OpportunityStatus.Won, 2000m, new(2025, 12, 1), new(2026, 2, 20)),
            ["O4"] = Opportunity(bob, account, OpportunityStatus.Lost, 100m, new(2026, 5, 2), new(2026, 6, 1)),
            ["O5"] = Opportunity(ann, account, OpportunityStatus.Open, 700m, new(2026, 3, 1), new(2026, 12, 31)),
        };
        foreach (var (key, opportunity) in opportunities)
        {
            opportunity.ExternalId = key;
        }

        db.Opportunities.AddRange(opportunities.Values);
        await db.SaveChangesAsync(Ct);
        return new Org(ann.Id, bob.Id, mia.Id, alpha.Id, beta.Id, east.Id, west.Id,
            bookings.ToDictionary(b => b.Key, b => b.Value.Id), opportunities.ToDictionary(o => o.Key, o => o.Value.Id));
    }

    private static Booking Booking(Person owner, BookingKind kind, decimal amount, string currency, DateOnly date) =>
        new() { ExternalId = string.Empty, Kind = kind, OwnerId = owner.Id, Quantity = 1m, Amount = amount, Currency = currency, BookingDate = date };

    private static Opportunity Opportunity(Person owner, Account account, OpportunityStatus status, decimal amount, DateOnly created, DateOnly close) =>
        new()
        {
            ExternalId = string.Empty,
            Name = "Deal",
            OwnerId = owner.Id,
            AccountId = account.Id,
            Amount = amount,
            Currency = "EUR",
            Stage = "Propose",
            CreatedDate = created,
            CloseDate = close,
            Status = status,
        };

    private static KpiService Service(AttainDbContext db, TestStore store) => new(db, new OrganisationTime(db, store.Clock));

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ComputeAsync_BookingsByTeam_NetsConvertsAndGroupsByTeamOnTheBookingDate(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);

        var answer = await Service(db, store).ComputeAsync(Scope.All, new KpiQuery("bookings", "FY2027-Q1", "team"), Ct);

        var result = Assert.IsType<KpiResponse>(answer.Result);
        // 1000 + 200 USD × 0.9 − 100 + 500 + 300 = 1880; B6 is in the next quarter.
        Assert.Equal(1880m, result.Total.Current.Value);
        Assert.Equal("EUR", result.Currency);
        Assert.Equal("Money", result.Unit);
        Assert.Equal(new DateOnly(2026, 2, 1), result.Total.Current.From);
        Assert.Equal(new DateOnly(2026, 4, 30), result.Total.Current.To);
        Assert.Equal(50m, result.Total.Previous.Value);
        Assert.Equal("FY2026-Q4", result.Total.Previous.Period);
        Assert.Equal(400m, result.Total.YearAgo.Value);
        Assert.Equal(5, result.Total.Current.RecordCount);
        Assert.Equal(
            new[] { "B1", "B2", "B3", "B4", "B5" }.Select(k => org.Bookings[k]).Order(),
            result.Total.Current.Records.Select(r => r.Id));
        Assert.All(result.Total.Current.Records, r => Assert.Equal("Booking", r.Type));
        // Bob's B4 (2026-04-15) counts for Alpha, his B5 (2026-02-15) for Beta.
        var alpha = Assert.Single(result.Groups, g => g.Key == org.Alpha.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var beta = Assert.Single(result.Groups, g => g.Key == org.Beta.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1580m, alpha.Value.Current.Value);
        Assert.Equal("Alpha", alpha.Name);
        Assert.Equal(300m, beta.Value.Current.Value);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ComputeAsync_RepScope_CountsOnlyTheRepsOwnRecords(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);
        var ann = await new ScopeResolver(db, new OrganisationTime(db, store.Clock)).ResolveAsync(new Viewer("u", "u", org.Ann, new HashSet<string> { Roles.Rep }), Ct);

        var bookings = (await Service(db, store).ComputeAsync(ann, new KpiQuery("bookings", "FY2027-Q1", "rep"), Ct)).Result!;
        var winRate = (await Service(db, store).ComputeAsync(ann, new KpiQuery("win-rate-by-count", "FY2027-Q1"), Ct)).Result!;

        Assert.Equal(1080m, bookings.Total.Current.Value);
        Assert.Equal(new[] { "B1", "B2", "B3" }.Select(k => org.Bookings[k]).Order(), bookings.Total.Current.Records.Select(r => r.Id));
        var group = Assert.Single(bookings.Groups);
        Assert.Equal("Ann Small", group.Name);
        Assert.Equal(0.5m, winRate.Total.Current.Value);
        Assert.Equal(new[] { org.Opportunities["O1"], org.Opportunities["O2"] }.Order(), winRate.Total.Current.Records.Select(r => r.Id));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ComputeAsync_WinRateByRep_WonOverClosedByCloseDate(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);

        var result = (await Service(db, store).ComputeAsync(Scope.All, new KpiQuery("win-rate-by-count", "FY2027-Q1", "rep"), Ct)).Result!;

        // Closed in 2026-02-01..2026-04-30: O1 won, O2 lost (Ann), O3 won (Bob); O4 closes in June.
        Assert.Equal(2m / 3m, result.Total.Current.Value);
        Assert.Equal([new KpiTermResponse("won", 2m), new KpiTermResponse("closed", 3m)], result.Total.Current.Terms);
        Assert.Null(result.Total.Previous.Value);
        Assert.NotNull(result.Total.Previous.NoValueReason);
        Assert.Equal(0.5m, result.Groups.Single(g => g.Name == "Ann Small").Value.Current.Value);
        Assert.Equal(1m, result.Groups.Single(g => g.Name == "Bob Small").Value.Current.Value);
        Assert.Equal("Ratio", result.Unit);
        Assert.Null(result.Currency);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ComputeAllAsync_ByRegion_ComputesEveryUnparameterisedKpi(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);

        var (results, issues) = await Service(db, store).ComputeAllAsync(Scope.All, "FY2027-Q1", "region", Ct);

        Assert.Empty(issues);
        Assert.Equal(15, results.Count);
        var bookings = results.Single(r => r.Kpi == "bookings");
        Assert.Equal(1580m, bookings.Groups.Single(g => g.Name == "East").Value.Current.Value);
        Assert.Equal(300m, bookings.Groups.Single(g => g.Name == "West").Value.Current.Value);
        // Acme's first win is O3 (Bob, 2026-02-20), before O1 (Ann, 2026-03-01): one new logo, credited to Bob.
        var logos = results.Single(r => r.Kpi == "new-logos");
        Assert.Equal(1m, logos.Total.Current.Value);
        Assert.Equal("Account", Assert.Single(logos.Total.Current.Records).Type);
        Assert.Equal("West", Assert.Single(logos.Groups).Name);
        // Created in the quarter: O2 (2026-02-01) and O5 (2026-03-01).
        Assert.Equal(2m, results.Single(r => r.Kpi == "opportunities-created").Total.Current.Value);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    public async Task ComputeAsync_UnknownKpiPeriodAndGrouping_ReturnsAnIssuePerField(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        await SeedAsync(db);
        var service = Service(db, store);

        var unknown = await service.ComputeAsync(Scope.All, new KpiQuery("revenue", "2027-Q1", "planet"), Ct);
        var productOfWinRate = await service.ComputeAsync(Scope.All, new KpiQuery("win-rate-by-count", null, "product"), Ct);
        var stageMissing = await service.ComputeAsync(Scope.All, new KpiQuery("time-in-stage"), Ct);

        Assert.Null(unknown.Result);
        Assert.Equal(["name", "period", "groupBy"], unknown.Issues.Select(i => i.Path));
        Assert.Equal("group_by.not_applicable", Assert.Single(productOfWinRate.Issues).Code);
        Assert.Equal("parameter.required", Assert.Single(stageMissing.Issues).Code);
    }

    [Fact]
    public async Task ComputeAsync_MoreRecordsThanTheLimit_CountsAllAndListsTheFirst500()
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);
        db.Bookings.AddRange(Enumerable.Range(1, KpiService.MaxRecords).Select(i => new Booking
        {
            ExternalId = $"BULK-{i}",
            Kind = BookingKind.Order,
            OwnerId = org.Ann,
            Quantity = 1m,
            Amount = 1m,
            Currency = "EUR",
            BookingDate = new DateOnly(2026, 3, 1),
        }));
        await db.SaveChangesAsync(Ct);

        var result = (await Service(db, store).ComputeAsync(Scope.All, new KpiQuery("bookings", "FY2027-Q1"), Ct)).Result!;

        Assert.Equal(1880m + KpiService.MaxRecords, result.Total.Current.Value);
        Assert.Equal(KpiService.MaxRecords + 5, result.Total.Current.RecordCount);
        Assert.Equal(KpiService.MaxRecords, result.Total.Current.Records.Count);
        Assert.Equal(result.Total.Current.Records.Select(r => r.Id).Order(), result.Total.Current.Records.Select(r => r.Id));
    }

    [Fact]
    public async Task ComputeAsync_NoPeriod_DefaultsToTheCurrentFiscalQuarter()
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var db = store.NewContext();
        await SeedAsync(db);

        var result = (await Service(db, store).ComputeAsync(Scope.All, new KpiQuery("Bookings"), Ct)).Result!;

        // Today is 2026-11-27; with February starting the fiscal year, its quarter is FY2027-Q4 (2026-11-01..2027-01-31).
        Assert.Equal("FY2027-Q4", result.Period);
        Assert.Equal(0m, result.Total.Current.Value);
        Assert.Equal("none", result.GroupBy);
        Assert.Empty(result.Groups);
    }
}
