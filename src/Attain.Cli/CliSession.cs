using System.CommandLine;
using Attain.Application.Access;
using Attain.Application.ChangeLog;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Imports;
using Attain.Application.Organisation;
using Microsoft.AspNetCore.Identity;
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

    public Application.Data.StoreOptions Store => Services.GetRequiredService<Application.Data.StoreOptions>();

    /// <summary>Opens the store named by configuration and the command line, creating or upgrading its schema first.</summary>
    public static async Task<CliSession> OpenMigratedAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var session = Open(parse);
        await StoreRegistration.MigrateAsync(session.Db, session.Store, cancellationToken);
        return session;
    }

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
        services.AddAttainCompensation();
        services.AddIdentityCore<AttainUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AttainDbContext>();
        services.AddScoped<AccountSetup>();
        return new CliSession(services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await provider.DisposeAsync();
    }
}
