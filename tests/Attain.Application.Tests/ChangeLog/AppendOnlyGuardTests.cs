using System.Data.Common;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.ChangeLog;

/// <summary>The database itself refuses to rewrite history: the triggers of the AuditTrail migration, on both stores.</summary>
public class AppendOnlyGuardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ChangeLogEntry> SeedOneEntryAsync(TestStore store)
    {
        await using (var db = store.NewContext("alice"))
        {
            db.ChangeContext.Reason = "hired";
            db.People.Add(new Person { ExternalId = "P1", FirstName = "Ada", LastName = "Lovelace", Email = "ada@example.com", PayCurrency = "EUR", HireDate = new DateOnly(2025, 3, 1) });
            await db.SaveChangesAsync(Ct);
        }

        await using var read = store.NewContext();
        return await read.ChangeLog.AsNoTracking().SingleAsync(Ct);
    }

    private static async Task AssertUnchangedAsync(TestStore store, ChangeLogEntry original)
    {
        await using var read = store.NewContext();
        var stored = await read.ChangeLog.AsNoTracking().SingleAsync(Ct);
        Assert.Equal(
            (original.Id, original.Actor, original.Reason, original.Entity, original.EntityKey, original.After, original.OccurredAt),
            (stored.Id, stored.Actor, stored.Reason, stored.Entity, stored.EntityKey, stored.After, stored.OccurredAt));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Update_RawSql_FailsAndLeavesTheRow(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var original = await SeedOneEntryAsync(store);

        await using (var db = store.NewContext())
        {
            var error = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"ChangeLog\" SET \"Actor\" = 'mallory'", Ct));
            Assert.Contains(AppendOnlyGuard.Message, error.Message, StringComparison.Ordinal);
        }

        await AssertUnchangedAsync(store, original);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Delete_RawSql_FailsAndLeavesTheRow(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var original = await SeedOneEntryAsync(store);

        await using (var db = store.NewContext())
        {
            var error = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"ChangeLog\"", Ct));
            Assert.Contains(AppendOnlyGuard.Message, error.Message, StringComparison.Ordinal);
        }

        await AssertUnchangedAsync(store, original);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task SaveChanges_TrackedEntryEditedAndRemoved_FailsAndLeavesTheRow(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var original = await SeedOneEntryAsync(store);

        await using (var db = store.NewContext())
        {
            var entry = await db.ChangeLog.SingleAsync(Ct);
            entry.Reason = "rewritten";
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        }

        await using (var db = store.NewContext())
        {
            db.ChangeLog.Remove(await db.ChangeLog.SingleAsync(Ct));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        }

        await using (var db = store.NewContext())
        {
            await Assert.ThrowsAnyAsync<DbException>(() => db.ChangeLog.ExecuteDeleteAsync(Ct));
            await Assert.ThrowsAnyAsync<DbException>(() => db.ChangeLog.ExecuteUpdateAsync(s => s.SetProperty(e => e.Actor, "mallory"), Ct));
        }

        await AssertUnchangedAsync(store, original);
    }

    [Fact]
    public async Task Truncate_Postgres_FailsAndLeavesTheRow()
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Postgres);
        var original = await SeedOneEntryAsync(store);

        await using (var db = store.NewContext())
        {
            var error = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE \"ChangeLog\"", Ct));
            Assert.Contains(AppendOnlyGuard.Message, error.Message, StringComparison.Ordinal);
        }

        await AssertUnchangedAsync(store, original);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Insert_AfterARefusedRewrite_StillAppends(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedOneEntryAsync(store);
        await using (var db = store.NewContext())
        {
            await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"ChangeLog\"", Ct));
        }

        await using (var db = store.NewContext("bob"))
        {
            var person = await db.People.SingleAsync(Ct);
            person.Title = "Account Executive";
            await db.SaveChangesAsync(Ct);
        }

        await using var read = store.NewContext();
        Assert.Equal(["alice", "bob"], await read.ChangeLog.OrderBy(e => e.Id).Select(e => e.Actor).ToListAsync(Ct));
    }
}
