using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Attain.Application.Access;
using Attain.Application.Analytics;
using Attain.Application.Bookings.BulkLoad;
using Attain.Application.Calendar;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Attain.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Attain.Benchmarks.Load;

/// <summary>
/// Timed runs of the dashboards' server work (<see cref="DashboardService"/>, everything a page or the API computes):
/// the rep's, manager's and executive's dashboards on the demo company (goal &lt; 300 ms each), and the executive
/// dashboard on the scale data set with N bookings (goal &lt; 2 s), on SQLite and PostgreSQL. Each run uses a fresh
/// DbContext; one untimed warm-up run precedes them; the median is reported.
/// </summary>
public static class DashboardsCommand
{
    /// <summary>The same as-of date as the load benchmarks; "today" for the dashboards too.</summary>
    private static readonly DemoOptions Options = new(new DateOnly(2026, 11, 27));

    /// <summary>The last whole fiscal quarter of the data (August to October 2026): its trend reaches back two years.</summary>
    private const string ScalePeriod = "FY2027-Q3";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var rows = BenchmarkOptions.AtLeast(new Option<long>("--rows")
        {
            Description = "Scale bookings for the executive dashboard (0: none).",
            HelpName = "N",
            DefaultValueFactory = _ => 1_000_000,
        }, 0);
        var runs = BenchmarkOptions.Runs(5, "Timed runs per dashboard after one untimed warm-up; the median is reported.");
        var store = BenchmarkOptions.Store();
        var noDemo = BenchmarkOptions.Flag("--no-demo", "Skip the demo company's three dashboards.");
        var command = new Command("dashboards", "Timed dashboards (DashboardService): the demo company's three, and the executive's over N scale bookings.")
        {
            rows, runs, store, noDemo,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(rows), parse.GetValue(runs), parse.GetRequiredValue(store), !parse.GetValue(noDemo)));
        return command;
    }

    private static async Task<int> RunAsync(long rows, int runs, string store, bool demo)
    {
        Console.WriteLine(string.Create(Invariant, $"dashboards: scale rows {rows:N0}, runs {runs}, store {store}, demo {(demo ? "yes" : "no")}"));
        Console.WriteLine($"load average at start (1, 5, 15 min): {LoadAverage()}");
        var ct = CancellationToken.None;
        var ok = true;
        if (store is "sqlite" or "both")
        {
            var folder = Directory.CreateTempSubdirectory("attain-bench-dash-");
            try
            {
                if (demo)
                {
                    ok &= await DemoAsync("sqlite", SqliteOptions(Path.Combine(folder.FullName, "demo.db")), runs, ct);
                }

                if (rows > 0)
                {
                    ok &= await ScaleAsync("sqlite", SqliteOptions(Path.Combine(folder.FullName, "scale.db")), rows, runs, ct);
                }
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        if (store is "postgres" or "both")
        {
            await using var server = await PostgresServer.StartAsync(ct);
            if (demo)
            {
                ok &= await DemoAsync("postgres", PostgresOptions(await server.CreateDatabaseAsync("dash_demo", ct)), runs, ct);
            }

            if (rows > 0)
            {
                ok &= await ScaleAsync("postgres", PostgresOptions(await server.CreateDatabaseAsync("dash_scale", ct)), rows, runs, ct);
            }
        }

        Console.WriteLine($"load average at end (1, 5, 15 min): {LoadAverage()}");
        return ok ? 0 : 1;
    }

    private static async Task<bool> DemoAsync(string name, StoreOptions options, int runs, CancellationToken ct)
    {
        var setup = Stopwatch.StartNew();
        long repId, managerId;
        await using (var db = Context(options))
        {
            await StoreRegistration.MigrateAsync(db, options, ct);
            await DemoCompanyLoader.LoadAsync(db, Options, progress: null, ct);
            repId = await db.People.Where(p => p.ExternalId == DemoCompany.Ids.Rep).Select(p => p.Id).SingleAsync(ct);
            managerId = await db.People.Where(p => p.ExternalId == DemoCompany.Ids.ManagerNorthAmericaEast1).Select(p => p.Id).SingleAsync(ct);
        }

        Console.WriteLine(string.Create(Invariant, $"{name}: loaded the demo company in {setup.Elapsed.TotalSeconds:0.0} s (not timed)"));
        var ok = true;
        ok &= await TimeAsync($"{name} demo rep dashboard", runs, 0.3, options, async (service, db) =>
            (await service.RepAsync(await ScopeAsync(db, repId, Roles.Rep, ct), repId, new DashboardQuery(), ct)).Result?.Bookings.Value);
        ok &= await TimeAsync($"{name} demo manager dashboard", runs, 0.3, options, async (service, db) =>
            (await service.ManagerAsync(await ScopeAsync(db, managerId, Roles.Manager, ct), managerId, new DashboardQuery(), ct)).Result?.Bookings.Value);
        ok &= await TimeAsync($"{name} demo executive dashboard", runs, 0.3, options, async (service, _) =>
            (await service.ExecutiveAsync(Scope.All, new DashboardQuery(), ct)).Result?.Bookings.Value);
        return ok;
    }

    private static async Task<bool> ScaleAsync(string name, StoreOptions options, long rows, int runs, CancellationToken ct)
    {
        var scale = new DemoScale(Options);
        var setup = Stopwatch.StartNew();
        await using (var db = Context(options))
        {
            await StoreRegistration.MigrateAsync(db, options, ct);
            await DemoCompanyLoader.LoadScaleAsync(db, scale, bookings: 0, progress: null, ct);
            db.FxRates.AddRange(DemoCompanyGenerator.Generate(Options).FxRates);
            await db.SaveChangesAsync(ct);
            await new BookingBulkWriter(TimeProvider.System).WriteAsync(db, scale.BookingsAsync(rows), "benchmark: dashboards", ct);

            // Fresh statistics after the bulk load, as a nightly maintenance job would have; PostgreSQL's VACUUM also
            // sets the visibility map that index-only scans need.
            await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? "VACUUM ANALYZE \"Bookings\"" : "ANALYZE", ct);
        }

        Console.WriteLine(string.Create(Invariant, $"{name}: loaded {rows:N0} scale bookings in {setup.Elapsed.TotalSeconds:0.0} s (not timed)"));
        return await TimeAsync(string.Create(Invariant, $"{name} scale executive dashboard ({rows:N0} bookings, {ScalePeriod} and its 8-quarter trend)"), runs, 2.0, options,
            async (service, _) => (await service.ExecutiveAsync(Scope.All, new DashboardQuery(ScalePeriod), ct)).Result?.Bookings.Value);
    }

    private static async Task<bool> TimeAsync(string what, int runs, double goalSeconds, StoreOptions options, Func<DashboardService, AttainDbContext, Task<decimal?>> work)
    {
        var times = new List<double>();
        var cpu = new List<double>();
        decimal? value = null;
        for (var run = 0; run <= runs; run++)
        {
            await using var db = Context(options);
            var service = new DashboardService(db, new OrganisationTime(db, new FixedClock()));
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            value = await work(service, db);
            stopwatch.Stop();
            if (run > 0)
            {
                times.Add(stopwatch.Elapsed.TotalSeconds);
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
            }
        }

        var sorted = times.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        Console.WriteLine(string.Create(Invariant,
            $"{what}: runs {string.Join(", ", times.Select(t => (t * 1000).ToString("0", Invariant)))} ms; median {median * 1000:0} ms; goal < {goalSeconds * 1000:0} ms: {(median < goalSeconds ? "met" : "NOT met")}; bookings {value}"));
        // This process's CPU time (SQLite works in-process; PostgreSQL's server time is not in it): on a shared machine it
        // shows the work apart from the wait for a core.
        var cpuSorted = cpu.Order().ToList();
        Console.WriteLine(string.Create(Invariant, $"{what}: CPU time of this process per run {string.Join(", ", cpu.Select(t => (t * 1000).ToString("0", Invariant)))} ms; median {cpuSorted[cpuSorted.Count / 2] * 1000:0} ms"));
        return value is not null;
    }

    private static Task<Scope> ScopeAsync(AttainDbContext db, long personId, string role, CancellationToken ct) =>
        new ScopeResolver(db, new OrganisationTime(db, new FixedClock())).ResolveAsync(new Viewer("bench", "bench", personId, new HashSet<string> { role }), ct);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static StoreOptions SqliteOptions(string file) =>
        new() { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={file};Pooling=False" };

    private static StoreOptions PostgresOptions(string connectionString) =>
        new()
        {
            Provider = StoreProvider.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 1200 }.ConnectionString,
        };

    private static AttainDbContext Context(StoreOptions options)
    {
        var builder = new DbContextOptionsBuilder<AttainDbContext>();
        StoreRegistration.Configure(builder, options);
        return new AttainDbContext(builder.Options, new ChangeContext { Actor = "system:benchmark" });
    }

    /// <summary>Noon UTC on the as-of date: "today" for the dashboards, whatever the machine's clock.</summary>
    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(Options.AsOf.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }
}
