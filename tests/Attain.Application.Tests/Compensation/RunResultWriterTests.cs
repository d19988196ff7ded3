using System.Globalization;
using System.Reflection;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

public class RunResultWriterTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task WriteAsync_DemoMonthAndEdgeRows_StoresExactlyWhatSaveChangesStores(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        CalculationRunService.RunRows rows;
        long tracked, bulk;
        await using (var db = store.NewContext())
        {
            var loaded = await CompensationInputs.LoadAsync(db, CalculationRunServiceTests.Period, [], cancellationToken: ct);
            rows = CalculationRunService.Calculate(loaded!);
            rows.Lines.Add(EdgeLine(rows.Lines[0].PersonId));
            tracked = await NewRunAsync(db, 1, ct);
            bulk = await NewRunAsync(db, 2, ct);

            // The path before the bulk writer: tracked entities saved by SaveChanges.
            var copies = Copy(rows);
            copies.Lines.ForEach(l => l.RunId = tracked);
            copies.Measures.ForEach(m => m.RunId = tracked);
            copies.Payouts.ForEach(p => p.RunId = tracked);
            db.RunLines.AddRange(copies.Lines);
            db.RunMeasures.AddRange(copies.Measures);
            db.RunPayouts.AddRange(copies.Payouts);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();

            var written = Copy(rows);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await RunResultWriter.WriteAsync(db, bulk, written.Lines, written.Measures, written.Payouts, ct);
            await transaction.CommitAsync(ct);
        }

        await using var read = store.NewContext();
        var byTracked = await ReadAsync(read, tracked, ct);
        var byBulk = await ReadAsync(read, bulk, ct);
        if (provider == StoreProvider.Sqlite)
        {
            // Below what EF reads back: each value's storage class and its stored text or number (the bulk writer binds
            // through SQLitePCLRaw, SaveChanges through Microsoft.Data.Sqlite's parameters).
            Assert.Equal(await StoredAsync<RunLine>(read, tracked, "\"PersonId\", \"Number\"", ct), await StoredAsync<RunLine>(read, bulk, "\"PersonId\", \"Number\"", ct));
            Assert.Equal(await StoredAsync<RunMeasure>(read, tracked, "\"Id\"", ct), await StoredAsync<RunMeasure>(read, bulk, "\"Id\"", ct));
            Assert.Equal(await StoredAsync<RunPayout>(read, tracked, "\"Id\"", ct), await StoredAsync<RunPayout>(read, bulk, "\"Id\"", ct));
        }

        Assert.Equal(rows.Lines.Count, byBulk.Lines.Count);
        Assert.Equal(rows.Measures.Count, byBulk.Measures.Count);
        Assert.Equal(rows.Payouts.Count, byBulk.Payouts.Count);
        Assert.True(rows.Lines.Count > 100, "the demo month should give well over 100 lines");
        Assert.Equal(Texts(byTracked.Lines), Texts(byBulk.Lines));
        Assert.Equal(Texts(byTracked.Measures), Texts(byBulk.Measures));
        Assert.Equal(Texts(byTracked.Payouts), Texts(byBulk.Payouts));
        Assert.Equal(CalculationRunService.Checksum(byTracked), CalculationRunService.Checksum(byBulk));
        var edge = byBulk.Lines.Single(l => l.Kind == "Edge");
        Assert.Equal(0.000000000123m, edge.Rate);
        Assert.Equal("1.50", edge.Quota!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Null(edge.ComponentId);
        Assert.Null(edge.TierIndex);
        Assert.Equal(-922_337_203_685.4775m, edge.Amount);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task WriteAsync_FailsMidway_TransactionRolledBackLeavesNoRows(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var run = await NewRunAsync(db, 1, ct);
        var lines = Enumerable.Range(1, 50).Select(i => EdgeLine(1, i)).ToList();
        lines.Add(EdgeLine(1, 7)); // (run, person, number) is unique: the 51st row breaks the key

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => RunResultWriter.WriteAsync(db, run, lines, [], [], ct));
        }

        Assert.Equal(0, await db.RunLines.CountAsync(ct));

        // The failed write left nothing behind on the connection: the same context writes the lines once they are valid.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await RunResultWriter.WriteAsync(db, run, lines[..50], [], [], ct);
            await transaction.CommitAsync(ct);
        }

        Assert.Equal(50, await db.RunLines.CountAsync(ct));
    }

    private static async Task<long> NewRunAsync(AttainDbContext db, int number, CancellationToken ct)
    {
        var run = new CalculationRun { PeriodKey = CalculationRunServiceTests.Period, Number = number, StartedBy = "test", Status = RunStatus.Staged };
        db.CalculationRuns.Add(run);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return run.Id;
    }

    private static RunLine EdgeLine(long person, int number = 10_000) => new()
    {
        PersonId = person,
        Number = number,
        Source = RunLineSource.Payment,
        Kind = "Edge",
        PlanKey = "plan-é",
        PeriodKey = "FY2027-M09",
        Date = new DateOnly(2026, 10, 31),
        Rule = "naïve rule: 1,5 % × “quoted” | pipes",
        Rate = 0.000000000123m,
        Quota = 1.50m,
        Amount = -922_337_203_685.4775m,
        Currency = "EUR",
    };

    private static async Task<CalculationRunService.RunRows> ReadAsync(AttainDbContext db, long run, CancellationToken ct) => new(
        await db.RunLines.AsNoTracking().Where(l => l.RunId == run).OrderBy(l => l.PersonId).ThenBy(l => l.Number).ToListAsync(ct),
        await db.RunMeasures.AsNoTracking().Where(m => m.RunId == run).OrderBy(m => m.Id).ToListAsync(ct),
        await db.RunPayouts.AsNoTracking().Where(p => p.RunId == run).OrderBy(p => p.Id).ToListAsync(ct));

    private static CalculationRunService.RunRows Copy(CalculationRunService.RunRows rows) =>
        new([.. rows.Lines.Select(Clone)], [.. rows.Measures.Select(Clone)], [.. rows.Payouts.Select(Clone)]);

    private static T Clone<T>(T row)
        where T : class
    {
        var copy = (T)typeof(T).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(row, null)!;
        return copy;
    }

    /// <summary>Every bulk-written column but the run id as SQLite stores it (<c>typeof</c> and <c>quote</c>), a run's rows in order.</summary>
    private static async Task<List<string>> StoredAsync<T>(AttainDbContext db, long run, string orderBy, CancellationToken ct)
        where T : class
    {
        var table = BulkTable.For<T>(db);
        var columns = table.Columns.Where(c => c != "\"RunId\"").Select(c => $"typeof({c}) || ':' || quote({c})");
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT {string.Join(" || '|' || ", columns)} FROM {table.Name} WHERE \"RunId\" = {run} ORDER BY {orderBy}";
        var stored = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stored.Add(reader.GetString(0));
        }

        Assert.NotEmpty(stored);
        return stored;
    }

    /// <summary>Every column but the row's own id and run id, as invariant text (a decimal keeps its scale).</summary>
    private static List<string> Texts<T>(List<T> rows) =>
        [.. rows.Select(r => string.Join("|", typeof(T).GetProperties()
            .Where(p => p.Name is not ("Id" or "RunId"))
            .Select(p => $"{p.Name}={Convert.ToString(p.GetValue(r), CultureInfo.InvariantCulture)}")))];
}
