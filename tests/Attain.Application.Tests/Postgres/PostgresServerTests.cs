using Attain.Testing.Postgres;
using Npgsql;

namespace Attain.Application.Tests.Postgres;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task CreateDatabaseAsync_OnSharedServer_ServesPostgres15()
    {
        SkipWhenRequested();
        var cancellationToken = TestContext.Current.CancellationToken;
        var server = await PostgresServer.SharedAsync();
        var database = "version_" + Guid.NewGuid().ToString("N");

        var connectionString = await server.CreateDatabaseAsync(database, cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select current_database() || ' ' || version()", connection);
        var answer = (string?)await command.ExecuteScalarAsync(cancellationToken);

        Assert.NotNull(answer);
        Assert.StartsWith(database + " ", answer, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL 15", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DropDatabaseAsync_WithOpenConnection_RemovesDatabase()
    {
        SkipWhenRequested();
        var cancellationToken = TestContext.Current.CancellationToken;
        var server = await PostgresServer.SharedAsync();
        var database = "drop_" + Guid.NewGuid().ToString("N");
        var connectionString = await server.CreateDatabaseAsync(database, cancellationToken);
        await using var open = new NpgsqlConnection(connectionString);
        await open.OpenAsync(cancellationToken);

        await server.DropDatabaseAsync(database, cancellationToken);

        await using var admin = new NpgsqlConnection(server.ConnectionString("postgres"));
        await admin.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select count(*) from pg_database where datname = @name", admin);
        command.Parameters.AddWithValue("name", database);
        Assert.Equal(0L, await command.ExecuteScalarAsync(cancellationToken));
    }

    private static void SkipWhenRequested()
    {
        if (PostgresServer.SkipRequested)
        {
            Assert.Skip(PostgresServer.SkipReason);
        }
    }
}
