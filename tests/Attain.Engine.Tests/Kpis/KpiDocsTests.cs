using System.Text.RegularExpressions;
using Attain.Engine.Kpis;

namespace Attain.Engine.Tests.Kpis;

public partial class KpiDocsTests
{
    private static readonly string[] Lines = ReadDoc().Split('\n');

    [Fact]
    public void KpiTable_Docs_NamesEqualCatalogInOrder()
    {
        var tableNames = TableRows().Select(cells => cells[0]).ToList();

        Assert.Equal(KpiCatalog.Names, tableNames);
    }

    [Fact]
    public void KpiTable_Docs_EveryRowStatesFormulaRecordsDateAndCurrency()
    {
        var rows = TableRows();

        Assert.All(rows, cells =>
        {
            Assert.Equal(5, cells.Count);
            Assert.All(cells, cell => Assert.False(string.IsNullOrWhiteSpace(cell), $"empty cell in the row of {cells[0]}"));
        });
    }

    [Fact]
    public void Sections_Docs_OneWorkedExamplePerKpiNamingAnExistingTest()
    {
        var tests = typeof(KpiCatalogTests).GetMethods().Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

        var sections = Sections();

        Assert.Equal(KpiCatalog.Names, sections.Select(s => s.Name));
        Assert.All(sections, section =>
        {
            var example = ExampleTest().Match(section.Text);
            Assert.True(example.Success, $"docs/kpis.md section '{section.Name}' has no 'Example (`Test_Name`)'");
            Assert.Contains(example.Groups[1].Value, tests);
        });
    }

    private static List<List<string>> TableRows()
    {
        var start = Array.IndexOf(Lines, "## The KPIs");
        Assert.True(start >= 0, "docs/kpis.md has no '## The KPIs' section");
        return
        [
            .. Lines.Skip(start + 1)
                .SkipWhile(l => !l.StartsWith('|'))
                .TakeWhile(l => l.StartsWith('|'))
                .Skip(2)
                .Select(l => CellSplit().Split(l.Trim().Trim('|')).Select(c => c.Trim()).ToList()),
        ];
    }

    private static List<(string Name, string Text)> Sections()
    {
        var start = Array.IndexOf(Lines, "## Definitions and worked examples");
        Assert.True(start >= 0, "docs/kpis.md has no '## Definitions and worked examples' section");
        var sections = new List<(string Name, string Text)>();
        foreach (var line in Lines.Skip(start + 1))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                break;
            }

            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                sections.Add((line[4..].Trim(), ""));
            }
            else if (sections.Count > 0)
            {
                sections[^1] = (sections[^1].Name, sections[^1].Text + line + "\n");
            }
        }

        return sections;
    }

    private static string ReadDoc()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Attain.slnx")))
        {
            folder = folder.Parent;
        }

        var root = folder?.FullName ?? throw new InvalidOperationException("Attain.slnx not found above the test folder.");
        return File.ReadAllText(Path.Combine(root, "docs", "kpis.md")).Replace("\r", "", StringComparison.Ordinal);
    }

    // A cell boundary is a pipe not escaped as \|.
    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSplit();

    [GeneratedRegex(@"Example \(`([A-Za-z0-9_]+)`\)")]
    private static partial Regex ExampleTest();
}
