using System.Globalization;
using System.Text.Json;
using Attain.Application.Segmentation;
using Attain.Application.Tests.Imports;
using Attain.Engine.Segmentation;

namespace Attain.Application.Tests.Segmentation;

/// <summary>docs/segmentation.md is tested: its rule scheme and its ABC table give the segments the page shows.</summary>
public class SegmentationDocsTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<string[]> Lines = new(() => File.ReadAllLines(Path.Combine(ImportTestKit.RepositoryRoot(), "docs", "segmentation.md")));

    [Fact]
    public void RulesExample_AccountTable_GivesDocumentedSegments()
    {
        var start = Array.IndexOf(Lines.Value, "```json rules-example");
        var end = Array.IndexOf(Lines.Value, "```", start + 1);
        var request = JsonSerializer.Deserialize<SegmentationRequest>(string.Join('\n', Lines.Value[(start + 1)..end]), Json)!;
        var rows = Table(end, "| account | employees |");
        var accounts = rows.Select(r => new AccountProfile(r[0], null, Number(r[1]), Number(r[2]), r[3], null, null, 0m, 0, 0, 0, 0m));

        var result = SegmentationService.Run(SegmentationKind.Rules, request.Parameters!, accounts);

        Assert.True(result.Succeeded, string.Join("; ", result.Issues));
        Assert.Equal(rows.Select(r => r[4]), result.Assignments.Select(a => a.SegmentKey));
        Assert.Equal(5, rows.Count);
    }

    [Fact]
    public void AbcExample_Table_GivesDocumentedPotentialsAndClasses()
    {
        var rows = Table(0, "| account | bookings_12m |");
        var accounts = rows.Select(r => new AccountProfile(r[0], null, null, null, null, null, null, Number(r[1])!.Value, 0, 0, 0, Number(r[2])!.Value)).ToList();

        var result = AbcClassification.Assign(AbcThresholds.Default, accounts);

        Assert.Equal(rows.Select(r => Number(r[3])), accounts.Select(a => (decimal?)a.Potential));
        Assert.Equal(rows.Select(r => r[5].ToLowerInvariant()), result.Assignments.Select(a => a.SegmentKey));
        Assert.Equal(rows.Select(r => r[4]), result.Assignments.Select(a => a.Reason[(a.Reason.LastIndexOf(' ') + 1)..]));
    }

    private static List<string[]> Table(int after, string header)
    {
        var start = Array.FindIndex(Lines.Value, after, l => l.StartsWith(header, StringComparison.Ordinal));
        Assert.True(start >= 0, $"docs/segmentation.md has no table starting '{header}'");
        return [.. Lines.Value.Skip(start + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())];
    }

    private static decimal? Number(string cell) => cell.Length == 0 ? null : decimal.Parse(cell, CultureInfo.InvariantCulture);
}
