using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attain.Web.Api;
using Attain.Web.Tests.Support;

namespace Attain.Web.Tests.Api;

/// <summary>docs/api.md and docs/errors.md are tested: their examples run, their endpoints and codes exist.</summary>
public partial class ApiDocsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Doc(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Attain.slnx")))
        {
            directory = directory.Parent;
        }

        return File.ReadAllText(Path.Combine(directory?.FullName ?? throw new InvalidOperationException("repository root not found"), "docs", name));
    }

    [Fact]
    public async Task ApiDoc_RequestExamples_Succeed()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();
        var examples = CurlUrl().Matches(Doc("api.md")).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(examples);
        foreach (var path in examples)
        {
            using var response = await admin.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }

    [Fact]
    public async Task ApiDoc_EndpointTable_MatchesOpenApiDocument()
    {
        await using var app = await SeededApp.StartAsync();
        using var anonymous = app.App.Client();
        var documented = EndpointRow().Matches(Doc("api.md")).Select(m => (Method: m.Groups[1].Value.ToLowerInvariant(), Path: m.Groups[2].Value)).ToList();

        using var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var paths = document.RootElement.GetProperty("paths");
        var published = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Method: o.Name, Path: p.Name.TrimEnd('/'))))
            .Where(e => e.Path.StartsWith("/api/v1/", StringComparison.Ordinal))
            .ToHashSet();

        Assert.True(documented.Count >= 19);
        var undocumented = published.Where(p => !documented.Contains(p)).ToList();
        var unpublished = documented.Where(d => !published.Contains(d)).ToList();
        Assert.True(unpublished.Count == 0, "documented but not in OpenAPI: " + string.Join(", ", unpublished));
        Assert.True(undocumented.Count == 0, "in OpenAPI but not documented: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void ErrorsDoc_ListsEveryProblemCode()
    {
        var errors = Doc("errors.md");
        var codes = typeof(ApiProblems).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat(new[] { 400, 401, 403, 404, 405, 409, 415, 500 }.Select(ApiProblems.CodeFor))
            .Distinct();

        Assert.All(codes, code => Assert.Contains($"`{code}`", errors, StringComparison.Ordinal));
    }

    [GeneratedRegex("curl [^\\n]*\"http://localhost:5000(/api/v1/[^\"]+)\"")]
    private static partial Regex CurlUrl();

    [GeneratedRegex("^\\| (GET|POST|DELETE|PUT|PATCH) (/api/v1/\\S+) \\|", RegexOptions.Multiline)]
    private static partial Regex EndpointRow();
}
