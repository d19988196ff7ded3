using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Engine.Calculation;
using Attain.Engine.Payments;
using Attain.Engine.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Attain.Application.Compensation;

/// <summary>The outcome of asking for a calc run: the run, or why none was made.</summary>
/// <param name="Run">The run (its <see cref="CalculationRun.Status"/> says how far it got), or null.</param>
/// <param name="Problems">Why the run could not be made or failed; empty on success.</param>
/// <param name="Conflict">True when another run of the period is active.</param>
public sealed record RunOutcome(CalculationRun? Run, IReadOnlyList<CompensationProblem> Problems, bool Conflict = false);

/// <summary>A running run's progress: its phase and how many of its participants are calculated.</summary>
public sealed record RunProgress(long RunId, RunPhase Phase, int ParticipantsDone, int ParticipantsTotal);

/// <summary>
/// Calc runs (docs/compensation.md): reads the period's input from the store, calculates with the engine (crediting,
/// earnings, then the payment stage over the fiscal year's periods of the same kind up to the period), stages the
/// results under a new run and publishes them by pointing the period at the run in one transaction, so readers see the
/// previous published run or the complete new one, never a mix.
/// </summary>
public sealed class CalculationRunService(AttainDbContext db, TimeProvider clock)
{
    /// <summary>
    /// How long a Running run may go without a heartbeat before it counts as abandoned by a process that died: the next
    /// start of its period (or the web host's startup) marks it Failed and deletes its staged rows.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Starts, calculates and publishes <paramref name="periodKey"/> in the foreground (<see cref="StartAsync"/> then
    /// <see cref="ExecuteAsync"/>); a closed period's run is staged, never published.
    /// </summary>
    public Task<RunOutcome> RunAsync(string periodKey, string? reason = null, CancellationToken cancellationToken = default) =>
        RunAsync(periodKey, reason, null, cancellationToken);

    /// <inheritdoc cref="RunAsync(string, string?, CancellationToken)"/>
    public async Task<RunOutcome> RunAsync(string periodKey, string? reason, IProgress<RunProgress>? progress, CancellationToken cancellationToken = default)
    {
        var started = await StartAsync(periodKey, reason, cancellationToken);
        return started.Run is { } run ? await ExecuteAsync(run.Id, progress, cancellationToken) : started;
    }

    /// <summary>
    /// Claims the period: fails its stale runs (no heartbeat for <see cref="StaleAfter"/>) and deletes their rows, then
    /// inserts a new run as Running in phase Queued. The store allows one Running run per period (a unique filtered
    /// index), so of two starts at once exactly one gets the run and the other a conflict (<c>run_active</c>).
    /// </summary>
    public async Task<RunOutcome> StartAsync(string periodKey, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(periodKey);
        var settings = await db.OrganisationSettings.AsNoTracking().SingleAsync(cancellationToken);
        if (!new FiscalCalendar(settings.FiscalYearStartMonth).TryParse(periodKey, out _))
        {
            return new RunOutcome(null, [new CompensationProblem("invalid_period", "period", $"'{periodKey}' is not a fiscal period key such as FY2026, FY2026-Q1 or FY2026-M03.")]);
        }

        await FailStaleAsync(periodKey, cancellationToken);
        if (await db.CalculationRuns.AnyAsync(r => r.PeriodKey == periodKey && r.Status == RunStatus.Running, cancellationToken))
        {
            return Active(periodKey);
        }

        var number = await db.CalculationRuns.Where(r => r.PeriodKey == periodKey).MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0;
        var run = new CalculationRun
        {
            PeriodKey = periodKey,
            Number = number + 1,
            Status = RunStatus.Running,
            Phase = RunPhase.Queued,
            StartedBy = db.ChangeContext.Actor,
            StartedAt = Now,
            HeartbeatAt = Now,
            Reason = reason,
        };
        db.CalculationRuns.Add(run);
        var saved = db.ChangeContext.Reason;
        db.ChangeContext.Reason = reason ?? saved;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            // Another start of the period won the race (the Running index or the run number).
            db.Entry(run).State = EntityState.Detached;
            return Active(periodKey);
        }
        finally
        {
            db.ChangeContext.Reason = saved;
        }

        // Whoever calculates it (this context or a worker's) reads it afresh.
        db.Entry(run).State = EntityState.Detached;
        return new RunOutcome(run, []);
    }

    /// <summary>
    /// Calculates a started run (reading, calculating, writing, publishing), reporting its phase and participants on the
    /// run row and to <paramref name="progress"/>. A run whose input cannot be read, or that throws, ends Failed with the
    /// reason in <see cref="CalculationRun.Failure"/> and its rows deleted (so does a cancelled one); a run that is not
    /// Running is left alone.
    /// </summary>
    public async Task<RunOutcome> ExecuteAsync(long runId, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var run = await db.CalculationRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is not { Status: RunStatus.Running })
        {
            return new RunOutcome(run, [new CompensationProblem("run_not_running", "run", $"Run {runId} is not running.")]);
        }

        try
        {
            await ReportAsync(run, RunPhase.Reading, 0, 0, progress, cancellationToken);
            var problems = new List<CompensationProblem>();
            CompensationInput? loaded = await CompensationInputs.LoadAsync(db, run.PeriodKey, problems, cancellationToken: cancellationToken);
            if (loaded is null)
            {
                await FailAsync(run, string.Join("; ", problems.Select(p => $"{p.Where}: {p.Message} ({p.Code})")), CancellationToken.None);
                return new RunOutcome(run, problems);
            }

            var period = await db.CompensationPeriods.AsNoTracking().SingleOrDefaultAsync(p => p.PeriodKey == run.PeriodKey, cancellationToken);
            run.RecalculatesRunId = period is { State: PeriodState.Closed } ? period.PublishedRunId : null;
            var total = loaded.Input.Participants.Count;
            await ReportAsync(run, RunPhase.Calculating, 0, total, progress, cancellationToken);

            // The last status change also writes phase Done, so a reader never sees a finished run in a working phase.
            var publish = run.RecalculatesRunId is null;
            if (OverlapOptions() is { } sideOptions)
            {
                await CalculateStagingAsync(run, loaded, sideOptions, publish, progress, cancellationToken);
                loaded = null;
            }
            else
            {
                var results = await CalculateReportingAsync(run, loaded, progress, cancellationToken);
                loaded = null; // the input (every booking) is not needed while the results are written
                await ReportAsync(run, RunPhase.Writing, total, total, progress, cancellationToken);
                run.Phase = publish ? RunPhase.Writing : RunPhase.Done;
                await StageAsync(run, results, cancellationToken);
            }

            if (publish)
            {
                await ReportAsync(run, RunPhase.Publishing, total, total, progress, cancellationToken);
                run.Phase = RunPhase.Done;
                await PublishAsync(run, period, cancellationToken);
            }

            await ReportAsync(run, RunPhase.Done, total, total, progress, cancellationToken);
            return new RunOutcome(run, []);
        }
        catch (Exception e)
        {
            // Cancelled (Ctrl+C, host shutdown) or broken: the period must not stay blocked until the run goes stale.
            await FailAsync(run, e is OperationCanceledException ? "Cancelled before it finished." : e.Message, CancellationToken.None);
            throw;
        }
    }

    /// <summary>How often at most a run reports its participants calculated while calculating.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Calculates on the thread pool while this context reports the participants calculated so far (after each batch the
    /// calculator hands over, at most every <see cref="ProgressEvery"/>), so the run's progress and heartbeat move during
    /// the calculation instead of jumping at its end.
    /// </summary>
    private async Task<PeriodResults> CalculateReportingAsync(CalculationRun run, CompensationInput loaded, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var calculated = new CalculatedSoFar(loaded);
        var calculation = Task.Run(() => CalculatePeriod(loaded, calculated.PaidBelow, cancellationToken: cancellationToken), cancellationToken);
        while (!calculation.IsCompleted)
        {
            await Task.WhenAny(calculation, Task.Delay(ProgressEvery, CancellationToken.None));
            if (!calculation.IsCompleted && calculated.Unreported() is { } done)
            {
                await ReportAsync(run, RunPhase.Calculating, done, calculated.Total, progress, cancellationToken);
            }
        }

        return await calculation;
    }

    /// <summary>
    /// On PostgreSQL, the options of a second context for the run's progress while the staging transaction's <c>COPY</c>
    /// holds this context's connection (<see cref="CalculateStagingAsync"/>); null on SQLite (one writer at a time), or
    /// when the context was given a connection object rather than a connection string or data source.
    /// </summary>
    private DbContextOptions<AttainDbContext>? OverlapOptions() =>
        db.Database.GetDbConnection() is NpgsqlConnection
        && db.GetService<IDbContextOptions>() is DbContextOptions<AttainDbContext> options
        && RelationalOptionsExtension.Extract(options).Connection is null
            ? options
            : null;

    /// <summary>
    /// Calculates and stages at once (PostgreSQL): the staging transaction begins before the calculation and its binary
    /// <c>COPY</c> takes each batch's lines as the calculation hands them over (through a bounded channel, so the lines
    /// are written while the next batch is calculated, and never all held), hashing them in canonical order on the way.
    /// The run's progress and heartbeat go through a second context meanwhile. Then measures and payouts are written and
    /// the run staged as <see cref="StageAsync"/> does, all in the one transaction: a run killed or failed midway leaves
    /// no rows, as before.
    /// </summary>
    private async Task CalculateStagingAsync(
        CalculationRun run, CompensationInput loaded, DbContextOptions<AttainDbContext> sideOptions, bool publish, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        await using var side = new AttainDbContext(sideOptions, db.ChangeContext, clock);
        var calculated = new CalculatedSoFar(loaded);
        var total = calculated.Total;
        var batches = Channel.CreateBounded<LineBatch>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var calculation = Task.Run(
            () =>
            {
                try
                {
                    return CalculatePeriod(loaded, calculated.PaidBelow, batch => Send(batches.Writer, batch, stop.Token), stop.Token);
                }
                catch (Exception e)
                {
                    batches.Writer.TryComplete(e);
                    throw;
                }
                finally
                {
                    batches.Writer.TryComplete();
                }
            },
            CancellationToken.None);

        var lastReport = Stopwatch.GetTimestamp();
        async Task HeartbeatAsync()
        {
            if (Stopwatch.GetElapsedTime(lastReport) >= ProgressEvery && calculated.Unreported() is { } done)
            {
                lastReport = Stopwatch.GetTimestamp();
                await ReportAsync(run, RunPhase.Calculating, done, total, progress, cancellationToken, side);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        using var checksum = new RunChecksum();
        PeriodResults results;
        try
        {
            await RunResultWriter.WriteLinesAsync(db, run.Id, Streamed(batches.Reader, checksum, HeartbeatAsync, cancellationToken), cancellationToken);
            results = await calculation;
        }
        catch (Exception)
        {
            // The write failed (or the calculation, whose failure the channel passed on): stop the calculation, then let
            // the transaction roll back; the calculation's own failure, if any, is the one already thrown.
            batches.Writer.TryComplete();
            await stop.CancelAsync();
            await calculation.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        await ReportAsync(run, RunPhase.Writing, total, total, progress, cancellationToken, side);
        run.Phase = publish ? RunPhase.Writing : RunPhase.Done;
        await RunResultWriter.WriteMeasuresAndPayoutsAsync(db, run.Id, results.Measures().Select(m => Hashed(m, checksum.Add)), results.Payouts().Select(p => Hashed(p, checksum.Add)), cancellationToken);
        await CommitStagedAsync(run, results, checksum, transaction, cancellationToken);
    }

    /// <summary>
    /// The participants calculated so far, for progress: the calculation says below which participant id everyone is
    /// paid (from its thread), and the run asks how many that is when it has changed since it last asked.
    /// </summary>
    private sealed class CalculatedSoFar(CompensationInput loaded)
    {
        private readonly string[] ids = [.. loaded.Input.Participants.Select(p => p.Id).Order(StringComparer.Ordinal)];
        private string? below;
        private string? reported;

        public int Total => ids.Length;

        public void PaidBelow(string participant) => Volatile.Write(ref below, participant);

        /// <summary>The number of participants paid, or null when nothing changed since the last call.</summary>
        public int? Unreported()
        {
            if (Volatile.Read(ref below) is not { } now || ReferenceEquals(now, reported))
            {
                return null;
            }

            reported = now;
            var index = Array.BinarySearch(ids, now, StringComparer.Ordinal);
            return index >= 0 ? index : ~index;
        }
    }

    /// <summary>Hands a batch to the writer, waiting while the channel is full; throws when the writer has stopped.</summary>
    private static void Send(ChannelWriter<LineBatch> writer, LineBatch batch, CancellationToken cancellationToken)
    {
        while (!writer.TryWrite(batch))
        {
            if (!writer.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                throw new OperationCanceledException("The run's writer stopped before the calculation finished.");
            }
        }
    }

    /// <summary>
    /// The lines of the batches as they arrive, each batch hashed (<see cref="RunChecksum.Add(LineBatch)"/>) before its
    /// lines are written; <paramref name="heartbeat"/> between batches and at least every <see cref="ProgressEvery"/>
    /// while waiting for one.
    /// </summary>
    private static async IAsyncEnumerable<RunLine> Streamed(
        ChannelReader<LineBatch> batches, RunChecksum checksum, Func<Task> heartbeat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var ready = batches.WaitToReadAsync(cancellationToken).AsTask();
            while (!ready.IsCompleted)
            {
                await Task.WhenAny(ready, Task.Delay(ProgressEvery, CancellationToken.None));
                await heartbeat();
            }

            if (!await ready)
            {
                yield break;
            }

            while (batches.TryRead(out var batch))
            {
                checksum.Add(batch);
                foreach (var line in batch.Lines)
                {
                    yield return line;
                }

                await heartbeat();
            }
        }
    }

    /// <summary>Fails every stale Running run (of <paramref name="periodKey"/>, or of every period when null) and deletes its rows.</summary>
    public async Task<int> FailStaleAsync(string? periodKey = null, CancellationToken cancellationToken = default)
    {
        var cutoff = Now - StaleAfter;
        var stale = await db.CalculationRuns
            .Where(r => r.Status == RunStatus.Running && r.HeartbeatAt < cutoff && (periodKey == null || r.PeriodKey == periodKey))
            .ToListAsync(cancellationToken);
        foreach (var run in stale)
        {
            await FailAsync(run, $"Abandoned: no progress since {run.HeartbeatAt:yyyy-MM-dd HH:mm:ss} UTC (the process running it stopped).", cancellationToken);
        }

        return stale.Count;
    }

    private static RunOutcome Active(string periodKey) =>
        new(null, [new CompensationProblem("run_active", "period", $"A run of {periodKey} is already in progress.")], Conflict: true);

    private static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// Records the run's phase and participants and its heartbeat straight in its row (visible to readers at once, and
    /// not change-logged: progress is not a change of the run's results), and tells <paramref name="progress"/>.
    /// </summary>
    /// <param name="via">The context whose connection writes the row (a second one while this context's connection is busy staging), or null for this one.</param>
    private async Task ReportAsync(
        CalculationRun run, RunPhase phase, int done, int total, IProgress<RunProgress>? progress, CancellationToken cancellationToken, AttainDbContext? via = null)
    {
        var now = Now;
        await (via ?? db).CalculationRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(
            u => u.SetProperty(r => r.Phase, phase).SetProperty(r => r.ParticipantsDone, done).SetProperty(r => r.ParticipantsTotal, total).SetProperty(r => r.HeartbeatAt, now),
            cancellationToken);
        var entry = db.Entry(run);
        foreach (var (name, value) in new (string, object)[] { (nameof(run.Phase), phase), (nameof(run.ParticipantsDone), done), (nameof(run.ParticipantsTotal), total), (nameof(run.HeartbeatAt), now) })
        {
            var property = entry.Property(name);
            property.CurrentValue = value;
            property.OriginalValue = value;
            property.IsModified = false;
        }

        progress?.Report(new RunProgress(run.Id, phase, done, total));
    }

    /// <summary>Marks a run Failed with <paramref name="failure"/> and deletes whatever rows it had written, in one transaction.</summary>
    private async Task FailAsync(CalculationRun run, string failure, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.RunLines.Where(l => l.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        await db.RunMeasures.Where(m => m.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        await db.RunPayouts.Where(p => p.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        var row = await db.CalculationRuns.SingleAsync(r => r.Id == run.Id, cancellationToken);
        if (row.Status == RunStatus.Running)
        {
            row.Status = RunStatus.Failed;
            row.Failure = failure.Length > 2000 ? failure[..2000] : failure;
            row.FinishedAt = Now;
            row.Checksum = null;
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        (run.Status, run.Failure, run.FinishedAt, run.Checksum) = (row.Status, row.Failure, row.FinishedAt, row.Checksum);
    }

    /// <summary>The rows a run stores, in their canonical order, before they have a run id.</summary>
    internal sealed record RunRows(List<RunLine> Lines, List<RunMeasure> Measures, List<RunPayout> Payouts);

    /// <summary>Runs the engine on a loaded input and flattens its results for the input's period into rows, in canonical order.</summary>
    internal static RunRows Calculate(CompensationInput loaded)
    {
        var results = CalculatePeriod(loaded);
        return new RunRows([.. results.Lines()], [.. results.Measures()], [.. results.Payouts()]);
    }

    /// <summary>
    /// Runs the engine on a loaded input: the calculation of the year to date, streamed in batches of participants into
    /// the payment stage over the year's periods of the period's kind, reporting only the period (the earlier periods
    /// carry their balances into it). Each batch's lines are read while the calculator hands them over and the paid
    /// lines made into rows at once, so the year's lines are never all held (ADR 0022).
    /// </summary>
    /// <param name="loaded">The input.</param>
    /// <param name="paidBelow">Told after each batch the participant id (ordinal) below which every participant is calculated.</param>
    /// <param name="stream">When given, the lines are handed to it batch by batch instead of kept (<see cref="PeriodResults(CompensationInput, Action{LineBatch}?)"/>).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    internal static PeriodResults CalculatePeriod(
        CompensationInput loaded, Action<string>? paidBelow = null, Action<LineBatch>? stream = null, CancellationToken cancellationToken = default)
    {
        var calendar = loaded.Input.Calendar;
        var period = loaded.Period;
        var paymentPeriods = PaymentPeriods(calendar, period);
        var payment = new PaymentStage(new PaymentInput(
            calendar, loaded.Input.Plans, loaded.Input.Participants, loaded.Assignments, loaded.Input.Bookings,
            [.. paymentPeriods.Select(p => new CalculationResult(p.Key, [], [], [], []))])
        {
            ReportFrom = period.Key,
        });
        var results = new PeriodResults(loaded, stream);
        var calculation = Calculator.Calculate(
            loaded.Input,
            lines =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                payment.Add(lines, results.Add);
                results.Paid(payment, complete: false);
                if (payment.PaidBelow is { } below)
                {
                    paidBelow?.Invoke(below);
                }
            },
            new LineTotals(period.Start, paymentPeriods, payment.Add));
        results.Add(payment.Complete(calculation.Credits));
        results.Paid(payment, complete: true);
        var measures = new List<MeasureResult>();
        foreach (var measure in calculation.Measures)
        {
            var of = calendar.Parse(measure.PeriodKey);
            if (of.Start <= period.End && of.End >= period.Start)
            {
                measures.Add(measure);
            }
        }

        results.SetMeasures(measures);
        return results;
    }

    /// <summary>The payment periods from the start of the fiscal year through <paramref name="period"/>, all of its kind.</summary>
    internal static List<Period> PaymentPeriods(FiscalCalendar calendar, Period period)
    {
        var periods = new List<Period>();
        var year = calendar.YearOf(period.Start);
        for (var p = period; p.Start >= year.Start; p = calendar.Previous(p))
        {
            periods.Insert(0, p);
        }

        return periods;
    }

    /// <summary>SHA-256 (hex) of a run's rows in canonical order, independent of row ids: equal results, equal checksum.</summary>
    internal static string Checksum(RunRows rows)
    {
        using var checksum = new RunChecksum();
        foreach (var l in rows.Lines.OrderBy(l => l.PersonId).ThenBy(l => l.Number))
        {
            checksum.Add(l);
        }

        foreach (var m in rows.Measures.OrderBy(m => m.PersonId).ThenBy(m => m.PlanKey, StringComparer.Ordinal).ThenBy(m => m.ComponentId, StringComparer.Ordinal).ThenBy(m => m.PeriodKey, StringComparer.Ordinal))
        {
            checksum.Add(m);
        }

        foreach (var p in rows.Payouts.OrderBy(p => p.PersonId).ThenBy(p => p.PlanKey, StringComparer.Ordinal))
        {
            checksum.Add(p);
        }

        return checksum.Finish();
    }

    /// <summary>
    /// Writes the results in one transaction, each row made as it is written and hashed on the way (the rows come in
    /// canonical order, so the checksum is <see cref="Checksum"/>'s), then the run's status and its bulk change-log entry.
    /// </summary>
    private async Task StageAsync(CalculationRun run, PeriodResults results, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        using var checksum = new RunChecksum();
        await RunResultWriter.WriteAsync(
            db, run.Id, results.Lines().Select(l => Hashed(l, checksum.Add)), results.Measures().Select(m => Hashed(m, checksum.Add)), results.Payouts().Select(p => Hashed(p, checksum.Add)),
            cancellationToken);
        await CommitStagedAsync(run, results, checksum, transaction, cancellationToken);
    }

    /// <summary>Sets the run Staged with its checksum, logs its rows in one bulk change-log entry and commits the staging transaction.</summary>
    private async Task CommitStagedAsync(CalculationRun run, PeriodResults results, RunChecksum checksum, IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        run.Checksum = checksum.Finish();
        run.Status = RunStatus.Staged;
        run.FinishedAt = Now;
        db.ChangeLog.Add(new ChangeLogEntry
        {
            OccurredAt = Now,
            Actor = db.ChangeContext.Actor,
            Entity = nameof(RunLine),
            EntityKey = string.Create(CultureInfo.InvariantCulture, $"run {run.Id}"),
            Operation = ChangeOperation.BulkInsert,
            Reason = run.Reason,
            After = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["lines"] = results.LineCount,
                ["measures"] = results.MeasureCount,
                ["payouts"] = results.PayoutCount,
                ["checksum"] = run.Checksum,
            }),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        db.Attach(run);
    }

    private static T Hashed<T>(T row, Action<T> add)
    {
        add(row);
        return row;
    }

    private async Task PublishAsync(CalculationRun run, CompensationPeriod? period, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        period = await db.CompensationPeriods.FindAsync([run.PeriodKey], cancellationToken);
        if (period is null)
        {
            period = new CompensationPeriod { PeriodKey = run.PeriodKey, State = PeriodState.Open };
            db.CompensationPeriods.Add(period);
        }
        else if (period.PublishedRunId is { } previous)
        {
            var old = await db.CalculationRuns.SingleAsync(r => r.Id == previous, cancellationToken);
            old.Status = RunStatus.Superseded;
        }

        period.PublishedRunId = run.Id;
        run.Status = RunStatus.Published;
        run.PublishedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
