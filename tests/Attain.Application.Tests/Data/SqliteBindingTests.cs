using Attain.Application.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Attain.Application.Tests.Data;

/// <summary>
/// The SQLite paths of <see cref="BulkTable{T}"/> (<see cref="SqliteBinding"/>) that no bulk-written entity of the product
/// reaches: double, boolean and short columns (plain, nullable, converted, field-only), the refusals, and the retry of a
/// busy or locked database while stepping. A test-only model on a temporary SQLite file, written through the same
/// <see cref="BulkTable.For{T}(DbContext, string[])"/> the product uses.
/// </summary>
public sealed class SqliteBindingTests : IDisposable
{
    private static readonly double[] Doubles =
    [
        0.1, -0.0, 0.0, 3.0, -2.5, 1e-300, double.Epsilon, double.MaxValue, double.MinValue,
        double.PositiveInfinity, double.NegativeInfinity, 9_007_199_254_740_993.0, 1.0 / 3.0,
    ];

    private static readonly short[] Shorts = [short.MinValue, -1, 0, 1, short.MaxValue];

    private readonly string file = Path.Combine(Path.GetTempPath(), $"attain-binding-{Guid.NewGuid():N}.db");

    /// <summary>
    /// Once on the columns as EF declares them (INTEGER, REAL: SQLite converts a value to the column's affinity), once
    /// on columns declared BLOB (no affinity: each value is stored in the storage class it was bound with).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_DoubleBooleanShortEdgeValues_StoresExactlyWhatSaveChangesStores(bool withoutAffinity)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await CreateAsync(ct, withoutAffinity: withoutAffinity);
        Assert.Equal(withoutAffinity ? "BLOB" : "REAL", db.Model.FindEntityType(typeof(Sample))!.FindProperty(nameof(Sample.Real))!.GetColumnType());
        var rows = Enumerable.Range(0, 40).Select(i => Row(batch: 1, i)).ToList();
        db.Samples.AddRange(rows);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var written = await BulkTable.For<Sample>(db).WriteAsync(db, Enumerable.Range(0, 40).Select(i => Row(batch: 2, i)), cancellationToken: ct);
            Assert.Equal(40, written);
            await transaction.CommitAsync(ct);
        }

        // The field-only column is neither a shadow property nor a CLR property: the writer's boxed path.
        var weight = db.Model.FindEntityType(typeof(Sample))!.FindProperty("weight")!;
        Assert.False(weight.IsShadowProperty());
        Assert.Null(weight.PropertyInfo);

        var tracked = await StoredAsync(db, batch: 1, ct);
        var bulk = await StoredAsync(db, batch: 2, ct);
        Assert.Equal(40, bulk.Count);
        Assert.Equal(tracked, bulk);

        // What the comparison covers, spelled out: each storage class SQLite has for these columns, and the edge values.
        // SQLite keeps no sign on a zero (row 1 was bound -0.0), on either path.
        Assert.Contains("\"Real\"=real:0.1|", bulk[0], StringComparison.Ordinal);
        Assert.Contains("\"Real\"=real:0.0|", bulk[1], StringComparison.Ordinal);
        Assert.Contains("\"Real\"=real:1.7976931348623157e+308|", bulk[7], StringComparison.Ordinal);
        Assert.Contains("\"Real\"=real:9.0e+999|", bulk[9], StringComparison.Ordinal);
        Assert.Contains("\"Real\"=real:-9.0e+999|", bulk[10], StringComparison.Ordinal);
        Assert.Contains(bulk, r => r.Contains("\"MaybeReal\"=null:NULL", StringComparison.Ordinal));
        Assert.Contains(bulk, r => r.Contains("\"Flag\"=integer:1|", StringComparison.Ordinal));
        Assert.Contains(bulk, r => r.Contains("\"Flag\"=integer:0|", StringComparison.Ordinal));
        Assert.Contains(bulk, r => r.Contains("\"MaybeFlag\"=null:NULL", StringComparison.Ordinal));
        Assert.Contains(bulk, r => r.Contains("\"Small\"=integer:-32768|", StringComparison.Ordinal));

        // And read back through EF: the same values as the tracked rows (-0.0 and 0.0 compared by their bits).
        var readTracked = await db.Samples.AsNoTracking().Where(s => s.Batch == 1).OrderBy(s => s.Number).ToListAsync(ct);
        var readBulk = await db.Samples.AsNoTracking().Where(s => s.Batch == 2).OrderBy(s => s.Number).ToListAsync(ct);
        Assert.Equal(readTracked.Select(Values), readBulk.Select(Values));
        Assert.Equal(double.MaxValue, readBulk.Single(s => s.Number == 7).Real);
        Assert.True(readBulk.Single(s => s.Number == 1).Flag is false && readBulk.Single(s => s.Number == 2).Flag);
    }

    [Fact]
    public async Task WriteAsync_NaN_RefusedNamingTheColumnAsSaveChangesRefusesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await CreateAsync(ct);
        var nan = Row(batch: 1, 0);
        nan.MaybeReal = double.NaN;
        db.Samples.Add(nan);
        var saved = await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync(ct));
        Assert.Contains("NaN", saved.ToString(), StringComparison.Ordinal);
        db.ChangeTracker.Clear();

        var rows = Enumerable.Range(0, 5).Select(i => Row(batch: 2, i)).ToList();
        rows[3].MaybeReal = double.NaN;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => BulkTable.For<Sample>(db).WriteAsync(db, rows, cancellationToken: ct));
            Assert.Equal("Cannot store 'NaN' values (column \"MaybeReal\").", refused.Message);
        }

        Assert.Equal(0, await db.Samples.CountAsync(ct));
    }

    [Fact]
    public async Task For_ByteColumn_RefusedNamingTheType()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await CreateAsync(ct);
        var refused = Assert.Throws<NotSupportedException>(() => BulkTable.For<Unsupported>(db, nameof(Unsupported.Octet)));
        Assert.Contains("Byte", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_DecimalWithoutConverter_RefusedOnSqliteBeforeAnyRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await CreateAsync(ct);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var refused = await Assert.ThrowsAsync<NotSupportedException>(() => BulkTable.For<Unsupported>(db, nameof(Unsupported.Exact)).WriteAsync(db, new[] { new Unsupported { Exact = 1.5m } }, cancellationToken: ct));
            Assert.Equal("Bulk writes on SQLite do not support Decimal columns (TEXT).", refused.Message);
        }

        Assert.Equal(0, await db.Set<Unsupported>().CountAsync(ct));
    }

    /// <summary>
    /// Another connection holds the file's write lock (<c>BEGIN IMMEDIATE</c>) when the bulk write, in a deferred
    /// transaction, steps its first row: SQLITE_BUSY. The lock is released only once the writer has stepped the
    /// statement a second time (seen through <c>sqlite3_trace</c>), so the write has met the lock and retried.
    /// </summary>
    /// <remarks>Also with <c>Default Timeout=0</c>, which Microsoft.Data.Sqlite reads as "no limit" (not "do not wait").</remarks>
    [Theory]
    [InlineData(null)]
    [InlineData("Default Timeout=0")]
    public async Task WriteAsync_FileLockedByAnotherWriterThenReleased_WaitsAndStoresAllRows(string? timeout)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await CreateAsync(ct, timeout);
        await using var holder = await HoldWriteLockAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var released = ReleaseAtTry(connection, 2, holder.Transaction.Rollback, ct);

        await using (var transaction = connection.BeginTransaction(deferred: true))
        {
            await db.Database.UseTransactionAsync(transaction, ct);
            var written = await BulkTable.For<Sample>(db).WriteAsync(db, Enumerable.Range(0, 3).Select(i => Row(batch: 2, i)), cancellationToken: ct);
            await transaction.CommitAsync(ct);
            await db.Database.UseTransactionAsync(null, ct);
            Assert.Equal(3, written);
        }

        Assert.True(released.Steps.Count > 3, $"{released.Steps.Count} steps for 3 rows: the first should have met the lock and been retried");
        Assert.Equal(3, await db.Samples.CountAsync(s => s.Batch == 2, ct));
    }

    /// <summary>
    /// The context's command timeout, when set, is the limit (as for EF's own commands), not the connection's default:
    /// with <c>Default Timeout=1</c> but a command timeout of 0 (no limit), the writer still retries after the 1 s the
    /// connection alone would allow (about 7 tries at 150 ms); the lock is released at the 20th try.
    /// </summary>
    [Fact]
    public async Task WriteAsync_ContextCommandTimeoutNoLimit_OutlastsTheConnectionDefault()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await CreateAsync(ct, "Default Timeout=1");
        db.Database.SetCommandTimeout(0);
        await using var holder = await HoldWriteLockAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var released = ReleaseAtTry(connection, 20, holder.Transaction.Rollback, ct);

        await using (var transaction = connection.BeginTransaction(deferred: true))
        {
            await db.Database.UseTransactionAsync(transaction, ct);
            await BulkTable.For<Sample>(db).WriteAsync(db, [Row(batch: 2, 0)], cancellationToken: ct);
            await transaction.CommitAsync(ct);
            await db.Database.UseTransactionAsync(null, ct);
        }

        Assert.True(released.Steps.Count >= 20, $"{released.Steps.Count} tries");
        Assert.Equal(1, await db.Samples.CountAsync(ct));
    }

    /// <summary>A cancellation while waiting for the lock ends the wait (cancelled at the second try, well within the 30 s limit).</summary>
    [Fact]
    public async Task WriteAsync_CancelledWhileWaitingForTheLock_ThrowsCancelledAndStoresNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await CreateAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tries = 0;
        await using (var holder = await HoldWriteLockAsync(ct))
        {
            await using var transaction = connection.BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(transaction, ct);
            await using (var cancelled = ReleaseAtTry(connection, 2, cancel.Cancel, ct))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BulkTable.For<Sample>(db).WriteAsync(db, Enumerable.Range(0, 3).Select(i => Row(batch: 2, i)), cancellationToken: cancel.Token));
                tries = cancelled.Steps.Count;
            }

            await transaction.RollbackAsync(ct);
            await db.Database.UseTransactionAsync(null, ct);
        }

        Assert.True(tries >= 2, $"{tries} tries");
        Assert.Equal(0, await db.Samples.CountAsync(ct));
    }

    [Fact]
    public async Task WriteAsync_FileLockNeverReleased_ThrowsDatabaseLockedAndStoresNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await CreateAsync(ct, "Default Timeout=1");
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using (var holder = await HoldWriteLockAsync(ct))
        {
            await using var transaction = connection.BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(transaction, ct);
            var locked = await Assert.ThrowsAsync<SqliteException>(() => BulkTable.For<Sample>(db).WriteAsync(db, Enumerable.Range(0, 3).Select(i => Row(batch: 2, i)), cancellationToken: ct));
            Assert.Equal(raw.SQLITE_BUSY, locked.SqliteErrorCode & 0xFF);
            Assert.Contains("database is locked", locked.Message, StringComparison.Ordinal);
            await transaction.RollbackAsync(ct);
            await db.Database.UseTransactionAsync(null, ct);
        }

        Assert.Equal(0, await db.Samples.CountAsync(ct));
        await WriteAgainAsync(db, ct);
    }

    /// <summary>
    /// Shared cache: another connection reads <c>Samples</c> in an open transaction, so it holds that table's read lock;
    /// the bulk write has already written <c>Notes</c> in its transaction and meets SQLITE_LOCKED on its first
    /// <c>Samples</c> row. The reader ends its transaction only once the writer has retried that row.
    /// </summary>
    [Fact]
    public async Task WriteAsync_TableLockedInSharedCacheThenReleased_WaitsAndStoresAllRows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await CreateAsync(ct, "Cache=Shared");
        await using var reader = await HoldTableReadLockAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var released = ReleaseAtTry(connection, 2, reader.Transaction.Rollback, ct);

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await BulkTable.For<Note>(db).WriteAsync(db, Notes(), cancellationToken: ct);
            var written = await BulkTable.For<Sample>(db).WriteAsync(db, Enumerable.Range(0, 3).Select(i => Row(batch: 2, i)), cancellationToken: ct);
            await transaction.CommitAsync(ct);
            Assert.Equal(3, written);
        }

        Assert.True(released.Steps.Count > 3, $"{released.Steps.Count} steps for 3 rows: the first should have met the lock and been retried");
        Assert.Equal(3, await db.Samples.CountAsync(ct));
        Assert.Equal(10, await db.Notes.CountAsync(ct));
    }

    [Fact]
    public async Task WriteAsync_TableLockNeverReleased_ThrowsLockedAndRollsBackTheRowsWrittenBefore()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await CreateAsync(ct, "Cache=Shared;Default Timeout=1");
        await using (var reader = await HoldTableReadLockAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            Assert.Equal(10, await BulkTable.For<Note>(db).WriteAsync(db, Notes(), cancellationToken: ct));
            var locked = await Assert.ThrowsAsync<SqliteException>(() => BulkTable.For<Sample>(db).WriteAsync(db, Enumerable.Range(0, 3).Select(i => Row(batch: 2, i)), cancellationToken: ct));
            Assert.Equal(raw.SQLITE_LOCKED, locked.SqliteErrorCode & 0xFF);
            Assert.Contains("locked", locked.Message, StringComparison.Ordinal);
            await transaction.RollbackAsync(ct);
        }

        Assert.Equal(0, await db.Notes.CountAsync(ct));
        Assert.Equal(0, await db.Samples.CountAsync(ct));
        await WriteAgainAsync(db, ct);
    }

    public void Dispose()
    {
        foreach (var suffix in new[] { string.Empty, "-journal", "-wal", "-shm" })
        {
            File.Delete(file + suffix);
        }
    }

    /// <summary>Row <paramref name="i"/>: cycles through the edge values, every third nullable column NULL.</summary>
    private static Sample Row(int batch, int i)
    {
        var sample = new Sample
        {
            Batch = batch,
            Number = i,
            Real = Doubles[i % Doubles.Length],
            MaybeReal = i % 3 == 0 ? null : Doubles[(i + 5) % Doubles.Length],
            Flag = i % 2 == 0,
            MaybeFlag = (i % 3) switch { 0 => null, 1 => true, _ => false },
            Small = Shorts[i % Shorts.Length],
            MaybeSmall = i % 3 == 0 ? null : Shorts[(i + 2) % Shorts.Length],
            Single = i % 4 == 0 ? 0.1f : i % 4 == 1 ? float.MaxValue : i % 4 == 2 ? -0.0f : float.NegativeInfinity,
            Checked = i % 5 != 0,
        };
        sample.Weigh(i % 2 == 0 ? double.Epsilon : -Doubles[i % Doubles.Length]);
        return sample;
    }

    private static IEnumerable<Note> Notes() => Enumerable.Range(1, 10).Select(i => new Note { Text = $"note {i}" });

    private static string Values(Sample s) => string.Join(
        "|",
        s.Number,
        BitConverter.DoubleToInt64Bits(s.Real),
        s.MaybeReal is { } r ? BitConverter.DoubleToInt64Bits(r) : "null",
        s.Flag,
        s.MaybeFlag?.ToString() ?? "null",
        s.Small,
        s.MaybeSmall?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null",
        BitConverter.SingleToInt32Bits(s.Single),
        s.Checked,
        BitConverter.DoubleToInt64Bits(s.Weight));

    /// <summary>Every bulk-written column but the batch as SQLite stores it (<c>typeof</c> and <c>quote</c>), a batch's rows in order.</summary>
    private static async Task<List<string>> StoredAsync(SampleContext db, int batch, CancellationToken ct)
    {
        var table = BulkTable.For<Sample>(db);
        var columns = table.Columns.Where(c => c != "\"Batch\"").Select(c => $"'{c.Replace("'", "''", StringComparison.Ordinal)}=' || typeof({c}) || ':' || quote({c})");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT {string.Join(" || '|' || ", columns)} FROM {table.Name} WHERE \"Batch\" = {batch} ORDER BY \"Number\"";
        await db.Database.OpenConnectionAsync(ct);
        var stored = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stored.Add(reader.GetString(0) + "|");
        }

        return stored;
    }

    /// <summary>The failed write left the connection usable: the same context writes and commits afterwards.</summary>
    private static async Task WriteAgainAsync(SampleContext db, CancellationToken ct)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await BulkTable.For<Sample>(db).WriteAsync(db, Enumerable.Range(0, 3).Select(i => Row(batch: 3, i)), cancellationToken: ct);
            await transaction.CommitAsync(ct);
        }

        Assert.Equal(3, await db.Samples.CountAsync(ct));
    }

    /// <summary>
    /// Counts the statements starting with <paramref name="prefix"/> that <paramref name="connection"/> begins to step
    /// (once per row, and once more per retry), and sets <paramref name="reached"/> at the count <paramref name="at"/> picks.
    /// </summary>
    private static Steps Trace(SqliteConnection connection, string prefix, Func<int, bool> at, ManualResetEventSlim reached)
    {
        var steps = new Steps();
        raw.sqlite3_trace(
            connection.Handle,
            (_, sql) =>
            {
                if (sql.utf8_to_string().StartsWith(prefix, StringComparison.Ordinal) && at(Interlocked.Increment(ref steps.Count)))
                {
                    reached.Set();
                }
            },
            null);
        return steps;
    }

    /// <summary>
    /// Runs <paramref name="release"/> on another thread once the write on <paramref name="connection"/> has begun its
    /// <c>Samples</c> insert for the <paramref name="attempt"/>-th time (so it has met the lock and retried). Disposing it
    /// releases too (a failed write must not leave the lock held) and waits for that thread.
    /// </summary>
    private static ReleaseOnTry ReleaseAtTry(SqliteConnection connection, int attempt, Action release, CancellationToken ct)
    {
        var reached = new ManualResetEventSlim();
        var steps = Trace(connection, "INSERT INTO \"Samples\"", count => count == attempt, reached);
        var releasing = Task.Run(
            () =>
            {
                reached.Wait(ct);
                release();
            },
            ct);
        return new ReleaseOnTry(steps, reached, releasing);
    }

    private async Task<SampleContext> CreateAsync(CancellationToken ct, string? options = null, bool withoutAffinity = false)
    {
        var connectionString = $"Data Source={file};Pooling=False" + (options is null ? string.Empty : ";" + options);
        var db = withoutAffinity ? new BlobSampleContext(connectionString) : new SampleContext(connectionString);
        await db.Database.EnsureCreatedAsync(ct);
        return db;
    }

    /// <summary>A second connection to the file holding its write lock until its transaction ends.</summary>
    private async Task<HeldLock> HoldWriteLockAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync(ct);
        return new HeldLock(connection, connection.BeginTransaction(deferred: false));
    }

    /// <summary>A second shared-cache connection that has read <c>Samples</c> in a transaction it keeps open (the table's read lock).</summary>
    private async Task<HeldLock> HoldTableReadLockAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False;Cache=Shared");
        await connection.OpenAsync(ct);
        var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM \"Samples\"";
        Assert.Equal(0L, await command.ExecuteScalarAsync(ct));
        return new HeldLock(connection, transaction);
    }

    /// <summary>A release waiting for a try (<see cref="ReleaseAtTry"/>), and the steps counted so far.</summary>
    private sealed class ReleaseOnTry(Steps steps, ManualResetEventSlim reached, Task releasing) : IAsyncDisposable
    {
        public Steps Steps { get; } = steps;

        public async ValueTask DisposeAsync()
        {
            reached.Set();
            await releasing;
            reached.Dispose();
        }
    }

    private sealed record HeldLock(SqliteConnection Connection, SqliteTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    private sealed class Steps
    {
        public int Count;
    }
}

/// <summary>A row with a column of every type <see cref="SqliteBinding"/> binds that the product's bulk-written entities lack.</summary>
public class Sample
{
    private double weight;

    public long Id { get; set; }

    public int Batch { get; set; }

    public int Number { get; set; }

    public double Real { get; set; }

    public double? MaybeReal { get; set; }

    public bool Flag { get; set; }

    public bool? MaybeFlag { get; set; }

    public short Small { get; set; }

    public short? MaybeSmall { get; set; }

    /// <summary>Stored as a double through a value converter.</summary>
    public float Single { get; set; }

    /// <summary>Stored as an integer 0/1 through <c>BoolToZeroOneConverter</c>.</summary>
    public bool Checked { get; set; }

    /// <summary>A field-only column (no property): bound through the boxed path of <see cref="BulkTable{T}"/>.</summary>
    public double Weight => weight;

    public void Weigh(double value) => weight = value;
}

/// <summary>A table written before <see cref="Sample"/> in the same transaction.</summary>
public class Note
{
    public long Id { get; set; }

    public required string Text { get; set; }
}

/// <summary>Columns the bulk writer refuses.</summary>
public class Unsupported
{
    public long Id { get; set; }

    public byte Octet { get; set; }

    public decimal Exact { get; set; }
}

internal class SampleContext(string connectionString) : DbContext
{
    public DbSet<Sample> Samples => Set<Sample>();

    public DbSet<Note> Notes => Set<Note>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite(connectionString);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Sample>(b =>
        {
            b.Ignore(s => s.Weight);
            b.Property<double>("weight");
            b.Property(s => s.Single).HasConversion<double>();
            b.Property(s => s.Checked).HasConversion<int>();
        });
        modelBuilder.Entity<Note>();
        modelBuilder.Entity<Unsupported>();
    }
}

/// <summary><see cref="SampleContext"/> with every column of <see cref="Sample"/> but its key declared BLOB (no type affinity).</summary>
internal sealed class BlobSampleContext(string connectionString) : SampleContext(connectionString)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var property in modelBuilder.Entity<Sample>().Metadata.GetProperties().Where(p => !p.IsPrimaryKey()))
        {
            property.SetColumnType("BLOB");
        }
    }
}
