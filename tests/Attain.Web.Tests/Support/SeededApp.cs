using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;
using Microsoft.AspNetCore.Builder;

namespace Attain.Web.Tests.Support;

/// <summary>The app on a fresh SQLite store with the fixture organisation, an admin and the rep Ann, each with a token.</summary>
public sealed class SeededApp : IAsyncDisposable
{
    private SeededApp(TestStore store, TestApp app, OrgFixture org)
    {
        Store = store;
        App = app;
        Org = org;
    }

    public TestStore Store { get; }
    public TestApp App { get; }
    public OrgFixture Org { get; }
    public string AdminToken { get; private set; } = string.Empty;
    public string AnnToken { get; private set; } = string.Empty;
    public string AnnUserId { get; private set; } = string.Empty;

    public static async Task<SeededApp> StartAsync(Action<WebApplication>? extraRoutes = null)
    {
        var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        var app = await TestApp.StartAsync(store, extraRoutes);
        var seeded = new SeededApp(store, app, await app.SeedOrgAsync());
        var admin = await app.CreateUserAsync("admin", null, Roles.Admin);
        var ann = await app.CreateUserAsync("ann", seeded.Org.People[OrgFixture.Ann], Roles.Rep);
        seeded.AdminToken = (await app.IssueTokenAsync(admin.Id)).Secret;
        seeded.AnnToken = (await app.IssueTokenAsync(ann.Id)).Secret;
        seeded.AnnUserId = ann.Id;
        return seeded;
    }

    public HttpClient Admin() => App.Client(AdminToken);

    public HttpClient Ann() => App.Client(AnnToken);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Store.DisposeAsync();
    }
}
