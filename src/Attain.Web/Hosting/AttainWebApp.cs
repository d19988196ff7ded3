using Attain.Application.Access;
using Attain.Application.Analytics;
using Attain.Application.Audit;
using Attain.Application.Browse;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Imports;
using Attain.Application.Organisation;
using Attain.Application.Pipeline;
using Attain.Application.Segmentation;
using Attain.Web.Api;
using Attain.Web.Auth;
using Attain.Web.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace Attain.Web.Hosting;

/// <summary>Builds the one ASP.NET Core app: the Blazor UI, the REST API under /api/v1, auth and /health.</summary>
public static class AttainWebApp
{
    public static WebApplicationBuilder CreateBuilder(string[] args, WebApplicationOptions? options = null)
    {
        var builder = WebApplication.CreateBuilder(options ?? new WebApplicationOptions { Args = args });
        builder.WebHost.UseStaticWebAssets();
        AddServices(builder);
        return builder;
    }

    public static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddAttainStore(builder.Configuration);
        services.AddScoped<ScopeResolver>();
        services.AddScoped<AccountSetup>();
        services.AddAttainBrowse();
        services.AddAttainAnalytics();
        services.AddAttainPipeline();
        services.AddAttainSegmentation();
        services.AddAttainCompensation();
        services.AddAttainImports();
        services.AddAttainAudit();
        services.AddAttainAuth();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentViewer>();
        services.AddAttainApi();
        services.AddOpenApi("v1");
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddAttainUi();
        services.AddOptions<StartupOptions>().Bind(builder.Configuration.GetSection("Attain"));
        services.AddHostedService<StartupTasks>();
        services.AddSingleton<BackgroundRuns>();
        services.AddHostedService<RunWorker>();
        services.AddHostedService<NotificationRetention>();
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler();
        }

        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMiddleware<ChangeActorMiddleware>();

        app.MapStaticAssets();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("Attain API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapHealthChecks("/health");
        app.MapAccountEndpoints();
        app.MapApiV1();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
