using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Attain.Application.Data;

/// <summary>
/// Binds values to a prepared SQLite statement and steps it, below Microsoft.Data.Sqlite (for <see cref="BulkTable{T}"/>):
/// each value typed, text as UTF-16 straight from the string or a reused character buffer, stored exactly as
/// Microsoft.Data.Sqlite stores the same value bound as a parameter (integers and booleans as integers, a date as the
/// text <c>yyyy-MM-dd</c>, NaN refused). Other types (decimals and instants are converted to integers and text by the
/// model's converters first) are not bound here.
/// </summary>
internal static class SqliteBinding
{
    /// <summary>The characters a date is formatted into.</summary>
    public const int BufferLength = 16;

    /// <summary>How Microsoft.Data.Sqlite writes a date (SqliteValueBinder).</summary>
    private const string DateFormat = "yyyy-MM-dd";

    public static void Int64(sqlite3_stmt statement, int index, long value) => Check(statement, raw.sqlite3_bind_int64(statement, index, value));

    public static void Boolean(sqlite3_stmt statement, int index, bool value) => Int64(statement, index, value ? 1 : 0);

    /// <summary>
    /// Binds a double (infinities and -0.0 as they are, as Microsoft.Data.Sqlite binds them); NaN is refused, as
    /// <c>SaveChanges</c> refuses it, naming <paramref name="column"/>.
    /// </summary>
    public static void Double(sqlite3_stmt statement, int index, double value, string column)
    {
        if (double.IsNaN(value))
        {
            throw new InvalidOperationException($"Cannot store 'NaN' values (column {column}).");
        }

        Check(statement, raw.sqlite3_bind_double(statement, index, value));
    }

    public static void Text(sqlite3_stmt statement, int index, string value) => Check(statement, raw.sqlite3_bind_text16(statement, index, value.AsSpan()));

    public static void Date(sqlite3_stmt statement, int index, DateOnly value, char[] buffer)
    {
        if (!value.TryFormat(buffer, out var length, DateFormat, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"The date {value} does not fit the bind buffer.");
        }

        Check(statement, raw.sqlite3_bind_text16(statement, index, buffer.AsSpan(0, length)));
    }

    public static void Null(sqlite3_stmt statement, int index) => Check(statement, raw.sqlite3_bind_null(statement, index));

    /// <summary>
    /// Runs the bound statement once and resets it for the next row. Like Microsoft.Data.Sqlite, a busy or locked
    /// database is retried (every 150 ms) until <paramref name="timeout"/> has passed, without limit when it is zero
    /// (as a command timeout of 0 means there); then, or on any other failure, it throws a <see cref="SqliteException"/>
    /// (the statement is reset first, so only this row's insert is undone). A cancellation ends the wait between tries.
    /// </summary>
    public static void Step(sqlite3 db, sqlite3_stmt statement, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(statement);
            return;
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (IsBusy(rc) && (timeout == TimeSpan.Zero || waited.Elapsed < timeout))
        {
            raw.sqlite3_reset(statement);
            Thread.Sleep(150);
            cancellationToken.ThrowIfCancellationRequested();
            rc = raw.sqlite3_step(statement);
        }

        try
        {
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>Throws for a failed prepare or bind (the result code and the connection's message).</summary>
    public static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private static void Check(sqlite3_stmt statement, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, raw.sqlite3_db_handle(statement));
        }
    }

    private static bool IsBusy(int rc) => (rc & 0xFF) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED;
}
