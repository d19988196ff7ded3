using System.Diagnostics;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Demo;

/// <summary>How many rows a demo load wrote (business rows, not counting the change log) and how long it took.</summary>
public sealed record DemoLoadResult(int Rows, TimeSpan Elapsed);

/// <summary>
/// Loads the demo company into an empty store through the normal <see cref="AttainDbContext.SaveChangesAsync(bool, CancellationToken)"/>
/// path, so every row gets its change-log entry (actor <see cref="Actor"/>, reason <see cref="Reason"/>). One transaction:
/// either the whole company is there or none of it. Rows keep the ids the generator gave them.
/// </summary>
public static class DemoCompanyLoader
{
    public const string Actor = "system:demo";
    public const string Reason = "demo company";

    private const int BatchSize = 2_000;

    /// <summary>True when the demo company's organisation settings are in the store.</summary>
    public static Task<bool> IsLoadedAsync(AttainDbContext db, CancellationToken cancellationToken = default) =>
        db.OrganisationSettings.AsNoTracking().AnyAsync(s => s.Name == DemoCompany.Name, cancellationToken);

    /// <summary>True when the store has no organisation settings, people, accounts or bookings: the demo may be loaded.</summary>
    public static async Task<bool> IsEmptyAsync(AttainDbContext db, CancellationToken cancellationToken = default) =>
        !await db.OrganisationSettings.AnyAsync(cancellationToken)
        && !await db.People.AnyAsync(cancellationToken)
        && !await db.Accounts.AnyAsync(cancellationToken)
        && !await db.Bookings.AnyAsync(cancellationToken);

    /// <summary>Generates the company for <paramref name="options"/> and loads it.</summary>
    /// <exception cref="InvalidOperationException">The store is not empty (see <see cref="IsEmptyAsync"/>).</exception>
    public static Task<DemoLoadResult> LoadAsync(
        AttainDbContext db, DemoOptions options, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default) =>
        LoadAsync(db, DemoCompanyGenerator.Generate(options), progress, cancellationToken);

    /// <summary>Loads an already generated company. Its entity objects are attached and detached again; they can be loaded elsewhere after.</summary>
    /// <exception cref="InvalidOperationException">The store is not empty (see <see cref="IsEmptyAsync"/>).</exception>
    public static async Task<DemoLoadResult> LoadAsync(
        AttainDbContext db, DemoCompany company, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!await IsEmptyAsync(db, cancellationToken))
        {
            throw new InvalidOperationException("The demo company loads only into an empty store; this one already has data.");
        }

        var stopwatch = Stopwatch.StartNew();
        var (actor, reason) = (db.ChangeContext.Actor, db.ChangeContext.Reason);
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeContext.Actor = Actor;
        db.ChangeContext.Reason = Reason;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = 0;
            rows += await AddAsync(db, "Organisation", [company.Settings], progress, cancellationToken);
            rows += await AddAsync(db, "Currencies", company.Currencies, progress, cancellationToken);
            rows += await AddAsync(db, "FX rates", company.FxRates, progress, cancellationToken);
            rows += await AddAsync(db, "People", company.People, progress, cancellationToken);
            rows += await AddAsync(db, "Regions", company.Regions, progress, cancellationToken);
            rows += await AddAsync(db, "Teams", company.Teams, progress, cancellationToken);
            rows += await AddAsync(db, "Reporting lines", company.ReportingLines, progress, cancellationToken);
            rows += await AddAsync(db, "Team memberships", company.TeamMemberships, progress, cancellationToken);
            rows += await AddAsync(db, "Accounts", company.Accounts, progress, cancellationToken);
            rows += await AddAsync(db, "Product families", company.ProductFamilies, progress, cancellationToken);
            rows += await AddAsync(db, "Products", company.Products, progress, cancellationToken);
            rows += await AddAsync(db, "Stages", company.Stages, progress, cancellationToken);
            rows += await AddAsync(db, "Opportunities", company.Opportunities, progress, cancellationToken);
            rows += await AddAsync(db, "Stage history", company.StageChanges, progress, cancellationToken);
            rows += await AddAsync(db, "Activities", company.Activities, progress, cancellationToken);
            rows += await AddAsync(db, "Bookings", company.Bookings, progress, cancellationToken);
            await AdvanceIdentitiesAsync(db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new DemoLoadResult(rows, stopwatch.Elapsed);
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            db.ChangeContext.Actor = actor;
            db.ChangeContext.Reason = reason;
        }
    }

    private static async Task<int> AddAsync<T>(
        AttainDbContext db, string step, IReadOnlyList<T> rows, IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
        where T : class
    {
        for (var done = 0; done < rows.Count;)
        {
            var batch = Math.Min(BatchSize, rows.Count - done);
            db.Set<T>().AddRange(rows.Skip(done).Take(batch));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            done += batch;
            progress?.Report(new DemoProgress(step, done, rows.Count));
        }

        return rows.Count;
    }

    /// <summary>
    /// PostgreSQL identity sequences do not move when rows are inserted with explicit ids; set each to the table's
    /// largest id so the next row the app inserts gets a fresh one. SQLite's AUTOINCREMENT already follows explicit ids.
    /// </summary>
    private static async Task AdvanceIdentitiesAsync(AttainDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        foreach (var entity in db.Model.GetEntityTypes())
        {
            var key = entity.FindPrimaryKey();
            var table = entity.GetTableName();
            if (key is not { Properties: [{ ClrType: var type, ValueGenerated: not Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never } id] }
                || type != typeof(long) || table is null || entity.GetSchema() is not null)
            {
                continue;
            }

            var column = id.GetColumnName();
            var sql = string.Concat(
                "SELECT setval(pg_get_serial_sequence('\"", table, "\"', '", column, "'), ",
                "COALESCE(MAX(\"", column, "\"), 1), MAX(\"", column, "\") IS NOT NULL) FROM \"", table, "\"");
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }
}
