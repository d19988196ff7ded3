using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Attain.Application.Bookings.BulkLoad;
using Attain.Application.ChangeLog;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Quotas;
using Attain.Benchmarks.EngineVsSql;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using FxRate = Attain.Application.Currencies.FxRate;

namespace Attain.Benchmarks.CompRun;

/// <summary>
/// <c>comp-run</c>: a full calc run of one period end to end through <see cref="CalculationRunService.RunAsync"/> (read
/// the period's input from the store, calculate, write the results, publish) on the scale data set of <c>load</c>
/// (N bookings over 24 months), with the engine-vs-sql plans assigned to every participant (see benchmarks/README.md).
/// Phases come from the run's own progress reports (start, read, calculate, write, publish), each with wall and
/// processor time, bytes allocated and peak working set.
/// </summary>
public static class CompRunCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The as-of date of the scale data set; the period run is the last complete month before it.</summary>
    private static readonly DemoOptions Options = new(new DateOnly(2026, 11, 27));

    public static Command Create()
    {
        var bookings = BenchmarkOptions.AtLeast(new Option<long>("--bookings")
        {
            Description = "Scale bookings in the store (24 months; the run reads the fiscal year to date, about 37.5 % of them).",
            HelpName = "N",
            DefaultValueFactory = _ => 10_000_000,
        }, 1);
        var runs = BenchmarkOptions.Runs(1, "Timed runs per store, each on a fresh DbContext.");
        var store = BenchmarkOptions.Store();
        var keep = BenchmarkOptions.NotBlank(new Option<string?>("--keep-store")
        {
            Description = "SQLite: keep the prepared store in DIR (made once, then each invocation runs a copy).",
            HelpName = "DIR",
        });
        var command = new Command("comp-run", "A calc run of FY2027-M09 end to end through CalculationRunService.RunAsync on N scale bookings.")
        {
            bookings, runs, store, keep,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(bookings), parse.GetValue(runs), parse.GetRequiredValue(store), parse.GetValue(keep)));
        return command;
    }

    private static async Task<int> RunAsync(long bookings, int runs, string stores, string? keep)
    {
        var calendar = new FiscalCalendar(DemoCompanyGenerator.FiscalYearStartMonth);
        var period = calendar.MonthOf(Options.AsOf.AddMonths(-1));
        Console.WriteLine(string.Create(Invariant,
            $"comp-run: bookings {bookings:N0}, period {period.Key}, runs {runs}, store {stores}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC"));
        Console.WriteLine(string.Create(Invariant,
            $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}, GC dynamic adaptation {AppContext.GetData("System.GC.DynamicAdaptationMode") ?? "default"}"));
        Console.WriteLine($"load average at start (1, 5, 15 min): {LoadAverage()}");
        var ok = true;
        if (stores is "sqlite" or "both")
        {
            var folder = Directory.CreateTempSubdirectory("attain-comprun-");
            try
            {
                var file = Path.Combine(folder.FullName, "scale.db");
                var store = SqliteStore(file);
                if (keep is null)
                {
                    await PrepareAsync("sqlite", store, bookings, period, calendar);
                }
                else
                {
                    await CopyKeptAsync(keep, file, bookings, period, calendar);
                }

                ok &= await MeasureAsync("sqlite", store, bookings, runs, period);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        if (stores is "postgres" or "both")
        {
            await using var server = await PostgresServer.StartAsync();
            var connection = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("comprun")) { CommandTimeout = 900 }.ConnectionString;
            var store = new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = connection };
            await PrepareAsync("postgres", store, bookings, period, calendar);
            ok &= await MeasureAsync("postgres", store, bookings, runs, period);
        }

        Console.WriteLine($"load average at end (1, 5, 15 min): {LoadAverage()}");
        return ok ? 0 : 1;
    }

    private static StoreOptions SqliteStore(string file) => new() { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={file};Pooling=False" };

    private static async Task PrepareAsync(string name, StoreOptions store, long bookings, Period period, FiscalCalendar calendar)
    {
        var setup = Stopwatch.StartNew();
        await PrepareAsync(store, bookings, calendar.YearOf(period.Start), calendar);
        Console.WriteLine(string.Create(Invariant, $"{name}: prepared {bookings:N0} bookings, plans, assignments and quotas in {setup.Elapsed.TotalSeconds:0.0} s (not timed)"));
    }

    /// <summary>
    /// <c>--keep-store DIR</c>: the prepared SQLite store of N bookings is kept as DIR/comp-run-N.db (prepared the first
    /// time, under a temporary name until complete), and each invocation measures a fresh copy of it, brought up to the
    /// current migrations, so a large store is set up once across invocations.
    /// </summary>
    private static async Task CopyKeptAsync(string keep, string file, long bookings, Period period, FiscalCalendar calendar)
    {
        Directory.CreateDirectory(keep);
        var kept = Path.Combine(keep, string.Create(Invariant, $"comp-run-{bookings}.db"));
        if (!File.Exists(kept))
        {
            var partial = kept + ".partial";
            File.Delete(partial);
            await PrepareAsync("sqlite", SqliteStore(partial), bookings, period, calendar);
            File.Move(partial, kept);
        }

        var copy = Stopwatch.StartNew();
        File.Copy(kept, file);
        await using (var db = Context(SqliteStore(file)))
        {
            await StoreRegistration.MigrateAsync(db, SqliteStore(file));
        }

        Console.WriteLine(string.Create(Invariant, $"sqlite: copied the kept store {kept} in {copy.Elapsed.TotalSeconds:0.0} s (not timed)"));
    }

    private static async Task<bool> MeasureAsync(string name, StoreOptions store, long bookings, int runs, Period period)
    {
        var ok = true;
        var totals = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var builder = new DbContextOptionsBuilder<AttainDbContext>();
            StoreRegistration.Configure(builder, store);
            await using var db = new AttainDbContext(builder.Options, new ChangeContext { Actor = "system:benchmark" }, TimeProvider.System);
            GC.Collect();
            var phases = new PhaseClock();
            var outcome = await new CalculationRunService(db, TimeProvider.System).RunAsync(period.Key, "benchmark: comp-run", phases);
            phases.Stop();
            if (outcome.Run is not { Status: RunStatus.Published } published)
            {
                await Console.Error.WriteLineAsync($"{name} run {run}: not published: {string.Join("; ", outcome.Problems.Select(p => $"{p.Code} {p.Where}: {p.Message}"))}");
                return false;
            }

            var lines = await db.RunLines.LongCountAsync(l => l.RunId == published.Id);
            var measures = await db.RunMeasures.LongCountAsync(m => m.RunId == published.Id);
            var payouts = await db.RunPayouts.LongCountAsync(p => p.RunId == published.Id);
            var payable = await db.RunPayouts.Where(p => p.RunId == published.Id).SumAsync(p => p.Payable);
            ok &= lines > 0 && payouts > 0;
            totals.Add(phases.Total.Wall);
            Console.WriteLine(string.Create(Invariant,
                $"{name} run {run}: {phases.Total.Wall:0.00} s wall, processor {phases.Total.Processor:0.0} s, peak working set {phases.Total.PeakGiB:0.00} GiB, GC {phases.Total.GcPause:0.00} s in {phases.Total.Collections} collections; " +
                $"{lines:N0} lines, {measures:N0} measures, {payouts:N0} payouts, payable {payable:N2}; checksum {published.Checksum![..12]}; {phases.Reports} progress reports within phases"));
            foreach (var phase in phases.Phases)
            {
                Console.WriteLine(string.Create(Invariant,
                    $"  {phase.Name,-10} {phase.Wall,7:0.00} s wall {phase.Processor,7:0.00} s processor {phase.AllocatedGiB,6:0.00} GiB allocated  peak working set {phase.PeakGiB:0.00} GiB  GC {phase.GcPause:0.00} s in {phase.Collections} collections"));
            }
        }

        var sorted = totals.Order().ToList();
        var goal = name == "sqlite" ? 60 : 15;
        Console.WriteLine(string.Create(Invariant,
            $"{name}: median {sorted[sorted.Count / 2]:0.00} s of {sorted.Count}; goal < {goal} s at 10,000,000 bookings{(bookings == 10_000_000 ? (sorted[sorted.Count / 2] < goal ? ": met" : ": NOT met") : " (this run is smaller)")}"));
        return ok;
    }

    /// <summary>
    /// The scale data set (people, hierarchy, accounts, products, N bookings) bulk loaded as <c>load</c> does, then: two
    /// levels of roll-up, EUR and GBP rates to USD, the engine-vs-sql plans (<c>rep</c> for reps, <c>leader</c> for
    /// managers) assigned from the start of the fiscal year, and monthly quotas: a rep's average month of bookings over
    /// the data set × 0.7–1.3 (seeded), a manager's the sum of the quotas rolled up to them.
    /// </summary>
    internal static async Task PrepareAsync(StoreOptions store, long bookings, Period year, FiscalCalendar calendar)
    {
        var scale = new DemoScale(Options);
        await using var db = Context(store);
        await StoreRegistration.MigrateAsync(db, store);
        await DemoCompanyLoader.LoadScaleAsync(db, scale, bookings: 0);
        await new BookingBulkWriter(TimeProvider.System).WriteAsync(db, scale.BookingsAsync(bookings), "benchmark: comp-run");

        const int rollUp = 2;
        var settings = await db.OrganisationSettings.SingleAsync();
        settings.RollUpLevels = rollUp;
        db.FxRates.AddRange(
            new FxRate { FromCurrency = "EUR", ToCurrency = "USD", Date = scale.Start.AddDays(-1), Rate = 1.08m },
            new FxRate { FromCurrency = "GBP", ToCurrency = "USD", Date = scale.Start.AddDays(-1), Rate = 1.27m });

        // A rep's average month over the 24 months of bookings (amounts at rest are 1/10,000 units; currencies mixed, close enough for a quota).
        var monthly = new Dictionary<long, decimal>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT \"OwnerId\", SUM(\"Amount\") FROM \"Bookings\" GROUP BY \"OwnerId\"";
            command.CommandTimeout = 900;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                monthly[reader.GetInt64(0)] = Money.FromStorage(Convert.ToInt64(reader.GetValue(1), Invariant)) / 24m;
            }
        }

        var random = new Random(20261127);
        var quota = new Dictionary<long, decimal>();
        for (var person = scale.FirstRepId; person <= scale.Participants; person++)
        {
            var own = decimal.Floor(monthly.GetValueOrDefault(person) * (0.7m + (random.Next(601) / 1000m)));
            quota[person] = Math.Max(1m, own);
            var manager = scale.ManagerOf(person);
            for (var level = 0; level < rollUp && manager is { } m; level++, manager = scale.ManagerOf(m))
            {
                quota[m] = quota.GetValueOrDefault(m) + quota[person];
            }
        }

        var repQuota = quota.Where(q => q.Key >= scale.FirstRepId).Average(q => q.Value);
        var leaderQuota = quota.Where(q => q.Key < scale.FirstRepId).Select(q => q.Value).DefaultIfEmpty(repQuota).Average();
        PlanTerms[] terms =
        [
            new("rep", 400, 700, (long)decimal.Round(repQuota * 0.12m, MidpointRounding.AwayFromZero) * 100),
            new("leader", 50, 80, (long)decimal.Round(leaderQuota * 0.012m, MidpointRounding.AwayFromZero) * 100),
        ];
        foreach (var plan in terms)
        {
            db.Plans.Add(new PlanRecord
            {
                Key = plan.PlanId,
                Version = 1,
                Name = plan.PlanId,
                Document = SalesDataSet.PlanJson(plan),
                Status = PlanStatus.Published,
                CreatedBy = "system:benchmark",
                CreatedAt = DateTime.UnixEpoch,
                PublishedAt = DateTime.UnixEpoch,
            });
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await BulkTable.For<PlanAssignmentRecord>(db).WriteAsync(db, Enumerable.Range(1, scale.Participants).Select(p => new PlanAssignmentRecord
            {
                PersonId = p,
                PlanKey = p >= scale.FirstRepId ? "rep" : "leader",
                EffectiveFrom = year.Start,
            }));
            var months = calendar.MonthsOf(year);
            await BulkTable.For<Quota>(db).WriteAsync(db, quota.OrderBy(q => q.Key).SelectMany(q => months.Select(m => new Quota
            {
                PersonId = q.Key,
                Period = m.Key,
                PeriodStart = m.Start,
                PeriodEnd = m.End,
                Amount = q.Value,
                Currency = "USD",
            })));
            await transaction.CommitAsync();
        }

        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    private static AttainDbContext Context(StoreOptions store)
    {
        var builder = new DbContextOptionsBuilder<AttainDbContext>();
        StoreRegistration.Configure(builder, store);
        return new AttainDbContext(builder.Options, new ChangeContext { Actor = "system:benchmark" }, TimeProvider.System);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>
    /// Times a run's phases from its own progress reports (<see cref="RunPhase"/>: start until Reading, read until
    /// Calculating, calculate until Writing, write until Publishing, publish until Done): wall and processor time, bytes
    /// allocated, the collector's pauses and collections, and the peak working set of each phase (on Linux the peak is reset at each phase through
    /// <c>/proc/self/clear_refs</c>; elsewhere it is the process's peak so far).
    /// </summary>
    private sealed class PhaseClock : IProgress<RunProgress>
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly List<Phase> phases = [];
        private readonly TimeSpan processorAtStart;
        private readonly long allocatedAtStart;
        private readonly (TimeSpan Pause, int Collections) gcAtStart;
        private double peakOverall;
        private string current = "start";
        private double wallAt;
        private TimeSpan processorAt;
        private long allocatedAt;
        private (TimeSpan Pause, int Collections) gcAt;

        public PhaseClock()
        {
            ResetPeak();
            processorAtStart = processorAt = Process.GetCurrentProcess().TotalProcessorTime;
            allocatedAtStart = allocatedAt = GC.GetTotalAllocatedBytes(precise: false);
            gcAtStart = gcAt = Collector();
        }

        public IReadOnlyList<Phase> Phases => phases;

        /// <summary>How many progress reports came within a phase (the calculation reports per batch of participants).</summary>
        public int Reports { get; private set; }

        public Phase Total { get; private set; } = new("total", 0, 0, 0, 0, 0, 0);

        public void Report(RunProgress value)
        {
            if (value.Phase.ToString() == current)
            {
                Reports++; // participants calculated so far, within the phase
                return;
            }

            var name = value.Phase switch
            {
                RunPhase.Reading => "start",
                RunPhase.Calculating => "read",
                RunPhase.Writing => "calculate",
                RunPhase.Publishing => "write",
                RunPhase.Done => "publish",
                _ => value.Phase.ToString(),
            };
            if (value.Phase == RunPhase.Done && current == "calculate")
            {
                name = "write"; // a staged, unpublished run goes from Writing straight to Done
            }

            Mark(name);
            current = value.Phase.ToString();
        }

        public void Stop()
        {
            clock.Stop();
            var gc = Collector();
            Total = new Phase("total", clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - processorAtStart).TotalSeconds,
                (GC.GetTotalAllocatedBytes(precise: false) - allocatedAtStart) / Gib, Math.Max(peakOverall, PeakGiB()),
                (gc.Pause - gcAtStart.Pause).TotalSeconds, gc.Collections - gcAtStart.Collections);
        }

        private void Mark(string name)
        {
            var wall = clock.Elapsed.TotalSeconds;
            var processor = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var peak = PeakGiB();
            var gc = Collector();
            peakOverall = Math.Max(peakOverall, peak);
            phases.Add(new Phase(name, wall - wallAt, (processor - processorAt).TotalSeconds, (allocated - allocatedAt) / Gib, peak,
                (gc.Pause - gcAt.Pause).TotalSeconds, gc.Collections - gcAt.Collections));
            (wallAt, processorAt, allocatedAt, gcAt) = (wall, processor, allocated, gc);
            ResetPeak();
        }

        /// <summary>The collector's total pause time and how many collections it has made (every generation's count gen0's).</summary>
        private static (TimeSpan Pause, int Collections) Collector() => (GC.GetTotalPauseDuration(), GC.CollectionCount(0));

        private const double Gib = 1024.0 * 1024 * 1024;

        private static double PeakGiB()
        {
            using var process = Process.GetCurrentProcess();
            return process.PeakWorkingSet64 / Gib;
        }

        private static void ResetPeak()
        {
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not Linux, or not allowed: the peak is the process's peak so far.
            }
        }
    }

    /// <summary>One phase of a run: wall and processor seconds, GiB allocated, peak working set in GiB, the collector's pauses in seconds and its collections.</summary>
    private sealed record Phase(string Name, double Wall, double Processor, double AllocatedGiB, double PeakGiB, double GcPause, int Collections);
}
