using System.Threading.Channels;
using Attain.Application.ChangeLog;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Attain.Web.Hosting;

/// <summary>
/// Calc runs started from the API or the UI, waiting for <see cref="RunWorker"/> (ADR 0017). The start itself (the
/// Running row that claims the period) happens in the request, so a conflict is answered at once; only the
/// calculation waits here.
/// </summary>
public sealed class BackgroundRuns
{
    private readonly Channel<long> runs = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a started run (Running, phase Queued) for calculation.</summary>
    public void Enqueue(long runId)
    {
        if (!runs.Writer.TryWrite(runId))
        {
            throw new InvalidOperationException("The background run channel is closed.");
        }
    }

    internal ChannelReader<long> Reader => runs.Reader;
}

/// <summary>
/// Calculates queued runs one at a time in the web host, each in its own scope with the starter as the change log's
/// actor. On start it fails runs left stale by a process that died (docs/compensation.md).
/// </summary>
public sealed partial class RunWorker(BackgroundRuns backlog, IServiceScopeFactory scopes, ILogger<RunWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await FailStaleAsync(stoppingToken);
        await foreach (var runId in backlog.Reader.ReadAllAsync(stoppingToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AttainDbContext>();
            var starter = await db.CalculationRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => r.StartedBy).SingleOrDefaultAsync(stoppingToken);
            scope.ServiceProvider.GetRequiredService<ChangeContext>().Actor = starter ?? "system";
            try
            {
                var outcome = await scope.ServiceProvider.GetRequiredService<CalculationRunService>().ExecuteAsync(runId, null, stoppingToken);
                LogFinished(runId, outcome.Run?.Status);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // ExecuteAsync has marked the run Failed with the message; the worker goes on with the next run.
                LogFailed(e, runId);
            }
        }
    }

    private async Task FailStaleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var failed = await scope.ServiceProvider.GetRequiredService<CalculationRunService>().FailStaleAsync(null, cancellationToken);
            if (failed > 0)
            {
                LogStale(failed);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A store that is not migrated yet has no runs to recover; the next start of a period recovers its own.
            LogStaleCheckFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Calc run {RunId} finished: {Status}")]
    private partial void LogFinished(long runId, RunStatus? status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Calc run {RunId} failed")]
    private partial void LogFailed(Exception exception, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} calc runs abandoned by a stopped process were marked failed")]
    private partial void LogStale(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check for abandoned calc runs")]
    private partial void LogStaleCheckFailed(Exception exception);
}
