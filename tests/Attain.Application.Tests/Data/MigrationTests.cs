using Attain.Application.Data;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Attain.Application.Tests.Data;

public class MigrationTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Model_ComparedWithLastMigration_HasNoPendingChanges(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();

        var pending = db.Database.HasPendingModelChanges();

        Assert.False(pending, $"The model has changes with no {provider} migration: run `dotnet ef migrations add <Name> --project src/Attain.Migrations.{provider}`.");
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Migrate_FreshStore_AppliesEveryMigration(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();

        var applied = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);

        Assert.NotEmpty(applied);
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }
}
