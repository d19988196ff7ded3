namespace Attain.Application.Demo;

/// <summary>The draws the demo generators need, over one seeded <see cref="Random"/> so a seed replays the same data.</summary>
internal sealed class DemoRandom(int seed)
{
    private readonly Random random = new(seed);

    public double NextDouble() => random.NextDouble();

    /// <summary>An integer from 0 to <paramref name="maxExclusive"/> − 1.</summary>
    public int Next(int maxExclusive) => random.Next(maxExclusive);

    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>, both inclusive.</summary>
    public int Between(int min, int max) => random.Next(min, max + 1);

    public double Uniform(double min, double max) => min + (random.NextDouble() * (max - min));

    public bool Chance(double probability) => random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>An index into <paramref name="weights"/>, each chosen in proportion to its weight.</summary>
    public int PickWeighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var target = random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }

    /// <summary>A normally distributed value (Box–Muller).</summary>
    public double Normal(double mean, double standardDeviation)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (standardDeviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>A Poisson-distributed count with mean <paramref name="lambda"/> (Knuth; fine for small means).</summary>
    public int Poisson(double lambda)
    {
        var limit = Math.Exp(-lambda);
        var count = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    /// <summary>Fills a pattern: <c>#</c> becomes a digit, <c>A</c> an upper-case letter, anything else stays.</summary>
    public string FromPattern(string pattern) =>
        string.Create(pattern.Length, (pattern, this), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.pattern[i] switch
                {
                    '#' => (char)('0' + state.Item2.random.Next(10)),
                    'A' => "ABCDEFGHJKLMNPRSTUVWXYZ"[state.Item2.random.Next(23)],
                    var literal => literal,
                };
            }
        });
}
