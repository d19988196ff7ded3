using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Attain.Application.ChangeLog;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

// The child process of the kill-midway test: runs one period on a store, like `attain` would, and prints a marker line
// ("<ms since start> <marker>") as it goes so the test can time its SIGKILL. Usage:
//   Attain.CalcRunChild <sqlite|postgres> <connection string> <period> [pause before each commit, ms] [wait]
// With "wait" it starts up first (EF's model and a first query on the store, so the runtime has loaded and compiled
// what every run needs), prints "ready" and runs only when a line arrives on standard input: the test starts the next
// child while it checks the last kill. End of input instead of a line exits without running.
if (args.Length is < 3 or > 5 || !Enum.TryParse<StoreProvider>(args[0], ignoreCase: true, out var provider)
    || (args.Length == 5 && args[4] != "wait"))
{
    await Console.Error.WriteLineAsync("usage: Attain.CalcRunChild <sqlite|postgres> <connection string> <period> [pause ms] [wait]");
    return 2;
}

var pause = args.Length >= 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
var markers = new Markers(Stopwatch.StartNew(), pause);
var builder = new DbContextOptionsBuilder<AttainDbContext>();
StoreRegistration.Configure(builder, new StoreOptions { Provider = provider, ConnectionString = args[1] }).AddInterceptors(markers);
await using var db = new AttainDbContext(builder.Options, new ChangeContext { Actor = "system:kill-test" }, TimeProvider.System);
if (args.Length == 5)
{
    await db.CalculationRuns.AsNoTracking().AnyAsync(r => r.PeriodKey == args[2]);
    markers.Write("ready");
    if (await Console.In.ReadLineAsync() is null)
    {
        return 3;
    }
}

// The processes before this one were killed: their runs stay Running forever. Marking them Failed stands in for the
// abandoned-run recovery of the one-active-run rule, which is not what this test is about.
var abandoned = await db.CalculationRuns.Where(r => r.PeriodKey == args[2] && r.Status == RunStatus.Running).ToListAsync();
abandoned.ForEach(r => (r.Status, r.Failure) = (RunStatus.Failed, "abandoned: the process running it was killed"));
await db.SaveChangesAsync();

markers.Write("running");
var outcome = await new CalculationRunService(db, TimeProvider.System).RunAsync(args[2], "kill-midway test");
if (outcome.Run is not { Status: RunStatus.Published } run)
{
    await Console.Error.WriteLineAsync(string.Join("; ", outcome.Problems.Select(p => $"{p.Code}: {p.Message}")));
    return 1;
}

markers.Write(string.Create(CultureInfo.InvariantCulture, $"done {run.Id} {run.Checksum}"));
return 0;

/// <summary>Prints a marker when a transaction begins, is about to commit (then pauses) and has committed.</summary>
internal sealed class Markers(Stopwatch clock, int pauseBeforeCommit) : DbTransactionInterceptor
{
    public void Write(string marker)
    {
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.ElapsedMilliseconds} {marker}"));
        Console.Out.Flush();
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Write("tx-begin");
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Write("tx-commit");
        await Task.Delay(pauseBeforeCommit, cancellationToken);
        return result;
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Write("tx-committed");
        return Task.CompletedTask;
    }
}
