using Attain.Engine.Monetary;
using Attain.Engine.Plans;

namespace Attain.Engine.Tests.Plans;

public class PlanReaderFeatureTests
{
    private static string Component(string body) => $$"""
        {
          "id": "p", "version": 1,
          "components": [
            { "id": "c", {{body}} }
          ]
        }
        """;

    private static PlanIssue SingleIssue(string json, IReadOnlySet<string>? attributes = null)
    {
        var result = PlanReader.Read(json, attributes);

        Assert.Null(result.Plan);
        return Assert.Single(result.Issues);
    }

    /// <summary>The 1-based line and column of <paramref name="marker"/> in <paramref name="json"/> (ASCII text).</summary>
    private static (int Line, int Column) PositionOf(string json, string marker)
    {
        var lines = json.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        return (line + 1, lines[line].IndexOf(marker, StringComparison.Ordinal) + 1);
    }

    [Fact]
    public void Read_AllFeatures_BuildsModel()
    {
        var json = """
            { "id": "p", "version": 1, "components": [
              { "id": "c", "kind": "commission", "measure": "bookings.acv", "period": "quarter", "rate": 0.05,
                "condition": "booking.attributes.segment == \"enterprise\"",
                "rates": [ { "when": { "family": "Cloud", "attributes.segment": "enterprise" }, "rate": 0.08 } ],
                "gates": [ { "attainmentAtLeast": 50 }, { "measure": "bookings.newLogos", "atLeast": 2 } ],
                "perYearCap": 50000, "guarantee": 1000 },
              { "id": "s", "kind": "spiff", "measure": "attributes.seats", "period": "month", "from": "2026-02-01", "to": "2026-02-28", "amount": 100 },
              { "id": "m", "kind": "mbo", "period": "year", "scoreCap": 150 } ] }
            """;

        var plan = PlanReader.Read(json).Plan!;

        var commission = Assert.IsType<CommissionComponent>(plan.Components[0]);
        Assert.Equal((MeasureKind.BookingMoneyAttribute, "acv", 50_000m, 1_000m), (commission.Measure, commission.MeasureAttribute, commission.PerYearCap, commission.Guarantee));
        Assert.Equal("booking.attributes.segment == \"enterprise\"", commission.Condition!.Source);
        Assert.Equal(("attributes.segment=enterprise, family=Cloud", new Rate(0.08m)), (commission.RateRules.Single().Key, commission.RateRules.Single().Rate));
        Assert.Equal([50m, null], commission.Gates.Select(g => g.AttainmentAtLeast));
        Assert.Equal(MeasureKind.NewLogos, commission.Gates[1].Measure);
        var spiff = Assert.IsType<SpiffComponent>(plan.Components[1]);
        Assert.Equal((MeasureKind.BookingAttribute, "seats", 100m), (spiff.Measure, spiff.MeasureAttribute, spiff.Payout.Amount));
        Assert.Equal(150m, Assert.IsType<MboComponent>(plan.Components[2]).ScoreCapPercent);
    }

    [Fact]
    public void Read_ConditionSyntaxError_PointsAtPlanLineAndColumn()
    {
        // "booking.amount = 1000" is a syntax error at the '=' (column 16 of the expression).
        var json = Component("""
            "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": 0.1,
                  "condition": "booking.amount = 1000"
            """);

        var issue = SingleIssue(json);

        Assert.Equal(("expr.syntax", "$.components[0].condition"), (issue.Code, issue.Path));
        Assert.Equal(PositionOf(json, "= 1000"), (issue.Line, issue.Column));
    }

    [Fact]
    public void Read_ExpressionErrorAfterEscapedQuotes_ColumnCountsEscapesAsWritten()
    {
        var json = Component("""
            "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": 0.1,
                  "condition": "booking.family == \"Cloud\" and booking.amout > 1"
            """);

        var issue = SingleIssue(json);

        Assert.Equal("expr.unknown-identifier", issue.Code);
        Assert.Equal(PositionOf(json, "booking.amout"), (issue.Line, issue.Column));
        Assert.Contains("booking.amout", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ConditionOnUnknownAttribute_UnknownIdentifierWhenAttributesAreKnown()
    {
        var json = Component("""
            "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": 0.1,
                  "condition": "booking.attributes.regoin == \"emea\""
            """);

        var issue = SingleIssue(json, new HashSet<string>(["region"]));

        Assert.Equal(("expr.unknown-identifier", PositionOf(json, "booking.attributes.regoin")), (issue.Code, (issue.Line, issue.Column)));
        Assert.True(PlanReader.Read(json.Replace("regoin", "region", StringComparison.Ordinal), new HashSet<string>(["region"])).IsValid);
    }

    [Fact]
    public void Read_ConditionNotBoolean_TypeIssue()
    {
        var json = Component("""
            "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": 0.1, "condition": "booking.amount * 2"
            """);

        Assert.Equal("expr.type", SingleIssue(json).Code);
    }

    [Fact]
    public void Read_SpiffFormulaNotANumber_TypeIssueAtFormula()
    {
        var json = Component("""
            "kind": "spiff", "measure": "bookings.amount", "period": "month", "from": "2026-01-01", "to": "2026-01-31", "formula": "booking.family"
            """);

        var issue = SingleIssue(json);

        Assert.Equal(("expr.type", "$.components[0].formula", PositionOf(json, "booking.family\"")), (issue.Code, issue.Path, (issue.Line, issue.Column)));
    }

    [Theory]
    [InlineData("""{ "when": { "family": "Cloud" }, "rate": 0.08 }, { "when": { "family": "Cloud" }, "rate": 0.09 }""", "rates.duplicate")]
    [InlineData("""{ "when": { }, "rate": 0.08 }""", "rates.empty-when")]
    [InlineData("""{ "when": { "colour": "red" }, "rate": 0.08 }""", "attribute.unknown")]
    [InlineData("""{ "when": { "family": "Cloud" }, "rate": "8%" }""", "rate.not-a-number")]
    public void Read_BadRateRules_Issue(string rules, string code)
    {
        var json = Component($$"""
            "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": 0.1, "rates": [ {{rules}} ]
            """);

        Assert.Equal(code, SingleIssue(json).Code);
    }

    [Fact]
    public void Read_RateRulesWithRetroactiveTable_Refused()
    {
        var json = Component("""
            "kind": "commission", "measure": "bookings.amount", "period": "month",
            "rateTable": { "key": "periodToDate", "semantics": "retroactive", "tiers": [ { "from": 0, "rate": 0.05 } ] },
            "rates": [ { "when": { "family": "Cloud" }, "rate": 0.08 } ]
            """);

        Assert.Equal("rates.retroactive", SingleIssue(json).Code);
    }

    [Theory]
    [InlineData("""{ "attainmentAtLeast": 50, "atLeast": 2 }""", "gate.shape")]
    [InlineData("""{ "measure": "bookings.logos", "atLeast": 2 }""", "measure.unknown")]
    [InlineData("""{ "measure": "bookings.newLogos" }""", "plan.missing")]
    [InlineData("""{ "attainmentAtLeast": -5 }""", "plan.negative")]
    public void Read_BadGate_Issue(string gate, string code)
    {
        var json = Component($$"""
            "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": 0.1, "gates": [ {{gate}} ]
            """);

        Assert.Equal(code, SingleIssue(json).Code);
    }

    [Theory]
    [InlineData(""" "from": "2026-02-01", "to": "2026-01-31", "amount": 100 """, "spiff.dates-reversed")]
    [InlineData(""" "from": "2026-02-30", "to": "2026-03-31", "amount": 100 """, "plan.date")]
    [InlineData(""" "from": "2026-02-01", "to": "2026-03-31", "amount": 100, "rate": 0.01 """, "spiff.payout")]
    [InlineData(""" "from": "2026-02-01", "to": "2026-03-31" """, "spiff.payout")]
    public void Read_BadSpiff_Issue(string body, string code)
    {
        var json = Component($$"""
            "kind": "spiff", "measure": "bookings.amount", "period": "month", {{body}}
            """);

        Assert.Equal(code, SingleIssue(json).Code);
    }

    [Fact]
    public void Read_AttributeMeasureNotKnown_AttributeUnknown()
    {
        var json = Component("""
            "kind": "commission", "measure": "money.acv", "period": "month", "rate": 0.1
            """);

        var issue = SingleIssue(json, new HashSet<string>(["seats"]));

        Assert.Equal(("attribute.unknown", "$.components[0].measure"), (issue.Code, issue.Path));
    }

    [Fact]
    public void Read_MboWithMeasure_UnknownProperty()
    {
        var json = Component("""
            "kind": "mbo", "period": "quarter", "measure": "bookings.amount"
            """);

        Assert.Equal(("plan.unknown-property", "$.components[0].measure"), (SingleIssue(json).Code, SingleIssue(json).Path));
    }

    [Fact]
    public void Read_WithSourceName_IssuePrintsFileLineColumnAndExpectation()
    {
        // booking.amount > "10" compares a number with a string: the issue points at the string's escaped opening quote.
        var json = Component("""
            "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": 0.1,
                  "condition": "booking.amount > \"10\""
            """);

        var issue = Assert.Single(PlanReader.Read(json, source: "plans/ae-2026.json").Issues);

        var (line, column) = PositionOf(json, "\\\"10");
        Assert.StartsWith($"plans/ae-2026.json:{line}:{column} $.components[0].condition expr.type: ", issue.ToString(), StringComparison.Ordinal);
        Assert.Contains("expected", issue.Message, StringComparison.Ordinal);
    }
}
