using System.Diagnostics;
using System.Globalization;
using Attain.Application.Bookings;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

/// <summary>
/// The kill-midway test (issue 4): a real child process (tests/Attain.CalcRunChild) runs the period and is killed
/// with SIGKILL at seeded random points spread over the calculation, the staging write and the publish; after every
/// kill a reader must see exactly the previously published run or exactly the complete new one, and a clean rerun at
/// the end must reproduce the clean run's checksum.
/// </summary>
/// <remarks>
/// Two input variants (the demo company, and the demo company with one extra booking in the period) give two clean
/// results with different checksums; before each child the inputs are switched to the variant that is not published,
/// so a mix of the two, or a part of the new one, cannot pass for either. Checksums are computed from the rows a reader
/// reads back (<see cref="CalculationRunService.Checksum"/> over them) and the published run's stored checksum is
/// checked against the clean run's too.
/// </remarks>
public class RunKillTests
{
    private const int Kills = 12;

    /// <summary>The kills aimed into the calculation; the rest are aimed into the write and publish.</summary>
    private const int Half = Kills / 2;

    /// <summary>The child waits this long before each commit, widening the write and publish windows.</summary>
    private const int PauseBeforeCommitMs = 150;

    private const string ExtraBooking = "KILL-TEST-EXTRA";

    [Theory]
    [InlineData(StoreProvider.Sqlite, 4_127)]
    [InlineData(StoreProvider.Postgres, 8_111)]
    public async Task RunAsync_ChildKilledAtRandomPoints_ReadersSeePreviousOrCompleteRunAndRerunMatchesCleanChecksum(StoreProvider provider, int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        var period = CalculationRunServiceTests.Period;

        // Clean runs of both variants, in-process: what a reader must find after a kill.
        var withExtra = await CleanRunAsync(store, extra: true, ct);
        var plain = await CleanRunAsync(store, extra: false, ct);
        Assert.NotEqual(plain.ReadChecksum, withExtra.ReadChecksum);
        var clean = new Dictionary<string, Clean>(StringComparer.Ordinal) { [plain.ReadChecksum] = plain, [withExtra.ReadChecksum] = withExtra };

        // One child runs to the end untouched: its marker timeline sizes the windows the kills are spread over.
        var upcoming = new Child(store);
        await SetVariantAsync(store, extra: true, ct);
        var reference = await RunChildAsync(upcoming, aim: null, begins: 0, ct);
        upcoming = new Child(store);
        try
        {
            Assert.Contains(reference.Markers, m => m.Text.StartsWith("done ", StringComparison.Ordinal));
            var before = await PublishedAsync(store, period, ct);
            Assert.Equal(withExtra.ReadChecksum, before.ReadChecksum);
            var begins = reference.Markers.SkipWhile(m => m.Text != "running").Count(m => m.Text == "tx-begin");
            var calculation = reference.StagingBegan(begins) - reference.RunInserted;
            var writing = reference.Markers[^1].Ms - reference.StagingBegan(begins);

            var random = new Random(seed);
            var phases = new List<string>();
            for (var i = 0; i < Kills; i++)
            {
                var other = clean.Values.Single(c => c.ReadChecksum != before.ReadChecksum);
                await SetVariantAsync(store, other.Extra, ct);

                // Stratified: the first half of the kills land in the calculation (kill i in the i-th sixth of the time
                // from the run's insert to the staging transaction's begin), the second half in the write and publish
                // (from the staging transaction's begin to the end), each at a random point inside its slot. Aiming the
                // second half from the child's own staging marker keeps them there however the machine's load changes.
                Aim AimAt(int kill) => kill < Half
                    ? new Aim(Staging: false, (long)(calculation * ((kill + random.NextDouble()) / Half)))
                    : new Aim(Staging: true, (long)(writing * ((kill - Half + random.NextDouble()) / Half)));
                var aim = AimAt(i);
                var child = await RunChildAsync(upcoming, aim, begins, ct);
                upcoming = new Child(store);
                if (!child.Killed && child.Markers.Exists(m => m.Text == "running"))
                {
                    // The child ran faster than the reference (the machine's load changed) and finished before the kill:
                    // the windows shrink to this run's and the kill is aimed again.
                    calculation = Math.Min(calculation, child.StagingBegan(begins) - child.RunInserted);
                    writing = Math.Min(writing, child.Markers[^1].Ms - child.StagingBegan(begins));
                    before = await PublishedAsync(store, period, ct);
                    Assert.Equal(other.ReadChecksum, before.ReadChecksum);
                    other = clean.Values.Single(c => c.ReadChecksum != before.ReadChecksum);
                    await SetVariantAsync(store, other.Extra, ct);
                    aim = AimAt(i);
                    child = await RunChildAsync(upcoming, aim, begins, ct);
                    upcoming = new Child(store);
                }

                phases.Add(child.Phase(begins));

                // What this kill left published is what the next kill starts from (only the test writes in between,
                // and it writes bookings, not results).
                var after = await PublishedAsync(store, period, ct);
                Assert.True(
                    after.ReadChecksum == before.ReadChecksum || after.ReadChecksum == other.ReadChecksum,
                    $"kill {i} at {aim} ({phases[^1]}): the published rows match neither the previous run nor the complete new one");
                Assert.Equal(clean[after.ReadChecksum].StoredChecksum, after.StoredChecksum);
                Assert.Equal(RunStatus.Published, after.Status);
                before = after;
            }

            // The kills covered the calculation and the write/publish, not only process start-up.
            Assert.True(phases.Count(p => p == "calculating") >= 2, $"phases hit: {string.Join(", ", phases)}");
            Assert.True(phases.Count(p => p is "staging" or "publishing") >= 3, $"phases hit: {string.Join(", ", phases)}");

            // A clean rerun after all that reproduces the clean run's checksum.
            var rerunVariant = clean[before.ReadChecksum].Extra;
            await SetVariantAsync(store, rerunVariant, ct);
            var rerun = await RunChildAsync(upcoming, aim: null, begins, ct);
            Assert.Contains(rerun.Markers, m => m.Text.StartsWith("done ", StringComparison.Ordinal));
            var final = await PublishedAsync(store, period, ct);
            Assert.Equal(clean[before.ReadChecksum].ReadChecksum, final.ReadChecksum);
            Assert.Equal(clean[before.ReadChecksum].StoredChecksum, final.StoredChecksum);
            await using var db = store.NewContext();
            Assert.Equal(1, await db.CalculationRuns.CountAsync(r => r.PeriodKey == period && r.Status == RunStatus.Published, ct));
        }
        finally
        {
            upcoming.Dispose();
        }
    }

    /// <summary>A kill <see cref="AfterMs"/> after the run row's commit, or after the staging transaction's begin when <see cref="Staging"/>.</summary>
    private sealed record Aim(bool Staging, long AfterMs);

    private sealed record Clean(bool Extra, string ReadChecksum, string StoredChecksum);

    private sealed record Published(string ReadChecksum, string? StoredChecksum, RunStatus Status);

    private sealed record Marker(long Ms, string Text)
    {
        public static Marker Parse(string line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            return new Marker(long.Parse(line[..space], CultureInfo.InvariantCulture), line[(space + 1)..]);
        }
    }

    private sealed record ChildRun(List<Marker> Markers, bool Killed)
    {
        /// <summary>When the run row was committed (the first commit after <c>running</c>): the calculation starts.</summary>
        public long RunInserted => Markers.SkipWhile(m => m.Text != "running").First(m => m.Text == "tx-committed").Ms;

        /// <summary>When the staging transaction began (the last but one of the <paramref name="begins"/> a full run begins).</summary>
        public long StagingBegan(int begins) => Markers.SkipWhile(m => m.Text != "running").Where(m => m.Text == "tx-begin").ElementAt(begins - 2).Ms;

        /// <summary>Where the kill landed, from the markers the child printed before it (a full run begins <paramref name="begins"/> transactions).</summary>
        public string Phase(int begins)
        {
            var after = Markers.SkipWhile(m => m.Text != "running").Skip(1).ToList();
            var seen = after.Count(m => m.Text == "tx-begin");
            return !Killed ? "finished"
                : seen < begins - 2 || (seen == begins - 2 && after[^1].Text != "tx-committed") ? "starting run"
                : seen == begins - 2 ? "calculating"
                : seen == begins - 1 ? "staging"
                : Markers[^1].Text == "tx-committed" ? "published" : "publishing";
        }
    }

    private static async Task<Clean> CleanRunAsync(TestStore store, bool extra, CancellationToken ct)
    {
        await SetVariantAsync(store, extra, ct);
        await using (var db = store.NewContext())
        {
            var outcome = await new CalculationRunService(db, store.Clock).RunAsync(CalculationRunServiceTests.Period, "clean", ct);
            Assert.Equal(RunStatus.Published, outcome.Run?.Status);
        }

        var published = await PublishedAsync(store, CalculationRunServiceTests.Period, ct);
        return new Clean(extra, published.ReadChecksum, published.StoredChecksum!);
    }

    /// <summary>What a reader sees: the period's published run, its rows read back and checksummed.</summary>
    private static async Task<Published> PublishedAsync(TestStore store, string period, CancellationToken ct)
    {
        await using var db = store.NewContext();
        var runId = (await db.CompensationPeriods.AsNoTracking().SingleAsync(p => p.PeriodKey == period, ct)).PublishedRunId!.Value;
        var run = await db.CalculationRuns.AsNoTracking().SingleAsync(r => r.Id == runId, ct);
        var rows = new CalculationRunService.RunRows(
            await db.RunLines.AsNoTracking().Where(l => l.RunId == runId).ToListAsync(ct),
            await db.RunMeasures.AsNoTracking().Where(m => m.RunId == runId).ToListAsync(ct),
            await db.RunPayouts.AsNoTracking().Where(p => p.RunId == runId).ToListAsync(ct));
        return new Published(CalculationRunService.Checksum(rows), run.Checksum, run.Status);
    }

    /// <summary>Adds or removes one extra booking in the period (a copy of an order there under a new external id).</summary>
    private static async Task SetVariantAsync(TestStore store, bool extra, CancellationToken ct)
    {
        await using var db = store.NewContext();
        var existing = await db.Bookings.SingleOrDefaultAsync(b => b.ExternalId == ExtraBooking, ct);
        if (extra && existing is null)
        {
            var from = new DateOnly(2026, 10, 1);
            var model = await db.Bookings.AsNoTracking()
                .Where(b => b.Kind == BookingKind.Order && b.BookingDate >= from && b.BookingDate <= from.AddMonths(1).AddDays(-1))
                .OrderBy(b => b.Id).FirstAsync(ct);
            db.Bookings.Add(new Booking
            {
                ExternalId = ExtraBooking,
                Kind = BookingKind.Order,
                OwnerId = model.OwnerId,
                AccountId = model.AccountId,
                ProductId = model.ProductId,
                Quantity = 1,
                Amount = 25_000m,
                Currency = model.Currency,
                BookingDate = model.BookingDate,
                Margin = 10_000m,
                ListAmount = 25_000m,
            });
        }
        else if (!extra && existing is not null)
        {
            db.Bookings.Remove(existing);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Tells a started child to run once it is ready, and disposes it after; with an <paramref name="aim"/>, SIGKILLs it
    /// that long after its run row was committed (the first commit after it printed <c>running</c>) or, aimed at staging,
    /// after it began the staging transaction (the last but one of the <paramref name="begins"/> a full run begins).
    /// </summary>
    private static async Task<ChildRun> RunChildAsync(Child child, Aim? aim, int begins, CancellationToken ct)
    {
        using var owned = child;
        var process = child.Process;
        var markers = new List<Marker>();
        var killed = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (markers.Count == 0 || markers[^1].Text != "ready")
        {
            // The child's standard error ends only when it does, so it is awaited only once the child has ended.
            if (await process.StandardOutput.ReadLineAsync(timeout.Token) is not { } ready)
            {
                Assert.Fail($"the child ended before it was ready: {await child.Errors}");
                return null!;
            }

            markers.Add(Marker.Parse(ready));
        }

        await process.StandardInput.WriteLineAsync("go".AsMemory(), ct);
        await process.StandardInput.FlushAsync(ct);
        Stopwatch? sinceAnchor = null;
        var running = false;
        var beginsSeen = 0;
        var read = process.StandardOutput.ReadLineAsync(timeout.Token).AsTask();
        while (true)
        {
            if (!killed && aim is { AfterMs: var due } && sinceAnchor is not null)
            {
                var wait = (int)Math.Max(0, due - sinceAnchor.ElapsedMilliseconds);
                if (await Task.WhenAny(read, Task.Delay(wait, timeout.Token)) != read)
                {
                    process.Kill(entireProcessTree: true); // SIGKILL on Linux
                    killed = true;
                }
            }

            // After a kill, the lines the child wrote before it died are still read, up to the end of its output.
            if (await read is not { } line)
            {
                break;
            }

            markers.Add(Marker.Parse(line));
            running |= markers[^1].Text == "running";
            beginsSeen += running && markers[^1].Text == "tx-begin" ? 1 : 0;
            if (running && sinceAnchor is null && aim is not null
                && (aim.Staging ? markers[^1].Text == "tx-begin" && beginsSeen == begins - 1 : markers[^1].Text == "tx-committed"))
            {
                sinceAnchor = Stopwatch.StartNew();
            }

            read = process.StandardOutput.ReadLineAsync(timeout.Token).AsTask();
        }

        await process.WaitForExitAsync(ct);
        Assert.True(killed || process.ExitCode == 0, $"child exited with {process.ExitCode}: {await child.Errors}");
        return new ChildRun(markers, killed);
    }

    /// <summary>
    /// A child process started on a store in its waiting mode: it starts up (runtime, EF model, a first query) and prints
    /// <c>ready</c>, then waits for <see cref="RunChildAsync"/> to tell it to run, so the
    /// test can start the next child while it checks the last kill. Disposing kills it if it has not ended.
    /// </summary>
    private sealed class Child : IDisposable
    {
        private bool disposed;

        public Child(TestStore store)
        {
            var directory = AppContext.BaseDirectory.Replace("Attain.Application.Tests", "Attain.CalcRunChild", StringComparison.Ordinal);
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                Path.Combine(directory, "Attain.CalcRunChild.dll"), store.Provider.ToString(), store.Options.ConnectionString!,
                CalculationRunServiceTests.Period, PauseBeforeCommitMs.ToString(CultureInfo.InvariantCulture), "wait",
            })
            {
                start.ArgumentList.Add(argument);
            }

            Process = Process.Start(start)!;
            Errors = Process.StandardError.ReadToEndAsync();
        }

        public Process Process { get; }

        public Task<string> Errors { get; }

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }
    }
}
