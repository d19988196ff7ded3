using Attain.Application.Bookings.BulkLoad;
using Attain.Application.Exports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attain.Application.Imports;

public static class ImportRegistration
{
    /// <summary>Registers <see cref="ImportService"/>, <see cref="ExportService"/> and <see cref="BookingBulkWriter"/> (scoped, over the scoped <c>AttainDbContext</c>).</summary>
    public static IServiceCollection AddAttainImports(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BookingBulkWriter>();
        services.TryAddScoped<ImportService>();
        services.TryAddScoped<ExportService>();
        return services;
    }
}
