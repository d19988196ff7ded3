using Attain.Application.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attain.Web.Hosting;

/// <summary>Runs before the server listens: migrates the store and, when asked, loads the demo company.</summary>
public sealed class StartupTasks(IServiceProvider services, IOptions<StartupOptions> options, ILogger<StartupTasks> logger) : IHostedService
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
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
