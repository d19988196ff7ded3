using Attain.Engine.Segmentation;

namespace Attain.Engine.Tests.Segmentation;

public class SegmentationTests
{
    private static readonly RuleScheme Size = new(
        [
            new("enterprise", "Enterprise", "employees >= 1000 or annual_revenue >= 100000000"),
            new("mid-market", "Mid-market", "employees >= 100"),
        ],
        new Segment("smb", "SMB"));

    internal static AccountProfile Account(
        string id, decimal? employees = null, decimal? revenue = null, string? country = null, decimal bookings = 0m,
        int opportunities = 0, int won = 0, int lost = 0, decimal pipeline = 0m, string? industry = null) =>
        new(id, industry, employees, revenue, country, null, null, bookings, opportunities, won, lost, pipeline);

    [Fact]
    public void Assign_SizeRules_FirstMatchWinsAndUnmatchedGoDefault()
    {
        AccountProfile[] accounts =
        [
            Account("a1", employees: 5000),
            Account("a2", employees: 50, revenue: 250_000_000m),
            Account("a3", employees: 400),
            Account("a4", employees: 20),
            Account("a5"),
        ];

        var result = RuleSegmentation.Assign(Size, accounts);

        Assert.True(result.Succeeded);
        Assert.Equal(["enterprise", "enterprise", "mid-market", "smb", "smb"], result.Assignments.Select(a => a.SegmentKey));
        Assert.Equal(["enterprise", "mid-market", "smb"], result.Segments.Select(s => s.Key));
        Assert.Equal("segments[1]: employees >= 100", result.Assignments[2].Reason);
    }

    [Fact]
    public void Assign_ConditionOnCountryList_MatchesOnlyListedCountries()
    {
        var scheme = new RuleScheme([new("dach", "DACH", "country in [\"DE\", \"AT\", \"CH\"] and employees >= 1000")], new Segment("other", "Other"));

        var result = RuleSegmentation.Assign(scheme, [Account("x", 1200, country: "AT"), Account("y", 1200, country: "FR"), Account("z", 10, country: "DE")]);

        Assert.Equal(["dach", "other", "other"], result.Assignments.Select(a => a.SegmentKey));
    }

    [Fact]
    public void Validate_BadKeyDuplicateAndWrongType_IssuesNamePaths()
    {
        var scheme = new RuleScheme(
            [new("Big", "Big", "employees >= 1000"), new("mid", "", "employees + 1"), new("mid", "Mid again", "headcount > 3")],
            new Segment("mid", "Default"));

        var issues = RuleSegmentation.Validate(scheme);

        Assert.Contains(issues, i => i is { Code: "segment.key", Path: "segments[0].key" });
        Assert.Contains(issues, i => i is { Code: "segment.name", Path: "segments[1].name" });
        Assert.Contains(issues, i => i is { Code: "segment.condition", Path: "segments[1].condition" } && i.Message.Contains("expr.type", StringComparison.Ordinal));
        Assert.Contains(issues, i => i is { Code: "segment.key_duplicate", Path: "segments[2].key" });
        Assert.Contains(issues, i => i is { Code: "segment.condition", Path: "segments[2].condition" } && i.Message.Contains("expr.unknown-identifier", StringComparison.Ordinal));
        Assert.Contains(issues, i => i is { Code: "segment.key_duplicate", Path: "default.key" });
    }

    [Fact]
    public void Assign_DuplicateAccountId_Issue()
    {
        var result = RuleSegmentation.Assign(Size, [Account("a"), Account("a")]);

        Assert.False(result.Succeeded);
        Assert.Equal("account.duplicate", Assert.Single(result.Issues).Code);
    }

    /// <summary>
    /// Potentials 500, 300, 100, 60, 40, 0 (total 1000). Shares of the accounts ranked above: 0, 0.5, 0.8, 0.9, 0.96, 1.
    /// With 80 % / 95 %: a1 and a2 are A (0 and 0.5 &lt; 0.8), a3 (0.8) and a4 (0.9) are B, a5 (0.96) and a6 (no potential) are C.
    /// </summary>
    [Fact]
    public void Assign_Abc_WorkedExample()
    {
        AccountProfile[] accounts =
        [
            Account("a1", bookings: 400m, pipeline: 100m),
            Account("a2", bookings: 300m),
            Account("a3", bookings: 150m, pipeline: -50m),
            Account("a4", pipeline: 60m),
            Account("a5", bookings: 40m),
            Account("a6", bookings: -70m),
        ];

        var result = AbcClassification.Assign(AbcThresholds.Default, accounts);

        Assert.Equal(["a", "a", "b", "b", "c", "c"], result.Assignments.Select(a => a.SegmentKey));
        Assert.Equal("potential 100, share of accounts ranked above 0.8", result.Assignments[2].Reason);
    }

    [Fact]
    public void Assign_AbcAllZero_EveryAccountC()
    {
        var result = AbcClassification.Assign(AbcThresholds.Default, [Account("a"), Account("b")]);

        Assert.All(result.Assignments, a => Assert.Equal("c", a.SegmentKey));
    }

    [Fact]
    public void Validate_AbcThresholdsOutOfOrder_IssuesNamePaths()
    {
        var issues = AbcClassification.Validate(new AbcThresholds(0.9m, 0.8m));

        Assert.Equal("thresholds.b", Assert.Single(issues).Path);
        Assert.Equal("thresholds.a", Assert.Single(AbcClassification.Validate(new AbcThresholds(0m, 0.5m))).Path);
    }

    [Fact]
    public void Standardise_TwoAccounts_MeanZeroUnitDeviation()
    {
        // ln(1 + 0) = 0 and ln(1 + e² − 1) = 2: mean 1, deviation 1, so −1 and +1. Win rates 0 and 1 likewise.
        var e2 = (decimal)Math.Exp(2) - 1m;
        var points = KMeansSegmentation.Standardise([Account("a", employees: 0, won: 0, lost: 1), Account("b", employees: e2, won: 1)]);

        Assert.Equal(-1d, points[0][0], 6);
        Assert.Equal(1d, points[1][0], 6);
        Assert.Equal(-1d, points[0][3], 6);
        Assert.Equal(1d, points[1][3], 6);
        Assert.Equal(0d, points[0][1]);
    }

    [Fact]
    public void Assign_KMeansTwoObviousGroups_SplitsThemAndNumbersByBookings()
    {
        var small = Enumerable.Range(0, 5).Select(i => Account($"s{i}", employees: 10 + i, revenue: 1_000_000m, bookings: 1_000m + i, opportunities: 1, won: 0, lost: 1));
        var large = Enumerable.Range(0, 5).Select(i => Account($"l{i}", employees: 10_000 + i, revenue: 1_000_000_000m, bookings: 900_000m + i, opportunities: 30, won: 20, lost: 10));

        var result = KMeansSegmentation.Assign(new KMeansOptions(2, Seed: 7), [.. small, .. large]);

        Assert.True(result.Succeeded);
        Assert.Equal(["cluster-1", "cluster-2"], result.Segments.Select(s => s.Key));
        Assert.All(result.Assignments.Where(a => a.AccountId.StartsWith('l')), a => Assert.Equal("cluster-1", a.SegmentKey));
        Assert.All(result.Assignments.Where(a => a.AccountId.StartsWith('s')), a => Assert.Equal("cluster-2", a.SegmentKey));
    }

    [Fact]
    public void Assign_KMeansBadOptions_Issues()
    {
        Assert.Equal("kmeans.k", Assert.Single(KMeansSegmentation.Assign(new KMeansOptions(1, 0), [Account("a"), Account("b")]).Issues).Code);
        Assert.Equal("kmeans.too_few_accounts", Assert.Single(KMeansSegmentation.Assign(new KMeansOptions(3, 0), [Account("a"), Account("b")]).Issues).Code);
    }

    [Fact]
    public void Assign_KMeansIdenticalAccounts_OneClusterReported()
    {
        var result = KMeansSegmentation.Assign(new KMeansOptions(3, 1), [Account("a", 10), Account("b", 10), Account("c", 10)]);

        Assert.Equal("cluster-1", Assert.Single(result.Segments).Key);
        Assert.All(result.Assignments, a => Assert.Equal("cluster-1", a.SegmentKey));
    }
}
