using System.Globalization;
using Attain.Application.Access;
using Attain.Application.Accounts;
using Attain.Application.Analytics;
using Attain.Application.Bookings;
using Attain.Application.Calendar;
using Attain.Application.Currencies;
using Attain.Application.Data;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Application.Quotas;
using Attain.Testing.Stores;

namespace Attain.Application.Tests.Analytics;

/// <summary>
/// The small organisation of <see cref="KpiServiceTests"/> (fiscal year from February, EUR, USD at 0.9 from
/// 2026-01-01; Ann in Alpha/East; Bob in Beta/West until 2026-03-31, then Alpha), with quotas: Ann 2000 for FY2027-Q1
/// and 700 for each of its months (the quarter's figure wins for a quarter), Bob 100 for each month of FY2027-Q1; and
/// Bob's open 300 EUR in Propose closing 2026-03-15.
/// In FY2027-Q1 Ann nets 1000 + 200 USD × 0.9 − 100 = 1080, Bob 500 (2026-04-15, Alpha) + 300 (2026-02-15, Beta).
/// </summary>
public class DashboardServiceTests
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
        db.Opportunities.Add(Opportunity(bob, account, OpportunityStatus.Open, 300m, new(2026, 2, 1), new(2026, 3, 15)));
        Quota Q(Person p, string period, DateOnly from, DateOnly to, decimal amount) =>
            new() { PersonId = p.Id, Period = period, PeriodStart = from, PeriodEnd = to, Amount = amount, Currency = "EUR" };
        await db.SaveChangesAsync(Ct);
        db.Quotas.AddRange(
            Q(ann, "FY2027-Q1", new(2026, 2, 1), new(2026, 4, 30), 2000m),
            Q(ann, "FY2027-M01", new(2026, 2, 1), new(2026, 2, 28), 700m),
            Q(ann, "FY2027-M02", new(2026, 3, 1), new(2026, 3, 31), 700m),
            Q(ann, "FY2027-M03", new(2026, 4, 1), new(2026, 4, 30), 700m),
            Q(bob, "FY2027-M01", new(2026, 2, 1), new(2026, 2, 28), 100m),
            Q(bob, "FY2027-M02", new(2026, 3, 1), new(2026, 3, 31), 100m),
            Q(bob, "FY2027-M03", new(2026, 4, 1), new(2026, 4, 30), 100m));
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

    private static DashboardService Service(AttainDbContext db, TestStore store) => new(db, new OrganisationTime(db, store.Clock));

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ExecutiveAsync_SmallOrganisation_SumsConvertsAndSplitsRegionsOnTheRecordDate(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);

        var answer = await Service(db, store).ExecutiveAsync(Scope.All, new DashboardQuery("FY2027-Q1"), Ct);

        var dashboard = Assert.IsType<ExecutiveDashboard>(answer.Result);
        Assert.Equal(1880m, dashboard.Bookings.Value);
        Assert.Equal(2300m, dashboard.Quota.Value);
        Assert.Equal(1880m / 2300m, dashboard.Attainment.Value);
        Assert.Equal(300m, dashboard.Pipeline.Value);
        Assert.Equal("bookings?from=2026-02-01&to=2026-04-30", dashboard.Bookings.Href);
        var east = Assert.Single(dashboard.Regions, r => r.RegionId == org.East);
        var west = Assert.Single(dashboard.Regions, r => r.RegionId == org.West);
        Assert.Equal(1580m, east.Bookings.Value);
        Assert.Equal(2100m, east.Quota.Value);
        Assert.Equal(300m, west.Bookings.Value);
        Assert.Equal(200m, west.Quota.Value);
        Assert.Equal(300m, west.Pipeline.Value);
        Assert.Equal($"bookings?region={org.West}&from=2026-02-01&to=2026-04-30", west.Bookings.Href);
        Assert.Equal(8, dashboard.BookingsTrend.Bars.Count);
        Assert.Equal(("FY2027-Q1", 1880m), (dashboard.BookingsTrend.Bars[7].Key, dashboard.BookingsTrend.Bars[7].Value!.Value));
        Assert.Equal(50m, dashboard.BookingsTrend.Bars[6].Value);
        Assert.Equal(400m, dashboard.BookingsTrend.Bars[3].Value);
        var propose = Assert.Single(dashboard.PipelineByStage.Bars, b => b.Key == "Propose");
        Assert.Equal(300m, propose.Value);
        Assert.Equal("opportunities?status=Open&stage=Propose&closeFrom=2026-02-01&closeTo=2026-04-30", propose.Href);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ExecutiveAsync_SameOrganisation_AgreesWithTheKpiLibrary(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        await SeedAsync(db);
        var kpis = new KpiService(db, new OrganisationTime(db, store.Clock));

        var dashboard = (await Service(db, store).ExecutiveAsync(Scope.All, new DashboardQuery("FY2027-Q1"), Ct)).Result!;
        var attainment = (await kpis.ComputeAsync(Scope.All, new KpiQuery("quota-attainment", "FY2027-Q1"), Ct)).Result!;
        var pipeline = (await kpis.ComputeAsync(Scope.All, new KpiQuery("pipeline-value", "FY2027-Q1"), Ct)).Result!;

        Assert.Equal(attainment.Total.Current.Value, dashboard.Attainment.Value);
        Assert.Equal(pipeline.Total.Current.Value, dashboard.Pipeline.Value);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task RepAsync_OwnScope_ShowsOnlyTheRepAndRefusesAnother(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);
        var service = Service(db, store);
        var annOnly = Scope.Only([org.Ann]);

        var own = await service.RepAsync(annOnly, org.Ann, new DashboardQuery("FY2027-Q1"), Ct);
        var other = await service.RepAsync(annOnly, org.Ann, new DashboardQuery("FY2027-Q1", Person: org.Bob), Ct);
        var month = await service.RepAsync(annOnly, org.Ann, new DashboardQuery("FY2027-M01"), Ct);

        var dashboard = Assert.IsType<RepDashboard>(own.Result);
        Assert.Equal(1080m, dashboard.Bookings.Value);
        Assert.Equal(2000m, dashboard.Quota.Value);
        Assert.Equal(0.54m, dashboard.Attainment.Value);
        Assert.Equal(0m, dashboard.Pipeline.Value);
        Assert.Equal($"bookings?owner={org.Ann}&from=2026-02-01&to=2026-04-30", dashboard.Bookings.Href);
        Assert.Null(other.Result);
        Assert.Equal("person", Assert.Single(other.Issues).Path);
        Assert.Equal(700m, month.Result!.Quota.Value);
        Assert.Equal(1000m, month.Result.Bookings.Value);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ManagerAsync_TeamFilter_KeepsRecordsOfMembersOnTheirDate(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);

        var answer = await Service(db, store).ManagerAsync(Scope.Only([org.Mia, org.Ann, org.Bob]), org.Mia, new DashboardQuery("FY2027-Q1", Team: org.Alpha), Ct);

        var dashboard = Assert.IsType<ManagerDashboard>(answer.Result);
        Assert.Equal(1580m, dashboard.Bookings.Value);
        Assert.Equal(2100m, dashboard.Quota.Value);
        var ann = Assert.Single(dashboard.Reps, r => r.PersonId == org.Ann);
        var bob = Assert.Single(dashboard.Reps, r => r.PersonId == org.Bob);
        Assert.Equal(1080m, ann.Bookings.Value);
        Assert.Equal(500m, bob.Bookings.Value);
        Assert.Equal(100m, bob.Quota.Value);
        Assert.Equal(5m, bob.Attainment.Value);
        Assert.Equal($"bookings?owner={org.Ann}&team={org.Alpha}&from=2026-02-01&to=2026-04-30", ann.Bookings.Href);
        Assert.Equal(2, dashboard.AttainmentDistribution.Bars.Sum(b => b.Value));
        Assert.Equal(1m, dashboard.AttainmentDistribution.Bars.Single(b => b.Key == "50-75").Value);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ExecutiveAsync_NoRateOrTeamChangeInThePeriod_OneSegmentPerOwner(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);

        var answer = await Service(db, store).ExecutiveAsync(Scope.All, new DashboardQuery("FY2026-Q1"), Ct);

        var dashboard = Assert.IsType<ExecutiveDashboard>(answer.Result);
        Assert.Equal(400m, dashboard.Bookings.Value);
        Assert.Equal(400m, Assert.Single(dashboard.Regions, r => r.RegionId == org.East).Bookings.Value);
        Assert.Null(dashboard.Attainment.Value);
        Assert.Equal("No quota in the period.", dashboard.Attainment.NoValueReason);
    }
}
