using Attain.Application.ChangeLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Application.Data;

public static class StoreRegistration
{
    public const string SqliteMigrationsAssembly = "Attain.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Attain.Migrations.Postgres";

    /// <summary>Registers <see cref="AttainDbContext"/> on the store chosen by the <c>Store</c> configuration section.</summary>
    public static IServiceCollection AddAttainStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Store").Get<StoreOptions>() ?? new StoreOptions();
        services.AddSingleton(options);
        services.AddScoped<ChangeContext>();
        services.AddScoped<Calendar.OrganisationTime>();
        services.AddDbContext<AttainDbContext>((sp, builder) => Configure(builder, options));
        return services;
    }

    /// <summary>Points EF Core at the provider and its migrations assembly.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, StoreOptions options)
    {
        var connectionString = options.EffectiveConnectionString;
        return options.Provider switch
        {
            StoreProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly)).AddInterceptors(SqliteFunctions.Instance),
            StoreProvider.Postgres => builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly)),
            _ => throw new InvalidOperationException($"Unknown store provider {options.Provider}."),
        };
    }

    /// <summary>Creates the SQLite file's folder if needed and applies pending migrations.</summary>
    public static async Task MigrateAsync(AttainDbContext db, StoreOptions options, CancellationToken cancellationToken = default)
    {
        if (options.Provider == StoreProvider.Sqlite)
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
