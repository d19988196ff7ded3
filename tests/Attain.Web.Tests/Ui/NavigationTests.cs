using System.Net;
using Attain.Application.Organisation;
using Attain.Web.Components.Navigation;

namespace Attain.Web.Tests.Ui;

public sealed class NavigationTests : IAsyncLifetime
{
    private UiHost host = null!;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(Roles.Rep)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.SalesOps)]
    [InlineData(Roles.CompAdmin)]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.Admin)]
    public async Task Home_SignedInRole_NavigationListsExactlyTheEntriesTheRoleMayUse(string role)
    {
        await host.AddUserAsync("user", withPerson: true, role);
        var client = await host.SignInAsync("user");

        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        var roles = new HashSet<string> { role };
        Assert.All(AreaCatalog.Entries, entry =>
        {
            var link = $"href=\"{entry.Href}\"";
            if (entry.AllowedFor(roles))
            {
                Assert.Contains(link, html, StringComparison.Ordinal);
            }
            else
            {
                Assert.DoesNotContain(link, html, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public async Task Navigation_Rep_ShowsImportExportButHidesAdmin()
    {
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var client = await host.SignInAsync("rep");

        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("href=\"data/import-export\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"admin/users\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"profile/api-tokens\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAvailable_EveryUnbuiltArea_RendersTheSharedPageWithItsPurpose()
    {
        await host.AddUserAsync("admin", withPerson: false, [.. Roles.All]);
        var client = await host.SignInAsync("admin");

        foreach (var entry in AreaCatalog.Unbuilt)
        {
            var text = WebUtility.HtmlDecode(await client.GetStringAsync("/" + entry.Href, TestContext.Current.CancellationToken));

            Assert.Contains($"{entry.Name} is not available yet", text, StringComparison.Ordinal);
            Assert.Contains(entry.Purpose, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NotAvailable_AreaTheRoleMayNotUse_SaysSoInsteadOfDescribingIt()
    {
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var client = await host.SignInAsync("rep");

        var html = await client.GetStringAsync("/admin/users", TestContext.Current.CancellationToken);

        Assert.Contains("Your role does not give you access to Users &amp; API tokens", html, StringComparison.Ordinal);
        Assert.DoesNotContain("is not available yet", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAddress_SignedIn_Returns404()
    {
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var client = await host.SignInAsync("rep");

        using var response = await client.GetAsync("/no-such-area", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Home_Anonymous_RedirectsToLogin()
    {
        var client = host.NewClient();

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
    }
}
