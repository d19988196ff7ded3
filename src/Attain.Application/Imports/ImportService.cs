using Attain.Application.Bookings.BulkLoad;
using Attain.Application.Data;
using Attain.Application.Imports.Csv;
using Attain.Application.Imports.Entities;
using Attain.Application.Organisation;
using Attain.Application.Products;

namespace Attain.Application.Imports;

/// <summary>
/// The one entry point for CSV imports (web API, UI and CLI call it). Policy, the same for every entity (ADR 0004):
/// valid rows are loaded in one transaction, invalid rows are reported and not loaded, and a failure part-way
/// through rolls the whole file back. Rows match stored records by external id; only changed fields are written.
/// </summary>
public sealed class ImportService(AttainDbContext db, TimeProvider clock, BookingBulkWriter bulkWriter)
{
    private static readonly Dictionary<ImportEntity, IEntityImporter> Importers = new IEntityImporter[]
    {
        new CurrencyImporter(),
        new FxRateImporter(),
        new NamedRecordImporter<Region>(
            ImportEntity.Regions, db => db.Regions, x => x.ExternalId, (id, name) => new Region { ExternalId = id, Name = name }, (x, name) => x.Name = name),
        new TeamImporter(),
        new PeopleImporter(),
        new NamedRecordImporter<ProductFamily>(
            ImportEntity.ProductFamilies, db => db.ProductFamilies, x => x.ExternalId, (id, name) => new ProductFamily { ExternalId = id, Name = name }, (x, name) => x.Name = name),
        new ProductImporter(),
        new StageImporter(),
        new AccountImporter(),
        new OpportunityImporter(),
        new StageHistoryImporter(),
        new ActivityImporter(),
        new BookingImporter(),
        new QuotaImporter(),
    }.ToDictionary(i => i.Entity);

    /// <summary>Imports one CSV file.</summary>
    /// <param name="entity">What the file holds.</param>
    /// <param name="stream">The file's bytes (UTF-8, comma-separated, header row first); left open.</param>
    /// <param name="fileName">Named in errors and in the change log's reason ("import accounts.csv").</param>
    /// <param name="format">Header dialect; <see cref="ImportFormat.Auto"/> detects it.</param>
    /// <param name="actor">Recorded as the change log's actor.</param>
    /// <param name="cancellationToken">Cancels the import; nothing is kept.</param>
    public Task<ImportResult> ImportAsync(
        ImportEntity entity, Stream stream, string fileName, ImportFormat format, string actor, CancellationToken cancellationToken = default) =>
        ImportCoreAsync(entity, stream, fileName, format, actor, deferUnknownLeaders: false, cancellationToken);

    /// <summary>The files <see cref="ImportDirectoryAsync"/> will load from <paramref name="directory"/>, in order (teams.csv twice when people.csv is there).</summary>
    public static IReadOnlyList<ImportEntity> PlanDirectory(string directory)
    {
        var present = ImportEntities.DependencyOrder.Where(e => File.Exists(Path.Combine(directory, e.FileName()))).ToList();
        var plan = new List<ImportEntity>();
        foreach (var entity in present)
        {
            plan.Add(entity);
            if (entity == ImportEntity.People && present.Contains(ImportEntity.Teams))
            {
                plan.Add(ImportEntity.Teams);
            }
        }

        return plan;
    }

    /// <summary>
    /// Imports every <c>&lt;entity&gt;.csv</c> found in <paramref name="directory"/>, in dependency order, each file in
    /// its own transaction. Because teams come before people but a team's leader is a person, teams.csv is read twice
    /// when people.csv is present: first with unknown leaders left for later, then again after people.csv (that
    /// second result, listed after people's, sets the leaders and reports leaders still unknown).
    /// </summary>
    /// <param name="progress">Told of each file's result as soon as it is loaded.</param>
    public async Task<IReadOnlyList<ImportResult>> ImportDirectoryAsync(
        string directory, ImportFormat format, string actor, IProgress<ImportResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new List<ImportResult>();
        var teams = Path.Combine(directory, ImportEntity.Teams.FileName());
        var people = Path.Combine(directory, ImportEntity.People.FileName());
        foreach (var entity in ImportEntities.DependencyOrder)
        {
            var path = Path.Combine(directory, entity.FileName());
            if (!File.Exists(path))
            {
                continue;
            }

            var defer = entity == ImportEntity.Teams && File.Exists(people);
            results.Add(await ImportFileAsync(entity, path, format, actor, defer, cancellationToken));
            progress?.Report(results[^1]);
            if (entity == ImportEntity.People && File.Exists(teams))
            {
                results.Add(await ImportFileAsync(ImportEntity.Teams, teams, format, actor, false, cancellationToken));
                progress?.Report(results[^1]);
            }
        }

        return results;
    }

    private async Task<ImportResult> ImportFileAsync(
        ImportEntity entity, string path, ImportFormat format, string actor, bool deferUnknownLeaders, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await ImportCoreAsync(entity, stream, Path.GetFileName(path), format, actor, deferUnknownLeaders, cancellationToken);
    }

    private async Task<ImportResult> ImportCoreAsync(
        ImportEntity entity, Stream stream, string fileName, ImportFormat format, string actor, bool deferUnknownLeaders, CancellationToken cancellationToken)
    {
        var previousActor = db.ChangeContext.Actor;
        var previousReason = db.ChangeContext.Reason;
        db.ChangeContext.Actor = actor;
        db.ChangeContext.Reason = $"import {fileName}";
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await using var source = await CsvSource.OpenAsync(stream, cancellationToken);
            var columns = ColumnMap.Create(entity, format, source.Header);
            var session = new ImportSession(db, fileName, entity, columns, clock, bulkWriter, deferUnknownLeaders);
            await session.LoadReferenceDataAsync(cancellationToken);
            await Importers[entity].RunAsync(session, source, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            var errors = session.Errors.OrderBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal).ToList();
            return new ImportResult(fileName, entity, columns.Format, session.Inserted, session.Updated, session.Unchanged, errors);
        }
        catch
        {
            // The transaction rolls back on dispose; forget the entities it would have written.
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }

            db.ChangeContext.Actor = previousActor;
            db.ChangeContext.Reason = previousReason;
        }
    }
}
