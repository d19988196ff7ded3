using Attain.Engine.Kpis;
using static Attain.Engine.Tests.Kpis.KpiBuilder;

namespace Attain.Engine.Tests.Kpis;

/// <summary>
/// One worked example per KPI of docs/kpis.md, in FY2026-Q1 (2026-01-01..2026-03-31) of a calendar-year fiscal
/// calendar, reporting in EUR with USD→EUR 0.90 until 2026-01-31 and 0.80 from 2026-02-01.
/// </summary>
public class KpiCatalogTests
{
    private static readonly KpiContext Context = KpiBuilder.Context();

    [Fact]
    public void Bookings_OrdersAndCancellation_NetOfCancellation()
    {
        // 1000 (Jan 10) + 500 (Mar 31, last day counts) − 200 cancelled (Feb 1) = 1300; the Apr 1 order is Q2.
        var data = new KpiData
        {
            Bookings =
            [
                Booking("b1", D(2026, 1, 10), 1000m),
                Booking("b2", D(2026, 3, 31), 500m),
                Booking("b3", D(2026, 2, 1), 200m, BookingKind.Cancellation),
                Booking("b4", D(2026, 4, 1), 999m),
            ],
        };

        var result = KpiCatalog.Bookings.Compute(data, Context, Q1);

        Assert.Equal(1300m, result.Total.Current.Value);
        Assert.Equal(Eur, result.Currency);
        Assert.Equal(["Booking:b1", "Booking:b2", "Booking:b3"], Ids(result.Total.Current));
    }

    [Fact]
    public void QuotaAttainment_BookingsAndQuarterQuota_NetOverQuota()
    {
        // Net 900 − 100 returned = 800; quota 2000 for FY2026-Q1 (the April quota is not within Q1): 800 / 2000 = 0.4.
        var data = new KpiData
        {
            Bookings = [Booking("b1", D(2026, 1, 20), 900m), Booking("b2", D(2026, 3, 3), 100m, BookingKind.Return)],
            Quotas = [Quota("q1", "FY2026-Q1", 2000m), Quota("q2", "FY2026-M04", 500m)],
        };

        var result = KpiCatalog.QuotaAttainment.Compute(data, Context, Q1);

        Assert.Equal(0.4m, result.Total.Current.Value);
        Assert.Equal(["Booking:b1", "Booking:b2", "Quota:q1"], Ids(result.Total.Current));
    }

    [Fact]
    public void QuotaAttainment_MonthlyQuotasInQuarter_SumsTheMonths()
    {
        // Quotas of 100 for each of Jan, Feb, Mar lie within Q1: 300; bookings 150: 150 / 300 = 0.5.
        var data = new KpiData
        {
            Bookings = [Booking("b1", D(2026, 2, 2), 150m)],
            Quotas = [Quota("q1", "FY2026-M01", 100m), Quota("q2", "FY2026-M02", 100m), Quota("q3", "FY2026-M03", 100m)],
        };

        var result = KpiCatalog.QuotaAttainment.Compute(data, Context, Q1);

        Assert.Equal(0.5m, result.Total.Current.Value);
    }

    [Fact]
    public void WinRateByCount_OneWonTwoLost_OneThird()
    {
        // Closed in Q1: w1 won, l1 and l2 lost → 1 / 3. w2 closed in April and o1 is open: neither counts.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("w1", OpportunityStatus.Won, close: D(2026, 2, 1)),
                Opp("l1", OpportunityStatus.Lost, close: D(2026, 3, 1)),
                Opp("l2", OpportunityStatus.Lost, close: D(2026, 3, 2)),
                Opp("w2", OpportunityStatus.Won, close: D(2026, 4, 1)),
                Opp("o1", OpportunityStatus.Open, close: D(2026, 3, 15)),
            ],
        };

        var result = KpiCatalog.WinRateByCount.Compute(data, Context, Q1);

        Assert.Equal(1m / 3m, result.Total.Current.Value);
        Assert.Equal(["Opportunity:l1", "Opportunity:l2", "Opportunity:w1"], Ids(result.Total.Current));
    }

    [Fact]
    public void WinRateByValue_WonAndLostInTwoCurrencies_WonShareOfClosedAmount()
    {
        // Won 300 EUR; lost 100 EUR and 250 USD closed 2026-02-10 at 0.80 = 200 EUR: 300 / (300 + 100 + 200) = 0.5.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("w1", OpportunityStatus.Won, 300m, close: D(2026, 1, 15)),
                Opp("l1", OpportunityStatus.Lost, 100m, close: D(2026, 3, 1)),
                Opp("l2", OpportunityStatus.Lost, 250m, close: D(2026, 2, 10), currency: Usd),
            ],
        };

        var result = KpiCatalog.WinRateByValue.Compute(data, Context, Q1);

        Assert.Equal(0.5m, result.Total.Current.Value);
    }

    [Fact]
    public void AverageDealSize_TwoWinsInTwoCurrencies_MeanInReportingCurrency()
    {
        // Won 1000 EUR and 500 USD on 2026-03-01 at 0.80 = 400 EUR: (1000 + 400) / 2 = 700 EUR. The lost one does not count.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("w1", OpportunityStatus.Won, 1000m, close: D(2026, 1, 5)),
                Opp("w2", OpportunityStatus.Won, 500m, close: D(2026, 3, 1), currency: Usd),
                Opp("l1", OpportunityStatus.Lost, 9000m, close: D(2026, 3, 1)),
            ],
        };

        var result = KpiCatalog.AverageDealSize.Compute(data, Context, Q1);

        Assert.Equal(700m, result.Total.Current.Value);
    }

    [Fact]
    public void SalesCycleLength_TwoWins_MeanDaysCreatedToClose()
    {
        // 2026-01-01 → 01-31 is 30 days; 2025-12-02 → 2026-02-01 is 30 + 31 = 61 days: (30 + 61) / 2 = 45.5. Lost: ignored.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("w1", OpportunityStatus.Won, created: D(2026, 1, 1), close: D(2026, 1, 31)),
                Opp("w2", OpportunityStatus.Won, created: D(2025, 12, 2), close: D(2026, 2, 1)),
                Opp("l1", OpportunityStatus.Lost, created: D(2025, 1, 1), close: D(2026, 2, 1)),
            ],
        };

        var result = KpiCatalog.SalesCycleLength.Compute(data, Context, Q1);

        Assert.Equal(45.5m, result.Total.Current.Value);
    }

    [Fact]
    public void PipelineValue_OpenClosingInPeriod_SumsConvertedAtCloseDate()
    {
        // Open closing Feb 300 EUR + open closing Mar 100 USD at 0.80 = 80: 380. Open closing April and the won one: no.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("o1", amount: 300m, close: D(2026, 2, 20)),
                Opp("o2", amount: 100m, close: D(2026, 3, 10), currency: Usd),
                Opp("o3", amount: 999m, close: D(2026, 4, 1)),
                Opp("w1", OpportunityStatus.Won, 500m, close: D(2026, 2, 1)),
            ],
        };

        var result = KpiCatalog.PipelineValue.Compute(data, Context, Q1);

        Assert.Equal(380m, result.Total.Current.Value);
        Assert.Equal(["Opportunity:o1", "Opportunity:o2"], Ids(result.Total.Current));
    }

    [Fact]
    public void PipelineCoverage_PipelineQuotaAndBookings_PipelineOverRemainingQuota()
    {
        // Pipeline 3000; quota 2000 − bookings 500 = 1500 remaining: 3000 / 1500 = 2.
        var data = new KpiData
        {
            Opportunities = [Opp("o1", amount: 3000m, close: D(2026, 3, 31))],
            Quotas = [Quota("q1", "FY2026-Q1", 2000m)],
            Bookings = [Booking("b1", D(2026, 1, 2), 500m)],
        };

        var result = KpiCatalog.PipelineCoverage.Compute(data, Context, Q1);

        Assert.Equal(2m, result.Total.Current.Value);
    }

    [Fact]
    public void PipelineCoverage_QuotaAlreadyReached_NoValueWithReason()
    {
        // Quota 1000, bookings 1200: nothing remains to cover.
        var data = new KpiData
        {
            Opportunities = [Opp("o1", amount: 3000m, close: D(2026, 3, 31))],
            Quotas = [Quota("q1", "FY2026-Q1", 1000m)],
            Bookings = [Booking("b1", D(2026, 1, 2), 1200m)],
        };

        var result = KpiCatalog.PipelineCoverage.Compute(data, Context, Q1);

        Assert.Null(result.Total.Current.Value);
        Assert.Contains("Quota already reached", result.Total.Current.NoValueReason, StringComparison.Ordinal);
    }

    [Fact]
    public void StageConversionRate_FourEntriesTwoMovedOn_Half()
    {
        // Entered Qualify in Q1: a (then Propose: converted), b (still there), c (lost there), e (won from it: converted).
        // d entered in December: not counted. 2 / 4 = 0.5.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("a", history: [Entered("Qualify", D(2026, 1, 5)), Entered("Propose", D(2026, 2, 1))]),
                Opp("b", history: [Entered("Qualify", D(2026, 2, 10))]),
                Opp("c", OpportunityStatus.Lost, history: [Entered("Qualify", D(2026, 3, 1))]),
                Opp("d", history: [Entered("Qualify", D(2025, 12, 20)), Entered("Propose", D(2026, 1, 3))]),
                Opp("e", OpportunityStatus.Won, history: [Entered("Qualify", D(2026, 1, 20))]),
            ],
        };

        var result = KpiCatalog.StageConversionRate("Qualify").Compute(data, Context, Q1);

        Assert.Equal(0.5m, result.Total.Current.Value);
        Assert.Equal(["Opportunity:a", "Opportunity:b", "Opportunity:c", "Opportunity:e"], Ids(result.Total.Current));
    }

    [Fact]
    public void StageConversionRate_MovedBackToEarlierStage_NotConverted()
    {
        // Propose then back to Qualify: it did not move on, 0 / 1.
        var data = new KpiData
        {
            Opportunities = [Opp("a", history: [Entered("Propose", D(2026, 1, 5)), Entered("Qualify", D(2026, 2, 1))])],
        };

        var result = KpiCatalog.StageConversionRate("Propose").Compute(data, Context, Q1);

        Assert.Equal(0m, result.Total.Current.Value);
    }

    [Fact]
    public void TimeInStage_TwoVisitsEndedInPeriod_MeanDays()
    {
        // a: Propose Jan 1 → Negotiate Jan 11 = 10 days; b: Propose Feb 1, lost Feb 21 while in it = 20 days.
        // c is still in Propose; d left Propose on Apr 4 (Q2). (10 + 20) / 2 = 15.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("a", history: [Entered("Propose", D(2026, 1, 1)), Entered("Negotiate", D(2026, 1, 11))]),
                Opp("b", OpportunityStatus.Lost, close: D(2026, 2, 21), history: [Entered("Propose", D(2026, 2, 1))]),
                Opp("c", history: [Entered("Propose", D(2026, 3, 20))]),
                Opp("d", history: [Entered("Propose", D(2026, 3, 25)), Entered("Negotiate", D(2026, 4, 4))]),
            ],
        };

        var result = KpiCatalog.TimeInStage("Propose").Compute(data, Context, Q1);

        Assert.Equal(15m, result.Total.Current.Value);
        Assert.Equal(["Opportunity:a", "Opportunity:b"], Ids(result.Total.Current));
    }

    [Fact]
    public void PipelineVelocity_FourOpenTwoWonTwoLost_MoneyPerDay()
    {
        // Open closing in Q1: 4. Closed in Q1: won 1000 (30 days) and 2000 (50 days), two lost.
        // Win rate 2/4 = 0.5; average deal 3000/2 = 1500; cycle 80/2 = 40 days: 4 × 0.5 × 1500 / 40 = 75 EUR a day.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("o1"), Opp("o2"), Opp("o3"), Opp("o4"),
                Opp("w1", OpportunityStatus.Won, 1000m, created: D(2026, 1, 1), close: D(2026, 1, 31)),
                Opp("w2", OpportunityStatus.Won, 2000m, created: D(2026, 1, 1), close: D(2026, 2, 20)),
                Opp("l1", OpportunityStatus.Lost), Opp("l2", OpportunityStatus.Lost),
            ],
        };

        var result = KpiCatalog.PipelineVelocity.Compute(data, Context, Q1);

        Assert.Equal(75m, result.Total.Current.Value);
        Assert.Equal(8, result.Total.Current.Records.Count);
    }

    [Fact]
    public void OpportunitiesCreated_CreatedInAndAroundPeriod_CountsCreatedInIt()
    {
        // Created Jan 1, Feb 14 (since won) and Mar 31: 3. Dec 31 and Apr 1 are outside.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("a", created: D(2026, 1, 1)),
                Opp("b", OpportunityStatus.Won, created: D(2026, 2, 14)),
                Opp("c", created: D(2026, 3, 31)),
                Opp("d", created: D(2025, 12, 31)),
                Opp("e", created: D(2026, 4, 1)),
            ],
        };

        var result = KpiCatalog.OpportunitiesCreated.Compute(data, Context, Q1);

        Assert.Equal(3m, result.Total.Current.Value);
    }

    [Fact]
    public void ClientConversations_OneOfEachTypeInPeriod_FourAndOneCall()
    {
        // Call, meeting, email, demo in Q1 = 4 (the April call is Q2); of type Call: 1.
        var data = new KpiData
        {
            Activities =
            [
                Activity("a1", D(2026, 1, 5), ActivityType.Call),
                Activity("a2", D(2026, 2, 5), ActivityType.Meeting),
                Activity("a3", D(2026, 2, 6), ActivityType.Email),
                Activity("a4", D(2026, 3, 5), ActivityType.Demo),
                Activity("a5", D(2026, 4, 5), ActivityType.Call),
            ],
        };

        var all = KpiCatalog.ClientConversations.Compute(data, Context, Q1);
        var calls = KpiCatalog.ClientConversationsOf(ActivityType.Call).Compute(data, Context, Q1);

        Assert.Equal(4m, all.Total.Current.Value);
        Assert.Equal(1m, calls.Total.Current.Value);
        Assert.Equal("Call", calls.Parameter);
        Assert.Equal(["Activity:a1"], Ids(calls.Total.Current));
    }

    [Fact]
    public void ActivityToOpportunityRatio_SixActivitiesTwoCreated_Three()
    {
        // 6 activities in Q1 / 2 opportunities created in Q1 = 3.
        var data = new KpiData
        {
            Activities = [.. Enumerable.Range(1, 6).Select(i => Activity($"a{i}", D(2026, 1, i)))],
            Opportunities = [Opp("o1", created: D(2026, 1, 2)), Opp("o2", created: D(2026, 3, 2)), Opp("o3", created: D(2025, 3, 2))],
        };

        var result = KpiCatalog.ActivityToOpportunityRatio.Compute(data, Context, Q1);

        Assert.Equal(3m, result.Total.Current.Value);
    }

    [Fact]
    public void ActivityToWinRatio_SixActivitiesFourWins_OneAndAHalf()
    {
        // 6 activities in Q1 / 4 opportunities won in Q1 = 1.5 (the lost one does not count).
        var data = new KpiData
        {
            Activities = [.. Enumerable.Range(1, 6).Select(i => Activity($"a{i}", D(2026, 2, i)))],
            Opportunities =
            [
                .. Enumerable.Range(1, 4).Select(i => Opp($"w{i}", OpportunityStatus.Won, close: D(2026, 3, i))),
                Opp("l1", OpportunityStatus.Lost, close: D(2026, 3, 9)),
            ],
        };

        var result = KpiCatalog.ActivityToWinRatio.Compute(data, Context, Q1);

        Assert.Equal(1.5m, result.Total.Current.Value);
    }

    [Fact]
    public void NewLogos_FirstWinsInAndBeforePeriod_CountsThoseInIt()
    {
        // First won Jan 3 and Mar 31: 2; first won Dec 2025: before Q1.
        var data = new KpiData
        {
            FirstWins =
            [
                new AccountFirstWin("acc-1", "ann", D(2026, 1, 3)),
                new AccountFirstWin("acc-2", "bob", D(2026, 3, 31)),
                new AccountFirstWin("acc-3", "ann", D(2025, 12, 31)),
            ],
        };

        var result = KpiCatalog.NewLogos.Compute(data, Context, Q1);

        Assert.Equal(2m, result.Total.Current.Value);
        Assert.Equal(["AccountFirstWin:acc-1", "AccountFirstWin:acc-2"], Ids(result.Total.Current));
    }

    [Fact]
    public void AverageDiscount_TwoWinsWithListAmount_ValueWeighted()
    {
        // Won 800 of list 1000 (200 off) and 450 of list 500 (50 off): 250 / 1500 = 1/6. Won without a list amount and
        // the lost one do not count.
        var data = new KpiData
        {
            Opportunities =
            [
                Opp("w1", OpportunityStatus.Won, 800m, list: new(1000m, Eur)),
                Opp("w2", OpportunityStatus.Won, 450m, list: new(500m, Eur)),
                Opp("w3", OpportunityStatus.Won, 700m),
                Opp("l1", OpportunityStatus.Lost, 500m, list: new(1000m, Eur)),
            ],
        };

        var result = KpiCatalog.AverageDiscount.Compute(data, Context, Q1);

        Assert.Equal(250m / 1500m, result.Total.Current.Value);
        Assert.Equal(["Opportunity:w1", "Opportunity:w2"], Ids(result.Total.Current));
    }
}
