using Attain.Application.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attain.Application.Browse;

public static class BrowseRegistration
{
    /// <summary>Registers the read path the API and the UI share: one browser per resource, scoped per request or circuit.</summary>
    public static IServiceCollection AddAttainBrowse(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<ScopeResolver>();
        services.TryAddScoped<PeopleBrowser>();
        services.TryAddScoped<OrganisationBrowser>();
        services.TryAddScoped<AccountBrowser>();
        services.TryAddScoped<OpportunityBrowser>();
        services.TryAddScoped<ActivityBrowser>();
        services.TryAddScoped<BookingBrowser>();
        return services;
    }
}
