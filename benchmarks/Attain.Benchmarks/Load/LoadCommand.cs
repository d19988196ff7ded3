using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Attain.Application.Bookings;
using Attain.Application.Bookings.BulkLoad;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Attain.Benchmarks.Load;

/// <summary>
/// Timed runs (not BenchmarkDotNet: one run takes seconds and needs a fresh database) of bulk loads:
/// <c>load</c> writes N bookings of the scale data set into a fresh SQLite file and a fresh PostgreSQL 15 database;
/// <c>demo</c> loads the demo company. Each run starts from a copy of a prepared store; the median is reported.
/// </summary>
public static class LoadCommand
{
    private const string Reason = "benchmark: bulk load";

    /// <summary>A fixed as-of date so every machine loads the same rows.</summary>
    private static readonly DemoOptions Options = new(new DateOnly(2026, 11, 27));

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The write under test: the application's own bulk path, the one imports use.</summary>
    private static Task WriteAsync(AttainDbContext db, IAsyncEnumerable<Booking> rows, CancellationToken cancellationToken) =>
        new BookingBulkWriter(TimeProvider.System).WriteAsync(db, rows, Reason, cancellationToken);

    /// <summary><c>load</c> or <c>demo</c>: the same options; <c>demo</c> accepts <c>--rows</c> as before but has no use for it.</summary>
    public static Command Create(string name)
    {
        var rows = BenchmarkOptions.AtLeast(new Option<long>("--rows")
        {
            Description = "Scale bookings written per run.",
            HelpName = "N",
            DefaultValueFactory = _ => 1_000_000,
            Hidden = name == "demo",
        }, 1);
        var runs = BenchmarkOptions.Runs(3, "Timed runs per store, each into a fresh database; the median is reported.");
        var store = BenchmarkOptions.Store();
        var command = new Command(name, name == "load"
            ? "N scale bookings through BookingBulkWriter into a fresh SQLite file and a fresh PostgreSQL 15 database."
            : "The demo company (a change-log entry per row) into fresh SQLite and PostgreSQL.")
        {
            rows, runs, store,
        };
        command.SetAction((parse, _) => RunAsync(new Settings(name, parse.GetValue(rows), parse.GetValue(runs), parse.GetRequiredValue(store))));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings)
    {
        Console.WriteLine(string.Create(Invariant,
            $"{settings.Command}: {(settings.Command == "load" ? $"rows {settings.Rows:N0}, " : string.Empty)}runs {settings.Runs}, store {settings.Store}"));
        Console.WriteLine(string.Create(Invariant,
            $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {(Debugger.IsAttached ? "debugger" : "no debugger")}"));
        Console.WriteLine($"load average at start (1, 5, 15 min): {LoadAverage()}");
        var ok = true;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var ct = cancel.Token;

        if (settings.Command == "load")
        {
            var scale = new DemoScale(Options);
            var generate = Stopwatch.StartNew();
            long generated = 0;
            foreach (var _ in scale.Bookings(settings.Rows))
            {
                generated++;
            }

            Console.WriteLine(string.Create(Invariant, $"generate only: {generated:N0} rows in {generate.Elapsed.TotalSeconds:0.00} s"));
            if (settings.Store is "sqlite" or "both")
            {
                ok &= await SqliteAsync(settings, scale, ct);
            }

            if (settings.Store is "postgres" or "both")
            {
                ok &= await PostgresAsync(settings, scale, ct);
            }
        }
        else
        {
            var generate = Stopwatch.StartNew();
            var company = DemoCompanyGenerator.Generate(Options);
            Console.WriteLine(string.Create(Invariant,
                $"generate demo company: {generate.Elapsed.TotalSeconds:0.00} s ({company.Activities.Count:N0} activities, {company.Bookings.Count:N0} bookings, {company.Opportunities.Count:N0} opportunities)"));
            if (settings.Store is "sqlite" or "both")
            {
                ok &= await DemoSqliteAsync(settings, ct);
            }

            if (settings.Store is "postgres" or "both")
            {
                ok &= await DemoPostgresAsync(settings, ct);
            }
        }

        Console.WriteLine($"load average at end (1, 5, 15 min): {LoadAverage()}");
        return ok ? 0 : 1;
    }

    /// <summary>Other work on a shared machine skews timings; the figures are recorded with it.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<bool> SqliteAsync(Settings settings, DemoScale scale, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("attain-bench-");
        try
        {
            var template = Path.Combine(folder.FullName, "template.db");
            var setup = Stopwatch.StartNew();
            await using (var db = Sqlite(template))
            {
                await StoreRegistration.MigrateAsync(db, SqliteOptions(template), ct);
                await DemoCompanyLoader.LoadScaleAsync(db, scale, bookings: 0, progress: null, ct);
            }

            Console.WriteLine(string.Create(Invariant, $"sqlite: prepared {scale.Participants:N0} people and {scale.AccountCount:N0} accounts in {setup.Elapsed.TotalSeconds:0.0} s (not timed below)"));
            var times = new List<TimeSpan>();
            var ok = true;
            for (var run = 1; run <= settings.Runs; run++)
            {
                var file = Path.Combine(folder.FullName, $"run{run}.db");
                File.Copy(template, file);
                await using var db = Sqlite(file);
                var stopwatch = Stopwatch.StartNew();
                await WriteAsync(db, scale.BookingsAsync(settings.Rows), ct);
                stopwatch.Stop();
                ok &= await VerifyAsync(db, settings.Rows, ct);
                times.Add(stopwatch.Elapsed);
                Console.WriteLine(string.Create(Invariant, $"sqlite run {run}: {stopwatch.Elapsed.TotalSeconds:0.00} s"));
                File.Delete(file);
            }

            Summarise("sqlite", settings.Rows, times, goalSeconds: 15);
            return ok;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<bool> PostgresAsync(Settings settings, DemoScale scale, CancellationToken ct)
    {
        await using var server = await PostgresServer.StartAsync(ct);
        var setup = Stopwatch.StartNew();
        await using (var db = Postgres(await server.CreateDatabaseAsync("bench_template", ct)))
        {
            await db.Database.MigrateAsync(ct);
            await DemoCompanyLoader.LoadScaleAsync(db, scale, bookings: 0, progress: null, ct);
        }

        NpgsqlConnection.ClearAllPools();
        Console.WriteLine(string.Create(Invariant, $"postgres: prepared {scale.Participants:N0} people and {scale.AccountCount:N0} accounts in {setup.Elapsed.TotalSeconds:0.0} s (not timed below)"));
        var times = new List<TimeSpan>();
        var ok = true;
        for (var run = 1; run <= settings.Runs; run++)
        {
            var name = string.Create(Invariant, $"bench_run{run}");
            await AdminAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"bench_template\"", ct);
            await using (var db = Postgres(server.ConnectionString(name)))
            {
                var stopwatch = Stopwatch.StartNew();
                await WriteAsync(db, scale.BookingsAsync(settings.Rows), ct);
                stopwatch.Stop();
                ok &= await VerifyAsync(db, settings.Rows, ct);
                times.Add(stopwatch.Elapsed);
                Console.WriteLine(string.Create(Invariant, $"postgres run {run}: {stopwatch.Elapsed.TotalSeconds:0.00} s"));
            }

            await server.DropDatabaseAsync(name, ct);
        }

        Summarise("postgres", settings.Rows, times, goalSeconds: 10);
        return ok;
    }

    private static async Task<bool> DemoSqliteAsync(Settings settings, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("attain-bench-");
        try
        {
            var times = new List<TimeSpan>();
            for (var run = 1; run <= settings.Runs; run++)
            {
                var file = Path.Combine(folder.FullName, $"demo{run}.db");
                await using var db = Sqlite(file);
                await StoreRegistration.MigrateAsync(db, SqliteOptions(file), ct);
                var result = await DemoCompanyLoader.LoadAsync(db, Options, progress: null, ct);
                times.Add(result.Elapsed);
                Console.WriteLine(string.Create(Invariant, $"sqlite demo run {run}: {result.Rows:N0} rows in {result.Elapsed.TotalSeconds:0.00} s"));
            }

            Summarise("sqlite demo", rows: 0, times, goalSeconds: 20);
            return true;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<bool> DemoPostgresAsync(Settings settings, CancellationToken ct)
    {
        await using var server = await PostgresServer.StartAsync(ct);
        var times = new List<TimeSpan>();
        for (var run = 1; run <= settings.Runs; run++)
        {
            await using var db = Postgres(await server.CreateDatabaseAsync(string.Create(Invariant, $"demo_run{run}"), ct));
            await db.Database.MigrateAsync(ct);
            var result = await DemoCompanyLoader.LoadAsync(db, Options, progress: null, ct);
            times.Add(result.Elapsed);
            Console.WriteLine(string.Create(Invariant, $"postgres demo run {run}: {result.Rows:N0} rows in {result.Elapsed.TotalSeconds:0.00} s"));
        }

        Summarise("postgres demo", rows: 0, times, goalSeconds: 20);
        return true;
    }

    private static async Task<bool> VerifyAsync(AttainDbContext db, long rows, CancellationToken ct)
    {
        var count = await db.Bookings.LongCountAsync(ct);
        var entries = await db.ChangeLog.CountAsync(e => e.Entity == nameof(Booking), ct);
        var bulk = await db.ChangeLog.CountAsync(e => e.Operation == ChangeOperation.BulkInsert, ct);
        if (count == rows && entries <= 1 && bulk == 1)
        {
            return true;
        }

        await Console.Error.WriteLineAsync(string.Create(Invariant,
            $"verification failed: {count:N0} bookings (expected {rows:N0}), {entries} booking change-log entries, {bulk} bulk entries (expected 1)"));
        return false;
    }

    private static void Summarise(string store, long rows, List<TimeSpan> times, double goalSeconds)
    {
        var sorted = times.Select(t => t.TotalSeconds).Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        var rate = rows > 0 ? string.Create(Invariant, $", {rows / median:N0} rows/s") : string.Empty;
        Console.WriteLine(string.Create(Invariant,
            $"{store}: median {median:0.00} s of {sorted.Count} (min {sorted[0]:0.00}, max {sorted[^1]:0.00}){rate}; goal < {goalSeconds} s: {(median < goalSeconds ? "met" : "NOT met")}"));
    }

    private static StoreOptions SqliteOptions(string file) =>
        new() { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={file};Pooling=False" };

    private static AttainDbContext Sqlite(string file) => Context(SqliteOptions(file));

    /// <summary>A COPY of a million rows finishes with the foreign-key checks, which can outlast Npgsql's 30 s default on a busy machine.</summary>
    private static AttainDbContext Postgres(string connectionString) =>
        Context(new StoreOptions
        {
            Provider = StoreProvider.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 600 }.ConnectionString,
        });

    private static AttainDbContext Context(StoreOptions options)
    {
        var builder = new DbContextOptionsBuilder<AttainDbContext>();
        StoreRegistration.Configure(builder, options);
        return new AttainDbContext(builder.Options, new ChangeContext { Actor = "system:benchmark" });
    }

    private static async Task AdminAsync(PostgresServer server, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed record Settings(string Command, long Rows, int Runs, string Store);
}
