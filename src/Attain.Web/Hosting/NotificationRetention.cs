using Attain.Application.Compensation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Attain.Web.Hosting;

/// <summary>
/// Prunes expired notifications of every user (<see cref="NotificationService.PruneAsync"/>) when the web host starts
/// and once a day after that, so people who get no new notifications lose their old ones too (docs/compensation.md,
/// "Disputes").
/// </summary>
public sealed partial class NotificationRetention(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NotificationRetention> logger) : BackgroundService
{
    /// <summary>How often the whole table is pruned.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            await PruneAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var pruned = await scope.ServiceProvider.GetRequiredService<NotificationService>().PruneAsync(null, cancellationToken);
            if (pruned > 0)
            {
                LogPruned(pruned);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A store that is not migrated yet has nothing to prune; the next day's round tries again.
            LogPruneFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} expired notifications pruned")]
    private partial void LogPruned(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not prune expired notifications")]
    private partial void LogPruneFailed(Exception exception);
}
