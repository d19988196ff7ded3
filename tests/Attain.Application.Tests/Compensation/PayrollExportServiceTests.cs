using System.Globalization;
using System.Text;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Exports;
using Attain.Testing.Stores;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Tests.Compensation.PeriodCloseServiceTests;

namespace Attain.Application.Tests.Compensation;

public class PayrollExportServiceTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task BuildAsync_ApprovedRunWithAdjustments_EachPersonsRowsSumToPayablePlusAdjustments(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        var run = await RunAsync(store, September, ct);
        await using var db = store.NewContext();
        var unapproved = await new PayrollExportService(db).BuildAsync(September, null, ct);
        await ApproveAsync(db, run.Id, ct);
        var people = await db.RunPayouts.Where(p => p.RunId == run.Id).OrderBy(p => p.PersonId).Select(p => p.PersonId).Distinct().Take(2).ToListAsync(ct);
        db.Adjustments.AddRange(
            Adjustment(people[0], 100.25m, AdjustmentStatus.Approved),
            Adjustment(people[1], -40m, AdjustmentStatus.Approved),
            Adjustment(people[1], 999m, AdjustmentStatus.Pending));
        await db.SaveChangesAsync(ct);

        var outcome = await new PayrollExportService(db).BuildAsync(September, null, ct);
        using var csv = new MemoryStream();
        await PayrollExportService.WriteCsvAsync(outcome.File!, csv, ct);

        Assert.Equal(PayrollExportService.RunNotApproved, unapproved.Problem!.Code);
        var file = outcome.File!;
        var expected = (await db.RunPayouts.Where(p => p.RunId == run.Id).Select(p => new { p.PersonId, p.Currency, p.Payable }).ToListAsync(ct))
            .Concat((await db.Adjustments.Where(a => a.PeriodKey == September && a.Status == AdjustmentStatus.Approved).ToListAsync(ct))
                .Select(a => new { a.PersonId, a.Currency, Payable = a.Amount }))
            .GroupBy(x => (x.PersonId, x.Currency))
            .ToDictionary(g => (Person: db.People.Single(p => p.Id == g.Key.PersonId).ExternalId, g.Key.Currency), g => g.Sum(x => x.Payable));
        var actual = file.Rows.GroupBy(r => (r.PersonId, r.Currency)).ToDictionary(g => (Person: g.Key.PersonId, g.Key.Currency), g => g.Sum(r => r.Amount));
        Assert.True(expected.Count > 60);
        Assert.All(expected.Keys.Union(actual.Keys), key => Assert.Equal(expected.GetValueOrDefault(key), actual.GetValueOrDefault(key)));
        Assert.Equal(new DateOnly(2026, 11, 15), file.PayDate);
        Assert.Contains(file.Rows, r => r.Component == "adjustment" && r.Amount == 100.25m);
        Assert.Contains(file.Rows, r => r.Component == "commission");
        Assert.DoesNotContain(file.Rows, r => r.Amount == 0m);
        var text = Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("employee_id,person_id,name,period,pay_date,component,amount,currency,cost_centre", text[0]);
        Assert.Equal(file.Rows.Count, text.Length - 1);
        Assert.Equal(file.Rows.Sum(r => r.Amount), text.Skip(1).Sum(l => decimal.Parse(l.Split(',')[6], CultureInfo.InvariantCulture)));
        var example = DocExample();
        Assert.Equal(text[0], example[0]);
        Assert.All(example.Skip(1), line => Assert.Contains(line, text));
        Assert.True(example.Length > 2);
    }

    /// <summary>The CSV block after the marker <c>payroll-example</c> in docs/compensation.md.</summary>
    private static string[] DocExample()
    {
        var doc = File.ReadAllText(Path.Combine(Imports.ImportTestKit.RepositoryRoot(), "docs", "compensation.md"));
        var start = doc.IndexOf("```csv", doc.IndexOf("<!-- payroll-example -->", StringComparison.Ordinal), StringComparison.Ordinal) + "```csv".Length;
        return doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task AccrualBuildAsync_TwoMonths_RowsReconcileToThePayrollAndTheChangeToThePreviousMonth(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        var august = await RunAsync(store, August, ct);
        var september = await RunAsync(store, September, ct);
        await using var db = store.NewContext();
        await ApproveAsync(db, september.Id, ct);

        var report = (await new AccrualReportService(db).BuildAsync(September, ct)).Report!;
        var previous = (await new AccrualReportService(db).BuildAsync(August, ct)).Report!;
        var payroll = (await new PayrollExportService(db).BuildAsync(September, null, ct)).File!;
        using var xlsx = new MemoryStream();
        await AccrualReportService.WriteAsync(report, ExportFormat.Xlsx, xlsx, ct);
        xlsx.Position = 0;
        using var workbook = new XLWorkbook(xlsx);
        var sheet = workbook.Worksheet("accruals");

        Assert.Equal(august.Id, report.PreviousRunId);
        Assert.All(report.Rows, r => Assert.Equal(r.Payable, r.Earned + r.Held + r.ClawedBack + r.OtherPayments));
        Assert.All(report.Rows, r => Assert.Equal(r.Payable - r.PreviousPayable, r.Change));
        Assert.Equal(payroll.Rows.Sum(r => r.Amount), report.Rows.Sum(r => r.Payable));
        Assert.Equal(previous.Rows.Sum(r => r.Payable), report.Rows.Sum(r => r.PreviousPayable));
        Assert.Contains(report.Rows, r => r.CostCentre.StartsWith("CC-", StringComparison.Ordinal) && r.Component == "commission" && r.Earned > 0m);
        Assert.Equal(AccrualReportService.Columns, sheet.Row(1).CellsUsed().Select(c => c.GetString()));
        Assert.Equal(report.Rows.Count, sheet.RowsUsed().Count() - 1);
        Assert.Equal(report.Rows.Sum(r => r.Payable), sheet.Column(9).CellsUsed().Skip(1).Sum(c => c.GetValue<decimal>()));
    }

    private static async Task ApproveAsync(AttainDbContext db, long runId, CancellationToken ct)
    {
        var run = await db.CalculationRuns.SingleAsync(r => r.Id == runId, ct);
        run.ApprovalStatus = ApprovalStatus.Approved;
        await db.SaveChangesAsync(ct);
    }

    private static Adjustment Adjustment(long person, decimal amount, AdjustmentStatus status) => new()
    {
        PersonId = person,
        PeriodKey = September,
        Kind = AdjustmentKind.Manual,
        Amount = amount,
        Currency = "USD",
        Reason = "test",
        Status = status,
        RequestedBy = "comp-admin",
    };

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task CostCentresAtAsync_CostCentreChangedTwice_ValueAtEachPeriodsEndFromTheChangeLog(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext("hr");
        var ann = (await Browse.OrgFixture.SeedAsync(db, ct)).People[Browse.OrgFixture.Ann];
        var person = await db.People.SingleAsync(p => p.Id == ann, ct);
        person.CostCentre = "CC-NORTH";
        await db.SaveChangesAsync(ct);
        store.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
        person.CostCentre = "CC-WEST";
        await db.SaveChangesAsync(ct);
        var service = new AccrualReportService(db);

        var october = await service.CostCentresAtAsync(new DateOnly(2026, 10, 31), ct);
        var november = await service.CostCentresAtAsync(new DateOnly(2026, 11, 30), ct);
        var december = await service.CostCentresAtAsync(new DateOnly(2026, 12, 31), ct);

        Assert.Equal((null, "CC-NORTH", "CC-WEST"), (october[ann], november[ann], december[ann]));
    }
}
