using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Testing.Postgres;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace Attain.Benchmarks.EngineVsSql;

/// <summary>
/// <c>engine-vs-sql</c>: the engine's full calculation against the same earnings computed in SQL by DuckDB and by
/// PostgreSQL, on one seeded data set, in one process run (see benchmarks/README.md). Every participant's earnings of
/// every month must agree to the cent on all sides, or the command fails.
/// </summary>
public static class EngineVsSqlCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var bookings = BenchmarkOptions.AtLeast(new Option<long>("--bookings")
        {
            Description = "Bookings of the seeded data set (10,000 participants, FY2026).",
            HelpName = "N",
            DefaultValueFactory = _ => 10_000_000,
        }, 1);
        var runs = BenchmarkOptions.Runs(3, "Runs of each timed part in this process; the median is reported.");
        var scaleTo = BenchmarkOptions.AtLeast(new Option<long?>("--scale-to")
        {
            Description = "Scaling: the engine alone at --bookings and at M bookings, and the ratio.",
            HelpName = "M",
        }, 1);
        var engineOnly = BenchmarkOptions.Flag("--engine-only", "The engine alone: skip the SQL sides.");
        var sqlOnly = BenchmarkOptions.Flag("--sql-only", "The SQL sides alone (DuckDB's first run is the reference).");
        var noPostgres = BenchmarkOptions.Flag("--no-postgres", "Skip PostgreSQL: the engine against DuckDB.");
        var streamLines = BenchmarkOptions.Flag("--stream-lines", "The engine hands its earning lines to a receiver that counts them instead of keeping them.");
        var checksum = BenchmarkOptions.Flag("--checksum", "With --phase crediting: print a SHA-256 of every credit and issue of the first run.");
        var shuffle = BenchmarkOptions.Flag("--shuffle", "Make the engine's bookings again in a seeded random order (a store's order).");
        var floor = BenchmarkOptions.Flag("--floor", "After the engine, the same calculation hand-written for this plan alone (a floor for the engine's time), checked to the cent.");
        var cancelEvery = BenchmarkOptions.AtLeast(new Option<int>("--cancel-every")
        {
            Description = "With --phase crediting: cancel half of every N-th booking (a day later).",
            HelpName = "N",
        }, 1);
        var phase = new Option<string?>("--phase")
        {
            Description = "Time one part of the calculation alone: crediting (CreditAllocator.Allocate).",
            HelpName = "crediting",
        };
        phase.Validators.Add(result =>
        {
            if (result.GetValue(phase) is { } value && value != "crediting")
            {
                result.AddError($"{phase.Name} must be crediting: '{value}'.");
            }
        });
        var command = new Command("engine-vs-sql", "The engine's full calculation against the same earnings in SQL (DuckDB, PostgreSQL), checked to the cent.")
        {
            bookings, runs, scaleTo, engineOnly, sqlOnly, noPostgres, streamLines, shuffle, phase, cancelEvery, checksum, floor,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(floor) && result.GetValue(shuffle))
            {
                result.AddError($"{floor.Name} reads the bookings in id order: it cannot be given with {shuffle.Name}.");
            }
        });
        command.SetAction((parse, _) =>
        {
            StreamLines = parse.GetValue(streamLines);
            Checksum = parse.GetValue(checksum);
            Shuffle = parse.GetValue(shuffle);
            Floor = parse.GetValue(floor);
            return RunAsync(new Settings(parse.GetValue(bookings), parse.GetValue(runs), parse.GetValue(scaleTo), parse.GetValue(engineOnly),
                parse.GetValue(sqlOnly), parse.GetValue(noPostgres), parse.GetValue(phase), parse.GetValue(cancelEvery)));
        });
        return command;
    }

    /// <summary>The parsed options besides the switches kept in properties (StreamLines, Checksum, Shuffle, Floor).</summary>
    private sealed record Settings(long Bookings, int Runs, long? ScaleTo, bool EngineOnly, bool SqlOnly, bool NoPostgres, string? Phase, int CancelEvery);

    private static async Task<int> RunAsync(Settings settings)
    {
        var (bookings, runs, scaleTo, skipPostgres, sqlOnly, noPostgres, phase, cancelEvery) = settings;
        var withPostgres = !noPostgres;
        Console.WriteLine(string.Create(Invariant,
            $"engine-vs-sql: bookings {bookings:N0}, runs {runs}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC"));
        Console.WriteLine(string.Create(Invariant,
            $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}, GC dynamic adaptation {AppContext.GetData("System.GC.DynamicAdaptationMode") ?? "default"}, DOTNET_GCgen0size {Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "unset"}"));
        Console.WriteLine($"load average at start: {LoadAverage()}");

        if (scaleTo is { } larger)
        {
            return Scaling(bookings, larger, runs);
        }

        var data = Timed("generate", () => new SalesDataSet(bookings));
        if (sqlOnly)
        {
            // Without the engine (for sizes whose results do not fit in memory): DuckDB's first run is the reference.
            Reference = "DuckDB's first run";
            var duck = DuckDbRuns(data, runs, null, out var duckAgrees);
            var reference = DuckDbEarned;
            var (pg, _, pgAgrees) = await PostgresRunsAsync(data, runs, reference, endToEnd: false);
            Console.WriteLine(string.Create(Invariant, $"(b) DuckDB SQL: {duck:0.000} s; (c) PostgreSQL SQL: {pg:0.000} s; load average at end: {LoadAverage()}"));
            return duckAgrees && pgAgrees ? 0 : 1;
        }

        if (phase == "crediting")
        {
            CreditingRuns(data, runs, cancelEvery);
            return 0;
        }

        var (engineMedian, engineEarned) = EngineRuns(data, runs, releaseColumns: skipPostgres);
        if (skipPostgres)
        {
            return 0;
        }

        var duckMedian = DuckDbRuns(data, runs, engineEarned, out var duckOk);
        if (!withPostgres)
        {
            // PostgreSQL's SQL takes minutes at 10 M: --no-postgres gives the engine against DuckDB alone.
            Console.WriteLine($"load average at end: {LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine(string.Create(Invariant, $"(a) engine, in memory:          {engineMedian:0.000} s"));
            Console.WriteLine(string.Create(Invariant, $"(b) DuckDB SQL:                 {duckMedian:0.000} s"));
            PrintDuckDbRatios(engineMedian, duckMedian);
            return duckOk ? 0 : 1;
        }

        var (pgMedian, endToEndMedian, pgOk) = await PostgresRunsAsync(data, runs, engineEarned);
        Console.WriteLine($"load average at end: {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine(string.Create(Invariant, $"(a) engine, in memory:          {engineMedian:0.000} s"));
        Console.WriteLine(string.Create(Invariant, $"(b) DuckDB SQL:                 {duckMedian:0.000} s"));
        Console.WriteLine(string.Create(Invariant, $"(c) PostgreSQL SQL:             {pgMedian:0.000} s"));
        Console.WriteLine(string.Create(Invariant, $"(d) engine end to end from PG:  {endToEndMedian:0.000} s"));
        PrintDuckDbRatios(engineMedian, duckMedian);
        Console.WriteLine(string.Create(Invariant, $"engine / PostgreSQL = {engineMedian / pgMedian:0.000}"));
        Console.WriteLine(string.Create(Invariant, $"engine end to end / PostgreSQL = {endToEndMedian / pgMedian:0.000} (goal <= 1: {(endToEndMedian <= pgMedian ? "met" : "NOT met")})"));
        return duckOk && pgOk ? 0 : 1;
    }

    private static void PrintDuckDbRatios(double engineMedian, double duckMedian)
    {
        Console.WriteLine(string.Create(Invariant, $"engine / DuckDB = {engineMedian / duckMedian:0.000} (goal <= 0.2: {(engineMedian / duckMedian <= 0.2 ? "met" : "NOT met")})"));
        Console.WriteLine(string.Create(Invariant, $"engine / DuckDB in processor time = {EngineCpu:0.000} s / {DuckDbCpu:0.000} s = {EngineCpu / DuckDbCpu:0.000}"));
        if (FloorMedian is var (floorWall, floorCpu))
        {
            Console.WriteLine(string.Create(Invariant, $"floor / DuckDB = {floorWall / duckMedian:0.000} wall, {floorCpu / DuckDbCpu:0.000} processor"));
        }
    }

    private static int Scaling(long small, long large, int runs)
    {
        var times = new List<double>();
        var cpuTimes = new List<double>();
        foreach (var size in new[] { small, large })
        {
            var data = Timed("generate", () => new SalesDataSet(size));
            var (median, _) = EngineRuns(data, runs, releaseColumns: true);
            times.Add(median);
            cpuTimes.Add(EngineCpu);
        }

        Console.WriteLine(string.Create(Invariant, $"scaling in processor time: {cpuTimes[0]:0.000} s -> {cpuTimes[1]:0.000} s, x{cpuTimes[1] / cpuTimes[0]:0.00}"));
        var ratio = times[1] / times[0];
        var allowed = 5.5 * large / small / 5;
        Console.WriteLine(string.Create(Invariant,
            $"scaling {small:N0} -> {large:N0} bookings: {times[0]:0.000} s -> {times[1]:0.000} s, x{ratio:0.00} (goal <= x{allowed:0.00}: {(ratio <= allowed ? "met" : "NOT met")})"));
        return 0;
    }

    private static (double Median, long[] Earned) EngineRuns(SalesDataSet data, int runs, bool releaseColumns)
    {
        var input = Timed("engine input (records, not timed below)", () => Shuffled(EngineSide.Input(data)));
        if (releaseColumns)
        {
            data.ReleaseBookingColumns();
        }

        GC.Collect();
        Console.WriteLine(string.Create(Invariant, $"managed heap holding the input: {GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024:N0} MiB, working set {Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024:N0} MiB"));
        var times = new List<double>();
        var cpuTimes = new List<double>();
        long[] earned = [];
        long lines = 0;
        for (var run = 1; run <= runs; run++)
        {
            (var wall, var cpu, earned, lines) = EngineRun(input, run);
            times.Add(wall);
            cpuTimes.Add(cpu);
        }

        Console.WriteLine(string.Create(Invariant, $"engine: median {Median(times):0.000} s wall, {Median(cpuTimes):0.000} s cpu"));
        EngineCpu = Median(cpuTimes);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine(string.Create(Invariant, $"peak working set after the engine runs: {peak / 1024.0 / 1024 / 1024:0.00} GiB (goal < 4 GiB at 10 M)"));
        if (Floor)
        {
            FloorRuns(input, data, runs, (earned, lines), Median(times));
        }
        return (Median(times), earned);
    }

    /// <summary>
    /// One timed calculation, checked and reported. A method of its own so that its result is unreachable once it returns:
    /// the next run does not start while the last one's credits and lines are still held.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (double Wall, double Cpu, long[] Earned, long Lines) EngineRun(CalculationInput input, int run)
    {
        var meter = RunMeter.Start();
        // With --stream-lines the lineage is handed over in batches (as a run writing it out would take it) and counted,
        // not kept: the calculation is the same, the lines are not all held at once.
        long streamed = 0;
        using var sampler = new MemorySampler();
        var result = StreamLines
            ? Calculator.Calculate(input, lines =>
            {
                sampler.FirstLines();
                streamed += lines.Count;
            })
            : Calculator.Calculate(input);
        var (wall, cpu, stats) = meter.Stop();
        Console.WriteLine(sampler.Report());
        var earned = EngineSide.EarnedCents(result, out var measures);
        Console.WriteLine(string.Create(Invariant,
            $"engine run {run}: {wall:0.000} s (cpu {cpu:0.000} s), {result.Credits.Count:N0} credits, {measures:N0} measures, {result.Earnings.Count + streamed:N0} earning lines{(StreamLines ? " (streamed)" : string.Empty)}, {result.Issues.Count} issues, {stats}"));
        if (measures != SalesDataSet.Participants * SalesDataSet.Months || result.Issues.Count > 0)
        {
            throw new InvalidOperationException(string.Create(Invariant, $"The engine made {measures} measures (expected one per participant and month) and {result.Issues.Count} issues: {string.Join("; ", result.Issues.Take(3))}"));
        }

        return (wall, cpu, earned, result.Earnings.Count + streamed);
    }

    /// <summary>Whether the hand-written floor runs after the engine (<c>--floor</c>).</summary>
    private static bool Floor { get; set; }

    /// <summary>The floor's median wall and processor seconds, when it ran.</summary>
    private static (double Wall, double Cpu)? FloorMedian { get; set; }

    /// <summary>The floor's runs (<see cref="FloorSide"/>), each checked against the engine's earnings (to the cent) and its number of lines.</summary>
    private static void FloorRuns(CalculationInput input, SalesDataSet data, int runs, (long[] Earned, long Lines) engine, double engineMedian)
    {
        var times = new List<double>();
        var cpuTimes = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            GC.Collect();
            var (wall, cpu, earned, lines) = FloorSide.Run(input, data);
            times.Add(wall);
            cpuTimes.Add(cpu);
            var differ = Enumerable.Range(0, earned.Length).Count(i => earned[i] != engine.Earned[i]);
            Console.WriteLine(string.Create(Invariant, $"floor run {run}: {wall:0.000} s (cpu {cpu:0.000} s), {lines:N0} lines (the engine {engine.Lines:N0}), {differ} participant-months differ from the engine"));
            if (differ > 0 || lines != engine.Lines)
            {
                throw new InvalidOperationException(string.Create(Invariant, $"The floor differs from the engine: earnings in {differ} participant-months, {lines:N0} lines against {engine.Lines:N0}."));
            }
        }

        FloorMedian = (Median(times), Median(cpuTimes));
        Console.WriteLine(string.Create(Invariant, $"floor: median {Median(times):0.000} s wall, {Median(cpuTimes):0.000} s cpu; engine / floor = {engineMedian / Median(times):0.00} wall, {EngineCpu / Median(cpuTimes):0.00} processor"));
    }

    /// <summary>Whether <c>--phase crediting</c> prints a checksum of the first run's credits and issues (<c>--checksum</c>; makes every credit's record).</summary>
    private static bool Checksum { get; set; }

    /// <summary>SHA-256 over every credit's fields (decimals with their scale) and every issue, in the result's order.</summary>
    private static string CreditChecksum(CreditingResult credited)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var text = new System.Text.StringBuilder();
        void Flush()
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
            text.Clear();
        }

        foreach (var c in credited.Credits)
        {
            text.Append(Invariant, $"{c.Id}|{c.BookingId}|{c.ParticipantId}|{c.Kind}|{c.Percent}|{c.Amount.Amount}|{c.Amount.Currency.Code}|{c.Margin.Amount}|{c.Units}|{c.Date:yyyy-MM-dd}|{c.ShareHolderId}|{c.Level}|{c.ReversesCreditId}\n");
            if (text.Length > 1 << 20)
            {
                Flush();
            }
        }

        foreach (var issue in credited.Issues)
        {
            text.Append(issue.Code).Append('|').Append(issue.Path).Append('|').Append(issue.Message).Append('\n');
        }

        Flush();
        return Convert.ToHexStringLower(hash.GetCurrentHash())[..16];
    }

    /// <summary>
    /// Whether the engine's bookings are shuffled (seeded) before the runs (<c>--shuffle</c>): the generated bookings are in
    /// id order, which the allocator takes without sorting and reads in memory order, while a store reads them in its own
    /// order and the allocator then visits them in id order scattered in memory.
    /// </summary>
    private static bool Shuffle { get; set; }

    /// <summary>The input with its bookings shuffled (a fixed seed) when <c>--shuffle</c> is given.</summary>
    private static CalculationInput Shuffled(CalculationInput input)
    {
        if (!Shuffle)
        {
            return input;
        }

        // Made again one after the other in the shuffled order (with copies of their ids), as a reader of a store that
        // returns them in its own order would make them: memory order is then read order, not id order.
        var order = Enumerable.Range(0, input.Bookings.Count).ToArray();
        new Random(20261128).Shuffle(order);
        var bookings = new Booking[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var booking = input.Bookings[order[i]];
            bookings[i] = booking with { Id = new string(booking.Id.AsSpan()) };
        }

        Console.WriteLine("bookings shuffled and made again in that order (seed 20261128)");
        return input with { Bookings = bookings };
    }

    /// <summary>The input with a cancellation of half of every <paramref name="every"/>-th booking (0: none).</summary>
    private static CalculationInput WithCancellations(CalculationInput input, int every)
    {
        if (every == 0)
        {
            return input;
        }

        var bookings = new List<Booking>(input.Bookings.Count + (input.Bookings.Count / every) + 1);
        bookings.AddRange(input.Bookings);
        for (var i = 0; i < input.Bookings.Count; i += every)
        {
            var original = input.Bookings[i];
            var half = Money.FromMinorUnits(-(original.Amount.ToMinorUnits() / 2), original.Amount.Currency);
            bookings.Add(original with { Id = original.Id + "-C", Date = original.Date.AddDays(1), Amount = half, OriginalBookingId = original.Id });
        }

        Console.WriteLine(string.Create(Invariant, $"cancellations: {bookings.Count - input.Bookings.Count:N0} (every {every}th booking, half its amount)"));
        return input with { Bookings = bookings };
    }

    /// <summary>Whether the engine hands its earning lines over in batches instead of keeping them (<c>--stream-lines</c>).</summary>
    private static bool StreamLines { get; set; }

    /// <summary>
    /// <c>--phase crediting</c>: times <see cref="CreditAllocator.Allocate"/> alone on the engine's input (the crediting
    /// part of <see cref="Calculator.Calculate"/>), with its allocations, GC pauses and collections per run.
    /// </summary>
    /// <remarks>
    /// With <c>--cancel-every N</c>, every N-th booking also gets a cancellation of half its amount a day later (id
    /// suffixed <c>-C</c>), so that the cancellation path is timed too (crediting alone: the SQL sides know no cancellations).
    /// </remarks>
    private static void CreditingRuns(SalesDataSet data, int runs, int cancelEvery)
    {
        var input = Timed("engine input (records, not timed below)", () => Shuffled(WithCancellations(EngineSide.Input(data), cancelEvery)));
        var times = new List<double>();
        var cpuTimes = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var meter = RunMeter.Start();
            var credited = CreditAllocator.Allocate(input.Bookings, input.Splits, input.Hierarchy, input.Crediting);
            var (wall, cpu, stats) = meter.Stop();
            times.Add(wall);
            cpuTimes.Add(cpu);
            Console.WriteLine(string.Create(Invariant,
                $"crediting run {run}: {wall:0.000} s (cpu {cpu:0.000} s), {credited.Credits.Count:N0} credits, {credited.Issues.Count} issues, {stats}"));
            if (Checksum && run == 1)
            {
                Console.WriteLine($"crediting checksum (every credit's fields, then the issues): {CreditChecksum(credited)}");
            }

            GC.KeepAlive(credited);
        }

        Console.WriteLine(string.Create(Invariant, $"crediting: median {Median(times):0.000} s wall, {Median(cpuTimes):0.000} s cpu; fastest {times.Min():0.000} s wall, {cpuTimes.Min():0.000} s cpu; load average at end: {LoadAverage()}"));
    }

    /// <summary>One timed run, after a full collection: wall and processor time, and what it allocated and collected.</summary>
    private sealed class RunMeter
    {
        private readonly long allocated = GC.GetTotalAllocatedBytes(precise: true);
        private readonly TimeSpan paused = GC.GetTotalPauseDuration();
        private readonly int gen0 = GC.CollectionCount(0);
        private readonly int gen2 = GC.CollectionCount(2);
        private readonly TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly Stopwatch stopwatch = Stopwatch.StartNew();

        private RunMeter()
        {
        }

        public static RunMeter Start()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return new RunMeter();
        }

        /// <summary>Wall seconds, processor seconds, and the allocation, collection and working-set figures as text.</summary>
        public (double Wall, double Cpu, string Stats) Stop()
        {
            stopwatch.Stop();
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var stats = string.Create(Invariant,
                $"{(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024:N0} MiB allocated, GC pauses {(GC.GetTotalPauseDuration() - paused).TotalSeconds:0.000} s, {GC.CollectionCount(0) - gen0} collections ({GC.CollectionCount(2) - gen2} gen2), peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024:N0} MiB");
            return (stopwatch.Elapsed.TotalSeconds, cpuSeconds, stats);
        }
    }

    /// <summary>
    /// Samples the process's working set and the managed heap every 100 ms during a run, so that the report says where the
    /// peak falls: before the first batch of streamed lines (crediting and the credit index) or after it (the component
    /// periods).
    /// </summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Lock gate = new();
        private readonly Timer timer;
        private double firstLinesAt = double.NaN;
        private (double At, long WorkingSet, long Heap, long Committed) peakBefore;
        private (double At, long WorkingSet, long Heap, long Committed) peakAfter;

        public MemorySampler() => timer = new Timer(_ => Sample(), null, 0, 100);

        public void FirstLines()
        {
            if (double.IsNaN(firstLinesAt))
            {
                Sample();
                lock (gate)
                {
                    firstLinesAt = clock.Elapsed.TotalSeconds;
                }
            }
        }

        public string Report()
        {
            Sample();
            lock (gate)
            {
                static string Of((double At, long WorkingSet, long Heap, long Committed) p) => string.Create(Invariant,
                    $"{p.WorkingSet / 1024.0 / 1024:N0} MiB working set at {p.At:0.0} s (managed heap {p.Heap / 1024.0 / 1024:N0} MiB, committed {p.Committed / 1024.0 / 1024:N0} MiB)");
                return string.Create(Invariant,
                    $"  memory: first lines at {firstLinesAt:0.0} s; peak before them {Of(peakBefore)}; peak after them {Of(peakAfter)}");
            }
        }

        public void Dispose() => timer.Dispose();

        private void Sample()
        {
            using var process = Process.GetCurrentProcess();
            var workingSet = process.WorkingSet64;
            var info = GC.GetGCMemoryInfo();
            lock (gate)
            {
                var sample = (clock.Elapsed.TotalSeconds, workingSet, GC.GetTotalMemory(false), info.TotalCommittedBytes);
                if (double.IsNaN(firstLinesAt))
                {
                    peakBefore = workingSet > peakBefore.WorkingSet ? sample : peakBefore;
                }
                else
                {
                    peakAfter = workingSet > peakAfter.WorkingSet ? sample : peakAfter;
                }
            }
        }
    }

    /// <summary>The engine's median processor time of the last <see cref="EngineRuns"/> (both cores together).</summary>
    private static double EngineCpu { get; set; }

    /// <summary>DuckDB's median processor time of the last <see cref="DuckDbRuns"/> (it runs in this process).</summary>
    private static double DuckDbCpu { get; set; }

    /// <summary>DuckDB's earnings of the last <see cref="DuckDbRuns"/>.</summary>
    private static long[] DuckDbEarned { get; set; } = [];

    /// <summary>Times DuckDB's query; with no <paramref name="expected"/> earnings, the first run's are the reference.</summary>
    private static double DuckDbRuns(SalesDataSet data, int runs, long[]? expected, out bool ok)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        SqlSide.Execute(connection, string.Create(Invariant, $"SET threads = {Environment.ProcessorCount}; SET memory_limit = '4GB'; SET preserve_insertion_order = false;"));
        Timed("duckdb load (not timed below)", () =>
        {
            SqlSide.LoadDuckDb(connection, data);
            return 0;
        });
        var times = new List<double>();
        var cpuTimes = new List<double>();
        ok = true;
        for (var run = 1; run <= runs; run++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var earned = SqlSide.Earnings(connection, SqlSide.DuckDbQuery);
            times.Add(stopwatch.Elapsed.TotalSeconds);
            cpuTimes.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            Console.WriteLine(string.Create(Invariant, $"duckdb run {run}: {stopwatch.Elapsed.TotalSeconds:0.000} s (cpu {cpuTimes[^1]:0.000} s)"));
            expected ??= earned;
            DuckDbEarned = earned;
            ok &= Compare(run == 1 && ReferenceEquals(expected, earned) ? "DuckDB (reference)" : "DuckDB", expected, earned);
        }

        DuckDbCpu = Median(cpuTimes);
        return Median(times);
    }

    private static async Task<(double Sql, double EndToEnd, bool Ok)> PostgresRunsAsync(SalesDataSet data, int runs, long[] expected, bool endToEnd = true)
    {
        var ct = CancellationToken.None;
        await using var server = await PostgresServer.StartAsync(ct);
        var connectionString = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("engine_vs_sql", ct)) { CommandTimeout = 600 }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await TimedAsync("postgres load (not timed below)", () => SqlSide.LoadPostgresAsync(connection, data, ct));
        SqlSide.Execute(connection, "SET work_mem = '256MB'; CREATE TABLE published_earnings (participant_id TEXT NOT NULL, plan_id TEXT NOT NULL, component_id TEXT NOT NULL, period_key TEXT NOT NULL, earned NUMERIC(19, 4) NOT NULL);");
        var ok = true;
        var sqlTimes = new List<double>();
        var endToEndTimes = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            var earned = SqlSide.Earnings(connection, SqlSide.PostgresQuery);
            sqlTimes.Add(stopwatch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(Invariant, $"postgres sql run {run}: {stopwatch.Elapsed.TotalSeconds:0.000} s"));
            ok &= Compare("PostgreSQL", expected, earned);
            if (!endToEnd)
            {
                continue;
            }

            GC.Collect();
            stopwatch.Restart();
            var (published, read, compute) = await EndToEndAsync(connection, data, ct);
            endToEndTimes.Add(stopwatch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(Invariant,
                $"engine end-to-end run {run}: {stopwatch.Elapsed.TotalSeconds:0.000} s (read {read:0.000} s, compute {compute:0.000} s, publish {stopwatch.Elapsed.TotalSeconds - read - compute:0.000} s)"));
            ok &= Compare("engine from PostgreSQL", expected, published);
        }

        return (Median(sqlTimes), endToEnd ? Median(endToEndTimes) : double.NaN, ok);
    }

    /// <summary>
    /// The engine end to end from the store: bookings read with binary COPY out, the calculation, and the measures'
    /// earnings published with binary COPY in (then read back for the check, not timed).
    /// </summary>
    private static async Task<(long[] Published, double Read, double Compute)> EndToEndAsync(NpgsqlConnection connection, SalesDataSet data, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var participantIds = Enumerable.Range(0, SalesDataSet.Participants).Select(SalesDataSet.ParticipantId).ToArray();
        var bookings = new List<Booking>(data.BookingCount);
        await using (var reader = await connection.BeginBinaryExportAsync("COPY bookings (id, booking_date, amount_cents, owner) TO STDOUT (FORMAT BINARY)", ct))
        {
            while (await reader.StartRowAsync(ct) != -1)
            {
                var id = await reader.ReadAsync<int>(NpgsqlDbType.Integer, ct);
                var date = await reader.ReadAsync<DateOnly>(NpgsqlDbType.Date, ct);
                var amount = await reader.ReadAsync<long>(NpgsqlDbType.Bigint, ct);
                var owner = await reader.ReadAsync<int>(NpgsqlDbType.Integer, ct);
                bookings.Add(EngineSide.MakeBooking(SalesDataSet.BookingId(id), date, amount, participantIds[owner]));
            }
        }

        // People, plans, quotas and splits come from the data set: 10,000 rows and the split rules, small beside the bookings.
        var input = EngineSide.Input(data, bookings);
        var read = stopwatch.Elapsed.TotalSeconds;
        var result = Calculator.Calculate(input);
        var compute = stopwatch.Elapsed.TotalSeconds - read;
        SqlSide.Execute(connection, "TRUNCATE published_earnings");
        await using (var writer = await connection.BeginBinaryImportAsync("COPY published_earnings (participant_id, plan_id, component_id, period_key, earned) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var measure in result.Measures)
            {
                await writer.WriteRowAsync(ct, measure.ParticipantId, measure.PlanId, measure.ComponentId, measure.PeriodKey, measure.Earned.Amount);
            }

            await writer.CompleteAsync(ct);
        }

        var published = new long[SalesDataSet.Participants * SalesDataSet.Months];
        await using (var command = new NpgsqlCommand("SELECT CAST(substr(participant_id, 2) AS INTEGER), CAST(substr(period_key, length(period_key) - 1) AS INTEGER), CAST(earned * 100 AS BIGINT) FROM published_earnings", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                published[(reader.GetInt32(0) * SalesDataSet.Months) + reader.GetInt32(1) - 1] += reader.GetInt64(2);
            }
        }

        return (published, read, compute);
    }

    private static bool Compare(string side, long[] expected, long[] actual)
    {
        var differences = Enumerable.Range(0, expected.Length).Where(i => expected[i] != actual[i]).ToList();
        if (differences.Count == 0)
        {
            Console.WriteLine(string.Create(Invariant, $"  {side}: all {expected.Length:N0} participant-months agree with {Reference} to the cent (total {expected.Sum() / 100m:N2} USD)"));
            return true;
        }

        Console.WriteLine(string.Create(Invariant, $"  MISMATCH {side}: {differences.Count:N0} participant-months differ from {Reference}; the first:"));
        foreach (var i in differences.Take(10))
        {
            Console.WriteLine(string.Create(Invariant,
                $"    {SalesDataSet.ParticipantId(i / SalesDataSet.Months)} month {(i % SalesDataSet.Months) + 1}: {Reference} {expected[i] / 100m:0.00}, {side} {actual[i] / 100m:0.00}"));
        }

        return false;
    }

    /// <summary>What the earnings are compared with: the engine, or DuckDB's first run with <c>--sql-only</c>.</summary>
    private static string Reference { get; set; } = "the engine";

    private static T Timed<T>(string what, Func<T> action)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = action();
        Console.WriteLine(string.Create(Invariant, $"{what}: {stopwatch.Elapsed.TotalSeconds:0.00} s"));
        return result;
    }

    private static async Task TimedAsync(string what, Func<Task> action)
    {
        var stopwatch = Stopwatch.StartNew();
        await action();
        Console.WriteLine(string.Create(Invariant, $"{what}: {stopwatch.Elapsed.TotalSeconds:0.00} s"));
    }

    private static double Median(List<double> times)
    {
        var sorted = times.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
