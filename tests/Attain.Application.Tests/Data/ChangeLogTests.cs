using System.Text.Json;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Data;

public class ChangeLogTests
{
    private static Person NewPerson(string externalId) => new()
    {
        ExternalId = externalId,
        FirstName = "Ada",
        LastName = "Lovelace",
        Email = $"{externalId}@example.com",
        PayCurrency = "EUR",
        HireDate = new DateOnly(2025, 3, 1),
    };

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task SaveChanges_InsertUpdateDelete_RecordsEachWithBeforeAndAfter(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using (var db = store.NewContext("alice"))
        {
            db.ChangeContext.Reason = "hired";
            db.People.Add(NewPerson("P1"));
            await db.SaveChangesAsync(ct);
        }

        await using (var db = store.NewContext("bob"))
        {
            var person = await db.People.SingleAsync(ct);
            person.Title = "Account Executive";
            db.ChangeContext.Reason = "promotion";
            await db.SaveChangesAsync(ct);
            db.People.Remove(person);
            await db.SaveChangesAsync(ct);
        }

        await using var read = store.NewContext();
        var log = await read.ChangeLog.OrderBy(e => e.Id).ToListAsync(ct);

        Assert.Equal([ChangeOperation.Insert, ChangeOperation.Update, ChangeOperation.Delete], log.Select(e => e.Operation));
        Assert.All(log, e => Assert.Equal("Person", e.Entity));
        var insert = log[0];
        Assert.Equal("alice", insert.Actor);
        Assert.Equal("hired", insert.Reason);
        Assert.Null(insert.Before);
        Assert.Equal("P1", JsonDocument.Parse(insert.After!).RootElement.GetProperty("ExternalId").GetString());
        var update = log[1];
        Assert.Equal("bob", update.Actor);
        Assert.Equal("promotion", update.Reason);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(update.Before!).RootElement.GetProperty("Title").ValueKind);
        Assert.Equal("Account Executive", JsonDocument.Parse(update.After!).RootElement.GetProperty("Title").GetString());
        Assert.Equal(insert.EntityKey, update.EntityKey);
        Assert.Null(log[2].After);
        Assert.Equal(store.Clock.GetUtcNow().UtcDateTime, insert.OccurredAt);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task SaveChanges_FailingChange_LeavesNeitherDataNorLog(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using (var db = store.NewContext())
        {
            db.People.Add(NewPerson("P1"));
            await db.SaveChangesAsync(ct);
        }

        await using (var db = store.NewContext())
        {
            db.People.Add(NewPerson("P2"));
            db.People.Add(NewPerson("P1"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
        }

        await using var read = store.NewContext();
        Assert.Equal(["P1"], await read.People.Select(p => p.ExternalId).ToListAsync(ct));
        Assert.Equal(1, await read.ChangeLog.CountAsync(ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task SaveChanges_Synchronous_RecordsTheChangeInTheSameWay(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using (var db = store.NewContext("carol"))
        {
            db.ChangeContext.Reason = "sync path";
            db.People.Add(NewPerson("P9"));
            db.SaveChanges();
        }

        await using var read = store.NewContext();
        var entry = await read.ChangeLog.SingleAsync(TestContext.Current.CancellationToken);

        Assert.Equal((ChangeOperation.Insert, "Person", "carol", "sync path"), (entry.Operation, entry.Entity, entry.Actor, entry.Reason));
        Assert.Equal(await read.People.Select(p => p.Id.ToString()).SingleAsync(TestContext.Current.CancellationToken), entry.EntityKey);
    }
}
