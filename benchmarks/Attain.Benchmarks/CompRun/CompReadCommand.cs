using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Attain.Application.ChangeLog;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Engine.Crediting;
using Attain.Engine.Periods;
using Microsoft.EntityFrameworkCore;

namespace Attain.Benchmarks.CompRun;

/// <summary>
/// <c>comp-read</c>: the read phase of <c>comp-run</c> alone (<see cref="CompensationInputs.LoadAsync"/> of the same period)
/// on a store prepared once and kept (a PostgreSQL connection string or an SQLite file), each run on a fresh context:
/// wall and processor time and bytes allocated, a fingerprint of the bookings read (in id order, so it does not depend on
/// the order they came in), whether they came in ordinal id order, and the allocator's time on them.
/// </summary>
public static class CompReadCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var runs = BenchmarkOptions.Runs(3, "Timed reads, each on a fresh DbContext.");
        var prepare = BenchmarkOptions.AtLeast(new Option<long>("--prepare")
        {
            Description = "First prepare the store with N scale bookings (as comp-run does); not timed.",
            HelpName = "N",
        }, 1);
        var postgres = BenchmarkOptions.NotBlank(new Option<string?>("--postgres")
        {
            Description = "Connection string of a prepared PostgreSQL store.",
            HelpName = "CONNECTION",
        });
        var sqlite = BenchmarkOptions.NotBlank(new Option<string?>("--sqlite")
        {
            Description = "A prepared SQLite store file.",
            HelpName = "FILE",
        });
        var credit = BenchmarkOptions.Flag("--credit", "Also time the allocator (crediting) on the bookings read.");
        var command = new Command("comp-read", "The read phase of comp-run alone on a store prepared once and kept.")
        {
            runs, prepare, postgres, sqlite, credit,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(postgres) is null) == (result.GetValue(sqlite) is null))
            {
                result.AddError("give one of --postgres CONNECTION or --sqlite FILE (not both).");
            }
        });
        command.SetAction((parse, _) => RunAsync(parse.GetValue(runs), parse.GetValue(prepare), parse.GetValue(postgres), parse.GetValue(sqlite), parse.GetValue(credit)));
        return command;
    }

    private static async Task<int> RunAsync(int runs, long prepare, string? postgres, string? sqlite, bool credit)
    {
        var store = postgres is not null
            ? new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = postgres }
            : new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={sqlite};Pooling=False" };
        var calendar = new FiscalCalendar(DemoCompanyGenerator.FiscalYearStartMonth);
        var period = calendar.MonthOf(new DateOnly(2026, 10, 27));
        if (prepare > 0)
        {
            var setup = Stopwatch.StartNew();
            await CompRunCommand.PrepareAsync(store, prepare, calendar.YearOf(period.Start), calendar);
            Console.WriteLine(string.Create(Invariant, $"prepared {prepare:N0} bookings in {setup.Elapsed.TotalSeconds:0.0} s"));
        }

        Console.WriteLine($"comp-read: {store.Provider}, period {period.Key}, runs {runs}, load average {LoadAverage()}");
        for (var run = 1; run <= runs; run++)
        {
            var builder = new DbContextOptionsBuilder<AttainDbContext>();
            StoreRegistration.Configure(builder, store);
            await using var db = new AttainDbContext(builder.Options, new ChangeContext { Actor = "system:benchmark" }, TimeProvider.System);
            GC.Collect();
            var process = Process.GetCurrentProcess();
            var processor = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var clock = Stopwatch.StartNew();
            var problems = new List<CompensationProblem>();
            var input = await CompensationInputs.LoadAsync(db, period.Key, problems);
            clock.Stop();
            process.Refresh();
            var used = (process.TotalProcessorTime - processor).TotalSeconds;
            var gib = (GC.GetTotalAllocatedBytes(precise: false) - allocated) / (1024.0 * 1024 * 1024);
            if (input is null)
            {
                await Console.Error.WriteLineAsync(string.Join("; ", problems.Select(p => $"{p.Code} {p.Where}: {p.Message}")));
                return 1;
            }

            var bookings = input.Input.Bookings;
            var ordered = InOrder(bookings);
            var line = string.Create(Invariant,
                $"run {run}: read {clock.Elapsed.TotalSeconds:0.00} s wall {used:0.00} s processor {gib:0.00} GiB allocated; {bookings.Count:N0} bookings, in id order {ordered}, load {LoadAverage()}");
            if (credit)
            {
                GC.Collect();
                var allocate = Stopwatch.StartNew();
                var result = CreditAllocator.Allocate(bookings, [], input.Input.Hierarchy, input.Input.Crediting);
                line += string.Create(Invariant, $"; allocator {allocate.Elapsed.TotalSeconds:0.00} s wall, {result.Credits.Count:N0} credits");
            }

            Console.WriteLine(line);
            if (run == 1)
            {
                Console.WriteLine($"fingerprint {Fingerprint(bookings)}");
            }
        }

        return 0;
    }

    private static bool InOrder(IReadOnlyList<Booking> bookings)
    {
        for (var i = 1; i < bookings.Count; i++)
        {
            if (string.CompareOrdinal(bookings[i - 1].Id, bookings[i].Id) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string Fingerprint(IReadOnlyList<Booking> bookings)
    {
        var sorted = bookings.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var text = new StringBuilder();
        foreach (var b in sorted)
        {
            text.Clear();
            text.Append(Invariant, $"{b.Id}|{b.Date:yyyy-MM-dd}|{b.Amount.Amount}|{b.Amount.Currency.Code}|{b.OwnerId}|{b.Product}|{b.Family}|{b.Margin?.Amount}|{b.Units}|{b.OriginalBookingId}|");
            foreach (var (key, value) in b.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                text.Append(key).Append('=').Append(value).Append(';');
            }

            hash.AppendData(Encoding.UTF8.GetBytes(text.Append('\n').ToString()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
