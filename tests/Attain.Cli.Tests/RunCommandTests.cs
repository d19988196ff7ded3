using System.CommandLine.Parsing;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Attain.Cli.Tests;

/// <summary>`attain run` on a SQLite store holding the demo company (as of 2026-11-27: FY2027-M09 is October 2026).</summary>
public sealed partial class RunCommandTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"attain-run-{Guid.NewGuid():N}.db");

    private string Connection => $"Data Source={file};Pooling=False";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AttainCommand.RunAsync([.. args, "--connection", Connection], output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_DocsExampleThenJsonRerun_PublishesWithProgressOnStderrAndSameChecksum()
    {
        var doc = await File.ReadAllTextAsync(Path.Combine(CliDocsTests.RepositoryRoot(), "docs", "cli.md"), TestContext.Current.CancellationToken);
        var example = RunExample().Match(doc).Value;
        Assert.NotEmpty(example);
        Assert.Equal(AttainCommand.Ok, (await RunAsync("demo", "--as-of", "2026-11-27")).Exit);

        var (exit, output, error) = await RunAsync([.. CommandLineParser.SplitCommandLine(example).Skip(1)]);
        var (jsonExit, json, _) = await RunAsync("run", "--period", "FY2027-M09", "--json");

        Assert.Equal(AttainCommand.Ok, exit);
        Assert.Matches(@"^Run 1 of FY2027-M09 \(id \d+\): Published, \d+ participant\(s\) paid, checksum [0-9a-f]{64}\n  payable EUR \d+\.\d\d", output.ReplaceLineEndings("\n"));
        Assert.Equal(
            ["reading", "calculating", "writing", "publishing", "done"],
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[2]));
        Assert.Equal(AttainCommand.Ok, jsonExit);
        using var document = JsonDocument.Parse(json);
        var run = document.RootElement.GetProperty("run");
        Assert.Equal((2, "published", JsonValueKind.Null), (run.GetProperty("number").GetInt32(), run.GetProperty("status").GetString(), run.GetProperty("reason").ValueKind));
        Assert.Equal(Regex.Match(output, "checksum ([0-9a-f]{64})").Groups[1].Value, run.GetProperty("checksum").GetString());
    }

    [Fact]
    public async Task Run_NotAPeriodKey_UsageExitTwo()
    {
        var (exit, _, error) = await RunAsync("run", "--period", "2026-10");

        Assert.Equal(AttainCommand.Usage, exit);
        Assert.Contains("--period must be a fiscal period key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhileARunOfThePeriodIsRunning_ExitOneNamingTheConflict()
    {
        Assert.Equal(AttainCommand.Ok, (await RunAsync("migrate")).Exit);
        await using (var connection = new SqliteConnection(Connection))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                insert into OrganisationSettings (Id, Name, BaseCurrency, FiscalYearStartMonth, TimeZone, StalledAfterDays, RollUpLevels) values (1, 'x', 'EUR', 1, 'UTC', 30, 1);
                insert into CalculationRuns (PeriodKey, Number, Status, Phase, StartedBy, StartedAt, HeartbeatAt, ParticipantsDone, ParticipantsTotal, ApprovalStatus, ApprovalStep)
                values ('FY2027-M09', 1, 'Running', 'Calculating', 'someone', '2999-01-01 00:00:00', '2999-01-01 00:00:00', 0, 0, 'NotSubmitted', 0);
                """;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var (exit, _, error) = await RunAsync("run", "--period", "FY2027-M09");

        Assert.Equal(AttainCommand.Failure, exit);
        Assert.Contains("is already in progress. (run_active)", error, StringComparison.Ordinal);
    }

    [GeneratedRegex("^attain run [^\\n]*", RegexOptions.Multiline)]
    private static partial Regex RunExample();
}
