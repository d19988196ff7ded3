using System.Globalization;

namespace Attain.Engine.Segmentation;

/// <summary>The cumulative shares that bound classes A and B, as fractions of the total potential.</summary>
/// <param name="A">Class A covers the top accounts up to this share (default 0.80).</param>
/// <param name="B">Classes A and B together cover up to this share (default 0.95); must be above <paramref name="A"/>.</param>
public sealed record AbcThresholds(decimal A, decimal B)
{
    /// <summary>80 % and 95 %: A the top 80 %, B the next 15 %, C the rest.</summary>
    public static AbcThresholds Default { get; } = new(0.80m, 0.95m);
}

/// <summary>
/// ABC classification by revenue potential (<see cref="AccountProfile.Potential"/>: net bookings of the last 12 months
/// plus weighted open pipeline, at least 0). Accounts are ranked by potential, highest first, ties by account id
/// (ordinal). Walking down the ranking, an account is A while the potential of the accounts ranked above it is below
/// <see cref="AbcThresholds.A"/> of the total, so the account that crosses the threshold is still A; B likewise with
/// <see cref="AbcThresholds.B"/>; the rest are C. An account with no potential is always C, and so is every account
/// when the total is 0. Exact decimal arithmetic.
/// </summary>
public static class AbcClassification
{
    /// <summary>The three segments, in order.</summary>
    public static IReadOnlyList<Segment> Segments { get; } = [new("a", "A"), new("b", "B"), new("c", "C")];

    /// <summary>Problems with the thresholds (paths <c>thresholds.a</c>, <c>thresholds.b</c>); empty when 0 &lt; A &lt; B ≤ 1.</summary>
    public static IReadOnlyList<SegmentationIssue> Validate(AbcThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var issues = new List<SegmentationIssue>();
        if (thresholds.A is <= 0m or >= 1m)
        {
            issues.Add(new("abc.threshold", "thresholds.a", $"The A threshold must be above 0 and below 1; found {thresholds.A.ToString(CultureInfo.InvariantCulture)}."));
        }

        if (thresholds.B <= thresholds.A || thresholds.B > 1m)
        {
            issues.Add(new("abc.threshold", "thresholds.b", $"The B threshold must be above the A threshold and at most 1; found {thresholds.B.ToString(CultureInfo.InvariantCulture)}."));
        }

        return issues;
    }

    /// <summary>Classifies the accounts; assignments are ordered by account id.</summary>
    public static SegmentationResult Assign(AbcThresholds thresholds, IEnumerable<AccountProfile> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var issues = Validate(thresholds).ToList();
        var ordered = SegmentKeys.Ordered(accounts, a => a.Id, issues);
        if (issues.Count > 0)
        {
            return SegmentationResult.Failed(issues);
        }

        var total = ordered.Sum(a => a.Potential);
        var ranked = ordered.OrderByDescending(a => a.Potential).ThenBy(a => a.Id, StringComparer.Ordinal);
        var before = 0m;
        var assignments = new List<SegmentAssignment>(ordered.Count);
        foreach (var account in ranked)
        {
            var potential = account.Potential;
            var shareBefore = total == 0m ? 1m : before / total;
            var key = potential == 0m ? "c" : shareBefore < thresholds.A ? "a" : shareBefore < thresholds.B ? "b" : "c";
            assignments.Add(new SegmentAssignment(
                account.Id,
                key,
                string.Create(CultureInfo.InvariantCulture, $"potential {potential}, share of accounts ranked above {shareBefore:0.####}")));
            before += potential;
        }

        return new SegmentationResult(Segments, [.. assignments.OrderBy(a => a.AccountId, StringComparer.Ordinal)], []);
    }
}
