using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Attain.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add X --project src/Attain.Migrations.Sqlite</c> build the model for SQLite.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AttainDbContext>
{
    public AttainDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AttainDbContext>();
        StoreRegistration.Configure(builder, new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = "Data Source=design.db" });
        return new AttainDbContext(builder.Options);
    }
}
