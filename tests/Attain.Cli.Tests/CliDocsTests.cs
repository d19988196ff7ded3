using System.Text.RegularExpressions;

namespace Attain.Cli.Tests;

public partial class CliDocsTests
{
    [Fact]
    public void CliDoc_EveryExample_ParsesWithoutErrors()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "cli.md"));
        var block = Examples().Match(doc).Groups[1].Value;
        var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.True(lines.Length >= 10, "docs/cli.md lost its examples");
        Assert.All(lines, line =>
        {
            Assert.StartsWith("attain ", line, StringComparison.Ordinal);
            var errors = AttainCommand.Create().Parse(line["attain ".Length..]).Errors;
            Assert.True(errors.Count == 0, $"{line}: {string.Join("; ", errors.Select(e => e.Message))}");
        });
    }

    [Fact]
    public void CliDoc_EveryCommand_IsDocumented()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "cli.md"));

        var commands = AttainCommand.Create().Subcommands.Select(c => c.Name);

        Assert.All(commands, name => Assert.Contains($"- **{name}**", doc, StringComparison.Ordinal));
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Attain.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Attain.slnx not found above the test folder.");
    }

    [GeneratedRegex(@"<!-- cli examples[^>]*-->\s*```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Examples();
}
