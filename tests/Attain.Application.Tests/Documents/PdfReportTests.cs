using Attain.Application.Documents;
using Attain.Testing.Documents;

namespace Attain.Application.Tests.Documents;

public class PdfReportTests
{
    [Fact]
    public void ToBytes_TitleParagraphFactsAndTable_TextReadsBack()
    {
        var report = new PdfReport("Statement FY2027-M09", footer: "Northwind Analytics")
            .Paragraph("Your commission for October, in plain words.")
            .Facts([("Participant", "Avery Stone"), ("Payable", "1,234.56 USD")])
            .Heading("Earnings")
            .Table([new PdfColumn("Line"), new PdfColumn("Amount", 1, ColumnAlignment.Right)], [["Commission on B-1", "1,000.00"], ["Total", "1,234.56"]], boldLastRow: true);

        var text = PdfText.All(report.ToBytes());

        Assert.Contains("Statement FY2027-M09", text, StringComparison.Ordinal);
        Assert.Contains("plain words.", text, StringComparison.Ordinal);
        Assert.Contains("Avery Stone", text, StringComparison.Ordinal);
        Assert.Contains("1,234.56 USD", text, StringComparison.Ordinal);
        Assert.Contains("Commission on B-1", text, StringComparison.Ordinal);
        Assert.Contains("page 1 of 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_TableLongerThanAPage_BreaksPagesRepeatsHeaderAndNumbersThem()
    {
        var rows = Enumerable.Range(1, 200).Select(i => (IReadOnlyList<string>)[$"Line {i}", $"{i}.00"]).ToList();

        var pages = PdfText.Pages(new PdfReport("Long").Table([new PdfColumn("Description"), new PdfColumn("Amount", 1, ColumnAlignment.Right)], rows).ToBytes());

        Assert.True(pages.Count >= 3, $"200 rows should need at least 3 pages, got {pages.Count}");
        Assert.All(pages, p => Assert.Contains("Description", p, StringComparison.Ordinal));
        Assert.Contains($"page {pages.Count} of {pages.Count}", pages[^1], StringComparison.Ordinal);
        Assert.Equal(200, pages.Sum(p => p.Split("Line ").Length - 1));
    }
}
