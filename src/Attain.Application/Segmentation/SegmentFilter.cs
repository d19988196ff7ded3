using Attain.Application.Browse;
using Attain.Application.Data;
using Attain.Engine.Segmentation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attain.Application.Segmentation;

/// <summary>A segment filter as written in queries: <c>SCHEME:SEGMENT</c>, for example <c>size:enterprise</c>.</summary>
public sealed record SegmentFilter(string Segmentation, string Segment)
{
    /// <summary>Reads <c>SCHEME:SEGMENT</c>; both parts must be segment keys.</summary>
    public static bool TryParse(string? raw, out SegmentFilter? filter)
    {
        filter = null;
        var parts = (raw ?? string.Empty).Trim().Split(':');
        if (parts.Length != 2 || !SegmentKeys.IsValid(parts[0]) || !SegmentKeys.IsValid(parts[1]))
        {
            return false;
        }

        filter = new SegmentFilter(parts[0], parts[1]);
        return true;
    }

    /// <summary>The issue for a malformed filter at <paramref name="path"/>, or none.</summary>
    public static void Check(string? raw, string path, List<QueryIssue> issues)
    {
        if (raw is not null && !TryParse(raw, out _))
        {
            issues.Add(new("segment.invalid", path, $"{path} must be SEGMENTATION:SEGMENT, for example size:enterprise."));
        }
    }

    /// <summary>The ids of the accounts stored in this segment.</summary>
    internal IQueryable<long> AccountIds(AttainDbContext db) =>
        from s in db.AccountSegments
        join g in db.Segmentations on s.SegmentationId equals g.Id
        where g.Key == Segmentation && s.SegmentKey == Segment
        select s.AccountId;
}

public static class SegmentationRegistration
{
    public static IServiceCollection AddAttainSegmentation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<SegmentationService>();
        return services;
    }
}

internal static class AccountSegmentReads
{
    /// <summary>The stored segments of each of <paramref name="accountIds"/>, one per scheme, ordered by scheme key.</summary>
    public static async Task<Dictionary<long, IReadOnlyList<AccountSegmentResponse>>> ForAccountsAsync(
        AttainDbContext db, IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken)
    {
        var ids = accountIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        // One array parameter, not one parameter per id (EF Core 10's default): a run asks for every account it books on.
        var rows = await db.AccountSegments.AsNoTracking()
            .Where(s => EF.Parameter(ids).Contains(s.AccountId))
            .Join(db.Segmentations, s => s.SegmentationId, g => g.Id, (s, g) => new { s.AccountId, g.Key, s.SegmentKey, s.SegmentName })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.AccountId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<AccountSegmentResponse>)[.. g.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new AccountSegmentResponse(r.Key, r.SegmentKey, r.SegmentName))]);
    }
}
