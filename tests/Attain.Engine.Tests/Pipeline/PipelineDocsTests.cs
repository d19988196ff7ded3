using System.Text.RegularExpressions;
using Attain.Engine.Pipeline;

namespace Attain.Engine.Tests.Pipeline;

/// <summary>docs/pipeline.md is tested: its flag table lists every code in order, and every example names a test that exists.</summary>
public partial class PipelineDocsTests
{
    private static readonly string Doc = ReadDoc();

    [Fact]
    public void FlagTable_Docs_CodesEqualEngineCodesInOrder()
    {
        var codes = FlagRow().Matches(Doc).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(PipelineFlagCodes.All, codes);
    }

    [Fact]
    public void Examples_Docs_NameExistingTests()
    {
        var tests = typeof(PipelineHealthTests).GetMethods().Concat(typeof(FunnelTests).GetMethods()).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

        var named = TestName().Matches(Doc).Select(m => m.Groups[1].Value).ToList();

        Assert.True(named.Count >= 9, $"only {named.Count} examples name a test");
        Assert.All(named, name => Assert.Contains(name, tests));
    }

    private static string ReadDoc()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Attain.slnx")))
        {
            directory = directory.Parent;
        }

        return File.ReadAllText(Path.Combine(directory?.FullName ?? throw new InvalidOperationException("repository root not found"), "docs", "pipeline.md"));
    }

    [GeneratedRegex(@"^\| `([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex FlagRow();

    [GeneratedRegex(@"`([A-Z][A-Za-z]+_[A-Za-z]+_[A-Za-z]+)`")]
    private static partial Regex TestName();
}
