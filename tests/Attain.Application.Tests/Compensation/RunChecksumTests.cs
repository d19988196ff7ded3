using Attain.Application.Compensation;

namespace Attain.Application.Tests.Compensation;

public class RunChecksumTests
{
    /// <summary>
    /// Batches in the engine's order, whose persons are not in person-id order (person 3 first, then 1, then 2): each
    /// person's lines wait until the batch bound says no earlier person is to come, so the hash is that of the lines in
    /// canonical order (person, number).
    /// </summary>
    [Fact]
    public void Add_BatchesOutOfPersonOrder_HashesAsLinesInCanonicalOrder()
    {
        RunLine[] canonical = [Line(1, 1), Line(2, 1), Line(2, 2), Line(3, 1), Line(3, 2)];
        using var expected = new RunChecksum();
        foreach (var line in canonical)
        {
            expected.Add(line);
        }

        using var batched = new RunChecksum();
        batched.Add(new LineBatch([Line(3, 1), Line(3, 2)], HashBelow: 1));
        batched.Add(new LineBatch([Line(1, 1)], HashBelow: 2));
        batched.Add(new LineBatch([Line(2, 1), Line(2, 2)], HashBelow: long.MaxValue));

        Assert.Equal(expected.Finish(), batched.Finish());
    }

    /// <summary>Lines still waiting for an earlier person when the measures come would be hashed out of order: refused.</summary>
    [Fact]
    public void Add_MeasureWhileLinesWait_Throws()
    {
        using var checksum = new RunChecksum();
        checksum.Add(new LineBatch([Line(3, 1)], HashBelow: 1));

        Assert.Throws<InvalidOperationException>(() => checksum.Add(new RunMeasure { PlanKey = "rep", ComponentId = "c", PeriodKey = "FY2027-M09", Currency = "USD" }));
    }

    private static RunLine Line(long person, int number) => new()
    {
        PersonId = person,
        Number = number,
        Kind = "Commission",
        PlanKey = "rep",
        PeriodKey = "FY2027-M09",
        Date = new DateOnly(2026, 10, number),
        BookingIds = $"B-{person}-{number}",
        Rule = $"rule {person}.{number}",
        Amount = (person * 100) + number + 0.25m,
        Currency = "USD",
    };
}
