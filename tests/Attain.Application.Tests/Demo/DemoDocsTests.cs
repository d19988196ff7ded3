using Attain.Application.Demo;

namespace Attain.Application.Tests.Demo;

public class DemoDocsTests
{
    private static string ReadDocs()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Attain.slnx")))
        {
            folder = folder.Parent;
        }

        return File.ReadAllText(Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Attain.slnx not found above the test folder."), "docs", "demo.md"));
    }

    [Fact]
    public void DemoDocs_LoginsTable_ListsEveryDemoUserWithRoleAndPassword()
    {
        var docs = ReadDocs();

        var rows = docs.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        Assert.Contains($"**`{DemoCompany.Password}`**", docs, StringComparison.Ordinal);
        Assert.Contains(DemoOptions.DefaultSeed.ToString(System.Globalization.CultureInfo.InvariantCulture), docs, StringComparison.Ordinal);
        Assert.Equal(DemoCompany.Users.Count, rows.Count);
        Assert.All(DemoCompany.Users, u =>
        {
            var row = Assert.Single(rows, r => r.StartsWith($"| `{u.UserName}` | {u.Role} |", StringComparison.Ordinal));
            Assert.Contains(u.PersonExternalId ?? "none", row, StringComparison.Ordinal);
        });
    }
}
