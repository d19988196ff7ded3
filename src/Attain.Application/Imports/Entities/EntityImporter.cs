using Attain.Application.Imports.Csv;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportColumns;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Imports.Entities;

internal interface IEntityImporter
{
    ImportEntity Entity { get; }

    Task RunAsync(ImportSession session, CsvSource source, CancellationToken cancellationToken);
}

/// <summary>A row that passed field validation, with its spreadsheet row number.</summary>
internal sealed record Parsed<T>(int Row, T Value);

/// <summary>
/// The shared shape of every importer: check the header, parse each row (field errors), drop duplicate keys,
/// then let the entity resolve references (reference errors) and write the valid rows.
/// </summary>
internal abstract class EntityImporter<TRow> : IEntityImporter
    where TRow : class
{
    /// <summary>Required columns another column can stand in for.</summary>
    private static readonly Dictionary<string, string[]> Alternatives = new()
    {
        [OwnerExternalId] = [OwnerEmail, Owner],
        [AccountExternalId] = [AccountName],
    };

    public abstract ImportEntity Entity { get; }

    /// <summary>The column duplicates are reported against.</summary>
    protected abstract string KeyColumn { get; }

    /// <summary>Reads one row's fields; returns null (or anything, with errors recorded on the row) when invalid.</summary>
    protected abstract TRow? Parse(RowReader row, ImportSession session);

    protected abstract string KeyOf(TRow row);

    /// <summary>Resolves references and writes the valid rows, counting each as inserted, updated or unchanged.</summary>
    protected abstract Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<TRow>> rows, CancellationToken cancellationToken);

    public async Task RunAsync(ImportSession session, CsvSource source, CancellationToken cancellationToken)
    {
        if (!HeaderIsComplete(session))
        {
            return;
        }

        var rows = new List<Parsed<TRow>>();
        var firstRowOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var raw in source.RowsAsync(cancellationToken))
        {
            var row = new RowReader(session, raw);
            if (row.IsBlank)
            {
                continue;
            }

            if (!row.HasExpectedCellCount)
            {
                session.Error(row.Row, null, ColumnCount, $"The row has {row.CellCount} cells; the header has {session.Columns.HeaderCount}.");
                continue;
            }

            var value = Parse(row, session);
            if (value is null || row.HasErrors)
            {
                continue;
            }

            var key = KeyOf(value);
            if (!firstRowOfKey.TryAdd(key, row.Row))
            {
                session.Error(row.Row, KeyColumn, DuplicateId, $"'{key}' already appears on row {firstRowOfKey[key]}; only the first is loaded.");
                continue;
            }

            rows.Add(new Parsed<TRow>(row.Row, value));
        }

        await ApplyAsync(session, rows, cancellationToken);
    }

    private bool HeaderIsComplete(ImportSession session)
    {
        var complete = true;
        foreach (var column in ImportColumns.For(Entity).Where(c => c.Required).Select(c => c.Name))
        {
            var present = session.Columns.Has(column)
                || (Alternatives.TryGetValue(column, out var alternatives) && alternatives.Any(session.Columns.Has))
                || (column == Currency && session.Columns.Format != ImportFormat.Attain && session.BaseCurrency is not null);
            if (!present)
            {
                session.Error(1, column, MissingColumn, $"The header has no '{column}' column; no rows were loaded.");
                complete = false;
            }
        }

        return complete;
    }

    /// <summary>Loads tracked entities whose key is among <paramref name="keys"/>, in chunks that stay within parameter limits.</summary>
    protected static async Task<Dictionary<string, T>> LoadByKeyAsync<T>(
        IQueryable<T> set, string keyProperty, IEnumerable<string> keys, Func<T, string> keyOf, CancellationToken cancellationToken)
        where T : class
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            var found = await set.Where(x => chunk.Contains(EF.Property<string>(x, keyProperty))).ToListAsync(cancellationToken);
            foreach (var entity in found)
            {
                result[keyOf(entity)] = entity;
            }
        }

        return result;
    }

    /// <summary>External id → id for the given keys (untracked).</summary>
    protected static async Task<KeyIndex> IndexAsync<T>(
        IQueryable<T> set, IEnumerable<string> keys, Func<T, (string Key, long Id)> pair, CancellationToken cancellationToken)
        where T : class
    {
        var index = new KeyIndex(StringComparer.Ordinal);
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            var found = await set.AsNoTracking().Where(x => chunk.Contains(EF.Property<string>(x, ExternalIdProperty))).ToListAsync(cancellationToken);
            foreach (var entity in found)
            {
                var (key, id) = pair(entity);
                index.Add(key, id);
            }
        }

        return index;
    }

    protected const string ExternalIdProperty = "ExternalId";

    /// <summary>A column the file lacks leaves the field as it is; a present but empty cell clears it.</summary>
    protected static void SetIfPresent(ImportSession session, string column, Action set)
    {
        if (session.Columns.Has(column))
        {
            set();
        }
    }
}
