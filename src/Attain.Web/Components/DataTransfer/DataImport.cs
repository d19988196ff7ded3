using Attain.Application.Access;
using Attain.Application.Imports;
using Attain.Application.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Attain.Web.Components.DataTransfer;

/// <summary>The outcome of an import started from the page: the service's result, or why nothing was loaded.</summary>
public sealed record ImportOutcome(ImportResult? Result, string? Problem);

/// <summary>
/// The import page's use of <see cref="ImportService"/>, with the same rule as POST /api/v1/imports/{entity}: only
/// admins and sales ops may import. The signed-in user's name is recorded as the actor of every change.
/// </summary>
/// <remarks>
/// Unlike the pages' reads, an import does not use the circuit's <c>AttainDbContext</c>: it runs in a scope of its own,
/// with a context that lives only as long as the import. The importer tracks every record it inserts or updates, and a
/// context kept for the whole circuit would hold them all in memory and hand their stale values to the next import.
/// </remarks>
public sealed partial class DataImport(IServiceScopeFactory scopes, ILogger<DataImport> logger)
{
    /// <summary>The largest file the page accepts: 50 MB. The whole file is held in memory while it is checked (ADR 0004).</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    public const string MaxFileSizeText = "50 MB";

    public static bool MayImport(Viewer viewer) => viewer.Roles.Overlaps(Roles.DataAdmins);

    /// <summary>Imports <paramref name="content"/> as <paramref name="entity"/> for <paramref name="viewer"/>.</summary>
    /// <remarks>Cancelling throws <see cref="OperationCanceledException"/>; nothing is kept.</remarks>
    public async Task<ImportOutcome> ImportAsync(
        Viewer viewer, ImportEntity entity, ImportFormat format, Stream content, string fileName, CancellationToken cancellationToken)
    {
        if (!MayImport(viewer))
        {
            return new(null, "Only admins and sales ops may import data.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ImportService>();
        try
        {
            return new(await importer.ImportAsync(entity, content, Path.GetFileName(fileName), format, viewer.UserName, cancellationToken), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failure while writing rolls the whole file back (ADR 0004). Inside a circuit an unhandled exception
            // would end the user's session, so it is logged here and the page says that nothing was loaded.
            LogImportFailed(logger, exception, entity);
            return new(null, "The import failed and nothing was loaded: the whole file was rolled back. Try again, and if it fails again ask an admin to look at the server log.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Import of {Entity} from the UI failed; the file was rolled back")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, ImportEntity entity);
}
