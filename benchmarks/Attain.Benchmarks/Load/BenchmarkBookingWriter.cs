using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Attain.Application.Bookings;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Engine.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Attain.Benchmarks.Load;

/// <summary>
/// A stand-in for the application's bulk booking writer (BookingBulkWriter, branch <c>import</c>) so the load
/// benchmark runs before it lands: SQLite through one prepared INSERT in one transaction, PostgreSQL through binary
/// COPY, change tracking bypassed, one change-log entry for the whole load. Rows keep their ids.
/// </summary>
public static class BenchmarkBookingWriter
{
    private static readonly string[] Columns =
    [
        "Id", "ExternalId", "Kind", "OwnerId", "AccountId", "OpportunityId", "ProductId", "Quantity", "Amount",
        "Currency", "BookingDate", "Margin", "ListAmount", "OriginalBookingId",
    ];

    public static async Task<long> WriteAsync(AttainDbContext db, IAsyncEnumerable<Booking> rows, string reason, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            (long Count, long First, long Last) written = db.Database.IsNpgsql()
                ? await CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), rows, cancellationToken)
                : await InsertAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), rows, cancellationToken);
            db.ChangeLog.Add(new ChangeLogEntry
            {
                OccurredAt = TimeProvider.System.GetUtcNow().UtcDateTime,
                Actor = db.ChangeContext.Actor,
                Reason = reason,
                Entity = nameof(Booking),
                EntityKey = string.Create(CultureInfo.InvariantCulture, $"{written.First}..{written.Last}"),
                Operation = ChangeOperation.BulkInsert,
                After = JsonSerializer.Serialize(new { Rows = written.Count }),
            });
            await db.SaveChangesAsync(cancellationToken);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync(
                    "SELECT setval(pg_get_serial_sequence('\"Bookings\"', 'Id'), MAX(\"Id\")) FROM \"Bookings\"", cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return written.Count;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<(long Count, long First, long Last)> InsertAsync(
        DbConnection connection, DbTransaction transaction, IAsyncEnumerable<Booking> rows, CancellationToken cancellationToken)
    {
        await using (var pragma = connection.CreateCommand())
        {
            // A large page cache keeps the booking indexes' pages in memory while rows arrive in random key order.
            pragma.Transaction = transaction;
            pragma.CommandText = "PRAGMA cache_size = -262144";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"Bookings\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select(c => $"@{c}"))})";
        var parameters = Columns.Select(c =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + c;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        command.Prepare();

        long count = 0, first = 0, last = 0;
        await foreach (var b in rows.WithCancellation(cancellationToken))
        {
            parameters[0].Value = b.Id;
            parameters[1].Value = b.ExternalId;
            parameters[2].Value = b.Kind.ToString();
            parameters[3].Value = b.OwnerId;
            parameters[4].Value = (object?)b.AccountId ?? DBNull.Value;
            parameters[5].Value = (object?)b.OpportunityId ?? DBNull.Value;
            parameters[6].Value = (object?)b.ProductId ?? DBNull.Value;
            parameters[7].Value = Money.ToStorage(b.Quantity);
            parameters[8].Value = Money.ToStorage(b.Amount);
            parameters[9].Value = b.Currency;
            parameters[10].Value = b.BookingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            parameters[11].Value = b.Margin is { } margin ? Money.ToStorage(margin) : DBNull.Value;
            parameters[12].Value = b.ListAmount is { } list ? Money.ToStorage(list) : DBNull.Value;
            parameters[13].Value = (object?)b.OriginalBookingId ?? DBNull.Value;
            command.ExecuteNonQuery();
            first = count == 0 ? b.Id : first;
            last = b.Id;
            count++;
        }

        return (count, first, last);
    }

    private static async Task<(long Count, long First, long Last)> CopyAsync(
        NpgsqlConnection connection, IAsyncEnumerable<Booking> rows, CancellationToken cancellationToken)
    {
        long count = 0, first = 0, last = 0;
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY \"Bookings\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        await foreach (var b in rows.WithCancellation(cancellationToken))
        {
            importer.StartRow();
            importer.Write(b.Id, NpgsqlDbType.Bigint);
            importer.Write(b.ExternalId, NpgsqlDbType.Varchar);
            importer.Write(b.Kind.ToString(), NpgsqlDbType.Varchar);
            importer.Write(b.OwnerId, NpgsqlDbType.Bigint);
            WriteNullable(importer, b.AccountId);
            WriteNullable(importer, b.OpportunityId);
            WriteNullable(importer, b.ProductId);
            importer.Write(Money.ToStorage(b.Quantity), NpgsqlDbType.Bigint);
            importer.Write(Money.ToStorage(b.Amount), NpgsqlDbType.Bigint);
            importer.Write(b.Currency, NpgsqlDbType.Varchar);
            importer.Write(b.BookingDate, NpgsqlDbType.Date);
            WriteNullable(importer, b.Margin is { } margin ? Money.ToStorage(margin) : null);
            WriteNullable(importer, b.ListAmount is { } list ? Money.ToStorage(list) : null);
            WriteNullable(importer, b.OriginalBookingId);
            first = count == 0 ? b.Id : first;
            last = b.Id;
            count++;
        }

        await importer.CompleteAsync(cancellationToken);
        return (count, first, last);
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, long? value)
    {
        if (value is { } v)
        {
            importer.Write(v, NpgsqlDbType.Bigint);
        }
        else
        {
            importer.WriteNull();
        }
    }
}
