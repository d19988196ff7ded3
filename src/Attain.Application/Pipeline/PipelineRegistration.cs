using Attain.Application.Access;
using Attain.Application.Calendar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attain.Application.Pipeline;

public static class PipelineRegistration
{
    /// <summary>Registers the pipeline health service the API and the UI share, scoped per request or circuit.</summary>
    public static IServiceCollection AddAttainPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<OrganisationTime>();
        services.TryAddScoped<ScopeResolver>();
        services.TryAddScoped<PipelineHealthService>();
        return services;
    }
}
