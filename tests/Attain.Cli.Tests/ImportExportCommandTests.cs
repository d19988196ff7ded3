using ClosedXML.Excel;

namespace Attain.Cli.Tests;

public sealed class ImportExportCommandTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("attain-cli-");

    private string Connection => $"Data Source={Path.Combine(folder.FullName, "attain.db")};Pooling=False";

    public void Dispose() => folder.Delete(recursive: true);

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AttainCommand.RunAsync([.. args, "--connection", Connection], output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Import_FileWithOneBadRow_LoadsTheRestNamesTheRowAndExitsWithOne()
    {
        await RunAsync("migrate");
        var file = Path.Combine(folder.FullName, "regions.csv");
        await File.WriteAllTextAsync(file, "external_id,name\nEMEA,Europe\n,Nowhere\nNA,North America\n", TestContext.Current.CancellationToken);

        var (exit, output, error) = await RunAsync("import", "regions", file);

        Assert.Equal(AttainCommand.Failure, exit);
        Assert.Contains("regions.csv: 2 inserted, 0 updated, 0 unchanged, 1 refused", output, StringComparison.Ordinal);
        Assert.Contains("regions.csv row 3, column external_id", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SameFileTwice_SecondRunChangesNothingAndExitsWithZero()
    {
        await RunAsync("migrate");
        var file = Path.Combine(folder.FullName, "regions.csv");
        await File.WriteAllTextAsync(file, "external_id,name\nEMEA,Europe\nNA,North America\n", TestContext.Current.CancellationToken);
        await RunAsync("import", "regions", file);

        var (exit, output, _) = await RunAsync("import", "--dir", folder.FullName, "--json");

        Assert.Equal(AttainCommand.Ok, exit);
        Assert.Contains("\"unchanged\": 2", output, StringComparison.Ordinal);
        Assert.Contains("\"inserted\": 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ToXlsx_WritesAWorkbookWithTheImportedRows()
    {
        await RunAsync("migrate");
        var file = Path.Combine(folder.FullName, "regions.csv");
        await File.WriteAllTextAsync(file, "external_id,name\nEMEA,Europe\nNA,North America\n", TestContext.Current.CancellationToken);
        await RunAsync("import", "regions", file);
        var xlsx = Path.Combine(folder.FullName, "out.xlsx");

        var (exit, _, _) = await RunAsync("export", "regions", "--out", xlsx);

        Assert.Equal(AttainCommand.Ok, exit);
        using var workbook = new XLWorkbook(xlsx);
        var sheet = workbook.Worksheets.First();
        Assert.Equal("external_id", sheet.Cell(1, 1).GetString());
        Assert.Equal(["EMEA", "NA"], new[] { sheet.Cell(2, 1).GetString(), sheet.Cell(3, 1).GetString() }.Order());
    }

    [Fact]
    public async Task Import_UnknownEntity_ExitsWithUsageCode()
    {
        var (exit, _, error) = await RunAsync("import", "widgets", "widgets.csv");

        Assert.Equal(AttainCommand.Usage, exit);
        Assert.Contains("Unknown entity 'widgets'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_EmptyStoreThenAgain_LoadsWithLoginsThenRefuses()
    {
        var (first, output, _) = await RunAsync("demo", "--as-of", "2026-11-27");
        var (second, _, error) = await RunAsync("demo", "--as-of", "2026-11-27");

        Assert.Equal(AttainCommand.Ok, first);
        Assert.Contains("Northwind Analytics loaded", output, StringComparison.Ordinal);
        Assert.Contains("rep ", output, StringComparison.Ordinal);
        Assert.Equal(AttainCommand.Failure, second);
        Assert.Contains("only into an empty store", error, StringComparison.Ordinal);
    }
}
