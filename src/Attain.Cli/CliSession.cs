using System.CommandLine;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Imports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Cli;

/// <summary>The services a data command needs (store, change context), built from configuration and the command line.</summary>
public sealed class CliSession : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly AsyncServiceScope scope;

    private CliSession(ServiceProvider provider)
    {
        this.provider = provider;
        scope = provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ChangeContext>().Actor = Actor;
    }

    public IServiceProvider Services => scope.ServiceProvider;

    /// <summary>Recorded as the actor of every change the command makes.</summary>
    public string Actor { get; } = $"cli:{Environment.UserName}";

    public AttainDbContext Db => Services.GetRequiredService<AttainDbContext>();

    public StoreOptions Store => Services.GetRequiredService<StoreOptions>();

    public static CliSession Open(ParseResult parse)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. StoreArguments.ToHostArgs(parse)])
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddAttainStore(configuration);
        services.AddAttainImports();
        return new CliSession(services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await provider.DisposeAsync();
    }
}
