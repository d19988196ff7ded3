using Attain.Engine.Plans;

namespace Attain.Engine.Tests.Plans;

public class PlanReaderPaymentTermsTests
{
    private static string Plan(string terms) => $$"""
        {
          "id": "p", "version": 1,
          "components": [ { "id": "c", "kind": "commission", "measure": "bookings.amount", "period": "month", "rate": 0.05 } ]{{terms}}
        }
        """;

    private static PlanIssue SingleIssue(string terms, IReadOnlySet<string>? attributes = null)
    {
        var result = PlanReader.Read(Plan(terms), attributes);

        Assert.Null(result.Plan);
        return Assert.Single(result.Issues);
    }

    [Fact]
    public void Read_AllPaymentTerms_BuildsModel()
    {
        var json = Plan("""
            ,
              "draw": { "kind": "recoverable", "amount": 3000, "recoveryLimit": 1000 },
              "clawback": { "windowDays": 90, "reduceAttainment": false },
              "hold": { "percent": 50, "releaseOn": "attributes.invoicePaid", "filter": [ { "attribute": "family", "equals": "hardware" } ] }
            """);

        var plan = PlanReader.Read(json, new HashSet<string> { "invoicePaid" }).Plan!;

        Assert.Equal(new DrawTerms(DrawKind.Recoverable, 3000m, 1000m), plan.Draw);
        Assert.Equal(new ClawbackTerms(90, false), plan.Clawback);
        Assert.Equal((50m, "attributes.invoicePaid", "invoicePaid"), (plan.Hold!.Percent, plan.Hold.ReleaseOn, plan.Hold.ReleaseAttribute));
        Assert.Equal(new BookingCondition("family", ["hardware"]), Assert.Single(plan.Hold.Filter), new ConditionComparer());
    }

    [Fact]
    public void Read_NoPaymentTerms_LeavesThemNull()
    {
        var plan = PlanReader.Read(Plan(string.Empty)).Plan!;

        Assert.Equal((null, null, null), (plan.Draw, plan.Clawback, plan.Hold));
    }

    [Fact]
    public void Read_ClawbackWithoutReduceAttainment_ReducesByDefault()
    {
        var plan = PlanReader.Read(Plan(""", "clawback": { "windowDays": 0 }""")).Plan!;

        Assert.Equal(new ClawbackTerms(0, true), plan.Clawback);
    }

    [Theory]
    [InlineData(""", "draw": { "kind": "monthly", "amount": 3000 }""", "draw.unknown-kind", "$.draw.kind")]
    [InlineData(""", "draw": { "kind": "recoverable" }""", "plan.missing", "$.draw.amount")]
    [InlineData(""", "draw": { "kind": "recoverable", "amount": -1 }""", "plan.negative", "$.draw.amount")]
    [InlineData(""", "draw": { "kind": "nonRecoverable", "amount": 3000, "recoveryLimit": 500 }""", "draw.recovery-limit", "$.draw.recoveryLimit")]
    [InlineData(""", "draw": { "kind": "recoverable", "amount": 3000, "limit": 500 }""", "plan.unknown-property", "$.draw.limit")]
    [InlineData(""", "clawback": { "windowDays": 30.5 }""", "clawback.window", "$.clawback.windowDays")]
    [InlineData(""", "clawback": { "windowDays": -1 }""", "clawback.window", "$.clawback.windowDays")]
    [InlineData(""", "clawback": { "windowDays": 30, "reduceAttainment": "yes" }""", "plan.wrong-type", "$.clawback.reduceAttainment")]
    [InlineData(""", "hold": { "percent": 150, "releaseOn": "attributes.invoicePaid" }""", "hold.percent", "$.hold.percent")]
    [InlineData(""", "hold": { "percent": 50, "releaseOn": "family" }""", "attribute.unknown", "$.hold.releaseOn")]
    [InlineData(""", "hold": { "percent": 50 }""", "plan.missing", "$.hold.releaseOn")]
    [InlineData(""", "draw": 3000""", "plan.wrong-type", "$.draw")]
    public void Read_BadPaymentTerms_IssueWithPath(string terms, string code, string path)
    {
        var issue = SingleIssue(terms);

        Assert.Equal((code, path), (issue.Code, issue.Path));
    }

    [Fact]
    public void Read_ReleaseOnUnknownAttribute_Refused()
    {
        var issue = SingleIssue(""", "hold": { "percent": 50, "releaseOn": "attributes.paidOn" }""", new HashSet<string> { "invoicePaid" });

        Assert.Equal(("attribute.unknown", "$.hold.releaseOn"), (issue.Code, issue.Path));
    }

    private sealed class ConditionComparer : IEqualityComparer<BookingCondition>
    {
        public bool Equals(BookingCondition? x, BookingCondition? y) => x!.Attribute == y!.Attribute && x.Values.SequenceEqual(y.Values);

        public int GetHashCode(BookingCondition obj) => obj.Attribute.GetHashCode(StringComparison.Ordinal);
    }
}
