using System.Text;
using System.Text.Json;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Imports;
using Attain.Application.Opportunities;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Tests.Imports;

public class ImportServiceTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_ExportOfEveryEntity_RoundTripsWithZeroChanges(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        var outcomes = new List<(ImportEntity, int Inserted, int Updated, int Errors, bool SameExport, int NewLogEntries)>();
        var expected = new List<(ImportEntity, int, int, int, bool, int)>();

        foreach (var entity in ImportEntities.DependencyOrder)
        {
            var exported = await ImportTestKit.ExportAsync(store, entity);
            var logBefore = await ImportTestKit.ChangeLogCountAsync(store);
            var result = await ImportTestKit.ImportBytesAsync(store, entity, exported, entity.FileName());
            var again = await ImportTestKit.ExportAsync(store, entity);
            outcomes.Add((entity, result.Inserted, result.Updated, result.Errors.Count, exported.SequenceEqual(again),
                await ImportTestKit.ChangeLogCountAsync(store) - logBefore));
            expected.Add((entity, 0, 0, 0, true, 0));
            Assert.True(result.Unchanged > 0, $"{entity} exported no rows");
        }

        Assert.Equal(expected, outcomes);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_SameFileTwice_SecondChangesNothing(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        const string csv = """
            external_id,name,industry,owner_email
            A-10,Hooli,Software,ada.lovelace@example.com
            A-11,Pied Piper,Software,alan.turing@example.com
            """;
        var first = await ImportTestKit.ImportAsync(store, ImportEntity.Accounts, csv);
        var logAfterFirst = await ImportTestKit.ChangeLogCountAsync(store);

        var second = await ImportTestKit.ImportAsync(store, ImportEntity.Accounts, csv);

        Assert.Equal((2, 0, 0), (first.Inserted, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 2), (second.Inserted, second.Updated, second.Unchanged));
        Assert.Equal(logAfterFirst, await ImportTestKit.ChangeLogCountAsync(store));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_ChangedRow_UpdatesInPlaceAndLogsOnlyChangedField(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        long idBefore;
        await using (var db = store.NewContext())
        {
            idBefore = await db.Accounts.Where(a => a.ExternalId == "A-1").Select(a => a.Id).SingleAsync(ct);
        }

        var result = await ImportTestKit.ImportAsync(store, ImportEntity.Accounts, "external_id,name\nA-1,Globex AG\nA-2,Initech Inc.\n", actor: "maria");

        await using var read = store.NewContext();
        var account = await read.Accounts.SingleAsync(a => a.ExternalId == "A-1", ct);
        var entry = await read.ChangeLog.OrderBy(e => e.Id).LastAsync(ct);
        Assert.Equal((0, 1, 1), (result.Inserted, result.Updated, result.Unchanged));
        Assert.Equal((idBefore, "Globex AG", "Manufacturing"), (account.Id, account.Name, account.Industry));
        Assert.Equal((ChangeOperation.Update, "Account", "maria", "import accounts.csv"), (entry.Operation, entry.Entity, entry.Actor, entry.Reason));
        Assert.Equal(["Name"], JsonDocument.Parse(entry.After!).RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_OpportunityStageChanged_AppendsStageChangeAndUpdatesStatus(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        const string csv = """
            external_id,name,owner_external_id,account_external_id,currency,stage,close_date,created_date
            O-1,Globex platform renewal,P-101,A-1,EUR,Closed Won,2026-12-20,2026-09-01
            """;

        var result = await ImportTestKit.ImportAsync(store, ImportEntity.Opportunities, csv);

        await using var read = store.NewContext();
        var opportunity = await read.Opportunities.SingleAsync(o => o.ExternalId == "O-1", ct);
        var last = await read.OpportunityStageChanges.Where(c => c.OpportunityId == opportunity.Id).OrderBy(c => c.Id).LastAsync(ct);
        Assert.Equal(1, result.Updated);
        Assert.Equal((OpportunityStatus.Won, ForecastCategory.Closed, 1, 120000m), (opportunity.Status, opportunity.ForecastCategory, opportunity.CloseDatePushCount, opportunity.Amount));
        Assert.Equal(("Negotiation", "Closed Won", new DateOnly(2026, 11, 27)), (last.FromStage, last.Stage, last.EnteredOn));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_BadRows_ReportsFileRowColumnAndLoadsTheRest(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        const string csv = """
            external_id,name,owner_external_id,account_external_id,amount,currency,stage,close_date,created_date
            N-1,Fine one,P-101,A-1,100,EUR,Proposal,2026-12-01,2026-11-01
            N-2,,P-101,A-1,100,EUR,Proposal,2026-12-01,2026-11-01
            N-3,Bad amount,P-101,A-1,1.000.000,EUR,Proposal,2026-12-01,2026-11-01
            N-4,Bad date,P-101,A-1,100,EUR,Proposal,2026-13-01,2026-11-01
            N-5,Unknown account,P-101,A-404,100,EUR,Proposal,2026-12-01,2026-11-01
            N-1,Duplicate,P-101,A-1,100,EUR,Proposal,2026-12-01,2026-11-01
            N-6,Too few cells,P-101
            N-7,Unknown stage,P-101,A-1,100,EUR,Won Big,2026-12-01,2026-11-01
            N-8,Fine two,P-102,A-2,5.5,USD,Qualification,2026-12-01,2026-11-01
            """;

        var result = await ImportTestKit.ImportAsync(store, ImportEntity.Opportunities, csv, "deals.csv");

        Assert.Equal(
            [
                ("deals.csv", 3, "name", MissingRequired),
                ("deals.csv", 4, "amount", InvalidNumber),
                ("deals.csv", 5, "close_date", InvalidDate),
                ("deals.csv", 6, "account_external_id", UnknownReference),
                ("deals.csv", 7, "external_id", DuplicateId),
                ("deals.csv", 8, null, ColumnCount),
                ("deals.csv", 9, "stage", UnknownReference),
            ],
            result.Errors.Select(e => (e.File, e.Row, e.Column, e.Code)));
        Assert.Equal(2, result.Inserted);
        await using var read = store.NewContext();
        Assert.Equal(["N-1", "N-8"], await read.Opportunities.Where(o => o.ExternalId.StartsWith("N-")).OrderBy(o => o.ExternalId).Select(o => o.ExternalId).ToListAsync(ct));
        Assert.Equal("Fine one", await read.Opportunities.Where(o => o.ExternalId == "N-1").Select(o => o.Name).SingleAsync(ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_HeaderLacksRequiredColumn_RejectsFileOnRowOne(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);

        var result = await ImportTestKit.ImportAsync(store, ImportEntity.Regions, "external_id,label\nEMEA,Europe\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("regions.csv", 1, "name", MissingColumn), (error.File, error.Row, error.Column, error.Code));
        Assert.Equal(0, result.Inserted);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_PeopleWithManagerInSameFileAndNewManagerLater_ClosesOldLine(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await ImportTestKit.SeedFromDocsAsync(store);
        const string header = "external_id,first_name,last_name,email,hire_date,pay_currency,manager_external_id,manager_effective_from\n";
        await ImportTestKit.ImportAsync(store, ImportEntity.People,
            header + "P-201,Rep,One,rep1@example.com,2026-01-01,EUR,P-200,\nP-200,Boss,One,boss1@example.com,2025-01-01,EUR,,\n");

        var result = await ImportTestKit.ImportAsync(store, ImportEntity.People,
            header + "P-201,Rep,One,rep1@example.com,2026-01-01,EUR,P-100,2026-07-01\nP-202,Rep,Two,rep2@example.com,2026-01-01,EUR,P-999,\n");

        await using var read = store.NewContext();
        var rep = await read.People.SingleAsync(p => p.ExternalId == "P-201", ct);
        var lines = await read.ReportingLines.Where(l => l.PersonId == rep.Id).OrderBy(l => l.EffectiveFrom)
            .Select(l => new { l.EffectiveFrom, l.EffectiveTo }).ToListAsync(ct);
        Assert.Equal((0, 1), (result.Inserted, result.Updated));
        Assert.Equal(("people.csv", 3, "manager_external_id", UnknownReference), result.Errors.Select(e => (e.File, e.Row, e.Column, e.Code)).Single());
        Assert.Equal(
            [(new DateOnly(2026, 1, 1), (DateOnly?)new DateOnly(2026, 6, 30)), (new DateOnly(2026, 7, 1), null)],
            lines.Select(l => (l.EffectiveFrom, l.EffectiveTo)));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportAsync_StreamFailsMidFile_WritesNothing(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        var csv = new StringBuilder("external_id,name\n");
        for (var i = 0; i < 20_000; i++)
        {
            csv.Append("R-").Append(i).Append(",Region ").Append(i).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        await using var db = store.NewContext();
        using var stream = new FailingStream(bytes, failAfter: bytes.Length / 2);

        await Assert.ThrowsAsync<IOException>(() =>
            ImportTestKit.Importer(store, db).ImportAsync(ImportEntity.Regions, stream, "regions.csv", ImportFormat.Attain, "importer", ct));

        await using var read = store.NewContext();
        Assert.Equal(0, await read.Regions.CountAsync(ct));
        Assert.Equal(0, await read.ChangeLog.CountAsync(ct));
    }

    [Fact]
    public void ImportEntities_Names_AreStableLowercaseAndParse()
    {
        var names = ImportEntities.DependencyOrder.Select(e => e.Name()).ToList();

        Assert.Equal(
            ["currencies", "fx-rates", "regions", "teams", "people", "product-families", "products", "stages", "accounts",
             "opportunities", "opportunity-stage-history", "activities", "bookings", "quotas"],
            names);
        Assert.All(ImportEntities.DependencyOrder, e => Assert.True(ImportEntities.TryParse(e.Name(), out var parsed) && parsed == e));
    }

    /// <summary>Serves the first bytes of a file, then fails like a dropped upload.</summary>
    private sealed class FailingStream(byte[] bytes, int failAfter) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => Position >= failAfter
            ? throw new IOException("connection reset")
            : base.Read(buffer, offset, Math.Min(count, failAfter - (int)Position));

        public override int Read(Span<byte> buffer) => Position >= failAfter
            ? throw new IOException("connection reset")
            : base.Read(buffer[..Math.Min(buffer.Length, failAfter - (int)Position)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));
    }
}
