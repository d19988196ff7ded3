using Attain.Application.Organisation;
using Attain.Web.Auth;
using Attain.Web.Components.Profile;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Web.Tests.Ui;

public sealed class PersonalApiTokensTests : IAsyncLifetime
{
    private UiHost host = null!;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task IssueListRevoke_OwnToken_SecretOnceThenRevokedAndNameFreeAgain()
    {
        var (userId, otherId) = await UsersAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<PersonalApiTokens>();
        var ct = TestContext.Current.CancellationToken;

        var issued = await tokens.IssueAsync(userId, "  nightly export ", 30, ct);
        var duplicate = await tokens.IssueAsync(userId, "nightly export", null, ct);
        var othersRevoke = await tokens.RevokeAsync(otherId, issued.Token!.Id, ct);
        var revoke = await tokens.RevokeAsync(userId, issued.Token.Id, ct);
        var again = await tokens.IssueAsync(userId, "nightly export", null, ct);
        var listed = await tokens.ListAsync(userId, ct);

        Assert.StartsWith(ApiTokens.SecretPrefix, issued.Secret, StringComparison.Ordinal);
        Assert.Equal("nightly export", issued.Token.Name);
        Assert.Equal(host.Store.Clock.GetUtcNow().UtcDateTime.AddDays(30), issued.Token.ExpiresAt);
        Assert.Null(duplicate.Token);
        Assert.Contains("already have an active token", duplicate.Problem, StringComparison.Ordinal);
        Assert.Equal(ApiTokens.RevokeOutcome.NotFound, othersRevoke);
        Assert.Equal(ApiTokens.RevokeOutcome.Revoked, revoke);
        Assert.NotNull(again.Token);
        Assert.Equal(2, listed.Count);
        Assert.Single(listed, t => t.RevokedAt is not null);
        Assert.Empty(await tokens.ListAsync(otherId, ct));
    }

    [Fact]
    public async Task Issue_BlankName_RefusedWithoutStoring()
    {
        var (userId, _) = await UsersAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<PersonalApiTokens>();

        var issued = await tokens.IssueAsync(userId, "   ", null, TestContext.Current.CancellationToken);

        Assert.Null(issued.Secret);
        Assert.NotNull(issued.Problem);
        Assert.Empty(await tokens.ListAsync(userId, TestContext.Current.CancellationToken));
    }

    private async Task<(string User, string Other)> UsersAsync()
    {
        await host.AddUserAsync("me", withPerson: false, Roles.Rep);
        await host.AddUserAsync("other", withPerson: false, Roles.Rep);
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AttainUser>>();
        return ((await users.FindByNameAsync("me"))!.Id, (await users.FindByNameAsync("other"))!.Id);
    }
}
