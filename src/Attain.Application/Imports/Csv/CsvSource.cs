using System.Runtime.CompilerServices;
using System.Text;
using nietras.SeparatedValues;

namespace Attain.Application.Imports.Csv;

/// <summary>One data row: its spreadsheet-style number (header = 1) and its cells, unescaped and trimmed.</summary>
internal sealed record CsvRow(int Number, string[] Cells);

/// <summary>
/// Reads a comma-separated, UTF-8 (BOM optional) file with Sep: RFC 4180 quoting, a header row, rows streamed one at a time.
/// </summary>
internal sealed class CsvSource : IAsyncDisposable
{
    private readonly StreamReader text;
    private readonly SepReader reader;

    private CsvSource(StreamReader text, SepReader reader, IReadOnlyList<string> header)
    {
        this.text = text;
        this.reader = reader;
        Header = header;
    }

    public IReadOnlyList<string> Header { get; }

    public static async Task<CsvSource> OpenAsync(Stream stream, CancellationToken cancellationToken)
    {
        var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var reader = await Sep.New(',')
            .Reader(o => o with { Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true })
            .FromAsync(text, cancellationToken);
        var header = reader.Header.ColNames.Select(n => n.Trim()).ToList();
        return new CsvSource(text, reader, header);
    }

    public async IAsyncEnumerable<CsvRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in reader.EnumerateAsync(r => new CsvRow(r.RowIndex + 1, r[..].ToStringsArray())).WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        text.Dispose();
        return ValueTask.CompletedTask;
    }
}
