using System.Text;
using Attain.Application.Access;
using Attain.Application.Data;
using Attain.Application.Imports;
using Attain.Application.Imports.Csv;
using ClosedXML.Excel;
using nietras.SeparatedValues;

namespace Attain.Application.Exports;

public enum ExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>An exported table: Attain's import columns and one row of typed values per record.</summary>
public sealed record ExportTable(ImportEntity Entity, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>Any table (a dashboard's): a sheet name, column headings and one row of typed values per line.</summary>
public sealed record ExportSheet(string Name, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>
/// Exports entities with the same columns imports read, so exporting and importing again changes nothing.
/// People-owned records (accounts, opportunities and their stage history, activities, bookings, and people
/// themselves) are limited to the given <see cref="Scope"/>; reference data is exported whole.
/// </summary>
public sealed class ExportService(AttainDbContext db)
{
    /// <summary>Writes one entity as CSV (UTF-8, comma-separated, header row) or as a one-sheet .xlsx workbook.</summary>
    /// <param name="scope">Whose records to include; null means everyone's.</param>
    public async Task ExportAsync(ImportEntity entity, ExportFormat format, Scope? scope, Stream stream, CancellationToken cancellationToken = default)
    {
        var table = await ReadAsync(entity, scope, cancellationToken);
        if (format == ExportFormat.Csv)
        {
            await WriteCsvAsync(Sheet(table), stream, cancellationToken);
        }
        else
        {
            await WriteXlsxAsync([Sheet(table)], stream, cancellationToken);
        }
    }

    /// <summary>Writes any table as CSV or a one-sheet .xlsx, with the same cell rules as entity exports.</summary>
    public static Task WriteAsync(ExportSheet sheet, ExportFormat format, Stream stream, CancellationToken cancellationToken = default) =>
        format == ExportFormat.Csv ? WriteCsvAsync(sheet, stream, cancellationToken) : WriteXlsxAsync([sheet], stream, cancellationToken);

    /// <summary>Writes a .xlsx workbook with one sheet per entity, named like the entity (e.g. <c>accounts</c>).</summary>
    public async Task ExportWorkbookAsync(IEnumerable<ImportEntity> entities, Scope? scope, Stream stream, CancellationToken cancellationToken = default)
    {
        var tables = new List<ExportTable>();
        foreach (var entity in entities)
        {
            tables.Add(await ReadAsync(entity, scope, cancellationToken));
        }

        await WriteXlsxAsync([.. tables.Select(Sheet)], stream, cancellationToken);
    }

    /// <summary>The rows an export would write, as typed values.</summary>
    public Task<ExportTable> ReadAsync(ImportEntity entity, Scope? scope, CancellationToken cancellationToken = default) =>
        new ExportQueries(db, scope ?? Scope.All).ReadAsync(entity, cancellationToken);

    private static ExportSheet Sheet(ExportTable table) => new(table.Entity.Name(), table.Columns, table.Rows);

    private static async Task WriteCsvAsync(ExportSheet table, Stream stream, CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(text, leaveOpen: true))
        {
            var names = table.Columns.ToArray();
            writer.Header.Add(names);
            await writer.Header.WriteAsync(cancellationToken);
            foreach (var row in table.Rows)
            {
                await WriteRow(writer, names, row.Select(CsvValues.Format).ToArray(), cancellationToken);
            }
        }

        await text.FlushAsync(cancellationToken);
    }

    private static ValueTask WriteRow(SepWriter writer, string[] names, string[] cells, CancellationToken cancellationToken)
    {
        var row = writer.NewRow(cancellationToken);
        row[names].Set(cells);
        return row.DisposeAsync();
    }

    private static async Task WriteXlsxAsync(IReadOnlyList<ExportSheet> tables, Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var workbook = new XLWorkbook())
        {
            foreach (var table in tables)
            {
                var sheet = workbook.Worksheets.Add(table.Name);
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    sheet.Cell(1, c + 1).SetValue(table.Columns[c]);
                }

                sheet.Row(1).Style.Font.Bold = true;
                for (var r = 0; r < table.Rows.Count; r++)
                {
                    var values = table.Rows[r];
                    for (var c = 0; c < values.Length; c++)
                    {
                        SetCell(sheet.Cell(r + 2, c + 1), values[c]);
                    }
                }

                sheet.SheetView.FreezeRows(1);
            }

            workbook.SaveAs(buffer);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(stream, cancellationToken);
    }

    /// <summary>Numbers as numbers, dates as dates (yyyy-mm-dd), instants as date-times (UTC), the rest as text.</summary>
    private static void SetCell(IXLCell cell, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case decimal d:
                cell.SetValue(d);
                break;
            case double d:
                cell.SetValue(d);
                break;
            case int i:
                cell.SetValue(i);
                break;
            case long l:
                cell.SetValue(l);
                break;
            case bool b:
                cell.SetValue(b);
                break;
            case DateOnly date:
                cell.SetValue(date.ToDateTime(TimeOnly.MinValue));
                cell.Style.DateFormat.Format = "yyyy-mm-dd";
                break;
            case DateTime instant:
                cell.SetValue(DateTime.SpecifyKind(instant, DateTimeKind.Unspecified));
                cell.Style.DateFormat.Format = "yyyy-mm-dd hh:mm:ss";
                break;
            default:
                cell.SetValue(CsvValues.Format(value));
                cell.DataType = XLDataType.Text;
                break;
        }
    }
}
