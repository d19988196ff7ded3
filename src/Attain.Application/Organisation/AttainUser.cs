using Microsoft.AspNetCore.Identity;

namespace Attain.Application.Organisation;

/// <summary>A login. Linked to the person it belongs to (admins may have none).</summary>
public class AttainUser : IdentityUser
{
    public long? PersonId { get; set; }
}

/// <summary>A personal API token. Only its SHA-256 hash is stored; the secret is shown once.</summary>
public class ApiToken
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the token, shown in lists so a user can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
