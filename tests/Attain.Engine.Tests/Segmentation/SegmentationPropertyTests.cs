using Attain.Engine.Segmentation;
using CsCheck;

namespace Attain.Engine.Tests.Segmentation;

public class SegmentationPropertyTests
{
    private static readonly RuleScheme Size = new(
        [new("enterprise", "Enterprise", "employees >= 1000"), new("mid-market", "Mid-market", "employees >= 100 and country != \"US\"")],
        new Segment("smb", "SMB"));

    private static readonly Gen<AccountProfile[]> GenAccounts =
        Gen.Select(
            Gen.Int[0, 20_000].Nullable(),
            Gen.Int[0, 1_000_000].Nullable(),
            Gen.OneOf("DE", "US", "FR"),
            Gen.Int[-1_000, 500_000],
            Gen.Int[0, 20],
            Gen.Int[0, 5],
            Gen.Int[-10_000, 50_000])
        .Array[1, 40]
        .Select(rows => rows.Select((r, i) => SegmentationTests.Account(
            $"acc{i:000}", r.Item1, r.Item2 * 1000m, r.Item3, r.Item4 / 10m, r.Item5, Math.Min(r.Item6, r.Item5), Math.Max(0, r.Item5 - r.Item6 - 1), r.Item7)).ToArray());

    private static readonly Gen<(AccountProfile[] Accounts, int[] Order)> GenShuffled =
        GenAccounts.SelectMany(a => Gen.Shuffle(Enumerable.Range(0, a.Length).ToArray()).Select(order => (a, order)));

    private static IEnumerable<SegmentationResult> Every(IEnumerable<AccountProfile> accounts, int k) =>
    [
        RuleSegmentation.Assign(Size, accounts),
        AbcClassification.Assign(AbcThresholds.Default, accounts),
        .. k >= 2 ? [KMeansSegmentation.Assign(new KMeansOptions(k, 42), accounts)] : Array.Empty<SegmentationResult>(),
    ];

    [Fact]
    public void Assign_AnyInputOrder_SameAssignment()
    {
        GenShuffled.Sample(t =>
        {
            var shuffled = t.Order.Select(i => t.Accounts[i]).ToArray();
            var k = Math.Min(3, t.Accounts.Length);

            var first = Every(t.Accounts, k).ToList();
            var second = Every(shuffled, k).ToList();

            for (var i = 0; i < first.Count; i++)
            {
                Assert.Equal(first[i].Assignments, second[i].Assignments);
                Assert.Equal(first[i].Segments, second[i].Segments);
            }
        });
    }

    [Fact]
    public void Assign_AnyAccounts_EveryAccountInExactlyOneListedSegment()
    {
        GenAccounts.Sample(accounts =>
        {
            foreach (var result in Every(accounts, Math.Min(4, accounts.Length)))
            {
                Assert.True(result.Succeeded);
                Assert.Equal(accounts.Select(a => a.Id).Order(StringComparer.Ordinal), result.Assignments.Select(a => a.AccountId));
                var keys = result.Segments.Select(s => s.Key).ToHashSet();
                Assert.All(result.Assignments, a => Assert.Contains(a.SegmentKey, keys));
            }
        });
    }

    [Fact]
    public void Assign_Abc_SharesRespectThresholds()
    {
        var thresholds = Gen.Int[1, 98].SelectMany(a => Gen.Int[a + 1, 100].Select(b => new AbcThresholds(a / 100m, b / 100m)));

        Gen.Select(GenAccounts, thresholds).Sample((accounts, t) =>
        {
            var result = AbcClassification.Assign(t, accounts);
            var potential = accounts.ToDictionary(a => a.Id, a => a.Potential);
            var total = potential.Values.Sum();
            decimal Sum(params string[] keys) => result.Assignments.Where(a => keys.Contains(a.SegmentKey)).Sum(a => potential[a.AccountId]);
            decimal Smallest(params string[] keys) =>
                result.Assignments.Where(a => keys.Contains(a.SegmentKey)).Select(a => potential[a.AccountId]).DefaultIfEmpty(0m).Min();

            if (total > 0m)
            {
                // A reaches the A threshold, and without its smallest member it would stay below it.
                Assert.True(Sum("a") >= t.A * total || Sum("b", "c") == 0m);
                Assert.True(Sum("a") - Smallest("a") < t.A * total);
                Assert.True(Sum("a", "b") - Smallest("a", "b") < t.B * total || !result.Assignments.Any(a => a.SegmentKey == "b"));
                Assert.True(Sum("a", "b") >= t.B * total || Sum("c") == 0m);
            }

            // Every A account has at least the potential of every B account, and B of every C.
            Assert.True(Smallest("a") >= result.Assignments.Where(a => a.SegmentKey != "a").Select(a => potential[a.AccountId]).DefaultIfEmpty(0m).Max()
                || !result.Assignments.Any(a => a.SegmentKey == "a"));
        });
    }
}
