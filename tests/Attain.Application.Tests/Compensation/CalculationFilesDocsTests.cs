using System.Text.RegularExpressions;
using Attain.Application.Compensation;
using Attain.Application.Imports;
using Attain.Application.Tests.Imports;

namespace Attain.Application.Tests.Compensation;

/// <summary>The "Calculation files" examples of docs/import.md, with the import examples they refer to, form a data directory.</summary>
public sealed partial class CalculationFilesDocsTests : IDisposable
{
    private static readonly ImportEntity[] CalculationEntities =
        [ImportEntity.People, ImportEntity.ProductFamilies, ImportEntity.Products, ImportEntity.FxRates, ImportEntity.Bookings];

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("attain-calc-docs-");

    public void Dispose() => folder.Delete(recursive: true);

    private async Task<string> WriteDocsDataAsync()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(ImportTestKit.RepositoryRoot(), "docs", "import.md"), TestContext.Current.CancellationToken);
        var calcBlocks = CalcBlock().Matches(text).ToList();
        Assert.Equal(["quotas.csv", "plan-assignments.csv", "splits.csv", "credit-rules.csv", "settings.csv"], calcBlocks.Select(m => m.Groups["file"].Value));
        foreach (var block in calcBlocks)
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, block.Groups["file"].Value), block.Groups["csv"].Value.ReplaceLineEndings("\n"), TestContext.Current.CancellationToken);
        }

        foreach (var example in ImportTestKit.DocExamples().Where(e => e.IsAttainFile && CalculationEntities.Contains(e.Entity)))
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, example.FileName), example.Csv, TestContext.Current.CancellationToken);
        }

        return folder.FullName;
    }

    [Fact]
    public async Task ReadAsync_DocsExamples_ReadWithoutProblems()
    {
        var directory = await WriteDocsDataAsync();

        var read = await CalculationFileReader.ReadAsync(directory, TestContext.Current.CancellationToken);

        Assert.Empty(read.Problems);
        var data = read.Data!;
        Assert.Equal(3, data.Participants.Count);
        Assert.Equal(2, data.Hierarchy.Count);
        Assert.Equal(1, data.Crediting.RollUpLevels);
        Assert.Equal("PF-PLAT", data.Bookings.Single(b => b.Id == "B-1").Family);
        Assert.Equal(3, data.Splits.Single().Shares.Count);
        Assert.Equal(3, data.Assignments.Count);
        Assert.Equal("named-a2", Assert.Single(data.CreditRules).Id);
    }

    [Fact]
    public async Task RunAsync_DocsExamplesWithExamplePlans_PaysAsTheDocsSay()
    {
        var directory = await WriteDocsDataAsync();
        var plans = Path.Combine(ImportTestKit.RepositoryRoot(), "examples", "plans");

        var run = await FileCalculation.RunAsync(plans, directory, "FY2026-Q4", TestContext.Current.CancellationToken);

        Assert.Empty(run.Problems);
        Assert.Empty(run.Result!.Issues);
        var commission = run.Result.Measures.Single(m => m.ParticipantId == "P-102" && m.ComponentId == "commission");
        Assert.Equal(28_000m, commission.Value);
        Assert.Equal(28m, commission.AttainmentPercent);
        Assert.Equal(1_400m, commission.Earned.Amount);
        Assert.Equal(0m, run.Result.Measures.Single(m => m.ParticipantId == "P-102" && m.ComponentId == "bonus").Earned.Amount);
        Assert.Contains(run.Result.Measures, m => m.ParticipantId == "P-100" && m.PlanId == "manager-override" && m.Value > 0m);
        Assert.Equal([("B-1", 2_250m), ("B-2", -250m)], run.Result.Credits
            .Where(c => c.ParticipantId == "P-101" && c.Kind == Engine.Crediting.CreditKind.Overlay)
            .Select(c => (c.BookingId, c.Amount.Amount)).Order());
    }

    [Fact]
    public async Task ReadAsync_CreditRuleConditionThatDoesNotCompile_NamesRowAndColumn()
    {
        var directory = await WriteDocsDataAsync();
        await File.AppendAllTextAsync(Path.Combine(directory, "credit-rules.csv"), "broken,P-100,5,2026-01-01,,booking.amount >\n", TestContext.Current.CancellationToken);

        var read = await CalculationFileReader.ReadAsync(directory, TestContext.Current.CancellationToken);

        var problem = Assert.Single(read.Problems);
        Assert.StartsWith("credit-rules.csv row 3, column condition: 1:", problem.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("(invalid_value)", problem.ToString(), StringComparison.Ordinal);
        Assert.Null(read.Data);
    }

    [Fact]
    public async Task ReadAsync_QuotaInAnotherCurrencyThanThePlanPays_NamesTheRow()
    {
        var directory = await WriteDocsDataAsync();
        await File.AppendAllTextAsync(Path.Combine(directory, "quotas.csv"), "P-101,FY2026-Q3,100000,USD\n", TestContext.Current.CancellationToken);
        var plans = Path.Combine(ImportTestKit.RepositoryRoot(), "examples", "plans");

        var run = await FileCalculation.RunAsync(plans, directory, "FY2026-Q4", TestContext.Current.CancellationToken);

        var problem = Assert.Single(run.Problems);
        Assert.Equal("quotas.csv row 5, column currency: The quota is in USD but plan 'ae-quarterly' pays 'P-101' in EUR; give quotas in the pay currency. (invalid_value)", problem.ToString());
        Assert.Null(run.Result);
    }

    [GeneratedRegex(@"<!-- calc: (?<file>[\w.-]+\.csv) -->\s*```csv\n(?<csv>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CalcBlock();
}
