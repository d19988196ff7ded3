using Attain.Application.Data;
using Attain.Application.Imports;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Tests.Imports;

public class QuotaImportTests
{
    private const string Header = "person_external_id,period,amount,currency\n";

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_QuotasWithBadRows_LoadsValidOnesWithPeriodDatesAndNamesTheBadCells(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);

        var result = await ImportTestKit.ImportAsync(store, ImportEntity.Quotas, Header
            + "P-102,FY2026-Q4,160000,USD\n"
            + "P-102,fy2027-m01,60000,USD\n"
            + "P-102,2026-Q1,1,USD\n"
            + "P-404,FY2026,1,USD\n"
            + "P-102,FY2026,-5,USD\n");

        await using var read = store.NewContext();
        var quotas = await read.Quotas.OrderBy(q => q.PeriodStart).ThenBy(q => q.Period).ToListAsync(ct);
        Assert.Equal((1, 1, 0), (result.Inserted, result.Updated, result.Unchanged));
        Assert.Equal(
            [(4, "period", InvalidValue), (5, "person_external_id", UnknownReference), (6, "amount", InvalidNumber)],
            result.Errors.Select(e => (e.Row, e.Column, e.Code)));
        Assert.Equal(
            [("FY2026-M10", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), 50000m), ("FY2026-Q4", new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31), 160000m),
             ("FY2027-M01", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), 60000m)],
            quotas.Select(q => (q.Period, q.PeriodStart, q.PeriodEnd, q.Amount)));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    public async Task ExportAsync_Quotas_WritesTheImportColumnsAndRoundTrips(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);

        var csv = System.Text.Encoding.UTF8.GetString(await ImportTestKit.ExportAsync(store, ImportEntity.Quotas));
        var again = await ImportTestKit.ImportAsync(store, ImportEntity.Quotas, csv);

        Assert.Equal("person_external_id,period,amount,currency", csv.Split('\n')[0].TrimEnd('\r'));
        Assert.Equal((0, 0, 2), (again.Inserted, again.Updated, again.Unchanged));
    }
}
