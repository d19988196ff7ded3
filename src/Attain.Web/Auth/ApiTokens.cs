using System.Security.Cryptography;
using System.Text;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Auth;

/// <summary>Issues, lists and revokes personal API tokens. The secret is returned once; only its SHA-256 hash is stored.</summary>
public sealed class ApiTokens(AttainDbContext db, TimeProvider clock)
{
    public const string SecretPrefix = "att_";
    public const int MaxNameLength = 100;

    public enum RevokeOutcome
    {
        Revoked,
        NotFound,
        AlreadyRevoked,
    }

    public async Task<(ApiToken Token, string Secret)> IssueAsync(string userId, string name, DateTime? expiresAt, CancellationToken cancellationToken)
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var token = new ApiToken
        {
            UserId = userId,
            Name = name,
            Prefix = secret[..10],
            Hash = Hash(secret),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return (token, secret);
    }

    /// <summary>True when the user already holds a usable (neither revoked nor expired) token of that name.</summary>
    public Task<bool> HasActiveNamedAsync(string userId, string name, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.ApiTokens.AsNoTracking().AnyAsync(
            t => t.UserId == userId && t.Name == name && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now), cancellationToken);
    }

    /// <summary>The user's own tokens, newest first, without hashes.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId, CancellationToken cancellationToken) =>
        await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(cancellationToken);

    /// <summary>Revokes one of the user's own tokens. Another user's token is reported as not found.</summary>
    public async Task<RevokeOutcome> RevokeAsync(string userId, long id, CancellationToken cancellationToken)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, cancellationToken);
        if (token is null)
        {
            return RevokeOutcome.NotFound;
        }

        if (token.RevokedAt is not null)
        {
            return RevokeOutcome.AlreadyRevoked;
        }

        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return RevokeOutcome.Revoked;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
