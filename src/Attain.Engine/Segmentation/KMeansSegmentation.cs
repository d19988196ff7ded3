using System.Globalization;

namespace Attain.Engine.Segmentation;

/// <summary>How to cluster: the number of clusters, the seed of the k-means++ initialisation, and an iteration limit.</summary>
/// <param name="K">How many clusters, 2–20.</param>
/// <param name="Seed">Seeds the pseudo-random choice of initial centres; the same seed and accounts give the same clusters.</param>
/// <param name="MaxIterations">Lloyd iterations at most, 1–1000; stops earlier when no account changes cluster.</param>
public sealed record KMeansOptions(int K, int Seed, int MaxIterations = 100);

/// <summary>
/// Data-driven segmentation: k-means (Lloyd's algorithm with k-means++ initialisation) over standardised features of
/// each account. Plain, deterministic double arithmetic in account-id order: the same accounts, in any order, with the
/// same options give the same assignment.
/// </summary>
/// <remarks>
/// Features, in order: ln(1 + employees), ln(1 + annual revenue), ln(1 + net bookings of the last 12 months),
/// win rate, ln(1 + number of opportunities). Negative values count as 0 before the logarithm, which tames the long
/// tails of size and money. A missing value (unknown employees or revenue, no closed opportunity) takes the feature's
/// mean over the accounts that have it. Each feature is then standardised to mean 0 and population standard deviation 1
/// (a feature that does not vary becomes 0). Distances are Euclidean. Clusters are numbered by mean bookings of the
/// last 12 months, highest first (ties: the cluster holding the smallest account id first): <c>cluster-1</c> is the
/// one that books most. A cluster left empty keeps its centre; clusters still empty at the end are not reported.
/// </remarks>
public static class KMeansSegmentation
{
    /// <summary>The fewest clusters.</summary>
    public const int MinK = 2;

    /// <summary>The most clusters.</summary>
    public const int MaxK = 20;

    /// <summary>How many features each account has.</summary>
    public const int FeatureCount = 5;

    /// <summary>Problems with the options (<c>k</c>, <c>maxIterations</c>); empty when valid.</summary>
    public static IReadOnlyList<SegmentationIssue> Validate(KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var issues = new List<SegmentationIssue>();
        if (options.K is < MinK or > MaxK)
        {
            issues.Add(new("kmeans.k", "k", $"k must be between {MinK} and {MaxK}; found {options.K}."));
        }

        if (options.MaxIterations is < 1 or > 1000)
        {
            issues.Add(new("kmeans.max_iterations", "maxIterations", $"maxIterations must be between 1 and 1000; found {options.MaxIterations}."));
        }

        return issues;
    }

    /// <summary>Clusters the accounts; at least <see cref="KMeansOptions.K"/> accounts are needed.</summary>
    public static SegmentationResult Assign(KMeansOptions options, IEnumerable<AccountProfile> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var issues = Validate(options).ToList();
        var ordered = SegmentKeys.Ordered(accounts, a => a.Id, issues);
        if (issues.Count == 0 && ordered.Count < options.K)
        {
            issues.Add(new("kmeans.too_few_accounts", "k", $"k = {options.K} needs at least {options.K} accounts; there are {ordered.Count}."));
        }

        if (issues.Count > 0)
        {
            return SegmentationResult.Failed(issues);
        }

        var points = Standardise(ordered);
        var centres = Initialise(points, options.K, new SplitMix64(options.Seed));
        var cluster = new int[points.Length];
        Array.Fill(cluster, -1);
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            var changed = false;
            for (var i = 0; i < points.Length; i++)
            {
                var nearest = Nearest(points[i], centres).Index;
                changed |= nearest != cluster[i];
                cluster[i] = nearest;
            }

            if (!changed)
            {
                break;
            }

            Recentre(points, cluster, centres);
        }

        return Label(ordered, points, cluster, centres);
    }

    /// <summary>The standardised feature vectors of accounts already ordered by id (see the remarks on the class).</summary>
    public static double[][] Standardise(IReadOnlyList<AccountProfile> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var raw = accounts.Select(a => new double?[]
        {
            Log(a.Employees),
            Log(a.AnnualRevenue),
            Log(a.Bookings12Months),
            a.WinRate is { } rate ? (double)rate : null,
            Log(a.Opportunities),
        }).ToList();
        var points = new double[accounts.Count][];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new double[FeatureCount];
        }

        for (var f = 0; f < FeatureCount; f++)
        {
            var present = raw.Where(r => r[f].HasValue).Select(r => r[f]!.Value).ToList();
            var mean = present.Count == 0 ? 0d : present.Sum() / present.Count;
            var values = raw.Select(r => r[f] ?? mean).ToList();
            var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
            var deviation = Math.Sqrt(variance);
            for (var i = 0; i < points.Length; i++)
            {
                points[i][f] = deviation > 1e-12 ? (values[i] - mean) / deviation : 0d;
            }
        }

        return points;
    }

    private static double? Log(decimal? value) => value is { } v ? Math.Log(1d + (double)Math.Max(0m, v)) : null;

    /// <summary>k-means++: the first centre uniformly, each next one with probability proportional to its squared distance.</summary>
    private static double[][] Initialise(double[][] points, int k, SplitMix64 random)
    {
        var centres = new List<double[]> { (double[])points[random.NextInt(points.Length)].Clone() };
        var distances = points.Select(p => Squared(p, centres[0])).ToArray();
        while (centres.Count < k)
        {
            var total = distances.Sum();
            int pick;
            if (total <= 0d)
            {
                // Every account sits on a centre: the remaining centres repeat the first point and stay empty.
                pick = 0;
            }
            else
            {
                var target = random.NextDouble() * total;
                pick = points.Length - 1;
                var cumulative = 0d;
                for (var i = 0; i < points.Length; i++)
                {
                    cumulative += distances[i];
                    if (cumulative > target && distances[i] > 0d)
                    {
                        pick = i;
                        break;
                    }
                }
            }

            var centre = (double[])points[pick].Clone();
            centres.Add(centre);
            for (var i = 0; i < points.Length; i++)
            {
                distances[i] = Math.Min(distances[i], Squared(points[i], centre));
            }
        }

        return [.. centres];
    }

    private static void Recentre(double[][] points, int[] cluster, double[][] centres)
    {
        var sums = centres.Select(_ => new double[FeatureCount]).ToArray();
        var counts = new int[centres.Length];
        for (var i = 0; i < points.Length; i++)
        {
            counts[cluster[i]]++;
            for (var f = 0; f < FeatureCount; f++)
            {
                sums[cluster[i]][f] += points[i][f];
            }
        }

        for (var c = 0; c < centres.Length; c++)
        {
            if (counts[c] > 0)
            {
                for (var f = 0; f < FeatureCount; f++)
                {
                    centres[c][f] = sums[c][f] / counts[c];
                }
            }
        }
    }

    private static (int Index, double Distance) Nearest(double[] point, double[][] centres)
    {
        var best = 0;
        var bestDistance = Squared(point, centres[0]);
        for (var c = 1; c < centres.Length; c++)
        {
            var distance = Squared(point, centres[c]);
            if (distance < bestDistance)
            {
                best = c;
                bestDistance = distance;
            }
        }

        return (best, bestDistance);
    }

    private static double Squared(double[] a, double[] b)
    {
        var sum = 0d;
        for (var f = 0; f < a.Length; f++)
        {
            sum += (a[f] - b[f]) * (a[f] - b[f]);
        }

        return sum;
    }

    private static SegmentationResult Label(List<AccountProfile> accounts, double[][] points, int[] cluster, double[][] centres)
    {
        var order = Enumerable.Range(0, centres.Length)
            .Select(c => (Cluster: c, Members: Enumerable.Range(0, accounts.Count).Where(i => cluster[i] == c).ToList()))
            .Where(c => c.Members.Count > 0)
            .OrderByDescending(c => c.Members.Sum(i => accounts[i].Bookings12Months) / c.Members.Count)
            .ThenBy(c => accounts[c.Members[0]].Id, StringComparer.Ordinal)
            .Select((c, rank) => (c.Cluster, Key: string.Create(CultureInfo.InvariantCulture, $"cluster-{rank + 1}"), Name: string.Create(CultureInfo.InvariantCulture, $"Cluster {rank + 1}")))
            .ToList();
        var keys = order.ToDictionary(o => o.Cluster, o => o.Key);
        var assignments = accounts.Select((a, i) => new SegmentAssignment(
            a.Id,
            keys[cluster[i]],
            string.Create(CultureInfo.InvariantCulture, $"nearest centre, distance {Math.Sqrt(Squared(points[i], centres[cluster[i]])):0.###}")))
            .ToList();
        return new SegmentationResult([.. order.Select(o => new Segment(o.Key, o.Name))], assignments, []);
    }

    /// <summary>A small, fully specified pseudo-random generator (SplitMix64), so results never depend on the runtime's Random.</summary>
    private sealed class SplitMix64(int seed)
    {
        private ulong state = unchecked((ulong)seed);

        public ulong Next()
        {
            unchecked
            {
                state += 0x9E3779B97F4A7C15UL;
                var z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        /// <summary>A double in [0, 1) from the top 53 bits.</summary>
        public double NextDouble() => (Next() >> 11) * (1d / (1UL << 53));

        public int NextInt(int bound) => (int)(Next() % (ulong)bound);
    }
}
