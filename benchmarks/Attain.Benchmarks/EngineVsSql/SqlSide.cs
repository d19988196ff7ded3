using System.Data.Common;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace Attain.Benchmarks.EngineVsSql;

/// <summary>
/// The SQL side: the same tables in DuckDB and PostgreSQL, and one query computing earned cents per participant and
/// month the way the engine does — credits (split shares allocated by largest remainder, roll-ups to two manager
/// levels), a period-to-date running value per credit, each credit's move split across the marginal bands of its
/// attainment tiers, the per-period cap, and the running total rounded once (half away from zero) to the cent.
/// </summary>
public static class SqlSide
{
    public const string Schema = """
        CREATE TABLE people (id INTEGER NOT NULL PRIMARY KEY, manager INTEGER, plan INTEGER NOT NULL);
        CREATE TABLE plans (plan INTEGER NOT NULL PRIMARY KEY, below BIGINT NOT NULL, above BIGINT NOT NULL, cap_cents BIGINT NOT NULL);
        CREATE TABLE quotas (participant INTEGER NOT NULL, month INTEGER NOT NULL, quota_cents BIGINT NOT NULL, PRIMARY KEY (participant, month));
        CREATE TABLE bookings (id INTEGER NOT NULL, booking_date DATE NOT NULL, amount_cents BIGINT NOT NULL, owner INTEGER NOT NULL, partner INTEGER, owner_pct INTEGER NOT NULL);
        """;

    /// <summary>The earnings query; <c>{DIV}</c> is integer division and <c>{MONTH}</c> the month of a date column.</summary>
    private const string Query = """
        WITH shares AS (
            SELECT id AS booking_id, booking_date, owner AS holder,
                   CASE WHEN partner IS NULL THEN amount_cents ELSE (amount_cents * owner_pct + 50) {DIV} 100 END AS cents
            FROM bookings
            UNION ALL
            SELECT id, booking_date, partner, amount_cents - (amount_cents * owner_pct + 50) {DIV} 100
            FROM bookings WHERE partner IS NOT NULL
        ), credits AS (
            SELECT s.booking_id, s.booking_date, s.holder AS participant, s.cents FROM shares s
            UNION ALL
            SELECT s.booking_id, s.booking_date, p.manager, s.cents
            FROM shares s JOIN people p ON p.id = s.holder WHERE p.manager IS NOT NULL
            UNION ALL
            SELECT s.booking_id, s.booking_date, g.manager, s.cents
            FROM shares s JOIN people p ON p.id = s.holder JOIN people g ON g.id = p.manager WHERE g.manager IS NOT NULL
        ), running AS (
            SELECT participant, {MONTH} AS month, cents,
                   SUM(cents) OVER (PARTITION BY participant, {MONTH} ORDER BY booking_date, booking_id
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS after_cents
            FROM credits
        ), lines AS (
            SELECT r.participant, r.month, pl.cap_cents,
                   pl.below * (LEAST(r.after_cents, q.quota_cents) - LEAST(r.after_cents - r.cents, q.quota_cents))
                 + pl.above * (GREATEST(r.after_cents, q.quota_cents) - GREATEST(r.after_cents - r.cents, q.quota_cents)) AS exact
            FROM running r
            JOIN people p ON p.id = r.participant
            JOIN plans pl ON pl.plan = p.plan
            JOIN quotas q ON q.participant = r.participant AND q.month = r.month
        )
        SELECT participant, month, CAST({FLOOR}((LEAST(SUM(exact), MIN(cap_cents) * 10000) + 5000) {DIV} 10000) AS BIGINT) AS earned_cents
        FROM lines
        GROUP BY participant, month
        """;

    public static string DuckDbQuery => Query.Replace("{DIV}", "//", StringComparison.Ordinal).Replace("{MONTH}", "month(booking_date)", StringComparison.Ordinal).Replace("{FLOOR}", string.Empty, StringComparison.Ordinal);

    public static string PostgresQuery => Query.Replace("{DIV}", "/", StringComparison.Ordinal).Replace("{MONTH}", "CAST(extract(month FROM booking_date) AS INTEGER)", StringComparison.Ordinal).Replace("{FLOOR}", "floor", StringComparison.Ordinal);

    public static void LoadDuckDb(DuckDBConnection connection, SalesDataSet data)
    {
        Execute(connection, Schema);
        using (var appender = connection.CreateAppender("people"))
        {
            for (var p = 0; p < SalesDataSet.Participants; p++)
            {
                var row = appender.CreateRow().AppendValue(p);
                (data.Manager[p] >= 0 ? row.AppendValue(data.Manager[p]) : row.AppendNullValue()).AppendValue(SalesDataSet.IsLeader(p) ? 1 : 0).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("plans"))
        {
            foreach (var leader in new[] { false, true })
            {
                var terms = data.Terms(leader);
                appender.CreateRow().AppendValue(leader ? 1 : 0).AppendValue(terms.BelowBasisPoints).AppendValue(terms.AboveBasisPoints).AppendValue(terms.CapCents).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("quotas"))
        {
            for (var p = 0; p < SalesDataSet.Participants; p++)
            {
                for (var m = 0; m < SalesDataSet.Months; m++)
                {
                    appender.CreateRow().AppendValue(p).AppendValue(m + 1).AppendValue(data.QuotaDollars[(p * SalesDataSet.Months) + m] * 100).EndRow();
                }
            }
        }

        using (var appender = connection.CreateAppender("bookings"))
        {
            for (var i = 0; i < data.BookingCount; i++)
            {
                var row = appender.CreateRow().AppendValue(i).AppendValue((DateOnly?)SalesDataSet.DateOf(data.Day[i])).AppendValue(data.AmountCents[i]).AppendValue((int)data.Owner[i]);
                (data.Partner[i] >= 0 ? row.AppendValue((int)data.Partner[i]) : row.AppendNullValue()).AppendValue((int)data.OwnerPercent[i]).EndRow();
            }
        }
    }

    public static async Task LoadPostgresAsync(NpgsqlConnection connection, SalesDataSet data, CancellationToken ct)
    {
        await using (var command = new NpgsqlCommand(Schema, connection))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        await using (var writer = await connection.BeginBinaryImportAsync("COPY people (id, manager, plan) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var p = 0; p < SalesDataSet.Participants; p++)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(p, NpgsqlDbType.Integer, ct);
                if (data.Manager[p] >= 0)
                {
                    await writer.WriteAsync(data.Manager[p], NpgsqlDbType.Integer, ct);
                }
                else
                {
                    await writer.WriteNullAsync(ct);
                }

                await writer.WriteAsync(SalesDataSet.IsLeader(p) ? 1 : 0, NpgsqlDbType.Integer, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await connection.BeginBinaryImportAsync("COPY plans (plan, below, above, cap_cents) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var leader in new[] { false, true })
            {
                var terms = data.Terms(leader);
                await writer.WriteRowAsync(ct, leader ? 1 : 0, terms.BelowBasisPoints, terms.AboveBasisPoints, terms.CapCents);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await connection.BeginBinaryImportAsync("COPY quotas (participant, month, quota_cents) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var p = 0; p < SalesDataSet.Participants; p++)
            {
                for (var m = 0; m < SalesDataSet.Months; m++)
                {
                    await writer.WriteRowAsync(ct, p, m + 1, data.QuotaDollars[(p * SalesDataSet.Months) + m] * 100);
                }
            }

            await writer.CompleteAsync(ct);
        }

        using (var writer = connection.BeginBinaryImport("COPY bookings (id, booking_date, amount_cents, owner, partner, owner_pct) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < data.BookingCount; i++)
            {
                writer.StartRow();
                writer.Write(i, NpgsqlDbType.Integer);
                writer.Write(SalesDataSet.DateOf(data.Day[i]), NpgsqlDbType.Date);
                writer.Write(data.AmountCents[i], NpgsqlDbType.Bigint);
                writer.Write((int)data.Owner[i], NpgsqlDbType.Integer);
                if (data.Partner[i] >= 0)
                {
                    writer.Write((int)data.Partner[i], NpgsqlDbType.Integer);
                }
                else
                {
                    writer.WriteNull();
                }

                writer.Write((int)data.OwnerPercent[i], NpgsqlDbType.Integer);
            }

            writer.Complete();
        }

        await using (var command = new NpgsqlCommand("ANALYZE", connection) { CommandTimeout = 600 })
        {
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Runs the earnings query and returns earned cents per participant × 12 + month.</summary>
    public static long[] Earnings(DbConnection connection, string query)
    {
        var earned = new long[SalesDataSet.Participants * SalesDataSet.Months];
        using var command = connection.CreateCommand();
        command.CommandText = query;
        command.CommandTimeout = 600;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var participant = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            var month = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            earned[(participant * SalesDataSet.Months) + month - 1] = Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
        }

        return earned;
    }

    public static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        command.ExecuteNonQuery();
    }
}
