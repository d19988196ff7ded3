using Attain.Application.Demo;
using BenchmarkDotNet.Attributes;

namespace Attain.Benchmarks.Micro;

/// <summary>How fast the scale generator makes bookings, and what each costs in allocations (the load benchmark's floor).</summary>
[MemoryDiagnoser]
public class DemoScaleBenchmarks
{
    private readonly DemoScale scale = new(new DemoOptions(new DateOnly(2026, 11, 27)));

    [Params(100_000)]
    public int Rows { get; set; }

    [Benchmark]
    public long GenerateBookings()
    {
        long sum = 0;
        foreach (var booking in scale.Bookings(Rows))
        {
            sum += booking.OwnerId;
        }

        return sum;
    }
}
