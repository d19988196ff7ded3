using System.Security.Cryptography;
using System.Text.Json;
using Attain.Application.Bookings;
using Attain.Application.Demo;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Engine.Periods;

namespace Attain.Application.Tests.Demo;

public class DemoCompanyGeneratorTests
{
    internal static readonly DateOnly AsOf = new(2026, 11, 27);

    private static readonly Lazy<DemoCompany> Shared = new(() => DemoCompanyGenerator.Generate(new DemoOptions(AsOf)));

    private static DemoCompany Company => Shared.Value;

    internal static string Fingerprint(DemoCompany company)
    {
        object[] tables =
        [
            company.Settings, company.Currencies, company.FxRates, company.People, company.Regions, company.Teams,
            company.ReportingLines, company.TeamMemberships, company.Accounts, company.ProductFamilies, company.Products,
            company.Stages, company.Opportunities, company.StageChanges, company.Activities, company.Bookings, company.Quotas,
        ];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(table, table.GetType()));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [Fact]
    public void Generate_SameSeedAndDate_IdenticalRows()
    {
        var options = new DemoOptions(AsOf, Seed: 7);

        var first = Fingerprint(DemoCompanyGenerator.Generate(options));
        var second = Fingerprint(DemoCompanyGenerator.Generate(options));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_Quotas_EveryRepMonthlyToYearEndAndQuartersSumTheirMonths()
    {
        var calendar = new FiscalCalendar(DemoCompanyGenerator.FiscalYearStartMonth);
        var repIds = Company.People.Where(p => p.Title!.Contains("Account Executive", StringComparison.Ordinal)).Select(p => p.Id).ToHashSet();
        var lastMonth = calendar.MonthsOf(calendar.YearOf(AsOf))[^1];

        var byPerson = Company.Quotas.ToLookup(q => q.PersonId);

        Assert.Equal(repIds, byPerson.Select(g => g.Key).ToHashSet());
        Assert.Equal(Company.Quotas.Count, Company.Quotas.Select(q => (q.PersonId, q.Period)).Distinct().Count());
        Assert.All(repIds, rep =>
        {
            var months = byPerson[rep].Where(q => q.Period.Contains("-M", StringComparison.Ordinal)).ToList();
            Assert.Equal(lastMonth.Key, months.MaxBy(q => q.PeriodStart)!.Period);
            Assert.All(months, q => Assert.True(q.Amount > 0 && q.Amount % 1000m == 0, $"{q.Period}: {q.Amount}"));
            foreach (var quarter in byPerson[rep].Where(q => q.Period.Contains("-Q", StringComparison.Ordinal)))
            {
                Assert.Equal(quarter.Amount, months.Where(m => m.PeriodStart >= quarter.PeriodStart && m.PeriodEnd <= quarter.PeriodEnd).Sum(m => m.Amount));
            }
        });
    }

    [Fact]
    public void Generate_DifferentSeed_DifferentRows()
    {
        var seven = DemoCompanyGenerator.Generate(new DemoOptions(AsOf, Seed: 7));

        var eight = DemoCompanyGenerator.Generate(new DemoOptions(AsOf, Seed: 8));

        Assert.NotEqual(Fingerprint(seven), Fingerprint(eight));
    }

    [Fact]
    public void Generate_Default_SixtyRepsInFourRegionsEightTeamsUnderThreeManagerLevels()
    {
        var company = Company;

        var managerOf = company.ReportingLines
            .Where(l => l.EffectiveFrom <= AsOf && (l.EffectiveTo is null || l.EffectiveTo >= AsOf))
            .ToDictionary(l => l.PersonId, l => l.ManagerId);
        var vp = company.People.Single(p => p.ExternalId == DemoCompany.Ids.VicePresident);
        var directors = managerOf.Where(m => m.Value == vp.Id).Select(m => m.Key).ToHashSet();
        var managers = managerOf.Where(m => m.Value is { } id && directors.Contains(id)).Select(m => m.Key).ToHashSet();
        var reps = managerOf.Where(m => m.Value is { } id && managers.Contains(id)).Select(m => m.Key).ToHashSet();

        Assert.Equal(4, company.Regions.Count);
        Assert.Equal(8, company.Teams.Count);
        Assert.All(company.Regions, r => Assert.Equal(2, company.Teams.Count(t => t.RegionId == r.Id)));
        Assert.Null(managerOf[vp.Id]);
        Assert.Equal(4, directors.Count);
        Assert.Equal(8, managers.Count);
        Assert.Equal(managers, company.Teams.Select(t => t.LeaderId!.Value).ToHashSet());
        Assert.InRange(reps.Count, 55, 65);
        Assert.Equal(reps, company.TeamMemberships.Select(m => m.PersonId).ToHashSet());
        Assert.Contains(company.People, p => p.PayCurrency == "EUR");
        Assert.Contains(company.People, p => p.PayCurrency == "GBP");
    }

    [Fact]
    public void Generate_Default_ThreeThousandAccountsWithGeographyAndCorrelatedFirmographics()
    {
        var company = Company;

        var accounts = company.Accounts;
        var medianRevenue = accounts.GroupBy(a => Segments.Of(a.Employees!.Value))
            .ToDictionary(g => g.Key, g => g.Select(a => a.AnnualRevenue!.Value).Order().ElementAt(g.Count() / 2));

        Assert.Equal(3_000, accounts.Count);
        Assert.Equal(accounts.Count, accounts.Select(a => a.Name).Distinct().Count());
        Assert.All(accounts, a =>
        {
            Assert.False(string.IsNullOrEmpty(a.City));
            Assert.False(string.IsNullOrEmpty(a.PostalCode));
            Assert.Equal(2, a.Country!.Length);
            Assert.NotNull(a.OwnerId);
        });
        Assert.All(accounts.Where(a => a.Country == "US"), a => Assert.Matches("^[0-9]{5}$", a.PostalCode));
        Assert.All(accounts.Where(a => a.Country == "AU"), a => Assert.InRange(a.Latitude!.Value, -45, -10));
        Assert.All(accounts.Where(a => a.City == "London"), a => Assert.InRange(a.Longitude!.Value, -0.3, 0.0));
        Assert.Contains(accounts, a => a.RevenueCurrency == "EUR");
        Assert.Contains(accounts, a => a.RevenueCurrency == "GBP");
        Assert.True(medianRevenue[Segment.Smb] < medianRevenue[Segment.MidMarket]);
        Assert.True(medianRevenue[Segment.MidMarket] < medianRevenue[Segment.Enterprise]);
    }

    [Fact]
    public void Generate_Default_OpportunitiesCloseInEachOfTwentyFourMonthsEndingAsOf()
    {
        var company = Company;

        var closedMonths = company.Opportunities
            .Where(o => o.Status != OpportunityStatus.Open)
            .Select(o => (o.CloseDate.Year * 12) + o.CloseDate.Month)
            .Distinct()
            .Count();
        var pricedMonths = company.FxRates.Where(r => r.FromCurrency == "EUR").Select(r => (r.Date.Year * 12) + r.Date.Month).ToHashSet();

        Assert.Equal(24 + 1, closedMonths); // 28 Nov 2024 to 27 Nov 2026 touches 25 calendar months.
        Assert.All(company.Opportunities, o => Assert.InRange(o.CreatedDate, company.Start.AddMonths(-DemoCompanyGenerator.LeadInMonths), AsOf));
        Assert.All(company.Opportunities, o => Assert.True(o.CloseDate >= company.Start));
        Assert.All(company.Opportunities.Where(o => o.Status != OpportunityStatus.Open), o => Assert.True(o.CloseDate <= AsOf));
        Assert.All(company.Opportunities.Where(o => o.Status == OpportunityStatus.Open), o => Assert.True(o.CloseDate > AsOf));
        Assert.All(company.Bookings, b => Assert.InRange(b.BookingDate, company.Start, AsOf));
        Assert.All(company.Activities, a => Assert.True(DateOnly.FromDateTime(a.OccurredAt.AddHours(12)) <= AsOf.AddDays(1)));
        Assert.Contains(company.Opportunities, o => o.CloseDatePushCount > 0);
        Assert.All(company.Opportunities, o => Assert.Contains((o.CreatedDate.Year * 12) + o.CreatedDate.Month, pricedMonths));
    }

    [Fact]
    public void Generate_Default_WinRateDiffersBySegment()
    {
        var company = Company;

        var segmentOf = company.Accounts.ToDictionary(a => a.Id, a => Segments.Of(a.Employees!.Value));
        var winRate = company.Opportunities
            .Where(o => o.Status != OpportunityStatus.Open)
            .GroupBy(o => segmentOf[o.AccountId])
            .ToDictionary(g => g.Key, g => (double)g.Count(o => o.Status == OpportunityStatus.Won) / g.Count());

        Assert.True(winRate[Segment.Smb] > winRate[Segment.MidMarket] + 0.03, $"SMB {winRate[Segment.Smb]:P1}, mid-market {winRate[Segment.MidMarket]:P1}");
        Assert.True(winRate[Segment.MidMarket] > winRate[Segment.Enterprise] + 0.03, $"mid-market {winRate[Segment.MidMarket]:P1}, enterprise {winRate[Segment.Enterprise]:P1}");
    }

    [Fact]
    public void Generate_Default_WinRateDiffersByRep()
    {
        var company = Company;

        var rates = company.Opportunities
            .Where(o => o.Status != OpportunityStatus.Open)
            .GroupBy(o => o.OwnerId)
            .Where(g => g.Count() >= 20)
            .Select(g => (double)g.Count(o => o.Status == OpportunityStatus.Won) / g.Count())
            .ToList();

        Assert.True(rates.Max() - rates.Min() > 0.15, $"win rates from {rates.Min():P1} to {rates.Max():P1}");
    }

    [Fact]
    public void Generate_Default_QuarterEndsSpikeAndFiscalQ4IsTheLastFullYearsStrongestQuarter()
    {
        var company = Company;

        var calendar = new FiscalCalendar(company.Settings.FiscalYearStartMonth);
        var lastFullYear = calendar.Previous(calendar.YearOf(AsOf));
        var won = company.Opportunities.Where(o => o.Status == OpportunityStatus.Won).ToList();
        var quarterEndMonth = won.Count(o => calendar.MonthOf(o.CloseDate).Number % 3 == 0);
        var byQuarter = won.Where(o => lastFullYear.Contains(o.CloseDate))
            .GroupBy(o => calendar.QuarterOf(o.CloseDate).Number)
            .ToDictionary(g => g.Key, g => g.Sum(o => o.Amount!.Value));

        Assert.True(quarterEndMonth > won.Count / 2, $"{quarterEndMonth} of {won.Count} wins close in a quarter's last month");
        Assert.Equal(4, byQuarter.MaxBy(q => q.Value).Key);
    }

    [Fact]
    public void Generate_Default_StageHistoryStartsAtCreationAndEndsAtCurrentStage()
    {
        var company = Company;

        var history = company.StageChanges.ToLookup(c => c.OpportunityId);

        Assert.All(company.Opportunities, o =>
        {
            var changes = history[o.Id].ToList();
            Assert.Equal("Prospecting", changes[0].Stage);
            Assert.Null(changes[0].FromStage);
            Assert.Equal(o.CreatedDate, changes[0].EnteredOn);
            Assert.Equal(o.Stage, changes[^1].Stage);
            Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.EnteredOn < p.Second.EnteredOn && p.Second.FromStage == p.First.Stage));
        });
        Assert.All(company.Opportunities.Where(o => o.Status == OpportunityStatus.Won), o => Assert.Equal(6, history[o.Id].Count()));
    }

    [Fact]
    public void Generate_Default_FifteenToFortyActivitiesPerClosedOpportunity()
    {
        var company = Company;

        var perOpportunity = company.Activities.CountBy(a => a.OpportunityId!.Value).ToDictionary();
        var closed = company.Opportunities.Where(o => o.Status != OpportunityStatus.Open).ToList();

        Assert.All(closed, o => Assert.InRange(perOpportunity[o.Id], 15, 40));
        Assert.InRange(company.Activities.Count, 40_000, 90_000);
        Assert.All(company.Activities, a => Assert.NotNull(a.AccountId));
    }

    [Fact]
    public void Generate_Default_MidYearHireHasNoDataBeforeHireDate()
    {
        var company = Company;

        var hire = company.People.Single(p => p.ExternalId == DemoCompany.Ids.MidYearHire);
        var calendar = new FiscalCalendar(company.Settings.FiscalYearStartMonth);
        var lastFullYear = calendar.Previous(calendar.YearOf(AsOf));

        Assert.Equal(lastFullYear.Start.AddMonths(6), hire.HireDate);
        Assert.All(company.ReportingLines.Where(l => l.PersonId == hire.Id), l => Assert.Equal(hire.HireDate, l.EffectiveFrom));
        Assert.All(company.TeamMemberships.Where(m => m.PersonId == hire.Id), m => Assert.Equal(hire.HireDate, m.EffectiveFrom));
        Assert.Contains(company.Opportunities, o => o.OwnerId == hire.Id);
        Assert.All(company.Opportunities.Where(o => o.OwnerId == hire.Id), o => Assert.True(o.CreatedDate >= hire.HireDate));
        Assert.All(company.Activities.Where(a => a.OwnerId == hire.Id), a => Assert.True(DateOnly.FromDateTime(a.OccurredAt.AddDays(1)) >= hire.HireDate));
        Assert.All(company.Bookings.Where(b => b.OwnerId == hire.Id), b => Assert.True(b.BookingDate >= hire.HireDate));
        Assert.All(company.People.Where(p => p.Id != hire.Id), p => Assert.True(p.HireDate < company.Start));
    }

    [Fact]
    public void Generate_Default_TeamChangerHasTwoMembershipsAndTwoReportingLinesMeetingOnSwitchDate()
    {
        var company = Company;

        var changer = company.People.Single(p => p.ExternalId == DemoCompany.Ids.TeamChanger);
        var memberships = company.TeamMemberships.Where(m => m.PersonId == changer.Id).OrderBy(m => m.EffectiveFrom).ToList();
        var lines = company.ReportingLines.Where(l => l.PersonId == changer.Id).OrderBy(l => l.EffectiveFrom).ToList();
        var leaderOf = company.Teams.ToDictionary(t => t.Id, t => t.LeaderId);

        Assert.Equal(2, memberships.Count);
        Assert.Equal(2, lines.Count);
        Assert.NotEqual(memberships[0].TeamId, memberships[1].TeamId);
        Assert.Equal(memberships[1].EffectiveFrom.AddDays(-1), memberships[0].EffectiveTo);
        Assert.Null(memberships[1].EffectiveTo);
        Assert.Equal(memberships[1].EffectiveFrom, lines[1].EffectiveFrom);
        Assert.Equal(lines[1].EffectiveFrom.AddDays(-1), lines[0].EffectiveTo);
        Assert.Equal(leaderOf[memberships[0].TeamId], lines[0].ManagerId);
        Assert.Equal(leaderOf[memberships[1].TeamId], lines[1].ManagerId);
        Assert.Contains(company.Opportunities, o => o.OwnerId == changer.Id && o.CreatedDate < memberships[1].EffectiveFrom);
        Assert.Contains(company.Opportunities, o => o.OwnerId == changer.Id && o.CreatedDate >= memberships[1].EffectiveFrom);
    }

    [Fact]
    public void Generate_Default_ReversalsReferenceEarlierOrdersWithNegativeAmounts()
    {
        var company = Company;

        var orders = company.Bookings.Where(b => b.Kind == BookingKind.Order).ToDictionary(b => b.Id);
        var reversals = company.Bookings.Where(b => b.Kind != BookingKind.Order).ToList();

        Assert.Contains(reversals, b => b.Kind == BookingKind.Cancellation);
        Assert.Contains(reversals, b => b.Kind == BookingKind.Return);
        Assert.All(orders.Values, o => Assert.True(o.Amount > 0 && o.Amount <= o.ListAmount && o.OriginalBookingId is null));
        Assert.All(reversals, r =>
        {
            var original = orders[r.OriginalBookingId!.Value];
            Assert.True(r.Amount < 0);
            Assert.True(-r.Amount <= original.Amount);
            Assert.True(r.Quantity < 0);
            Assert.True(r.BookingDate > original.BookingDate);
            Assert.Equal(original.OwnerId, r.OwnerId);
            Assert.Equal(original.Currency, r.Currency);
        });
        Assert.All(reversals.Where(r => r.Kind == BookingKind.Cancellation), r => Assert.Equal(-orders[r.OriginalBookingId!.Value].Amount, r.Amount));
    }

    [Fact]
    public void Generate_Default_BookingsComeFromWonOpportunitiesInTheirCurrency()
    {
        var company = Company;

        var opportunities = company.Opportunities.ToDictionary(o => o.Id);
        var orders = company.Bookings.Where(b => b.Kind == BookingKind.Order).ToList();

        Assert.All(orders, b =>
        {
            var opportunity = opportunities[b.OpportunityId!.Value];
            Assert.Equal(OpportunityStatus.Won, opportunity.Status);
            Assert.Equal(opportunity.CloseDate, b.BookingDate);
            Assert.Equal(opportunity.Currency, b.Currency);
            Assert.Equal(decimal.Round(b.Amount, 2, MidpointRounding.AwayFromZero), b.Amount);
        });
        Assert.All(company.Opportunities.Where(o => o.Status == OpportunityStatus.Won),
            o => Assert.Equal(o.Amount, orders.Where(b => b.OpportunityId == o.Id).Sum(b => b.Amount)));
    }

    [Fact]
    public void Users_EveryRole_PersonExistsInGeneratedCompany()
    {
        var people = Company.People.ToDictionary(p => p.ExternalId);

        var users = DemoCompany.Users;

        Assert.Equal(Roles.All.ToHashSet(), users.Select(u => u.Role).ToHashSet());
        Assert.Equal(users.Count, users.Select(u => u.UserName).Distinct().Count());
        Assert.Null(users.Single(u => u.Role == Roles.Admin).PersonExternalId);
        Assert.All(users.Where(u => u.PersonExternalId is not null), u => Assert.True(people.ContainsKey(u.PersonExternalId!), u.UserName));
        Assert.Equal(3, users.Count(u => u.Role == Roles.Manager));
    }
}
