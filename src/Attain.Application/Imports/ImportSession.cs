using Attain.Application.Bookings.BulkLoad;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Imports.Csv;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Imports;

internal enum RowOutcome
{
    Inserted,
    Updated,
    Unchanged,
}

/// <summary>The state of one file's import: the context, the column map, errors and counts.</summary>
internal sealed class ImportSession(
    AttainDbContext db,
    string file,
    ImportEntity entity,
    ColumnMap columns,
    TimeProvider clock,
    BookingBulkWriter bulkWriter,
    bool deferUnknownLeaders) : IRowContext
{
    private PersonIndex? people;

    public AttainDbContext Db { get; } = db;
    public string File { get; } = file;
    public ImportEntity Entity { get; } = entity;
    public ColumnMap Columns { get; } = columns;
    public BookingBulkWriter BulkWriter { get; } = bulkWriter;
    public bool DeferUnknownLeaders { get; } = deferUnknownLeaders;
    public List<ImportError> Errors { get; } = [];
    public HashSet<string> CurrencyCodes { get; } = new(StringComparer.Ordinal);
    IReadOnlySet<string> IRowContext.CurrencyCodes => CurrencyCodes;
    public string? BaseCurrency { get; private set; }
    public int Inserted { get; private set; }
    public int Updated { get; private set; }
    public int Unchanged { get; private set; }

    /// <summary>Today in the organisation's time zone: the date a stage change made by an import is entered on.</summary>
    public DateOnly Today { get; private set; }

    /// <summary>The organisation's fiscal calendar (calendar year when no settings exist yet): quota periods are its keys.</summary>
    public Engine.Periods.FiscalCalendar Calendar { get; private set; } = new(1);

    public async Task LoadReferenceDataAsync(CancellationToken cancellationToken)
    {
        CurrencyCodes.UnionWith(await Db.Currencies.AsNoTracking().Select(c => c.Code).ToListAsync(cancellationToken));
        var settings = await Db.OrganisationSettings.AsNoTracking().Select(s => new { s.BaseCurrency, s.TimeZone, s.FiscalYearStartMonth }).FirstOrDefaultAsync(cancellationToken);
        BaseCurrency = settings?.BaseCurrency;
        Calendar = new Engine.Periods.FiscalCalendar(settings?.FiscalYearStartMonth ?? 1);
        Today = OrganisationTime.TodayIn(clock, OrganisationTime.ZoneOf(settings?.TimeZone ?? "UTC"));
    }

    public async Task<PersonIndex> PeopleAsync(CancellationToken cancellationToken) =>
        people ??= await PersonIndex.LoadAsync(Db, cancellationToken);

    public void Error(int row, string? column, string code, string message) =>
        Errors.Add(new ImportError(File, row, column is null ? null : Columns.SourceName(column), code, message));

    public void Count(RowOutcome outcome)
    {
        switch (outcome)
        {
            case RowOutcome.Inserted:
                Inserted++;
                break;
            case RowOutcome.Updated:
                Updated++;
                break;
            default:
                Unchanged++;
                break;
        }
    }

    public void Count(int inserted, int updated, int unchanged)
    {
        Inserted += inserted;
        Updated += updated;
        Unchanged += unchanged;
    }

    /// <summary>
    /// Adds a new entity, or assigns an existing one and asks EF which fields really changed: assigning an equal value
    /// leaves the entity unchanged, so a repeated import writes nothing and logs nothing.
    /// </summary>
    public RowOutcome Upsert<T>(T? existing, Func<T> create, Action<T> assign)
        where T : class
    {
        if (existing is null)
        {
            var created = create();
            assign(created);
            Db.Add(created);
            return RowOutcome.Inserted;
        }

        assign(existing);
        return IsModified(existing) ? RowOutcome.Updated : RowOutcome.Unchanged;
    }

    public bool IsModified(object entity)
    {
        var entry = Db.Entry(entity);
        entry.DetectChanges();
        return entry.State is EntityState.Modified or EntityState.Added;
    }
}
