using System.Text.Json;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Testing.Stores;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Application.Tests.ChangeLog;

/// <summary>Account, role and token administration through ASP.NET Core Identity is audited, secrets redacted (ADR 0016).</summary>
public class IdentityChangeLogTests
{
    private const string Password = "Correct-horse-9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Identity's managers over a context on <paramref name="store"/> that records changes as <paramref name="actor"/>.</summary>
    private static ServiceProvider Identity(TestStore store, string actor)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScoped(_ => store.NewContext(actor));
        services.AddIdentityCore<AttainUser>(o => o.Password.RequiredLength = 8).AddRoles<IdentityRole>().AddEntityFrameworkStores<AttainDbContext>();
        return services.BuildServiceProvider();
    }

    private static JsonElement Json(string? text) => JsonDocument.Parse(text!).RootElement;

    private static async Task<List<ChangeLogEntry>> LogAsync(TestStore store)
    {
        await using var read = store.NewContext();
        return await read.ChangeLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync(Ct);
    }

    private static void Check(IdentityResult result) => Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task UserManager_CreateGrantRevokeRole_RecordsWhoWhatWithNamesAndNoHash(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var services = Identity(store, "alice");
        string hash;
        await using (var scope = services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AttainUser>>();
            Check(await roles.CreateAsync(new IdentityRole(Roles.CompAdmin)));
            var user = new AttainUser { UserName = "carol", Email = "carol@example.com" };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, Roles.CompAdmin));
            Check(await users.RemoveFromRoleAsync(user, Roles.CompAdmin));
            hash = user.PasswordHash!;
        }

        var log = await LogAsync(store);

        Assert.Equal(
            [("Role", ChangeOperation.Insert), ("User", ChangeOperation.Insert), ("UserRole", ChangeOperation.Insert), ("UserRole", ChangeOperation.Delete)],
            log.Select(e => (e.Entity, e.Operation)));
        Assert.All(log, e => Assert.Equal("alice", e.Actor));
        Assert.Equal(Roles.CompAdmin, Json(log[0].After).GetProperty("Name").GetString());
        var created = Json(log[1].After);
        Assert.Equal("carol", created.GetProperty("UserName").GetString());
        Assert.Equal(ChangeLogRules.Redacted, created.GetProperty("PasswordHash").GetString());
        Assert.Equal(ChangeLogRules.Redacted, created.GetProperty("SecurityStamp").GetString());
        Assert.False(created.TryGetProperty("ConcurrencyStamp", out _));
        var granted = Json(log[2].After);
        Assert.Equal(("carol", Roles.CompAdmin), (granted.GetProperty("UserName").GetString(), granted.GetProperty("RoleName").GetString()));
        var revoked = Json(log[3].Before);
        Assert.Equal(("carol", Roles.CompAdmin), (revoked.GetProperty("UserName").GetString(), revoked.GetProperty("RoleName").GetString()));
        Assert.Null(log[3].After);
        Assert.DoesNotContain(log, e => (e.Before + e.After).Contains(hash, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task UserManager_PasswordChangeAndLockout_RecordsRedactedChangeAndLockoutButNotFailedCounts(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using (var services = Identity(store, "setup"))
        {
            await using var scope = services.CreateAsyncScope();
            Check(await scope.ServiceProvider.GetRequiredService<UserManager<AttainUser>>().CreateAsync(new AttainUser { UserName = "dan" }, Password));
        }

        var before = (await LogAsync(store)).Count;
        await using (var services = Identity(store, "admin"))
        {
            await using var scope = services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AttainUser>>();
            var user = (await users.FindByNameAsync("dan"))!;
            Check(await users.AccessFailedAsync(user));
            Check(await users.ChangePasswordAsync(user, Password, "Another-horse-7"));
            Check(await users.SetLockoutEndDateAsync(user, store.Clock.GetUtcNow().AddDays(1)));
        }

        var log = (await LogAsync(store)).Skip(before).ToList();

        Assert.Equal(2, log.Count);
        Assert.All(log, e => Assert.Equal(("User", ChangeOperation.Update, "admin"), (e.Entity, e.Operation, e.Actor)));
        var changed = Json(log[0].After);
        Assert.Equal(ChangeLogRules.Redacted, changed.GetProperty("PasswordHash").GetString());
        Assert.Equal(ChangeLogRules.Redacted, Json(log[0].Before).GetProperty("PasswordHash").GetString());
        Assert.False(changed.TryGetProperty("AccessFailedCount", out _));
        Assert.Equal(JsonValueKind.Null, Json(log[1].Before).GetProperty("LockoutEnd").ValueKind);
        Assert.Equal(JsonValueKind.String, Json(log[1].After).GetProperty("LockoutEnd").ValueKind);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task SaveChanges_ApiTokenIssuedUsedRevoked_RecordsIssueAndRevokeWithoutHashOrUse(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using (var db = store.NewContext("erin"))
        {
            db.Users.Add(new AttainUser { Id = "u-1", UserName = "erin" });
            await db.SaveChangesAsync(Ct);
        }

        var before = (await LogAsync(store)).Count;
        await using (var db = store.NewContext("erin"))
        {
            db.ApiTokens.Add(new ApiToken { UserId = "u-1", Name = "ci", Prefix = "att_abcdef", Hash = "secret-hash-value", CreatedAt = store.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(Ct);
            var token = await db.ApiTokens.SingleAsync(Ct);
            token.LastUsedAt = store.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(Ct);
            token.RevokedAt = store.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(Ct);
        }

        var log = (await LogAsync(store)).Skip(before).ToList();

        Assert.Equal([ChangeOperation.Insert, ChangeOperation.Update], log.Select(e => e.Operation));
        Assert.All(log, e => Assert.Equal(("ApiToken", "erin"), (e.Entity, e.Actor)));
        Assert.Equal(("ci", ChangeLogRules.Redacted), (Json(log[0].After).GetProperty("Name").GetString(), Json(log[0].After).GetProperty("Hash").GetString()));
        Assert.Equal(["RevokedAt"], Json(log[1].After).EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(log, e => (e.Before + e.After).Contains("secret-hash-value", StringComparison.Ordinal));
    }
}
