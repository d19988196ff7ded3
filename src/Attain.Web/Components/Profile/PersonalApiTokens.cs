using Attain.Web.Auth;

namespace Attain.Web.Components.Profile;

/// <summary>A user's own API token as listed to them: never its secret or hash.</summary>
public sealed record ApiTokenRow(long Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt)
{
    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>The outcome of creating a token from the page: the secret to show once, or why it was refused.</summary>
public sealed record IssuedToken(ApiTokenRow? Token, string? Secret, string? Problem);

/// <summary>
/// The API tokens page's use of <see cref="ApiTokens"/>, with the same rules as POST /api/v1/tokens: a name of 1 to
/// <see cref="ApiTokens.MaxNameLength"/> characters that no other active token of the user has. A user only ever
/// touches their own tokens.
/// </summary>
public sealed class PersonalApiTokens(ApiTokens tokens, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(string userId, CancellationToken cancellationToken) =>
        [.. (await tokens.ListAsync(userId, cancellationToken))
            .Select(t => new ApiTokenRow(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt))];

    /// <summary>Issues a token valid for <paramref name="validDays"/> days (null: until revoked); its secret is not kept.</summary>
    public async Task<IssuedToken> IssueAsync(string userId, string name, int? validDays, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > ApiTokens.MaxNameLength)
        {
            return new(null, null, $"A token name has 1 to {ApiTokens.MaxNameLength} characters.");
        }

        if (await tokens.HasActiveNamedAsync(userId, trimmed, cancellationToken))
        {
            return new(null, null, $"You already have an active token named “{trimmed}”. Choose another name or revoke that one first.");
        }

        DateTime? expiresAt = validDays is { } days ? clock.GetUtcNow().UtcDateTime.AddDays(days) : null;
        var (token, secret) = await tokens.IssueAsync(userId, trimmed, expiresAt, cancellationToken);
        return new(new ApiTokenRow(token.Id, token.Name, token.Prefix, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt), secret, null);
    }

    public Task<ApiTokens.RevokeOutcome> RevokeAsync(string userId, long tokenId, CancellationToken cancellationToken) =>
        tokens.RevokeAsync(userId, tokenId, cancellationToken);
}
