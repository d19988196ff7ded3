using Attain.Engine.Kpis;
using static Attain.Engine.Tests.Kpis.KpiBuilder;

namespace Attain.Engine.Tests.Kpis;

public class KpiDefinitionTests
{
    private static readonly KpiContext Context = KpiBuilder.Context();

    public static TheoryData<string> AllKpis() =>
        [.. KpiCatalog.Unparameterised.Select(k => k.Name), KpiCatalog.StageConversionRateName, KpiCatalog.TimeInStageName];

    [Theory]
    [MemberData(nameof(AllKpis))]
    public void Compute_NoData_ZeroForSumsOrNoValueWithReason(string name)
    {
        var kpi = Find(name);

        var result = kpi.Compute(KpiData.Empty, Context, Q1, s => s.OwnerId);

        Assert.Empty(result.Groups);
        foreach (var measurement in new[] { result.Total.Current, result.Total.Previous, result.Total.YearAgo })
        {
            Assert.Empty(measurement.Records);
            if (kpi.IsAdditive)
            {
                Assert.Equal(0m, measurement.Value);
                Assert.Null(measurement.NoValueReason);
            }
            else
            {
                Assert.Null(measurement.Value);
                Assert.False(string.IsNullOrWhiteSpace(measurement.NoValueReason));
            }
        }
    }

    [Fact]
    public void Compute_CancellationInNextQuarter_CountsInTheQuarterOfTheCancellation()
    {
        // Order of 1000 on Mar 20 (Q1), cancelled on Apr 5 (Q2): Q1 keeps +1000, Q2 shows −1000 with Q1 beside it.
        var data = new KpiData
        {
            Bookings =
            [
                Booking("order", D(2026, 3, 20), 1000m),
                Booking("cancel", D(2026, 4, 5), 1000m, BookingKind.Cancellation),
            ],
        };
        var q2 = CalendarYear.Parse("FY2026-Q2");

        var inQ1 = KpiCatalog.Bookings.Compute(data, Context, Q1);
        var inQ2 = KpiCatalog.Bookings.Compute(data, Context, q2);

        Assert.Equal(1000m, inQ1.Total.Current.Value);
        Assert.Equal(-1000m, inQ2.Total.Current.Value);
        Assert.Equal(1000m, inQ2.Total.Previous.Value);
        Assert.Equal(["Booking:cancel"], Ids(inQ2.Total.Current));
    }

    [Fact]
    public void Compute_CancellationRecordedNegative_SubtractsItsAbsoluteValue()
    {
        // Either sign convention for cancellations gives 1000 − 300 = 700.
        var data = new KpiData
        {
            Bookings = [Booking("o", D(2026, 1, 1), 1000m), Booking("c", D(2026, 1, 2), -300m, BookingKind.Cancellation)],
        };

        var result = KpiCatalog.Bookings.Compute(data, Context, Q1);

        Assert.Equal(700m, result.Total.Current.Value);
    }

    [Fact]
    public void Compute_MultiCurrencyBookings_EachConvertedAtItsOwnDate()
    {
        // 100 USD on Jan 15 at 0.90 = 90; 100 USD on Feb 15 at 0.80 = 80; 50 EUR = 50: 220 EUR exactly.
        var data = new KpiData
        {
            Bookings =
            [
                Booking("b1", D(2026, 1, 15), 100m, currency: Usd),
                Booking("b2", D(2026, 2, 15), 100m, currency: Usd),
                Booking("b3", D(2026, 3, 15), 50m),
            ],
        };

        var result = KpiCatalog.Bookings.Compute(data, Context, Q1);

        Assert.Equal(220m, result.Total.Current.Value);
        Assert.Equal(Eur, result.Currency);
    }

    [Fact]
    public void Compute_MissingFxRate_NoValueNamingRecordAndPair()
    {
        var data = new KpiData
        {
            Bookings = [Booking("b1", D(2026, 1, 15), 100m), Booking("gbp", D(2026, 1, 16), 100m, currency: Gbp)],
        };

        var result = KpiCatalog.Bookings.Compute(data, Context, Q1, s => s.ProductId ?? "");

        Assert.Null(result.Total.Current.Value);
        Assert.Equal("Booking:gbp: No FX rate for GBP→EUR on or before 2026-01-16.", result.Total.Current.NoValueReason);
        Assert.True(result.Total.Current.MissingRate);
        Assert.Equal(["Booking:b1", "Booking:gbp"], Ids(result.Total.Current));
    }

    [Fact]
    public void Compute_FiscalYearFromFebruaryQuarter_PreviousAndYearAgoQuarters()
    {
        // FY2027-Q1 = 2026-02-01..04-30; previous FY2026-Q4 = 2025-11-01..2026-01-31; year ago FY2026-Q1 = 2025-02-01..04-30.
        var context = KpiBuilder.Context(firstMonth: 2);
        var period = context.Calendar.Parse("FY2027-Q1");
        var data = new KpiData
        {
            Bookings =
            [
                Booking("current", D(2026, 2, 1), 100m),
                Booking("previous", D(2026, 1, 31), 10m),
                Booking("year-ago", D(2025, 4, 30), 1m),
                Booking("none", D(2025, 5, 1), 1000m),
            ],
        };

        var result = KpiCatalog.Bookings.Compute(data, context, period);

        Assert.Equal((100m, "FY2027-Q1"), (result.Total.Current.Value!.Value, result.Total.Current.Period.Key));
        Assert.Equal((10m, "FY2026-Q4"), (result.Total.Previous.Value!.Value, result.Total.Previous.Period.Key));
        Assert.Equal((1m, "FY2026-Q1"), (result.Total.YearAgo.Value!.Value, result.Total.YearAgo.Period.Key));
    }

    [Fact]
    public void Compute_FiscalYearFromFebruaryMonth_PreviousIsJanuaryYearAgoIsFebruary()
    {
        // FY2027-M01 = February 2026; previous FY2026-M12 = January 2026; year ago FY2026-M01 = February 2025.
        var context = KpiBuilder.Context(firstMonth: 2);
        var period = context.Calendar.Parse("FY2027-M01");
        var data = new KpiData
        {
            Activities = [Activity("feb26", D(2026, 2, 28)), Activity("jan26", D(2026, 1, 1)), Activity("feb25", D(2025, 2, 1))],
        };

        var result = KpiCatalog.ClientConversations.Compute(data, context, period);

        Assert.Equal(["Activity:feb26"], Ids(result.Total.Current));
        Assert.Equal(["Activity:jan26"], Ids(result.Total.Previous));
        Assert.Equal(["Activity:feb25"], Ids(result.Total.YearAgo));
        Assert.Equal("FY2026-M12", result.Total.Previous.Period.Key);
    }

    [Fact]
    public void Compute_FiscalYearFromFebruaryYear_YearAgoIsPreviousYear()
    {
        // FY2027 = 2026-02-01..2027-01-31; previous and year ago are both FY2026.
        var context = KpiBuilder.Context(firstMonth: 2);
        var period = context.Calendar.Parse("FY2027");
        var data = new KpiData { FirstWins = [new AccountFirstWin("a", "ann", D(2027, 1, 31)), new AccountFirstWin("b", "ann", D(2026, 1, 31))] };

        var result = KpiCatalog.NewLogos.Compute(data, context, period);

        Assert.Equal(1m, result.Total.Current.Value);
        Assert.Equal(1m, result.Total.Previous.Value);
        Assert.Equal("FY2026", result.Total.YearAgo.Period.Key);
    }

    [Fact]
    public void Compute_GroupedByRep_AttainmentPerRepWithReasonWhereNoQuota()
    {
        // ann: 500 / 1000 = 0.5; bob: 300 with no quota → no value; total 800 / 1000 = 0.8.
        var data = new KpiData
        {
            Bookings = [Booking("b1", D(2026, 1, 5), 500m), Booking("b2", D(2026, 1, 6), 300m, owner: "bob")],
            Quotas = [Quota("q1", "FY2026-Q1", 1000m)],
        };

        var result = KpiCatalog.QuotaAttainment.Compute(data, Context, Q1, s => s.OwnerId);

        Assert.Equal(0.8m, result.Total.Current.Value);
        Assert.Equal(["ann", "bob"], result.Groups.Select(g => g.Key));
        Assert.Equal(0.5m, result.Groups[0].Value.Current.Value);
        Assert.Null(result.Groups[1].Value.Current.Value);
        Assert.Equal("No quota in the period (division by zero).", result.Groups[1].Value.Current.NoValueReason);
        Assert.False(result.Groups[1].Value.Current.MissingRate);
        Assert.Equal(["Booking:b2"], Ids(result.Groups[1].Value.Current));
    }

    [Fact]
    public void Compute_GroupedByTeamOnTheDecidingDate_RepCountsForTeamHeldThen()
    {
        // ann is in team North until Jan 31 and in South from Feb 1: her Jan booking goes to North, her Feb one to South.
        var data = new KpiData
        {
            Bookings = [Booking("jan", D(2026, 1, 20), 100m), Booking("feb", D(2026, 2, 20), 40m)],
        };
        string Team(KpiSubject s) => s.Date < D(2026, 2, 1) ? "North" : "South";

        var result = KpiCatalog.Bookings.Compute(data, Context, Q1, Team);

        Assert.Equal([("North", 100m), ("South", 40m)], result.Groups.Select(g => (g.Key, g.Value.Current.Value!.Value)));
    }

    [Fact]
    public void Compute_GroupedByProduct_KeysFromEveryPeriodWithEmptyPeriodsZero()
    {
        // P1 sold this quarter only; P2 sold in Q1 last year only: both keys appear, each with 0 where it had none.
        var data = new KpiData
        {
            Bookings = [Booking("b1", D(2026, 2, 1), 100m, product: "P1"), Booking("b2", D(2025, 2, 1), 70m, product: "P2")],
        };

        var result = KpiCatalog.Bookings.Compute(data, Context, Q1, s => s.ProductId!);

        Assert.Equal(["P1", "P2"], result.Groups.Select(g => g.Key));
        Assert.Equal((0m, 70m), (result.Groups[1].Value.Current.Value!.Value, result.Groups[1].Value.YearAgo.Value!.Value));
    }

    [Fact]
    public void Compute_TermsExplainTheValue_NamedSums()
    {
        var data = new KpiData
        {
            Opportunities = [Opp("w", OpportunityStatus.Won), Opp("l", OpportunityStatus.Lost)],
        };

        var result = KpiCatalog.WinRateByCount.Compute(data, Context, Q1);

        Assert.Equal([new KpiTerm("won", 1m), new KpiTerm("closed", 2m)], result.Total.Current.Terms);
    }

    [Fact]
    public void Compute_SameRecordsInAnotherOrder_SameResult()
    {
        var opportunities = new[]
        {
            Opp("a", OpportunityStatus.Won, 300m, currency: Usd, history: [Entered("Propose", D(2026, 1, 1)), Entered("Qualify", D(2026, 1, 9))]),
            Opp("b", OpportunityStatus.Lost, 200m, owner: "bob"),
            Opp("c", amount: 50m, owner: "bob", history: [Entered("Qualify", D(2026, 2, 1))]),
        };
        var forward = new KpiData { Opportunities = opportunities };
        var backward = new KpiData { Opportunities = [.. opportunities.Reverse()] };

        var describedForward = KpiCatalog.Unparameterised.Select(k => Describe(k.Compute(forward, Context, Q1, s => s.OwnerId)));
        var describedBackward = KpiCatalog.Unparameterised.Select(k => Describe(k.Compute(backward, Context, Q1, s => s.OwnerId)));

        Assert.Equal(describedForward, describedBackward);
    }

    [Fact]
    public void StageConversionRate_StageOutsideOrderAndDuplicateOrder_UnlistedRanksBelowListed()
    {
        // "Discovery" is not in the order, so moving to Qualify (listed) is moving on: 1 / 1. Qualify listed twice is
        // no error.
        var context = KpiBuilder.Context() with { StageOrder = ["Qualify", "Propose", "Qualify"] };
        var data = new KpiData
        {
            Opportunities = [Opp("a", history: [Entered("Discovery", D(2026, 1, 5)), Entered("Qualify", D(2026, 1, 9))])],
        };

        var result = KpiCatalog.StageConversionRate("Discovery").Compute(data, context, Q1);

        Assert.Equal(1m, result.Total.Current.Value);
    }

    [Fact]
    public void Compute_QuotaInOtherCurrency_ConvertedAtItsPeriodsFirstDay()
    {
        // Quota 1000 USD for FY2026-Q1 converts at 2026-01-01's 0.90 = 900 EUR; bookings 450 EUR: 450 / 900 = 0.5.
        var data = new KpiData
        {
            Bookings = [Booking("b1", D(2026, 3, 1), 450m)],
            Quotas = [new QuotaRecord("q1", "ann", Q1, new Attain.Engine.Monetary.Money(1000m, Usd))],
        };

        var result = KpiCatalog.QuotaAttainment.Compute(data, Context, Q1);

        Assert.Equal(0.5m, result.Total.Current.Value);
        Assert.Equal([new KpiTerm("net bookings", 450m), new KpiTerm("quota", 900m)], result.Total.Current.Terms);
    }

    [Theory]
    [InlineData("Bookings", null, "Bookings")]
    [InlineData("Time in stage", "Propose", "Time in stage (Propose)")]
    [InlineData("Stage conversion rate", "Qualify", "Stage conversion rate (Qualify)")]
    [InlineData("Client conversations", null, "Client conversations")]
    [InlineData("Client conversations", "Demo", "Client conversations (Demo)")]
    public void Find_KnownNameAndParameter_Definition(string name, string? parameter, string expected)
    {
        var kpi = KpiCatalog.Find(name, parameter);

        Assert.Equal(expected, kpi?.ToString());
    }

    [Theory]
    [InlineData("bookings", null)]
    [InlineData("Bookings", "Demo")]
    [InlineData("Time in stage", null)]
    [InlineData("Client conversations", "Fax")]
    [InlineData("Client conversations", "2")]
    [InlineData("Client conversations", "Call, Email")]
    public void Find_UnknownNameOrParameter_Null(string name, string? parameter)
    {
        var kpi = KpiCatalog.Find(name, parameter);

        Assert.Null(kpi);
    }

    [Fact]
    public void Find_EveryCatalogName_Found()
    {
        var names = KpiCatalog.Names;

        Assert.All(names, name => Assert.NotNull(KpiCatalog.Find(name, name.Contains("stage", StringComparison.OrdinalIgnoreCase) ? "Qualify" : null)));
    }

    [Fact]
    public void Compute_PeriodFromAnotherCalendar_Throws()
    {
        var february = new Attain.Engine.Periods.FiscalCalendar(2).Parse("FY2027-Q1");

        var act = () => KpiCatalog.Bookings.Compute(KpiData.Empty, Context, february);

        Assert.Throws<ArgumentException>(act);
    }

    [Fact]
    public void Names_Catalog_SeventeenDistinct()
    {
        var names = KpiCatalog.Names;

        Assert.Equal(17, names.Count);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    internal static KpiDefinition Find(string name) => name switch
    {
        KpiCatalog.StageConversionRateName => KpiCatalog.StageConversionRate("Qualify"),
        KpiCatalog.TimeInStageName => KpiCatalog.TimeInStage("Qualify"),
        _ => KpiCatalog.Unparameterised.Single(k => k.Name == name),
    };

    internal static string Describe(KpiResult result) =>
        string.Join(
            "\n",
            new[] { ("(total)", result.Total) }.Concat(result.Groups.Select(g => (g.Key, g.Value)))
                .SelectMany(g => new[] { g.Item2.Current, g.Item2.Previous, g.Item2.YearAgo }.Select(m =>
                    $"{result.Kpi} {g.Item1} {m.Period.Key} {m.Value} {m.NoValueReason} " +
                    $"[{string.Join(",", m.Terms.Select(t => $"{t.Name}={t.Amount}"))}] [{string.Join(",", m.Records)}]")));

}
