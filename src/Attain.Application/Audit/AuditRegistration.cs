using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attain.Application.Audit;

public static class AuditRegistration
{
    /// <summary>Registers the audit trail's reader the API and the UI share, scoped per request or circuit.</summary>
    public static IServiceCollection AddAttainAudit(this IServiceCollection services)
    {
        services.TryAddScoped<AuditService>();
        return services;
    }
}
