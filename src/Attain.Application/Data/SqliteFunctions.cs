using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Attain.Application.Data;

/// <summary>
/// Gives every SQLite connection a Unicode-aware <c>lower()</c> (SQLite's own folds only ASCII letters), so searches
/// are case-insensitive for "Ångström" as on PostgreSQL.
/// </summary>
internal sealed class SqliteFunctions : DbConnectionInterceptor
{
    public static SqliteFunctions Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction<string?, string?>("lower", value => value?.ToLowerInvariant(), isDeterministic: true);
        }
    }
}
