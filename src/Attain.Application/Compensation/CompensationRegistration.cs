using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attain.Application.Compensation;

public static class CompensationRegistration
{
    /// <summary>Registers the compensation services the API, the UI and the CLI share, scoped per request, circuit or command.</summary>
    public static IServiceCollection AddAttainCompensation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<CalculationRunService>();
        services.TryAddScoped<RunBrowser>();
        services.TryAddScoped<RunComparisonService>();
        services.TryAddScoped<PeriodCloseService>();
        services.TryAddScoped<PriorPeriodAdjustmentService>();
        services.TryAddScoped<PayChangeService>();
        services.TryAddScoped<PayrollExportService>();
        services.TryAddScoped<AccrualReportService>();
        services.TryAddScoped<NotificationService>();
        services.TryAddScoped<ApprovalService>();
        services.TryAddScoped<AdjustmentService>();
        services.TryAddScoped<DisputeService>();
        services.TryAddScoped<StatementService>();
        services.TryAddScoped<PlanService>();
        services.TryAddSingleton<EstimatorCache>();
        services.TryAddScoped<EstimatorService>();
        services.TryAddScoped<WhatIfService>();
        services.TryAddScoped<PlanDocumentService>();
        return services;
    }
}
