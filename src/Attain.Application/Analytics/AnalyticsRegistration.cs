using Attain.Application.Access;
using Attain.Application.Calendar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attain.Application.Analytics;

public static class AnalyticsRegistration
{
    /// <summary>Registers the KPI service the API, the UI and the CLI share, scoped per request or circuit.</summary>
    public static IServiceCollection AddAttainAnalytics(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<OrganisationTime>();
        services.TryAddScoped<ScopeResolver>();
        services.TryAddScoped<KpiService>();
        services.TryAddScoped<DashboardService>();
        return services;
    }
}
