using System.Text.Json;
using System.Text.RegularExpressions;
using Attain.Engine.Calculation;
using Attain.Engine.Payments;
using Attain.Engine.Plans;

namespace Attain.Engine.Tests.Plans;

/// <content>Runs the <c>payments</c> examples of docs/plans.md through the calculator and the payment stage.</content>
public partial class PlanDocsTests
{
    public static TheoryData<string> PaymentRuns => [.. PaymentBlocks().Select(b => b.Name)];

    [Fact]
    public void Examples_Page_HasPaymentExamples()
    {
        Assert.True(PaymentBlocks().Count >= 3, "docs/plans.md lost its payment examples");
    }

    [Theory]
    [MemberData(nameof(PaymentRuns))]
    public void Pay_DocumentedPayments_MatchExpectations(string name)
    {
        var plans = Blocks().Where(b => b.Marker == "plan").Select(b => PlanReader.Read(b.Json).Plan!).ToList();
        using var document = JsonDocument.Parse(PaymentBlocks().Single(b => b.Name == name).Json);
        var root = document.RootElement;
        var input = ReadInput(root, plans);
        var periods = Array(root, "periods").Select(p => Calculator.Calculate(input with { Period = input.Calendar.Parse(p.GetString()!) })).ToList();

        var result = PaymentCalculator.Calculate(new PaymentInput(input.Calendar, input.Plans, input.Participants, input.Assignments, input.Bookings, periods));

        Assert.Empty(result.Issues);
        Assert.All(periods, p => Assert.Empty(p.Issues));
        foreach (var expect in root.GetProperty("expect").EnumerateArray())
        {
            var payout = Assert.Single(result.Payouts, p =>
                p.ParticipantId == expect.GetProperty("participant").GetString() && p.PeriodKey == expect.GetProperty("period").GetString());
            var actual = new Dictionary<string, decimal>(StringComparer.Ordinal)
            {
                ["payable"] = payout.Payable.Amount,
                ["earned"] = payout.Earned.Amount,
                ["clawedBack"] = payout.ClawedBack.Amount,
                ["held"] = payout.Held.Amount,
                ["released"] = payout.Released.Amount,
                ["drawAdvanced"] = payout.DrawAdvanced.Amount,
                ["guaranteed"] = payout.Guaranteed.Amount,
                ["recovered"] = payout.Recovered.Amount,
                ["balance"] = payout.BalanceAfter.Amount,
                ["heldAfter"] = payout.HeldAfter.Amount,
            };
            foreach (var property in expect.EnumerateObject().Where(p => p.Name is not "participant" and not "period"))
            {
                Assert.True(actual.ContainsKey(property.Name), $"unknown expectation '{property.Name}' in {name}");
                Assert.Equal((property.Name, property.Value.GetDecimal()), (property.Name, actual[property.Name]));
            }
        }
    }

    private static List<Block> PaymentBlocks()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "plans.md"));
        return [.. PaymentBlockPattern().Matches(text).Select(m => new Block($"payments at line {text[..m.Index].Count(c => c == '\n') + 1}", "payments", string.Empty, m.Groups["json"].Value))];
    }

    [GeneratedRegex(@"<!-- payments -->\s*```json\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex PaymentBlockPattern();
}
