using Attain.Application.Compensation;
using Attain.Application.Organisation;
using Attain.Application.Segmentation;
using Microsoft.AspNetCore.Identity;

namespace Attain.Application.ChangeLog;

/// <summary>
/// What the change log records for each entity type (ADR 0016): everything, except the types listed in
/// <see cref="Excluded"/> with their reason. Secrets are written as <see cref="Redacted"/>, never their value;
/// bookkeeping fields in <see cref="Ignored"/> are left out, and an update touching only those writes no entry.
/// A test enumerates the EF model and fails on an entity type that is neither recorded nor excluded here.
/// </summary>
public static class ChangeLogRules
{
    /// <summary>The value written in place of a secret (before or after) when it was set.</summary>
    public const string Redacted = "[redacted]";

    private const string RunResult = "a calculation run's results: written once by the run that owns them and never changed; "
        + "the log records the run itself (insert and every status change) and one BulkInsert entry with the counts and checksum.";

    /// <summary>Entity types whose changes are not recorded, with the reason a reviewer can check.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Excluded = new Dictionary<Type, string>
    {
        [typeof(ChangeLogEntry)] = "the log itself: append-only, guarded by database triggers.",
        [typeof(AccountSegment)] = "derived data: recomputed from a segmentation whose definition changes are recorded; "
            + "a recompute replaces every row and would flood the log with rows anyone can reproduce.",
        [typeof(RunLine)] = RunResult,
        [typeof(RunMeasure)] = RunResult,
        [typeof(RunPayout)] = RunResult,
        [typeof(Notification)] = "a message about a recorded change (a dispute's step, an approval); it and its read flag are the recipient's own.",
    };

    /// <summary>Secret fields: recorded as <see cref="Redacted"/> when set, so a reader sees that a password changed but never the hash.</summary>
    public static readonly IReadOnlySet<(Type Type, string Property)> Secrets = new HashSet<(Type, string)>
    {
        (typeof(AttainUser), nameof(AttainUser.PasswordHash)),
        (typeof(AttainUser), nameof(AttainUser.SecurityStamp)),
        (typeof(ApiToken), nameof(ApiToken.Hash)),
        (typeof(IdentityUserToken<string>), nameof(IdentityUserToken<string>.Value)),
    };

    /// <summary>Bookkeeping fields that change without anyone deciding anything (concurrency stamps, failed-login counts, last use).</summary>
    public static readonly IReadOnlySet<(Type Type, string Property)> Ignored = new HashSet<(Type, string)>
    {
        (typeof(AttainUser), nameof(AttainUser.ConcurrencyStamp)),
        (typeof(AttainUser), nameof(AttainUser.AccessFailedCount)),
        (typeof(IdentityRole), nameof(IdentityRole.ConcurrencyStamp)),
        (typeof(ApiToken), nameof(ApiToken.LastUsedAt)),
    };

    private static readonly Dictionary<Type, string> Names = new()
    {
        [typeof(AttainUser)] = "User",
        [typeof(IdentityRole)] = "Role",
        [typeof(IdentityUserRole<string>)] = "UserRole",
        [typeof(IdentityUserClaim<string>)] = "UserClaim",
        [typeof(IdentityUserLogin<string>)] = "UserLogin",
        [typeof(IdentityUserToken<string>)] = "UserToken",
        [typeof(IdentityRoleClaim<string>)] = "RoleClaim",
    };

    /// <summary>True when changes to <paramref name="type"/> are written to the log.</summary>
    public static bool IsRecorded(Type type) => !Excluded.ContainsKey(type);

    /// <summary>The name an entry carries in <see cref="ChangeLogEntry.Entity"/>: the class name, or a plain one for Identity's generic types.</summary>
    public static string EntityName(Type type) => Names.TryGetValue(type, out var name) ? name : type.Name;

    /// <summary>Every entity name the log can carry for <paramref name="types"/>, for filters and pick lists.</summary>
    public static IReadOnlyList<string> EntityNames(IEnumerable<Type> types) =>
        [.. types.Where(IsRecorded).Select(EntityName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    internal static bool IsSecret(Type type, string property) => Secrets.Contains((type, property));

    internal static bool IsIgnored(Type type, string property) => Ignored.Contains((type, property));
}
