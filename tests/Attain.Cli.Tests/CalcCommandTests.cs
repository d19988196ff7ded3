namespace Attain.Cli.Tests;

/// <summary>`attain calc` and `attain plan test` end to end on the example plan directory (examples/plans).</summary>
public sealed class CalcCommandTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("attain-calc-");

    private static string Examples => Path.Combine(CliDocsTests.RepositoryRoot(), "examples", "plans");

    private static string ExampleData => Path.Combine(Examples, "ae-quarterly.tests", "q1-with-split", "data");

    public void Dispose() => folder.Delete(recursive: true);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AttainCommand.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private string Copy(string source, string name)
    {
        var target = Path.Combine(folder.FullName, name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var path = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(file, path);
        }

        return target;
    }

    [Fact]
    public async Task Calc_ExampleData_WritesEarningsAttainmentLineageAndJson()
    {
        var output = Path.Combine(folder.FullName, "out");

        var (exit, stdout, _) = await RunAsync("calc", "--plans", Examples, "--data", ExampleData, "--period", "FY2026-Q1", "--out", output);

        Assert.Equal(AttainCommand.Ok, exit);
        Assert.Contains("3 participant(s)", stdout, StringComparison.Ordinal);
        var attainment = await File.ReadAllLinesAsync(Path.Combine(output, "attainment.csv"), TestContext.Current.CancellationToken);
        Assert.Contains("bo,ae-quarterly,bonus,FY2026-Q1,2026-02-15,2026-03-31,0.5,59000,45000,5000,131.11111111111111111111111111,8111.11,EUR", attainment);
        Assert.Contains("mgr,manager-override,override,FY2026-Q1,2026-01-01,2026-03-31,1,176000,,,,1760,EUR", attainment);
        var lineage = await File.ReadAllLinesAsync(Path.Combine(output, "lineage.csv"), TestContext.Current.CancellationToken);
        Assert.Contains(lineage, l => l.StartsWith("mgr,manager-override,1,override,FY2026-Q1,", StringComparison.Ordinal) && l.Contains(",B-4,B-4/rollup/mgr/via/bo,", StringComparison.Ordinal));
        Assert.Contains("\"earned\": 16000", await File.ReadAllTextAsync(Path.Combine(output, "results.json"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calc_RowsInAnotherOrder_ByteIdenticalFiles()
    {
        var permuted = Copy(ExampleData, "permuted");
        foreach (var file in Directory.EnumerateFiles(permuted, "*.csv"))
        {
            var lines = await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken);
            await File.WriteAllLinesAsync(file, [lines[0], .. lines.Skip(1).Reverse()], TestContext.Current.CancellationToken);
        }

        var first = Path.Combine(folder.FullName, "first");
        var second = Path.Combine(folder.FullName, "second");

        await RunAsync("calc", "--plans", Examples, "--data", ExampleData, "--period", "FY2026-Q1", "--out", first);
        await RunAsync("calc", "--plans", Examples, "--data", permuted, "--period", "FY2026-Q1", "--out", second);

        var names = Directory.EnumerateFiles(first).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["attainment.csv", "earnings.csv", "issues.csv", "lineage.csv", "results.json"], names);
        Assert.All(names, name => Assert.Equal(File.ReadAllBytes(Path.Combine(first, name!)), File.ReadAllBytes(Path.Combine(second, name!))));
    }

    [Fact]
    public async Task Calc_InvalidInput_ListsEveryProblemWritesNothingAndExitsWithOne()
    {
        var data = Copy(ExampleData, "data");
        var plans = Copy(Examples, "plans");
        var bookings = Path.Combine(data, "bookings.csv");
        await File.WriteAllTextAsync(bookings, (await File.ReadAllTextAsync(bookings, TestContext.Current.CancellationToken)).Replace("70000,USD", "70k,USD", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync(Path.Combine(data, "quotas.csv"), "nobody,FY2026-Q1,1000,USD\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(plans, "broken.json"), "{\n  \"id\": \"broken\",\n  \"version\": 1,\n  \"components\": [ { \"id\": \"c\", \"kind\": \"commission\", \"measure\": \"bookings.amount\", \"period\": \"quarter\", \"rate\": \"high\" } ]\n}\n", TestContext.Current.CancellationToken);
        var output = Path.Combine(folder.FullName, "out");

        var (exit, _, error) = await RunAsync("calc", "--plans", plans, "--data", data, "--period", "FY2026-Q1", "--out", output);

        Assert.Equal(AttainCommand.Failure, exit);
        Assert.Contains("bookings.csv row 3, column amount: '70k' is not a number", error, StringComparison.Ordinal);
        Assert.Contains("quotas.csv row 4, column person_external_id: No person with external id 'nobody' in people.csv. (unknown_reference)", error, StringComparison.Ordinal);
        Assert.Contains("broken.json line 4, column", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Calc_EngineIssue_WritesTheResultsWithTheIssueAndExitsWithOne()
    {
        var data = Copy(ExampleData, "data");
        await File.WriteAllTextAsync(Path.Combine(data, "quotas.csv"), "person_external_id,period,amount,currency\nana,FY2026-Q1,100000,USD\n", TestContext.Current.CancellationToken);
        var output = Path.Combine(folder.FullName, "out");

        var (exit, _, error) = await RunAsync("calc", "--plans", Examples, "--data", data, "--period", "FY2026-Q1", "--out", output, "--json");

        Assert.Equal(AttainCommand.Failure, exit);
        Assert.Contains("quota.missing", error, StringComparison.Ordinal);
        var issues = await File.ReadAllLinesAsync(Path.Combine(output, "issues.csv"), TestContext.Current.CancellationToken);
        Assert.Contains(issues, l => l.StartsWith("quota.missing,assignments[bo/ae-quarterly/2026-02-15].components[bonus].FY2026-Q1,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calc_PeriodThatIsNoPeriodKey_ExitsWithUsageCode()
    {
        var (exit, _, error) = await RunAsync("calc", "--plans", Examples, "--data", ExampleData, "--period", "2026-Q1", "--out", folder.FullName);

        Assert.Equal(AttainCommand.Usage, exit);
        Assert.Contains("'2026-Q1' is not a fiscal period key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanTest_ExamplePlans_EveryCasePasses()
    {
        var (exit, output, error) = await RunAsync("plan", "test", "--plans", Examples);

        Assert.True(exit == AttainCommand.Ok, output + error);
        Assert.Contains("pass ae-quarterly/q1-with-split", output, StringComparison.Ordinal);
        Assert.Contains("3 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanTest_ExpectationNoLongerMet_PrintsTheDiffAndExitsWithOne()
    {
        var plans = Copy(Examples, "plans");
        var expected = Path.Combine(plans, "ae-quarterly.tests", "q1-with-split", "expected.csv");
        await File.WriteAllTextAsync(expected, (await File.ReadAllTextAsync(expected, TestContext.Current.CancellationToken)).Replace("ana,commission,FY2026-Q1,7400,130", "ana,commission,FY2026-Q1,7500,130", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var (exit, output, _) = await RunAsync("plan", "test", "--plans", plans);

        Assert.Equal(AttainCommand.Failure, exit);
        Assert.Contains("FAIL ae-quarterly/q1-with-split", output, StringComparison.Ordinal);
        Assert.Contains("  - ana,commission,FY2026-Q1,7500,130", output, StringComparison.Ordinal);
        Assert.Contains("  + ana,commission,FY2026-Q1,7400,130", output, StringComparison.Ordinal);
        Assert.Contains("2 passed, 1 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanTest_CaseWithInvalidData_NamesFileRowAndColumnAndExitsWithOne()
    {
        var plans = Copy(Examples, "plans");
        await File.WriteAllTextAsync(Path.Combine(plans, "ae-quarterly.tests", "below-threshold", "data", "quotas.csv"), "person_external_id,period,amount\nana,FY2026-Q1,100000\n", TestContext.Current.CancellationToken);

        var (exit, output, error) = await RunAsync("plan", "test", "--plans", plans);

        Assert.Equal(AttainCommand.Failure, exit);
        Assert.Contains("FAIL ae-quarterly/below-threshold", output, StringComparison.Ordinal);
        Assert.Contains("ae-quarterly/below-threshold: quotas.csv row 1, column currency: The header has no 'currency' column. (missing_column)", error, StringComparison.Ordinal);
    }
}
