using System.Net;
using Attain.Application.Organisation;

namespace Attain.Web.Tests.Ui;

/// <summary>The Audit page rendered statically (the first, prerendered response).</summary>
public sealed class AuditPageTests : IAsyncLifetime
{
    private UiHost host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Audit_CompAdmin_NewestChangesWithFieldByFieldDiffAndExportButtons()
    {
        await host.AddUserAsync("carol", withPerson: false, Roles.CompAdmin);
        var client = await host.SignInAsync("carol");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/audit", Ct));

        Assert.Matches("<h1[^>]*>Audit</h1>", html);
        Assert.Contains("data-audit-filters", html, StringComparison.Ordinal);
        Assert.Contains("data-export=\"audit.csv\"", html, StringComparison.Ordinal);
        Assert.Contains("data-export=\"audit.xlsx\"", html, StringComparison.Ordinal);
        Assert.Contains("data-audit-diff", html, StringComparison.Ordinal);
        Assert.Contains("RoleName", html, StringComparison.Ordinal);
        Assert.Contains("comp-admin", html, StringComparison.Ordinal);
        Assert.Contains("[redacted]", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_Rep_Refused()
    {
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var client = await host.SignInAsync("rep");

        using var response = await client.GetAsync(new Uri("/admin/audit", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/denied", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Finance, true)]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.SalesOps, false)]
    [InlineData(Roles.Manager, false)]
    public async Task Navigation_ByRole_ShowsAuditOnlyToAuditors(string role, bool shown)
    {
        await host.AddUserAsync("user", withPerson: true, role);
        var client = await host.SignInAsync("user");

        var html = await client.GetStringAsync("/", Ct);

        Assert.Equal(shown, html.Contains("href=\"admin/audit\"", StringComparison.Ordinal));
    }
}
