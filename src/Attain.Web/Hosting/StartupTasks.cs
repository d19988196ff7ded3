using Attain.Application.Access;
using Attain.Application.Data;
using Attain.Application.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attain.Web.Hosting;

/// <summary>
/// Runs before the server listens: migrates the store, loads the demo company into an empty store when asked,
/// makes sure someone can sign in, and prints the logins it created.
/// </summary>
public sealed class StartupTasks(
    IServiceProvider services, IOptions<StartupOptions> options, TimeProvider clock, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AttainDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<StoreOptions>();
        if (options.Value.Migrate)
        {
            await StoreRegistration.MigrateAsync(db, store, cancellationToken);
            logger.LogInformation("Store {Provider} migrated", store.Provider);
        }

        var accounts = scope.ServiceProvider.GetRequiredService<AccountSetup>();
        var created = new List<CreatedLogin>();
        if (options.Value.Demo)
        {
            if (await DemoCompanyLoader.IsEmptyAsync(db, cancellationToken))
            {
                logger.LogInformation("Loading the demo company");
                var result = await DemoCompanyLoader.LoadAsync(db, DemoOptions.Today(clock), progress: null, cancellationToken);
                logger.LogInformation("Demo company loaded: {Rows} rows in {Elapsed}", result.Rows, result.Elapsed);
            }

            if (await DemoCompanyLoader.IsLoadedAsync(db, cancellationToken))
            {
                created.AddRange(await accounts.EnsureDemoLoginsAsync(cancellationToken));
            }
            else
            {
                logger.LogWarning("The store already holds other data: the demo company was not loaded");
            }
        }

        if (options.Value.CreateFirstAdmin && await accounts.EnsureFirstAdminAsync(cancellationToken) is { } admin)
        {
            created.Add(admin);
        }

        PrintLogins(created);
    }

    /// <summary>Written to the console, not the log: passwords must not end up in log files.</summary>
    private static void PrintLogins(List<CreatedLogin> created)
    {
        if (created.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("Logins created (sign in at /login):");
        foreach (var login in created)
        {
            Console.WriteLine($"  {login.UserName,-12} {login.Role,-11} password {login.Password}   {login.Description}");
        }

        Console.WriteLine();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
