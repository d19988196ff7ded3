using System.Text;
using Attain.Application.Access;
using Attain.Application.Data;
using Attain.Application.Exports;
using Attain.Application.Imports;
using Attain.Application.Tests.Imports;
using Attain.Testing.Stores;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Exports;

public class ExportServiceTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ExportAsync_OpportunitiesAsXlsx_WritesBoldHeaderAndTypedCells(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);

        var bytes = await ImportTestKit.ExportAsync(store, ImportEntity.Opportunities, ExportFormat.Xlsx);

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = Assert.Single(workbook.Worksheets);
        Assert.Equal("opportunities", sheet.Name);
        Assert.Equal(ImportColumns.For(ImportEntity.Opportunities).Select(c => c.Name), sheet.Row(1).CellsUsed().Select(c => c.GetString()));
        Assert.True(sheet.Cell(1, 1).Style.Font.Bold);
        var o1 = sheet.RowsUsed().Single(r => r.Cell(1).GetString() == "O-1");
        Assert.Equal((XLDataType.Number, 120000d), (o1.Cell(5).DataType, o1.Cell(5).GetDouble()));
        Assert.Equal((XLDataType.DateTime, new DateTime(2026, 12, 15)), (o1.Cell(9).DataType, o1.Cell(9).GetDateTime()));
        Assert.Equal((XLDataType.Text, "P-101", "Commit"), (o1.Cell(3).DataType, o1.Cell(3).GetString(), o1.Cell(8).GetString()));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ExportWorkbookAsync_EveryEntity_OneSheetEachWithCsvValues(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        await using var db = store.NewContext();
        using var stream = new MemoryStream();

        await new ExportService(db).ExportWorkbookAsync(ImportEntities.DependencyOrder, null, stream, ct);

        stream.Position = 0;
        using var workbook = new XLWorkbook(stream);
        Assert.Equal(ImportEntities.DependencyOrder.Select(e => e.Name()), workbook.Worksheets.Select(s => s.Name));
        var bookings = workbook.Worksheet("bookings");
        var cancellation = bookings.RowsUsed().Single(r => r.Cell(1).GetString() == "B-2");
        Assert.Equal((-5000d, -2000d, "B-1"), (cancellation.Cell(8).GetDouble(), cancellation.Cell(11).GetDouble(), cancellation.Cell(13).GetString()));
        var people = workbook.Worksheet("people");
        Assert.Equal(new DateTime(2025, 3, 1), people.RowsUsed().Single(r => r.Cell(1).GetString() == "P-101").Cell(7).GetDateTime());
        var umbrella = workbook.Worksheet("accounts").RowsUsed().Single(r => r.Cell(2).GetString() == "Umbrella Corp");
        Assert.Equal((XLDataType.Text, "9001"), (umbrella.Cell(1).DataType, umbrella.Cell(1).GetString()));
        var stages = workbook.Worksheet("stages");
        Assert.Equal((XLDataType.Boolean, true), (stages.Cell(6, 4).DataType, stages.Cell(6, 4).GetBoolean()));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ExportAsync_ScopeOfOneOwner_WritesOnlyTheirRecords(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        long ada;
        await using (var db = store.NewContext())
        {
            ada = await db.People.Where(p => p.ExternalId == "P-101").Select(p => p.Id).SingleAsync(ct);
        }

        var accounts = Encoding.UTF8.GetString(await ImportTestKit.ExportAsync(store, ImportEntity.Accounts, scope: Scope.Only([ada])));
        var history = Encoding.UTF8.GetString(await ImportTestKit.ExportAsync(store, ImportEntity.OpportunityStageHistory, scope: Scope.Only([ada])));
        var regions = Encoding.UTF8.GetString(await ImportTestKit.ExportAsync(store, ImportEntity.Regions, scope: Scope.Only([ada])));

        Assert.Equal(
            "external_id,name,industry,employees,annual_revenue,revenue_currency,country,region,city,postal_code,latitude,longitude,owner_external_id\n"
            + "A-1,Globex GmbH,Manufacturing,1200,250000000,EUR,DE,Bavaria,Munich,80331,48.1374,11.5755,P-101\n",
            accounts.ReplaceLineEndings("\n"));
        Assert.Equal(["O-1", "O-1"], history.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(3, regions.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ExportAsync_TextWithCommasAndQuotes_EscapesSoImportReadsItBack(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.ImportAsync(store, ImportEntity.Regions, "external_id,name\n007,\"Europe, \"\"the old world\"\"\"\n");

        var csv = Encoding.UTF8.GetString(await ImportTestKit.ExportAsync(store, ImportEntity.Regions));
        var again = await ImportTestKit.ImportAsync(store, ImportEntity.Regions, csv);

        Assert.Equal("external_id,name\n007,\"Europe, \"\"the old world\"\"\"\n", csv.ReplaceLineEndings("\n"));
        Assert.Equal((0, 0, 1), (again.Inserted, again.Updated, again.Unchanged));
    }
}
