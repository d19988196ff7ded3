using Attain.Application.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Attain.Web.Hosting;

/// <summary>/health is healthy when the store answers.</summary>
public sealed class StoreHealthCheck(AttainDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("store reachable")
            : HealthCheckResult.Unhealthy("store unreachable");
}
