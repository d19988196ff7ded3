using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// The checksum is SHA-256 of the rows' text as the interpolated strings write it (invariant numbers, null as nothing,
    /// dates yyyy-MM-dd, UTF-8): a line written field by field gives exactly those bytes, also for a rule with accents
    /// and a surrogate pair, a negative amount with many decimals, a year below 1000 and a null component.
    /// </summary>
    [Fact]
    public void Finish_LinesMeasureAndPayout_IsSha256OfTheirText()
    {
        var line = Line(42, 7);
        line.ComponentId = null;
        line.Rule = "Commission line 3 of bookings FY2027-M09: 4 % × 1 234,5 € 🙂 — réglé";
        line.Amount = -1234567.8912345678901234m;
        line.Date = new DateOnly(987, 1, 2);
        line.Source = RunLineSource.Payment;
        var second = Line(42, 8);
        var measure = new RunMeasure { PersonId = 42, PlanKey = "rep", ComponentId = "c", PeriodKey = "FY2027-M09", Value = 1.50m, Quota = null, AttainmentPercent = 12.345m, Earned = 3m, Currency = "EUR" };
        var payout = new RunPayout { PersonId = 42, PlanKey = "rep", PeriodKey = "FY2027-M09", Currency = "EUR", Payable = 10.00m, Earned = 10.00m, BalanceAfter = -0.5m, HeldAfter = 0m };
        var text = string.Concat(((RunLine[])[line, second]).Select(l => string.Create(CultureInfo.InvariantCulture,
            $"L|{l.PersonId}|{l.Number}|{l.Source}|{l.Kind}|{l.PlanKey}|{l.PlanVersion}|{l.ComponentId}|{l.PeriodKey}|{l.Date:yyyy-MM-dd}|{l.BookingIds}|{l.Rule}|{l.Amount}|{l.Currency}\n")))
            + string.Create(CultureInfo.InvariantCulture, $"M|42|rep|c|FY2027-M09|1.50||12.345|3|EUR\n")
            + string.Create(CultureInfo.InvariantCulture, $"P|42|rep|10.00|10.00|-0.5|0|EUR\n");

        using var checksum = new RunChecksum();
        checksum.Add(line);
        checksum.Add(second);
        checksum.Add(measure);
        checksum.Add(payout);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), checksum.Finish());
    }

    /// <summary>More text than the buffer holds (and one rule longer than it) is hashed as one text.</summary>
    [Fact]
    public void Finish_TextLongerThanTheBuffer_IsSha256OfTheWholeText()
    {
        var lines = Enumerable.Range(1, 2_000).Select(n => Line(n, 1)).ToList();
        lines[500].Rule = new string('r', 100_000);
        var text = string.Concat(lines.Select(l => string.Create(CultureInfo.InvariantCulture,
            $"L|{l.PersonId}|{l.Number}|{l.Source}|{l.Kind}|{l.PlanKey}|{l.PlanVersion}|{l.ComponentId}|{l.PeriodKey}|{l.Date:yyyy-MM-dd}|{l.BookingIds}|{l.Rule}|{l.Amount}|{l.Currency}\n")));

        using var checksum = new RunChecksum();
        lines.ForEach(checksum.Add);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), checksum.Finish());
    }

    private static RunLine Line(long person, int number) => new()
    {
        PersonId = person,
        Number = number,
        Kind = "Commission",
        PlanKey = "rep",
        PeriodKey = "FY2027-M09",
        Date = new DateOnly(2026, 10, 1 + (number % 28)),
        BookingIds = $"B-{person}-{number}",
        Rule = $"rule {person}.{number}",
        Amount = (person * 100) + number + 0.25m,
        Currency = "USD",
    };
}
