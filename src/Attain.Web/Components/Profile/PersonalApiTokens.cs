using Attain.Application.Data;
using Attain.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Components.Profile;

/// <summary>A user's own API token as listed to them: never its secret or hash.</summary>
public sealed record ApiTokenRow(long Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt)
{
    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>Lists, issues and revokes the signed-in user's own API tokens. A user can only ever touch their own.</summary>
public sealed class PersonalApiTokens(AttainDbContext db, ApiTokens tokens, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(string userId, CancellationToken cancellationToken) =>
        await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new ApiTokenRow(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Issues a token valid for <paramref name="validDays"/> days (null: until revoked) and returns its secret, which is not kept.</summary>
    public async Task<(ApiTokenRow Token, string Secret)> IssueAsync(string userId, string name, int? validDays, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw new ArgumentException($"A token name has 1 to {MaxNameLength} characters.", nameof(name));
        }

        DateTime? expiresAt = validDays is { } days ? clock.GetUtcNow().UtcDateTime.AddDays(days) : null;
        var (token, secret) = await tokens.IssueAsync(userId, trimmed, expiresAt, cancellationToken);
        return (new ApiTokenRow(token.Id, token.Name, token.Prefix, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt), secret);
    }

    /// <summary>Revokes one of the user's tokens. False when the user has no such token or it is already revoked.</summary>
    public async Task<bool> RevokeAsync(string userId, long tokenId, CancellationToken cancellationToken)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null || token.RevokedAt is not null)
        {
            return false;
        }

        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
