using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Tests.Plans;

public class PlanReaderTests
{
    private static PlanIssue SingleIssue(string json, IReadOnlySet<string>? attributes = null)
    {
        var result = PlanReader.Read(json, attributes);

        Assert.Null(result.Plan);
        return Assert.Single(result.Issues);
    }

    private static string Tiers(string tiers) => $$"""
        {
          "id": "p", "version": 1,
          "components": [ { "id": "c", "kind": "commission", "measure": "bookings.amount", "period": "quarter",
            "rateTable": { "key": "periodToDate", "semantics": "marginal", "tiers": [
        {{tiers}}
            ] } } ]
        }
        """;

    [Fact]
    public void Read_FullPlan_BuildsModel()
    {
        var json = """
            {
              "id": "ae-2026", "version": 2, "payCurrency": "EUR", "rounding": "awayFromZero",
              "components": [
                { "id": "c", "kind": "commission", "measure": "bookings.amount", "period": "quarter",
                  "filter": [ { "attribute": "family", "in": ["software", "services"] } ],
                  "rateTable": { "key": "attainment", "semantics": "retroactive", "tiers": [
                    { "from": 0, "to": 100, "rate": 0.05 }, { "from": 100, "rate": 0.08 } ] },
                  "perDealCap": 5000, "perPeriodCap": 20000 },
                { "id": "b", "kind": "quotaBonus", "measure": "bookings.units", "period": "year",
                  "curve": [ { "attainment": 100, "payout": 100 } ], "threshold": 60, "cap": 200 }
              ]
            }
            """;

        var plan = PlanReader.Read(json).Plan!;

        Assert.Equal(("ae-2026", 2, Currency.FromCode("EUR"), MidpointRounding.AwayFromZero), (plan.Id, plan.Version, plan.PayCurrency, plan.Rounding));
        var commission = Assert.IsType<CommissionComponent>(plan.Components[0]);
        Assert.Equal((TierKey.Attainment, TierSemantics.Retroactive), (commission.Table!.Key, commission.Table.Semantics));
        Assert.Equal([new Tier(0m, 100m, new Rate(0.05m)), new Tier(100m, null, new Rate(0.08m))], commission.Table.Tiers);
        Assert.Equal((5_000m, 20_000m), (commission.PerDealCap, commission.PerPeriodCap));
        Assert.Equal(["software", "services"], commission.Filter.Single().Values);
        var bonus = Assert.IsType<QuotaBonusComponent>(plan.Components[1]);
        Assert.Equal((MeasureKind.BookingsUnits, PeriodKind.Year, 60m, 200m), (bonus.Measure, bonus.PeriodKind, bonus.ThresholdPercent, bonus.CapPercent));
    }

    [Fact]
    public void Read_GapBetweenTiers_IssueAtSecondTiersFrom()
    {
        var json = Tiers("""
            { "from": 0, "to": 100000, "rate": 0.05 },
            { "from": 120000, "rate": 0.10 }
        """);

        var issue = SingleIssue(json);

        Assert.Equal(("tiers.gap", "$.components[0].rateTable.tiers[1].from", 6, 15), (issue.Code, issue.Path, issue.Line, issue.Column));
        Assert.Contains("starts at 120000 but tier 0 ends at 100000", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OverlappingTiers_Issue()
    {
        var json = Tiers("""
            { "from": 0, "to": 100000, "rate": 0.05 },
            { "from": 90000, "rate": 0.10 }
        """);

        Assert.Equal("tiers.overlap", SingleIssue(json).Code);
    }

    [Fact]
    public void Read_RateWrittenAsString_IssueNamesPosition()
    {
        var json = Tiers("""
            { "from": 0, "rate": "5%" }
        """);

        var issue = SingleIssue(json);

        Assert.Equal(("rate.not-a-number", "$.components[0].rateTable.tiers[0].rate", 5, 26), (issue.Code, issue.Path, issue.Line, issue.Column));
        Assert.Contains("not the string \"5%\"", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FirstTierNotAtZeroAndOpenTierNotLast_BothReported()
    {
        var json = Tiers("""
            { "from": 10, "rate": 0.05 },
            { "from": 100, "rate": 0.10 }
        """);

        var result = PlanReader.Read(json);

        Assert.Equal(["tiers.open-not-last", "tiers.first-not-zero"], result.Issues.Select(i => i.Code));
    }

    [Fact]
    public void Read_MalformedJson_IssueWithReaderLineAndColumn()
    {
        var json = "{\n  \"id\": \"p\",\n  \"version\": 1,,\n}";

        var issue = SingleIssue(json);

        Assert.Equal(("json.invalid", 3, 16), (issue.Code, issue.Line, issue.Column));
    }

    [Fact]
    public void Read_UnknownMeasureAndPeriod_Issues()
    {
        var json = """{ "id": "p", "version": 1, "components": [ { "id": "c", "kind": "commission", "measure": "bookings.revenue", "period": "week", "rate": 0.1 } ] }""";

        var result = PlanReader.Read(json);

        Assert.Equal(["measure.unknown", "period.unknown"], result.Issues.Select(i => i.Code));
    }

    [Fact]
    public void Read_UnknownAttribute_IssueWhenNotInKnownSet()
    {
        var json = """
            { "id": "p", "version": 1, "components": [ { "id": "c", "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": 0.1,
              "filter": [ { "attribute": "attributes.segment", "equals": "smb" }, { "attribute": "attributes.colour", "equals": "red" } ] } ] }
            """;

        var issue = SingleIssue(json, new HashSet<string>(["segment"]));

        Assert.Equal(("attribute.unknown", "$.components[0].filter[1].attribute"), (issue.Code, issue.Path));
    }

    [Fact]
    public void Read_MisspelledProperty_UnknownPropertyIssue()
    {
        var json = """{ "id": "p", "version": 1, "components": [ { "id": "c", "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": 0.1, "perDealcap": 5 } ] }""";

        Assert.Equal(("plan.unknown-property", "$.components[0].perDealcap"), (SingleIssue(json).Code, SingleIssue(json).Path));
    }

    [Fact]
    public void Read_CurveNotIncreasingAndDuplicateComponent_Issues()
    {
        var json = """
            { "id": "p", "version": 1, "components": [
              { "id": "b", "kind": "quotaBonus", "measure": "bookings.amount", "period": "quarter", "curve": [ { "attainment": 100, "payout": 100 }, { "attainment": 100, "payout": 150 } ] },
              { "id": "b", "kind": "commission", "measure": "bookings.amount", "period": "quarter", "rate": 0.1 } ] }
            """;

        var result = PlanReader.Read(json);

        Assert.Equal(["curve.not-increasing", "component.duplicate-id"], result.Issues.Select(i => i.Code));
    }

    [Fact]
    public void Read_CommissionWithoutRate_Issue()
    {
        var json = """{ "id": "p", "version": 1, "components": [ { "id": "c", "kind": "commission", "measure": "bookings.amount", "period": "month" } ] }""";

        Assert.Equal("commission.rate-missing", SingleIssue(json).Code);
    }
}
