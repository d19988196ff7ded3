using Attain.Engine.Kpis;
using CsCheck;
using static Attain.Engine.Tests.Kpis.KpiBuilder;

namespace Attain.Engine.Tests.Kpis;

public class KpiPropertyTests
{
    private static readonly KpiContext Context = KpiBuilder.Context();

    private static readonly string[] Reps = ["ann", "bob", "cat", "dan"];

    private static readonly Attain.Engine.Monetary.Currency[] Currencies = [Eur, Usd];

    // Dates from mid-2024 to mid-2026, so the current, previous and year-ago quarters of FY2026-Q1 all have records.
    private static readonly Gen<DateOnly> GenDate = Gen.DateOnly[new DateOnly(2024, 12, 1), new DateOnly(2026, 6, 30)];

    private static readonly Gen<decimal> GenAmount = Gen.Int[-1_000_000, 100_000_000].Select(cents => cents / 100m);

    private static readonly Gen<KpiData> GenData =
        Gen.Select(
            Gen.Select(Gen.OneOf(Currencies), Gen.OneOf(Reps), GenDate, GenAmount, Gen.Enum<BookingKind>()).Array[0, 30],
            Gen.Select(Gen.OneOf(Reps), GenDate, Gen.Int[0, 400], Gen.Enum<OpportunityStatus>(), GenAmount).Array[0, 30],
            Gen.Select(Gen.OneOf(Reps), GenDate, Gen.Enum<ActivityType>()).Array[0, 30],
            Gen.Select(Gen.OneOf(Reps), GenDate).Array[0, 10])
        .Select((bookings, opportunities, activities, wins) => new KpiData
        {
            Bookings = [.. bookings.Select((b, i) => Booking($"b{i}", b.Item3, b.Item4, b.Item5, b.Item1, b.Item2))],
            Opportunities =
            [
                .. opportunities.Select((o, i) => Opp(
                    $"o{i}", o.Item4, o.Item5, created: o.Item2.AddDays(-o.Item3), close: o.Item2, owner: o.Item1,
                    history: [Entered("Qualify", o.Item2.AddDays(-o.Item3)), Entered("Propose", o.Item2.AddDays(-o.Item3 / 2))])),
            ],
            Activities = [.. activities.Select((a, i) => Activity($"a{i}", a.Item2, a.Item3, a.Item1))],
            FirstWins = [.. wins.Select((w, i) => new AccountFirstWin($"acc{i}", w.Item1, w.Item2))],
            Quotas = [.. Reps.Select(r => Quota($"q-{r}", "FY2026-Q1", 1000m, r))],
        });

    [Fact]
    public void Compute_AdditiveKpiPartitionedByRep_GroupsSumToTotal()
    {
        var additive = KpiCatalog.Unparameterised.Where(k => k.IsAdditive).ToList();

        GenData.Sample(data =>
        {
            foreach (var kpi in additive)
            {
                var result = kpi.Compute(data, Context, Q1, s => s.OwnerId);

                foreach (var pick in new Func<KpiValue, KpiMeasurement>[] { v => v.Current, v => v.Previous, v => v.YearAgo })
                {
                    Assert.Equal(pick(result.Total).Value, result.Groups.Sum(g => pick(g.Value).Value));
                }
            }
        });
    }

    [Fact]
    public void Compute_AnyKpiPartitionedByRep_TermsSumToTotalAndRecordsPartition()
    {
        GenData.Sample(data =>
        {
            foreach (var kpi in KpiCatalog.Unparameterised)
            {
                var result = kpi.Compute(data, Context, Q1, s => s.OwnerId);

                var total = result.Total.Current;
                for (var i = 0; i < total.Terms.Count; i++)
                {
                    Assert.Equal(total.Terms[i].Amount, result.Groups.Sum(g => g.Value.Current.Terms[i].Amount));
                }

                Assert.Equal(total.Records, result.Groups.SelectMany(g => g.Value.Current.Records).Order());
            }
        });
    }

    [Fact]
    public void Compute_Bookings_DrillDownIsExactlyTheBookingsDatedInPeriod()
    {
        GenData.Sample(data =>
        {
            var result = KpiCatalog.Bookings.Compute(data, Context, Q1);

            var expected = data.Bookings.Where(b => Q1.Contains(b.BookedOn)).Select(b => new KpiRecordRef(KpiRecordKind.Booking, b.Id)).Order();
            Assert.Equal(expected, result.Total.Current.Records);
            Assert.Equal(
                data.Bookings.Where(b => Q1.Contains(b.BookedOn))
                    .Select(b => (b.Kind, Converted: Fx.Convert(b.Amount, Eur, b.BookedOn).Result.Amount))
                    .Sum(b => b.Kind == BookingKind.Order ? b.Converted : -Math.Abs(b.Converted)),
                result.Total.Current.Value);
        });
    }

    [Fact]
    public void Compute_WinRateByCount_DrillDownIsExactlyTheOpportunitiesClosedInPeriod()
    {
        GenData.Sample(data =>
        {
            var result = KpiCatalog.WinRateByCount.Compute(data, Context, Q1);

            var expected = data.Opportunities
                .Where(o => o.Status != OpportunityStatus.Open && Q1.Contains(o.CloseDate))
                .Select(o => new KpiRecordRef(KpiRecordKind.Opportunity, o.Id))
                .Order();
            Assert.Equal(expected, result.Total.Current.Records);
        });
    }

    [Fact]
    public void Compute_ShuffledInput_SameResult()
    {
        Gen.Select(GenData, Gen.Int).Sample((data, seed) =>
        {
            var random = new Random(seed);
            var shuffled = data with
            {
                Bookings = [.. data.Bookings.OrderBy(_ => random.Next())],
                Opportunities = [.. data.Opportunities.OrderBy(_ => random.Next())],
                Activities = [.. data.Activities.OrderBy(_ => random.Next())],
            };

            foreach (var kpi in KpiCatalog.Unparameterised)
            {
                Assert.Equal(
                    KpiDefinitionTests.Describe(kpi.Compute(data, Context, Q1, s => s.OwnerId)),
                    KpiDefinitionTests.Describe(kpi.Compute(shuffled, Context, Q1, s => s.OwnerId)));
            }
        });
    }
}
