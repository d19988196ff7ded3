using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attain.Web.Auth;
using Attain.Web.Tests.Support;

namespace Attain.Web.Tests.Api;

/// <summary>GET /api/v1/audit and its export, on the seeded app (admin and the rep Ann, each with a token).</summary>
public sealed partial class AuditEndpointsTests : IAsyncLifetime
{
    private SeededApp app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => app = await SeededApp.StartAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static Dictionary<string, (string? Before, string? After)> Changes(JsonElement entry) =>
        entry.GetProperty("changes").EnumerateArray().ToDictionary(
            c => c.GetProperty("field").GetString()!,
            c => (c.GetProperty("before").GetString(), c.GetProperty("after").GetString()));

    [Fact]
    public async Task List_TokenCreatedAndRevokedThroughTheApi_RecordedWithActorAndRedactedHashNewestFirst()
    {
        using var admin = app.Admin();
        using var created = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "audit-probe" }, Ct);
        var token = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        app.Store.Clock.Advance(TimeSpan.FromMinutes(5));
        using var revoked = await admin.DeleteAsync(new Uri($"/api/v1/tokens/{token.GetProperty("id").GetInt64()}", UriKind.Relative), Ct);

        using var response = await admin.GetAsync(new Uri($"/api/v1/audit?entity=ApiToken&entityKey={token.GetProperty("id").GetInt64()}", UriKind.Relative), Ct);
        var page = await JsonAsync(response);

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Update", "Insert"], items.Select(i => i.GetProperty("operation").GetString()));
        Assert.All(items, i => Assert.Equal("admin", i.GetProperty("actor").GetString()));
        var insert = Changes(items[1]);
        Assert.Equal((null, "audit-probe"), insert["Name"]);
        Assert.Equal((null, "[redacted]"), insert["Hash"]);
        Assert.False(insert.ContainsKey("LastUsedAt"));
        Assert.Equal(["RevokedAt"], Changes(items[0]).Keys);
        var body = page.GetRawText();
        Assert.DoesNotContain(token.GetProperty("secret").GetString()!, body, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiTokens.Hash(token.GetProperty("secret").GetString()!), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ImportThroughTheApi_EachRowByTheImporterWithTheFileAsReason()
    {
        using var admin = app.Admin();
        using var csv = new StringContent("external_id,name,country\nA-AUDIT,Audit GmbH,DE\n", Encoding.UTF8, "text/csv");
        using var import = await admin.PostAsync(new Uri("/api/v1/imports/accounts?fileName=accounts-audit.csv", UriKind.Relative), csv, Ct);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);

        var page = await JsonAsync(await admin.GetAsync(new Uri("/api/v1/audit?entity=Account&actor=admin&reason=AUDIT.csv", UriKind.Relative), Ct));

        var entry = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("Insert", entry.GetProperty("operation").GetString());
        Assert.Contains("accounts-audit.csv", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal((null, "Audit GmbH"), Changes(entry)["Name"]);
    }

    [Fact]
    public async Task List_FiveWrongPasswords_LockoutRecordedWithSignInAsReasonButNotTheFailedCount()
    {
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await CookieLogin.PostAsync(app.App.Client(), "ann", "wrong-password");
        }

        using var admin = app.Admin();
        var page = await JsonAsync(await admin.GetAsync(new Uri($"/api/v1/audit?entity=User&entityKey={app.AnnUserId}&operation=Update", UriKind.Relative), Ct));

        var entry = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("sign-in", entry.GetProperty("reason").GetString());
        Assert.Equal(["LockoutEnd"], Changes(entry).Keys);
    }

    [Fact]
    public async Task List_FromAfterEverything_EmptyPage()
    {
        using var admin = app.Admin();
        var later = app.Store.Clock.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var page = await JsonAsync(await admin.GetAsync(new Uri($"/api/v1/audit?from={later}", UriKind.Relative), Ct));

        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task List_MalformedInstantAndUnknownOperation_400NamingEachParameter()
    {
        using var admin = app.Admin();

        using var response = await admin.GetAsync(new Uri("/api/v1/audit?from=yesterday&operation=Rewrite", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("invalid_query", problem.GetProperty("code").GetString());
        Assert.Equal(
            [("not_an_instant", "from"), ("unknown_value", "operation")],
            problem.GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("code").GetString(), i.GetProperty("path").GetString())).Order());
    }

    [Fact]
    public async Task List_Rep_403()
    {
        using var ann = app.Ann();

        using var response = await ann.GetAsync(new Uri("/api/v1/audit", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Export_CsvAndXlsx_SameEntriesWithReadableChanges()
    {
        using var admin = app.Admin();

        using var csv = await admin.GetAsync(new Uri("/api/v1/audit/export?format=csv&entity=UserRole", UriKind.Relative), Ct);
        using var xlsx = await admin.GetAsync(new Uri("/api/v1/audit/export?format=xlsx&entity=UserRole", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,occurredAt,actor,entity,entityKey,operation,reason,changes,before,after", lines[0]);
        Assert.Equal(2, lines.Length - 1);
        Assert.Contains(lines, l => l.Contains("RoleName: ∅ → rep", StringComparison.Ordinal) && l.Contains("UserName: ∅ → ann", StringComparison.Ordinal));
        using var workbook = new ClosedXML.Excel.XLWorkbook(await xlsx.Content.ReadAsStreamAsync(Ct));
        var sheet = workbook.Worksheet("audit");
        Assert.Equal(2, sheet.RowsUsed().Count() - 1);
        Assert.Equal("UserRole", sheet.Cell(2, 4).GetString());
    }

    [Fact]
    public async Task Export_UnknownFormat_400()
    {
        using var admin = app.Admin();

        using var response = await admin.GetAsync(new Uri("/api/v1/audit/export?format=pdf", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown_format", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditDoc_Example_RunsAndHasTheDocumentedColumns()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Attain.slnx")))
        {
            directory = directory.Parent;
        }

        var doc = File.ReadAllText(Path.Combine(directory!.FullName, "docs", "audit.md"));
        var path = CurlUrl().Match(doc).Groups[1].Value;
        var header = CsvHeader().Match(doc).Groups[1].Value;
        using var admin = app.Admin();

        using var response = await admin.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(header, lines[0]);
        Assert.Equal(2, lines.Length - 1);
    }

    [GeneratedRegex("curl [^\\n]*\"http://localhost:5000(/api/v1/audit[^\"]+)\"")]
    private static partial Regex CurlUrl();

    [GeneratedRegex("```csv\\n([^\\n]+)\\n")]
    private static partial Regex CsvHeader();
}
