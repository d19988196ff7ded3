using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Attain.Testing.Stores;

/// <summary>
/// A fresh, migrated database on a real store for one test: a temporary SQLite file, or a new
/// database on the shared throwaway PostgreSQL server.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly string? sqliteFile;
    private readonly string? postgresDatabase;
    private readonly SemaphoreSlim copying = new(1, 1);

    private TestStore(StoreOptions options, string? sqliteFile, string? postgresDatabase)
    {
        Options = options;
        this.sqliteFile = sqliteFile;
        this.postgresDatabase = postgresDatabase;
    }

    public StoreOptions Options { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public StoreProvider Provider => Options.Provider;

    public static async Task<TestStore> CreateAsync(StoreProvider provider)
    {
        TestStore store;
        if (provider == StoreProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"attain-test-{Guid.NewGuid():N}.db");
            store = new TestStore(new StoreOptions { Provider = provider, ConnectionString = $"Data Source={file};Pooling=False" }, file, null);
        }
        else
        {
            if (PostgresServer.SkipRequested)
            {
                Assert.Skip("ATTAIN_SKIP_POSTGRES=1: PostgreSQL tests skipped locally (CI never skips them).");
            }

            var server = await PostgresServer.SharedAsync();
            var name = $"attain_{Guid.NewGuid():N}";
            await server.CreateDatabaseAsync(name);
            store = new TestStore(new StoreOptions { Provider = provider, ConnectionString = server.ConnectionString(name) }, null, name);
        }

        await using var db = store.NewContext();
        await StoreRegistration.MigrateAsync(db, store.Options);
        return store;
    }

    /// <summary>
    /// A fresh store holding a copy of this one's data (SQLite: the file copied; PostgreSQL: <c>CREATE DATABASE … TEMPLATE</c>).
    /// Nothing may have this store open while it is copied; <see cref="DemoCompanyStores"/> keeps such a template.
    /// </summary>
    public async Task<TestStore> CopyAsync(CancellationToken cancellationToken = default)
    {
        await copying.WaitAsync(cancellationToken);
        try
        {
            if (sqliteFile is not null)
            {
                var file = Path.Combine(Path.GetTempPath(), $"attain-test-{Guid.NewGuid():N}.db");
                foreach (var suffix in new[] { string.Empty, "-wal" })
                {
                    if (File.Exists(sqliteFile + suffix))
                    {
                        File.Copy(sqliteFile + suffix, file + suffix);
                    }
                }

                return new TestStore(new StoreOptions { Provider = Provider, ConnectionString = $"Data Source={file};Pooling=False" }, file, null);
            }

            var server = await PostgresServer.SharedAsync();
            var name = $"attain_{Guid.NewGuid():N}";
            var connectionString = await server.CreateDatabaseFromTemplateAsync(name, postgresDatabase!, cancellationToken);
            return new TestStore(new StoreOptions { Provider = Provider, ConnectionString = connectionString }, null, name);
        }
        finally
        {
            copying.Release();
        }
    }

    /// <summary>A new context on this store, recording changes as <paramref name="actor"/>.</summary>
    public AttainDbContext NewContext(string actor = "test")
    {
        var builder = new DbContextOptionsBuilder<AttainDbContext>();
        StoreRegistration.Configure(builder, Options);
        return new AttainDbContext(builder.Options, new ChangeContext { Actor = actor }, Clock);
    }

    public async ValueTask DisposeAsync()
    {
        copying.Dispose();
        if (sqliteFile is not null)
        {
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(sqliteFile + suffix);
            }
        }

        if (postgresDatabase is not null)
        {
            var server = await PostgresServer.SharedAsync();
            await server.DropDatabaseAsync(postgresDatabase);
        }
    }
}
