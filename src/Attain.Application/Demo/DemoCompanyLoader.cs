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

        return await InTransactionAsync(db, async () =>
        {
            var rows = 0;
            rows += await AddAsync(db, "Organisation", [company.Settings], 1, progress, cancellationToken);
            rows += await AddAsync(db, "Currencies", company.Currencies, company.Currencies.Count, progress, cancellationToken);
            rows += await AddAsync(db, "FX rates", company.FxRates, company.FxRates.Count, progress, cancellationToken);
            rows += await AddAsync(db, "People", company.People, company.People.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Regions", company.Regions, company.Regions.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Teams", company.Teams, company.Teams.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Reporting lines", company.ReportingLines, company.ReportingLines.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Team memberships", company.TeamMemberships, company.TeamMemberships.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Accounts", company.Accounts, company.Accounts.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Product families", company.ProductFamilies, company.ProductFamilies.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Products", company.Products, company.Products.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Stages", company.Stages, company.Stages.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Opportunities", company.Opportunities, company.Opportunities.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Stage history", company.StageChanges, company.StageChanges.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Activities", company.Activities, company.Activities.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Bookings", company.Bookings, company.Bookings.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Quotas", company.Quotas, company.Quotas.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Plans", company.Plans, company.Plans.Count, progress, cancellationToken);
            rows += await AddAsync(db, "Plan assignments", company.PlanAssignments, company.PlanAssignments.Count, progress, cancellationToken);
            rows += await Segmentation.SegmentationService.AddComputedAsync(
                db, DemoSegmentations.All, company.Options.AsOf, company.Options.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), cancellationToken);
            return rows;
        }, cancellationToken);
    }

    /// <summary>
    /// Loads the scale data set's organisation, people, reporting lines, accounts and products, then
    /// <paramref name="bookings"/> of its bookings, all through the normal save path (a change-log entry per row).
    /// Fine for tests and small counts; millions of bookings belong to the bulk booking writer after a load with 0 here.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store is not empty (see <see cref="IsEmptyAsync"/>).</exception>
    public static async Task<DemoLoadResult> LoadScaleAsync(
        AttainDbContext db, DemoScale scale, long bookings, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!await IsEmptyAsync(db, cancellationToken))
        {
            throw new InvalidOperationException("The scale data set loads only into an empty store; this one already has data.");
        }

        return await InTransactionAsync(db, async () =>
        {
            var rows = 0;
            rows += await AddAsync(db, "Organisation", [NewSettings()], 1, progress, cancellationToken);
            rows += await AddAsync(db, "Currencies", DemoCompanyGenerator.NewCurrencies(), 3, progress, cancellationToken);
            rows += await AddAsync(db, "People", scale.People(), scale.Participants, progress, cancellationToken);
            rows += await AddAsync(db, "Reporting lines", scale.ReportingLines(scale.People()), scale.Participants, progress, cancellationToken);
            rows += await AddAsync(db, "Accounts", scale.Accounts(), scale.AccountCount, progress, cancellationToken);
            rows += await AddAsync(db, "Product families", DemoScale.ProductFamilies(), DemoScale.ProductFamilies().Count, progress, cancellationToken);
            rows += await AddAsync(db, "Products", DemoScale.Products(), DemoScale.Products().Count, progress, cancellationToken);
            rows += await AddAsync(db, "Bookings", scale.Bookings(bookings), checked((int)bookings), progress, cancellationToken);
            return rows;
        }, cancellationToken);
    }

    private static Calendar.OrganisationSettings NewSettings() => new()
    {
        Name = DemoCompany.Name + " (scale)",
        FiscalYearStartMonth = DemoCompanyGenerator.FiscalYearStartMonth,
        BaseCurrency = "USD",
        TimeZone = DemoCompany.TimeZone,
    };

    private static async Task<DemoLoadResult> InTransactionAsync(AttainDbContext db, Func<Task<int>> load, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var (actor, reason) = (db.ChangeContext.Actor, db.ChangeContext.Reason);
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeContext.Actor = Actor;
        db.ChangeContext.Reason = Reason;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = await load();
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

    /// <summary>Adds rows in batches, one save per batch; the tracker is cleared after each so memory stays flat.</summary>
    private static async Task<int> AddAsync<T>(
        AttainDbContext db, string step, IEnumerable<T> rows, int total, IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
        where T : class
    {
        var done = 0;
        foreach (var chunk in rows.Chunk(BatchSize))
        {
            db.Set<T>().AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            done += chunk.Length;
            progress?.Report(new DemoProgress(step, done, total));
        }

        return done;
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
