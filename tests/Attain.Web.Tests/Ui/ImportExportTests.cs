using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Attain.Application.Access;
using Attain.Application.Accounts;
using Attain.Application.Imports;
using Attain.Application.Organisation;
using Attain.Web.Components.DataTransfer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Web.Tests.Ui;

/// <summary>The import and export page, rendered statically (the first, prerendered response), and the import it runs in the circuit.</summary>
public sealed partial class ImportExportTests : IAsyncLifetime
{
    private UiHost host = null!;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.SalesOps)]
    public async Task Page_DataAdmin_ShowsImportFormWithColumnsAndExportLinks(string role)
    {
        await host.AddUserAsync("ops", withPerson: false, role);
        var client = await host.SignInAsync("ops");

        using var response = await client.GetAsync("/data/import-export", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<h1[^>]*>Import &amp; export</h1>", html);
        Assert.Contains("data-import-form", html, StringComparison.Ordinal);
        Assert.Matches("<input[^>]*type=\"file\"", html);
        Assert.Matches(@"at most\s+50 MB", html);
        Assert.Contains("data-columns=\"people\"", html, StringComparison.Ordinal);
        Assert.Contains("<code>hire_date</code> (required)", html, StringComparison.Ordinal);
        Assert.Contains("href=\"api/v1/exports/bookings?format=xlsx\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_Rep_ShowsExportLinksWithoutImportForm()
    {
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var client = await host.SignInAsync("rep");

        using var response = await client.GetAsync("/data/import-export", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<h1[^>]*>Import &amp; export</h1>", html);
        Assert.DoesNotContain("data-import-form", html, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"file\"", html, StringComparison.Ordinal);
        Assert.Contains("Exports hold only the records you may see", html, StringComparison.Ordinal);
        Assert.All(ImportEntities.DependencyOrder, entity =>
        {
            Assert.Contains($"href=\"api/v1/exports/{entity.Name()}?format=csv\"", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"api/v1/exports/{entity.Name()}?format=xlsx\"", html, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ExportLink_Rep_DownloadsOnlyOwnRows()
    {
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var (_, other) = await host.AddUserAsync("other", withPerson: true, Roles.Rep);
        await using (var db = host.Store.NewContext())
        {
            db.Accounts.AddRange(
                new Account { ExternalId = "acc-mine", Name = "Mine", OwnerId = rep },
                new Account { ExternalId = "acc-theirs", Name = "Theirs", OwnerId = other });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var client = await host.SignInAsync("rep");
        var page = await client.GetStringAsync("/data/import-export", TestContext.Current.CancellationToken);
        var href = WebUtility.HtmlDecode(AccountsCsvLink().Match(page).Groups[1].Value);

        using var response = await client.GetAsync("/" + href, TestContext.Current.CancellationToken);
        var csv = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("accounts.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.StartsWith("external_id,name,", csv, StringComparison.Ordinal);
        Assert.Contains("acc-mine,Mine,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("acc-theirs", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_SalesOps_LoadsValidRowsReportsRefusedOnesAndRecordsActor()
    {
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var ops = new Viewer("ops-id", "ops", null, new HashSet<string> { Roles.SalesOps });
        using var file = Csv("external_id,name,owner_external_id\nacc-1,Acme,rep\nacc-2,,rep\nacc-3,Globex,nobody\n");
        await using var scope = host.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<DataImport>();

        var outcome = await importer.ImportAsync(ops, ImportEntity.Accounts, ImportFormat.Auto, file, "accounts.csv", TestContext.Current.CancellationToken);

        Assert.Null(outcome.Problem);
        Assert.Equal(1, outcome.Result!.Inserted);
        Assert.Equal([(3, "name", ImportErrorCodes.MissingRequired), (4, "owner_external_id", ImportErrorCodes.UnknownReference)],
            outcome.Result.Errors.Select(e => (e.Row, e.Column, e.Code)));
        await using var db = host.Store.NewContext();
        Assert.Equal(["acc-1"], await db.Accounts.Select(a => a.ExternalId).ToListAsync(TestContext.Current.CancellationToken));
        var change = await db.ChangeLog.SingleAsync(c => c.Entity == nameof(Account), TestContext.Current.CancellationToken);
        Assert.Equal("ops", change.Actor);
        Assert.Equal("import accounts.csv", change.Reason);
    }

    [Fact]
    public async Task ImportAsync_SameFileAfterAnotherChange_ComparesWithStoredValuesNotOnesKeptFromTheLastImport()
    {
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var ops = new Viewer("ops-id", "ops", null, new HashSet<string> { Roles.SalesOps });
        const string Text = "external_id,name,owner_external_id\nacc-1,Acme,rep\n";
        await using var scope = host.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<DataImport>();
        using (var first = Csv(Text))
        {
            await importer.ImportAsync(ops, ImportEntity.Accounts, ImportFormat.Auto, first, "accounts.csv", TestContext.Current.CancellationToken);
        }

        await using (var db = host.Store.NewContext())
        {
            (await db.Accounts.SingleAsync(TestContext.Current.CancellationToken)).Name = "Renamed elsewhere";
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var again = Csv(Text);
        var outcome = await importer.ImportAsync(ops, ImportEntity.Accounts, ImportFormat.Auto, again, "accounts.csv", TestContext.Current.CancellationToken);

        Assert.Equal((0, 1, 0), (outcome.Result!.Inserted, outcome.Result.Updated, outcome.Result.Unchanged));
        await using var check = host.Store.NewContext();
        Assert.Equal("Acme", (await check.Accounts.SingleAsync(TestContext.Current.CancellationToken)).Name);
    }

    [Fact]
    public async Task ImportAsync_Rep_RefusedAndNothingLoaded()
    {
        await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var rep = new Viewer("rep-id", "rep", null, new HashSet<string> { Roles.Rep });
        using var file = Csv("external_id,name,owner_external_id\nacc-1,Acme,rep\n");
        await using var scope = host.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<DataImport>();

        var outcome = await importer.ImportAsync(rep, ImportEntity.Accounts, ImportFormat.Auto, file, "accounts.csv", TestContext.Current.CancellationToken);

        Assert.Null(outcome.Result);
        Assert.Contains("Only admins and sales ops", outcome.Problem, StringComparison.Ordinal);
        await using var db = host.Store.NewContext();
        Assert.False(await db.Accounts.AnyAsync(TestContext.Current.CancellationToken));
    }

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    [GeneratedRegex("href=\"(api/v1/exports/accounts\\?format=csv)\"")]
    private static partial Regex AccountsCsvLink();
}
