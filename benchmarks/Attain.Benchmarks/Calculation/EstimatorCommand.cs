using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Attain.Application.Access;
using Attain.Application.Calendar;
using Attain.Application.ChangeLog;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Testing.Postgres;
using Microsoft.EntityFrameworkCore;

namespace Attain.Benchmarks.Calculation;

/// <summary>
/// Timed estimates (<see cref="EstimatorService"/>, what <c>POST /api/v1/estimates</c> runs) on the demo company, goal
/// &lt; 200 ms each: the demo rep EMP-0101 adds their open opportunities and a typed deal of 50,000 in FY2027-Q4. The
/// first estimate of a store loads the fiscal year's input (reported apart, "cold"); the timed runs each use a fresh
/// DbContext and the app's one <see cref="EstimatorCache"/>, as requests do, and change the deal's amount every run.
/// </summary>
public static class EstimatorCommand
{
    private static readonly DemoOptions Options = new(new DateOnly(2026, 11, 27));
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var runs = BenchmarkOptions.Runs(20, "Timed estimates after the cold one; the median is reported.");
        var store = BenchmarkOptions.Store();
        var command = new Command("estimator", "Timed estimates (EstimatorService) for EMP-0101 on the demo company, goal < 200 ms each.") { runs, store };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(runs), parse.GetRequiredValue(store)));
        return command;
    }

    private static async Task<int> RunAsync(int runs, string store)
    {
        Console.WriteLine($"estimator: runs {runs}, store {store}; load average at start: {LoadAverage()}");
        var ok = true;
        var ct = CancellationToken.None;
        if (store is "sqlite" or "both")
        {
            var folder = Directory.CreateTempSubdirectory("attain-bench-estimator-");
            try
            {
                ok &= await TimeAsync("sqlite", new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder.FullName, "demo.db")};Pooling=False" }, runs, ct);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        if (store is "postgres" or "both")
        {
            await using var server = await PostgresServer.StartAsync(ct);
            ok &= await TimeAsync("postgres", new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("estimator", ct) }, runs, ct);
        }

        Console.WriteLine($"load average at end: {LoadAverage()}");
        return ok ? 0 : 1;
    }

    private static async Task<bool> TimeAsync(string name, StoreOptions options, int runs, CancellationToken ct)
    {
        long rep;
        string currency;
        List<long> opportunities;
        await using (var db = Context(options))
        {
            await StoreRegistration.MigrateAsync(db, options, ct);
            await DemoCompanyLoader.LoadAsync(db, Options, progress: null, ct);
            var person = await db.People.Where(p => p.ExternalId == DemoCompany.Ids.Rep).Select(p => new { p.Id, p.PayCurrency }).SingleAsync(ct);
            (rep, currency) = (person.Id, person.PayCurrency);
            opportunities = await db.Opportunities.Where(o => o.OwnerId == rep && o.Status == OpportunityStatus.Open && o.Amount > 0)
                .OrderBy(o => o.Id).Select(o => o.Id).Take(3).ToListAsync(ct);
        }

        var cache = new EstimatorCache();
        var viewer = new Viewer("bench", "bench", rep, new HashSet<string> { Roles.Rep });
        var scope = Scope.Only([rep]);
        var times = new List<double>();
        var cpu = new List<double>();
        decimal extra = 0m;
        for (var run = 0; run <= runs; run++)
        {
            await using var db = Context(options);
            var service = new EstimatorService(db, cache, new OrganisationTime(db, new FixedClock()));
            var request = new EstimateRequest(null, opportunities, [new HypotheticalDeal(50_000m + run, currency, new DateOnly(2026, 12, 10), null)]);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var outcome = await service.EstimateAsync(viewer, scope, request, ct);
            stopwatch.Stop();
            if (outcome.Value is not { } estimate)
            {
                Console.WriteLine($"{name}: estimate failed: {string.Join("; ", outcome.Issues.Select(i => i.Message))}");
                return false;
            }

            extra = estimate.Totals.Sum(t => t.Extra);
            if (run == 0)
            {
                Console.WriteLine(string.Create(Invariant, $"{name} first estimate (loads the fiscal year's input, cold): {stopwatch.Elapsed.TotalMilliseconds:0} ms"));
                continue;
            }

            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        var median = Median(times);
        Console.WriteLine(string.Create(Invariant,
            $"{name} estimate ({opportunities.Count} opportunities + 1 typed deal): runs {string.Join(", ", times.Select(t => t.ToString("0", Invariant)))} ms; median {median:0} ms; goal < 200 ms: {(median < 200 ? "met" : "NOT met")}; extra earnings {extra} {currency}"));
        Console.WriteLine(string.Create(Invariant, $"{name} estimate: CPU time of this process per run, median {Median(cpu):0} ms"));
        return median < 200;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static AttainDbContext Context(StoreOptions options)
    {
        var builder = new DbContextOptionsBuilder<AttainDbContext>();
        StoreRegistration.Configure(builder, options);
        return new AttainDbContext(builder.Options, new ChangeContext { Actor = "system:benchmark" });
    }

    /// <summary>Noon UTC on the as-of date: "today" for the estimator, whatever the machine's clock.</summary>
    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(Options.AsOf.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }
}
