using Attain.Web.Auth;
using Attain.Web.Components.DataTransfer;
using Attain.Web.Components.Home;
using Attain.Web.Components.Profile;
using Attain.Web.Components.Viewing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attain.Web.Components;

/// <summary>Services the Blazor UI's components inject, beyond the Application services they call.</summary>
public static class UiRegistration
{
    public static IServiceCollection AddAttainUi(this IServiceCollection services)
    {
        services.AddScoped<SignedInViewer>();
        services.AddScoped<HomeFigures>();
        services.AddScoped<PersonalApiTokens>();
        services.AddScoped<DataImport>();
        services.TryAddScoped<ApiTokens>();
        return services;
    }
}
