using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Attain.Application.Bookings.BulkLoad;

/// <summary>What a bulk load wrote: how many bookings and their id range (both ends inclusive; null when none).</summary>
public sealed record BulkLoadResult(int Count, long? FirstId, long? LastId);

/// <summary>
/// Inserts many new bookings without change tracking through <see cref="BulkTable{T}"/>: prepared INSERT statements on
/// SQLite, binary COPY on PostgreSQL.
/// </summary>
/// <remarks>
/// <para>
/// The rows must already be valid (owner, account, product, opportunity and original booking ids exist; amounts have
/// at most 4 decimal places; external ids are new). The database still enforces keys: any violation throws and
/// nothing of the load is kept.
/// </para>
/// <para>
/// Ids are assigned by the writer, consecutively from the highest id in use, and set on each <see cref="Booking"/>
/// as it is written, so a later row may refer to an earlier one through <see cref="Booking.OriginalBookingId"/>
/// (set it when the row is yielded). The table is locked for the load on PostgreSQL.
/// </para>
/// <para>
/// Everything runs in one transaction: the caller's current one if it has begun one on <paramref name="db"/>,
/// otherwise its own, committed at the end. One change-log entry is written per load (not per row):
/// Operation = BulkInsert, Entity = Booking, EntityKey = "first..last", Reason = the reason given,
/// After = {"count": n, "file": reason}, Actor = the context's <see cref="ChangeContext.Actor"/>. An empty load writes
/// nothing. Saving that entry also saves any other pending tracked changes on <paramref name="db"/>.
/// </para>
/// </remarks>
public sealed class BookingBulkWriter(TimeProvider clock)
{
    private static readonly string[] Columns =
    [
        nameof(Booking.Id), nameof(Booking.ExternalId), nameof(Booking.Kind), nameof(Booking.OwnerId), nameof(Booking.AccountId),
        nameof(Booking.OpportunityId), nameof(Booking.ProductId), nameof(Booking.Quantity), nameof(Booking.Amount),
        nameof(Booking.Currency), nameof(Booking.BookingDate), nameof(Booking.Margin), nameof(Booking.ListAmount),
        nameof(Booking.OriginalBookingId),
    ];

    /// <inheritdoc cref="WriteAsync(AttainDbContext, IAsyncEnumerable{Booking}, string, CancellationToken)"/>
    public Task<BulkLoadResult> WriteAsync(AttainDbContext db, IEnumerable<Booking> rows, string reason, CancellationToken cancellationToken = default) =>
        WriteAsync(db, rows.ToAsyncEnumerable(), reason, cancellationToken);

    /// <summary>Writes <paramref name="rows"/> as new bookings in one transaction and logs one BulkInsert entry.</summary>
    /// <param name="db">The context whose connection (and current transaction, if any) is used.</param>
    /// <param name="rows">Validated new bookings; their <see cref="Booking.Id"/> is overwritten with the assigned id.</param>
    /// <param name="reason">Why, usually the file name; recorded as the change-log entry's Reason.</param>
    /// <param name="cancellationToken">Cancels the load; nothing is kept.</param>
    public async Task<BulkLoadResult> WriteAsync(AttainDbContext db, IAsyncEnumerable<Booking> rows, string reason, CancellationToken cancellationToken = default)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var table = Table(db);
            var (count, first) = db.Database.IsNpgsql()
                ? await CopyAsync(db, table, rows, cancellationToken)
                : await InsertAsync(db, table, rows, cancellationToken);
            BulkLoadResult result = new(count, count == 0 ? null : first, count == 0 ? null : first + count - 1);
            if (count > 0)
            {
                db.ChangeLog.Add(new ChangeLogEntry
                {
                    OccurredAt = clock.GetUtcNow().UtcDateTime,
                    Actor = db.ChangeContext.Actor,
                    Entity = nameof(Booking),
                    EntityKey = string.Create(CultureInfo.InvariantCulture, $"{result.FirstId}..{result.LastId}"),
                    Operation = ChangeOperation.BulkInsert,
                    Reason = reason,
                    After = JsonSerializer.Serialize(new Dictionary<string, object> { ["count"] = count, ["file"] = reason }),
                });
                await db.SaveChangesAsync(cancellationToken);
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return result;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private sealed record TableInfo(string Name, BulkTable<Booking> Rows);

    private static TableInfo Table(AttainDbContext db)
    {
        var rows = BulkTable.For<Booking>(db, Columns);
        return new TableInfo(rows.Name, rows);
    }

    private static async Task<(int Count, long First)> InsertAsync(
        AttainDbContext db, TableInfo table, IAsyncEnumerable<Booking> rows, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        long first;
        await using (var max = connection.CreateCommand())
        {
            max.Transaction = transaction;
            max.CommandText =
                $"SELECT MAX(COALESCE((SELECT MAX(\"Id\") FROM {table.Name}), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table.Name.Trim('"')}'), 0))";
            first = Convert.ToInt64(await max.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) + 1;
        }

        var previousCache = await PragmaAsync(connection, transaction, "cache_size", null, cancellationToken);
        var indexes = first - 1 <= RebuildUpTo ? await DropIndexesAsync(connection, transaction, table, cancellationToken) : [];
        await PragmaAsync(connection, transaction, "cache_size", SqliteLoadCacheKib, cancellationToken);

        var count = await table.Rows.WriteAsync(db, rows, (booking, i) => booking.Id = first + i, cancellationToken);

        foreach (var create in indexes)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = create;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await PragmaAsync(connection, transaction, "cache_size", previousCache, cancellationToken);
        return (count, first);
    }

    /// <summary>
    /// Up to this many rows already in the table, a load drops the table's secondary indexes (and on PostgreSQL its
    /// foreign keys), writes, then builds the indexes and adds the keys back (on SQLite, the largest id in use stands in
    /// for the row count). Building an index sorts once; adding a foreign key checks
    /// every row in one set-based join; both are far cheaper than the per-row index inserts and trigger checks a COPY
    /// otherwise pays (measured in benchmarks/README.md). The checks are the same, so a bad row still fails the whole
    /// load. Above the limit, re-checking the rows already there would cost more than it saves.
    /// </summary>
    public const long RebuildUpTo = 2_000_000;

    /// <summary>
    /// Drops the secondary indexes and foreign keys of a table small enough to rebuild whole (the caller holds a lock);
    /// returns the statements that restore them, in order.
    /// </summary>
    private static async Task<List<string>> DeferConstraintsAsync(NpgsqlConnection connection, TableInfo table, CancellationToken cancellationToken)
    {
        var restore = new List<string>();
        await using (var estimate = new NpgsqlCommand($"SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = '{table.Name}'::regclass", connection))
        {
            if ((long)(await estimate.ExecuteScalarAsync(cancellationToken))! > RebuildUpTo)
            {
                return restore;
            }
        }

        var drop = new List<string>();
        await using (var find = new NpgsqlCommand(
            $"""
            SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)), 2
            FROM pg_constraint WHERE conrelid = '{table.Name}'::regclass AND contype = 'f'
            UNION ALL
            SELECT format('DROP INDEX %s', indexrelid::regclass), pg_get_indexdef(indexrelid), 1
            FROM pg_index WHERE indrelid = '{table.Name}'::regclass AND NOT indisprimary
            ORDER BY 3, 1
            """,
            connection))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                drop.Add(reader.GetString(0));
                restore.Add(reader.GetString(1));
            }
        }

        drop.Reverse();
        foreach (var statement in drop.Prepend("SET LOCAL maintenance_work_mem = '256MB'"))
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return restore;
    }

    /// <summary>SQLite: drops the table's own secondary indexes (the caller's transaction holds the write lock); returns their CREATE statements.</summary>
    private static async Task<List<string>> DropIndexesAsync(DbConnection connection, DbTransaction transaction, TableInfo table, CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, string Sql)>();
        await using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table.Name.Trim('"')}' AND sql IS NOT NULL ORDER BY name";
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await using var drop = connection.CreateCommand();
            drop.Transaction = transaction;
            drop.CommandText = $"DROP INDEX \"{name}\"";
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        return indexes.Select(i => i.Sql).ToList();
    }

    /// <summary>Page cache for a SQLite load, in KiB (negative in the pragma): big enough to keep the indexes' hot pages in memory.</summary>
    private const long SqliteLoadCacheKib = -262_144;

    private static async Task<long> PragmaAsync(DbConnection connection, DbTransaction transaction, string name, long? value, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = value is { } v ? $"PRAGMA {name} = {v.ToString(CultureInfo.InvariantCulture)}" : $"PRAGMA {name}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? value, CultureInfo.InvariantCulture);
    }

    private static async Task<(int Count, long First)> CopyAsync(
        AttainDbContext db, TableInfo table, IAsyncEnumerable<Booking> rows, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {table.Name} IN SHARE ROW EXCLUSIVE MODE", connection))
        {
            await lockTable.ExecuteNonQueryAsync(cancellationToken);
        }

        var deferred = await DeferConstraintsAsync(connection, table, cancellationToken);

        string sequence;
        await using (var find = new NpgsqlCommand($"SELECT pg_get_serial_sequence('{table.Name}', 'Id')", connection))
        {
            sequence = (string)(await find.ExecuteScalarAsync(cancellationToken))!;
        }

        long first;
        await using (var max = new NpgsqlCommand(
            $"SELECT GREATEST(COALESCE((SELECT MAX(\"Id\") FROM {table.Name}), 0), (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}))",
            connection))
        {
            first = Convert.ToInt64(await max.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) + 1;
        }

        var count = await table.Rows.WriteAsync(db, rows, (booking, i) => booking.Id = first + i, cancellationToken);

        foreach (var statement in deferred)
        {
            await using var restore = new NpgsqlCommand(statement, connection);
            await restore.ExecuteNonQueryAsync(cancellationToken);
        }

        if (count > 0)
        {
            await using var setval = new NpgsqlCommand($"SELECT setval('{sequence}', {first + count - 1})", connection);
            await setval.ExecuteNonQueryAsync(cancellationToken);
        }

        return (count, first);
    }
}
