using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Testing.Postgres;
using Xunit;

namespace Attain.Testing.Stores;

/// <summary>
/// The demo company (<see cref="DemoCompanyLoader"/> as of <see cref="AsOf"/>) loaded once per provider and test process
/// into a template store; every <see cref="CreateAsync"/> hands out a fresh copy of it (<see cref="TestStore.CopyAsync"/>),
/// so a test may change its store freely and no test pays for loading the company again.
/// </summary>
public static class DemoCompanyStores
{
    /// <summary>The demo's as-of date: its last complete fiscal month is FY2027-M09 (October 2026).</summary>
    public static readonly DateOnly AsOf = new(2026, 11, 27);

    // Task.Run keeps the load off the first caller's synchronization context (xunit installs one), and a caller's
    // cancellation out of a template the other tests share.
    private static readonly Lazy<Task<TestStore>> Sqlite = new(() => Task.Run(() => LoadAsync(StoreProvider.Sqlite)), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Task<TestStore>> Postgres = new(() => Task.Run(() => LoadAsync(StoreProvider.Postgres)), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A fresh store holding the demo company; the caller disposes it.</summary>
    public static async Task<TestStore> CreateAsync(StoreProvider provider, CancellationToken cancellationToken = default)
    {
        if (provider == StoreProvider.Postgres && PostgresServer.SkipRequested)
        {
            Assert.Skip("ATTAIN_SKIP_POSTGRES=1: PostgreSQL tests skipped locally (CI never skips them).");
        }

        var template = await (provider == StoreProvider.Sqlite ? Sqlite : Postgres).Value;
        return await template.CopyAsync(cancellationToken);
    }

    private static async Task<TestStore> LoadAsync(StoreProvider provider)
    {
        var store = await TestStore.CreateAsync(provider);
        await using (var db = store.NewContext())
        {
            await DemoCompanyLoader.LoadAsync(db, new DemoOptions(AsOf), progress: null, CancellationToken.None);
        }

        // The PostgreSQL template goes with the shared server at exit; the SQLite file is deleted here.
        if (provider == StoreProvider.Sqlite)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return store;
    }
}
