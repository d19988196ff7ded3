using System.Security.Cryptography;
using System.Text;
using Attain.Application.Data;
using Attain.Application.Organisation;

namespace Attain.Web.Auth;

/// <summary>Issues personal API tokens. The secret is returned once; only its SHA-256 hash is stored.</summary>
public sealed class ApiTokens(AttainDbContext db, TimeProvider clock)
{
    public const string SecretPrefix = "att_";

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

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
