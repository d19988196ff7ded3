using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Attain.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add X --project src/Attain.Migrations.Postgres</c> build the model for PostgreSQL.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AttainDbContext>
{
    public AttainDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AttainDbContext>();
        StoreRegistration.Configure(builder, new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = "Host=127.0.0.1;Database=attain_design" });
        return new AttainDbContext(builder.Options);
    }
}
