namespace Attain.Application.Imports;

/// <summary>
/// The outcome of importing one file: valid rows were loaded (counted as inserted, updated or unchanged),
/// rows listed in <see cref="Errors"/> were not loaded at all.
/// </summary>
public sealed record ImportResult(
    string File,
    ImportEntity Entity,
    ImportFormat Format,
    int Inserted,
    int Updated,
    int Unchanged,
    IReadOnlyList<ImportError> Errors)
{
    public bool HasErrors => Errors.Count > 0;
}

/// <summary>
/// A row that was not loaded. <see cref="Row"/> counts like a spreadsheet: the header is row 1, the first data row is 2.
/// <see cref="Column"/> is the column as the file names it (null when the whole row is at fault).
/// </summary>
public sealed record ImportError(string File, int Row, string? Column, string Code, string Message)
{
    public override string ToString() => Column is null
        ? $"{File} row {Row}: {Message} ({Code})"
        : $"{File} row {Row}, column {Column}: {Message} ({Code})";
}

/// <summary>Stable error codes, listed in docs/import.md.</summary>
public static class ImportErrorCodes
{
    public const string MissingColumn = "missing_column";
    public const string MissingRequired = "missing_required";
    public const string InvalidNumber = "invalid_number";
    public const string InvalidDate = "invalid_date";
    public const string InvalidValue = "invalid_value";
    public const string UnknownReference = "unknown_reference";
    public const string AmbiguousReference = "ambiguous_reference";
    public const string DuplicateId = "duplicate_id";
    public const string ColumnCount = "column_count";
}
