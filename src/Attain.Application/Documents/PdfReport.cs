using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Attain.Application.Documents;

/// <summary>How a table column is aligned.</summary>
public enum ColumnAlignment
{
    Left,
    Right,
}

/// <summary>A table column: its header, its share of the page width and its alignment (amounts right).</summary>
public sealed record PdfColumn(string Header, double Width = 1, ColumnAlignment Alignment = ColumnAlignment.Left);

/// <summary>
/// A simple flowing document written to PDF: a title, headings, paragraphs, label–value lists and tables, on A4 pages
/// that break where the content needs, with wrapped text and a page footer. Statements and plan documents are written
/// with it; what it writes is text a PDF reader can extract (tests read the PDFs back).
/// </summary>
public sealed class PdfReport
{
    private const double Margin = 40;
    private const double BodySize = 9.5;
    private readonly List<Action<Writer>> blocks = [];
    private readonly string title;
    private readonly string? footer;

    /// <param name="title">The document title, first on the first page and in the PDF's properties.</param>
    /// <param name="footer">Text at the foot of every page, before the page number; null for the page number only.</param>
    public PdfReport(string title, string? footer = null)
    {
        this.title = title;
        this.footer = footer;
        blocks.Add(w => w.Text(title, 16, bold: true, spaceAfter: 8));
    }

    /// <summary>Adds a section heading.</summary>
    public PdfReport Heading(string text)
    {
        blocks.Add(w => w.Text(text, 12, bold: true, spaceBefore: 8, spaceAfter: 4, keepWithNext: 40));
        return this;
    }

    /// <summary>Adds a wrapped paragraph.</summary>
    public PdfReport Paragraph(string text)
    {
        blocks.Add(w => w.Text(text, BodySize, bold: false, spaceAfter: 4));
        return this;
    }

    /// <summary>Adds label–value pairs, one per line, labels in bold.</summary>
    public PdfReport Facts(IEnumerable<(string Label, string Value)> facts)
    {
        var list = facts.ToList();
        blocks.Add(w => w.Table([new PdfColumn(string.Empty, 1), new PdfColumn(string.Empty, 2)], [.. list.Select(f => new[] { f.Label, f.Value })], header: false, boldFirstColumn: true));
        return this;
    }

    /// <summary>Adds a table with a header row (repeated after a page break); rows shorter than the columns are padded.</summary>
    public PdfReport Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows, bool boldLastRow = false)
    {
        var list = rows.ToList();
        blocks.Add(w => w.Table(columns, list, header: true, boldFirstColumn: false, boldLastRow));
        return this;
    }

    /// <summary>Writes the document.</summary>
    public byte[] ToBytes()
    {
        PdfFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "Attain";
        var writer = new Writer(document);
        foreach (var block in blocks)
        {
            block(writer);
        }

        writer.Finish(footer);
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private sealed class Writer(PdfDocument document)
    {
        private readonly List<PdfPage> pages = [];
        private XGraphics? graphics;
        private double y;
        private double width;
        private double bottom;

        private XGraphics Graphics => graphics ?? NewPage();

        public void Text(string text, double size, bool bold, double spaceBefore = 0, double spaceAfter = 0, double keepWithNext = 0)
        {
            var font = Font(size, bold);
            var lines = Wrap(text, font, PageWidth());
            var height = font.GetHeight() * 1.2;
            Ensure(spaceBefore + height + keepWithNext);
            y += spaceBefore;
            foreach (var line in lines)
            {
                Ensure(height);
                Graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin, y, width, height), XStringFormats.TopLeft);
                y += height;
            }

            y += spaceAfter;
        }

        public void Table(IReadOnlyList<PdfColumn> columns, List<IReadOnlyList<string>> rows, bool header, bool boldFirstColumn, bool boldLastRow = false)
        {
            var total = columns.Sum(c => c.Width);
            var available = PageWidth();
            var widths = columns.Select(c => available * c.Width / total).ToArray();
            if (header)
            {
                Row(columns, widths, [.. columns.Select(c => c.Header)], bold: _ => true, rule: true);
            }

            for (var r = 0; r < rows.Count; r++)
            {
                var last = boldLastRow && r == rows.Count - 1;
                if (Row(columns, widths, rows[r], c => last || (boldFirstColumn && c == 0), rule: last) && header)
                {
                    Row(columns, widths, [.. columns.Select(c => c.Header)], bold: _ => true, rule: true, redraw: true);
                    Row(columns, widths, rows[r], c => last || (boldFirstColumn && c == 0), rule: last);
                }
            }

            y += 6;
        }

        public void Finish(string? footer)
        {
            var font = Font(7.5, bold: false);
            for (var i = 0; i < pages.Count; i++)
            {
                using var gfx = i == pages.Count - 1 && graphics is not null ? null : XGraphics.FromPdfPage(pages[i], XGraphicsPdfPageOptions.Append);
                var target = gfx ?? graphics!;
                var text = $"{footer}{(footer is null ? string.Empty : "  ·  ")}page {i + 1} of {pages.Count}";
                target.DrawString(text, font, XBrushes.Gray, new XRect(Margin, pages[i].Height.Point - Margin + 12, width, 12), XStringFormats.TopLeft);
            }

            graphics?.Dispose();
            graphics = null;
        }

        /// <summary>Draws one row; returns true (and draws nothing) when it started a new page, so a header can be repeated first.</summary>
        private bool Row(IReadOnlyList<PdfColumn> columns, double[] widths, IReadOnlyList<string> cells, Func<int, bool> bold, bool rule, bool redraw = false)
        {
            var size = BodySize;
            var wrapped = new List<string>[columns.Count];
            for (var c = 0; c < columns.Count; c++)
            {
                wrapped[c] = Wrap(c < cells.Count ? cells[c] : string.Empty, Font(size, bold(c)), widths[c] - 6);
            }

            var lineHeight = Font(size, false).GetHeight() * 1.2;
            var height = (wrapped.Max(w => w.Count) * lineHeight) + 3;
            if (y + height > bottom && !redraw)
            {
                NewPage();
                return true;
            }

            var x = Margin;
            if (rule)
            {
                Graphics.DrawLine(XPens.LightGray, Margin, y, Margin + widths.Sum(), y);
            }

            for (var c = 0; c < columns.Count; c++)
            {
                var format = columns[c].Alignment == ColumnAlignment.Right ? XStringFormats.TopRight : XStringFormats.TopLeft;
                for (var l = 0; l < wrapped[c].Count; l++)
                {
                    Graphics.DrawString(wrapped[c][l], Font(size, bold(c)), XBrushes.Black, new XRect(x + 3, y + 1.5 + (l * lineHeight), widths[c] - 6, lineHeight), format);
                }

                x += widths[c];
            }

            y += height;
            return false;
        }

        private void Ensure(double height)
        {
            if (graphics is null || y + height > bottom)
            {
                NewPage();
            }
        }

        private XGraphics NewPage()
        {
            graphics?.Dispose();
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            pages.Add(page);
            graphics = XGraphics.FromPdfPage(page);
            width = page.Width.Point - (2 * Margin);
            bottom = page.Height.Point - Margin - 10;
            y = Margin;
            return graphics;
        }

        private double PageWidth()
        {
            _ = Graphics;
            return width;
        }

        private static XFont Font(double size, bool bold) => new(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

        private List<string> Wrap(string text, XFont font, double max)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Split('\n'))
            {
                var line = string.Empty;
                foreach (var word in paragraph.Split(' '))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (line.Length > 0 && Graphics.MeasureString(candidate, font).Width > max)
                    {
                        lines.Add(line);
                        line = word;
                    }
                    else
                    {
                        line = candidate;
                    }
                }

                lines.Add(line);
            }

            return lines;
        }
    }
}
