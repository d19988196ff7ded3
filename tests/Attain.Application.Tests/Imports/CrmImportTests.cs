using Attain.Application.Data;
using Attain.Application.Imports;
using Attain.Application.Opportunities;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Tests.Imports;

public class CrmImportTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_SalesforceOpportunitiesWithThreeBrokenRows_ReportsExactlyThoseAndLoadsTheRest(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        var bytes = await File.ReadAllBytesAsync(ImportTestKit.Fixture("salesforce-opportunities.csv"), ct);
        int before;
        await using (var db = store.NewContext())
        {
            before = await db.Opportunities.CountAsync(ct);
        }

        var result = await ImportTestKit.ImportBytesAsync(store, ImportEntity.Opportunities, bytes, "salesforce-opportunities.csv");

        Assert.Equal(ImportFormat.Salesforce, result.Format);
        Assert.Equal(
            [
                ("salesforce-opportunities.csv", 5, "Amount", InvalidNumber),
                ("salesforce-opportunities.csv", 7, "Close Date", MissingRequired),
                ("salesforce-opportunities.csv", 9, "Opportunity Owner", UnknownReference),
            ],
            result.Errors.Select(e => (e.File, e.Row, e.Column, e.Code)));
        Assert.Equal((7, 0, 0), (result.Inserted, result.Updated, result.Unchanged));
        await using var read = store.NewContext();
        Assert.Equal(before + 7, await read.Opportunities.CountAsync(ct));
        var won = await read.Opportunities.SingleAsync(o => o.ExternalId == "0065g00000SF0003", ct);
        var ownerEmail = await read.People.Where(p => p.Id == won.OwnerId).Select(p => p.Email).SingleAsync(ct);
        Assert.Equal(
            ("Initech - Pilot, phase 2", 38500.50m, "USD", OpportunityStatus.Won, ForecastCategory.Closed, new DateOnly(2026, 10, 15), new DateOnly(2026, 7, 1), "Referral", "alan.turing@example.com"),
            (won.Name, won.Amount, won.Currency, won.Status, won.ForecastCategory, won.CloseDate, won.CreatedDate, won.Source, ownerEmail));
        var lost = await read.Opportunities.SingleAsync(o => o.ExternalId == "0065g00000SF0005", ct);
        Assert.Equal(OpportunityStatus.Lost, lost.Status);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_SalesforceFileSecondTime_ChangesNothing(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        var bytes = await File.ReadAllBytesAsync(ImportTestKit.Fixture("salesforce-opportunities.csv"), ct);
        await ImportTestKit.ImportBytesAsync(store, ImportEntity.Opportunities, bytes, "salesforce-opportunities.csv");
        var logBefore = await ImportTestKit.ChangeLogCountAsync(store);

        var second = await ImportTestKit.ImportBytesAsync(store, ImportEntity.Opportunities, bytes, "salesforce-opportunities.csv");

        Assert.Equal((0, 0, 7, 3), (second.Inserted, second.Updated, second.Unchanged, second.Errors.Count));
        Assert.Equal(logBefore, await ImportTestKit.ChangeLogCountAsync(store));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_HubSpotCompaniesAndDeals_MapsColumnsAndLinksDealToCompany(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        const string companies = """
            Record ID,Company name,Industry,Number of Employees,Annual Revenue,Country/Region,State/Region,City,Postal Code,Company owner,Lifecycle Stage
            5501,Soylent Corp,FOOD_PRODUCTION,800,,NL,Noord-Holland,Amsterdam,1012 AB,Ada Lovelace,customer
            5502,Vandelay Industries,IMPORT_AND_EXPORT,40,,US,NY,New York,10003,grace.hopper@example.com,lead
            """;
        const string deals = """
            Record ID,Deal Name,Associated Company,Deal owner,Amount,Currency,Deal Stage,Forecast category,Close Date,Create Date,Pipeline,Closed Lost Reason
            8801,Soylent onboarding,Soylent Corp,Ada Lovelace,64000.5,EUR,Closed Lost,Not forecasted,2026-11-20 00:00,2026-09-03 14:22,Sales Pipeline,Budget cut
            8802,Vandelay latex deal,Vandelay Industries,grace.hopper@example.com,9100,USD,Qualification,,2027-02-01,2026-11-10,Sales Pipeline,
            """;

        var companyResult = await ImportTestKit.ImportAsync(store, ImportEntity.Accounts, companies, "companies.csv");
        var dealResult = await ImportTestKit.ImportAsync(store, ImportEntity.Opportunities, deals, "deals.csv", ImportFormat.HubSpot);

        Assert.Equal((ImportFormat.HubSpot, 2, 0), (companyResult.Format, companyResult.Inserted, companyResult.Errors.Count));
        Assert.Equal((ImportFormat.HubSpot, 2, 0), (dealResult.Format, dealResult.Inserted, dealResult.Errors.Count));
        await using var read = store.NewContext();
        var soylent = await read.Accounts.SingleAsync(a => a.ExternalId == "5501", ct);
        var deal = await read.Opportunities.SingleAsync(o => o.ExternalId == "8801", ct);
        Assert.Equal(("Soylent Corp", "FOOD_PRODUCTION", 800, "NL", "Amsterdam"), (soylent.Name, soylent.Industry, soylent.Employees, soylent.Country, soylent.City));
        Assert.Equal(
            (soylent.Id, soylent.OwnerId!.Value, 64000.5m, OpportunityStatus.Lost, ForecastCategory.Omitted, new DateOnly(2026, 11, 20), new DateOnly(2026, 9, 3), "Budget cut"),
            (deal.AccountId, deal.OwnerId, deal.Amount!.Value, deal.Status, deal.ForecastCategory, deal.CloseDate, deal.CreatedDate, deal.CloseReason));
        var open = await read.Opportunities.SingleAsync(o => o.ExternalId == "8802", ct);
        Assert.Equal((OpportunityStatus.Open, ForecastCategory.Pipeline), (open.Status, open.ForecastCategory));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_CrmActivities_MapsSalesforceAndHubSpotColumns(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        const string salesforce = """
            Activity ID,Subject,Type,Date,Assigned,Company / Account,Opportunity ID,Contact,Call Result
            00T5g000001,Discovery call,Call,11/3/2026,Ada Lovelace,Globex GmbH,,Hans Gruber,Connected
            """;
        const string hubspot = """
            Record ID,Activity type,Activity date,Activity assigned to,Call title,Associated Company IDs,Associated Deal IDs,Call outcome
            3301,CALL,2026-11-04 16:45,alan.turing@example.com,Follow-up,A-2,O-2,Left voicemail
            """;

        var sf = await ImportTestKit.ImportAsync(store, ImportEntity.Activities, salesforce, "sf-activities.csv");
        var hs = await ImportTestKit.ImportAsync(store, ImportEntity.Activities, hubspot, "hs-activities.csv");

        Assert.Equal((ImportFormat.Salesforce, 1, 0), (sf.Format, sf.Inserted, sf.Errors.Count));
        Assert.Equal((ImportFormat.HubSpot, 1, 0), (hs.Format, hs.Inserted, hs.Errors.Count));
        await using var read = store.NewContext();
        var call = await read.Activities.SingleAsync(a => a.ExternalId == "3301", ct);
        Assert.Equal(new DateTime(2026, 11, 4, 16, 45, 0, DateTimeKind.Utc), call.OccurredAt);
        Assert.Equal((Activities.ActivityType.Call, Activities.ActivityOutcome.NoAnswer, "Follow-up"), (call.Type, call.Outcome, call.Subject));
        var discovery = await read.Activities.SingleAsync(a => a.ExternalId == "00T5g000001", ct);
        Assert.Equal((Activities.ActivityOutcome.Completed, new DateTime(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc)), (discovery.Outcome, discovery.OccurredAt));
    }
}
