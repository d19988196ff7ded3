using Attain.Application.Imports.Dialects;

namespace Attain.Application.Imports.Csv;

/// <summary>Where each canonical (Attain) column sits in a file's header, and what the file calls it.</summary>
internal sealed class ColumnMap
{
    private readonly IReadOnlyList<string> header;
    private readonly Dictionary<string, List<int>> indices;

    private ColumnMap(ImportFormat format, IReadOnlyList<string> header, Dictionary<string, List<int>> indices)
    {
        Format = format;
        this.header = header;
        this.indices = indices;
    }

    public ImportFormat Format { get; }

    public int HeaderCount => header.Count;

    public static ColumnMap Create(ImportEntity entity, ImportFormat requested, IReadOnlyList<string> header)
    {
        var format = requested == ImportFormat.Auto ? HeaderMappings.Detect(entity, header) : requested;
        var mapping = HeaderMappings.For(entity, format);
        var indices = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            // Attain's own names are accepted in every dialect, so a Salesforce file can carry an extra external_id column.
            var canonical = mapping.TryGetValue(header[i], out var mapped) ? mapped : header[i].ToLowerInvariant();
            if (!indices.TryGetValue(canonical, out var list))
            {
                indices[canonical] = list = [];
            }

            list.Add(i);
        }

        return new ColumnMap(format, header, indices);
    }

    /// <summary>A map of a file that only Attain reads (no CRM dialect): column names matched without regard to case.</summary>
    public static ColumnMap CreateAttain(IReadOnlyList<string> header)
    {
        var indices = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var canonical = header[i].ToLowerInvariant();
            if (!indices.TryGetValue(canonical, out var list))
            {
                indices[canonical] = list = [];
            }

            list.Add(i);
        }

        return new ColumnMap(ImportFormat.Attain, header, indices);
    }

    public bool Has(string column) => indices.ContainsKey(column);

    /// <summary>The column's name as the file writes it (the canonical name when the file lacks it).</summary>
    public string SourceName(string column) =>
        indices.TryGetValue(column, out var list) ? header[list[0]] : column;

    /// <summary>The first non-empty cell among the file's columns mapped to <paramref name="column"/>, or null.</summary>
    public string? Value(string[] cells, string column)
    {
        if (!indices.TryGetValue(column, out var list))
        {
            return null;
        }

        foreach (var index in list)
        {
            if (index < cells.Length && !string.IsNullOrWhiteSpace(cells[index]))
            {
                return cells[index].Trim();
            }
        }

        return null;
    }
}
