using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Tests.Plans;

/// <summary>Runs every example of docs/plans.md: plans must read, invalid plans must be refused, runs must match.</summary>
public partial class PlanDocsTests
{
    public static TheoryData<string> Plans => Examples("plan");

    public static TheoryData<string> Invalid => Examples("invalid");

    public static TheoryData<string> Runs => Examples("run");

    [Fact]
    public void Examples_Page_HasEveryKindOfExample()
    {
        var blocks = Blocks();

        Assert.True(blocks.Count(b => b.Marker == "plan") >= 5, "docs/plans.md lost its plan examples");
        Assert.True(blocks.Count(b => b.Marker == "invalid") >= 4, "docs/plans.md lost its invalid examples");
        Assert.True(blocks.Count(b => b.Marker == "run") >= 12, "docs/plans.md lost its worked examples");
        var kinds = blocks.Where(b => b.Marker == "plan").SelectMany(b => PlanReader.Read(b.Json).Plan!.Components).Select(c => c.GetType().Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "CommissionComponent", "QuotaBonusComponent", "SpiffComponent", "MboComponent" }, kinds);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void Read_DocumentedPlan_IsValid(string name)
    {
        var json = Blocks().Single(b => b.Name == name).Json;

        var result = PlanReader.Read(json);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Issues));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Read_DocumentedInvalidPlan_RefusedWithItsCode(string name)
    {
        var block = Blocks().Single(b => b.Name == name);

        var result = PlanReader.Read(block.Json);

        Assert.Null(result.Plan);
        Assert.Contains(block.Argument, result.Issues.Select(i => i.Code));
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Calculate_DocumentedRun_MatchesExpectations(string name)
    {
        var plans = Blocks().Where(b => b.Marker == "plan").Select(b => PlanReader.Read(b.Json).Plan!).ToList();
        using var document = JsonDocument.Parse(Blocks().Single(b => b.Name == name).Json);
        var root = document.RootElement;
        var input = ReadInput(root, plans);

        var result = Calculator.Calculate(input);

        Assert.Empty(result.Issues);
        foreach (var expect in root.GetProperty("expect").EnumerateArray())
        {
            var measure = Assert.Single(result.Measures, m =>
                m.ParticipantId == expect.GetProperty("participant").GetString()
                && m.ComponentId == expect.GetProperty("component").GetString()
                && m.PeriodKey == expect.GetProperty("period").GetString());
            Assert.Equal(expect.GetProperty("earned").GetDecimal(), measure.Earned.Amount);
            if (expect.TryGetProperty("value", out var value))
            {
                Assert.Equal(value.GetDecimal(), measure.Value);
            }

            if (expect.TryGetProperty("attainment", out var attainment))
            {
                Assert.Equal(attainment.GetDecimal(), measure.AttainmentPercent);
            }
        }
    }

    private static CalculationInput ReadInput(JsonElement root, List<Plan> plans)
    {
        var calendar = new FiscalCalendar(Optional(root, "fiscalYearStartMonth")?.GetInt32() ?? 1);
        var participants = Array(root, "participants").Select(p => new Participant(Text(p, "id"), Currency.FromCode(Text(p, "payCurrency")))).ToList();
        var hierarchy = Array(root, "hierarchy").Select(h => new ReportingLine(Text(h, "person"), Text(h, "manager"), Range(h))).ToList();
        var assignments = Array(root, "assignments").Select(a => new PlanAssignment(
            Text(a, "participant"),
            Text(a, "plan"),
            Range(a),
            [.. Array(a, "targets").Select(t => new PeriodTarget(Text(t, "period"), t.GetProperty("quota").GetDecimal(), t.GetProperty("targetIncentive").GetDecimal()))])
        {
            RateOverrides = [.. Array(a, "rateOverrides").Select(o => new RateOverride(
                Text(o, "component"),
                Optional(o, "rate") is { } rate ? new Rate(rate.GetDecimal()) : null,
                Optional(o, "tierRates") is { } tierRates ? [.. tierRates.EnumerateArray().Select(r => new Rate(r.GetDecimal()))] : null))],
        }).ToList();
        var bookings = Array(root, "bookings").Select(b =>
        {
            var currency = Currency.FromCode(Text(b, "currency"));
            return new Booking(
                Text(b, "id"),
                Date(b, "date"),
                new Money(b.GetProperty("amount").GetDecimal(), currency),
                Text(b, "owner"),
                Optional(b, "product")?.GetString() ?? "product",
                Optional(b, "family")?.GetString() ?? "family",
                Optional(b, "attributes")?.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!) ?? [],
                Optional(b, "margin") is { ValueKind: JsonValueKind.Number } margin ? new Money(margin.GetDecimal(), currency) : null,
                Optional(b, "units")?.GetDecimal() ?? 1m,
                Optional(b, "cancels")?.GetString());
        }).ToList();
        var splits = Array(root, "splits").Select(s => new SplitRule(
            Text(s, "booking"),
            [.. Array(s, "shares").Select(x => new SplitShare(Text(x, "participant"), x.GetProperty("percent").GetDecimal(), Text(x, "kind") == "overlay" ? SplitKind.Overlay : SplitKind.Revenue))])).ToList();
        var fx = Array(root, "fx").Select(r => new FxRate(Currency.FromCode(Text(r, "from")), Currency.FromCode(Text(r, "to")), Date(r, "date"), r.GetProperty("rate").GetDecimal())).ToList();
        var policy = new CreditingPolicy(Optional(root, "rollUpLevels")?.GetInt32() ?? 0, MidpointRounding.ToEven);
        var scores = Array(root, "scores").Select(s => new ObjectiveScore(
            Text(s, "participant"), Text(s, "component"), Text(s, "period"), Text(s, "objective"), s.GetProperty("weight").GetDecimal(), s.GetProperty("score").GetDecimal())).ToList();
        var creditRules = Array(root, "creditRules").Select(r => CreditRule.Create(
            Text(r, "id"), Text(r, "participant"), r.GetProperty("percent").GetDecimal(), Range(r), Optional(r, "when")?.GetString()).Rule!).ToList();
        return new CalculationInput(calendar, calendar.Parse(Optional(root, "period")?.GetString() ?? Array(root, "periods").First().GetString()!), plans, participants, hierarchy, assignments, bookings, splits, new FxTable(fx), policy)
        {
            Scores = scores,
            CreditRules = creditRules,
        };
    }

    private static JsonElement? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        Optional(element, name)?.EnumerateArray() ?? Enumerable.Empty<JsonElement>();

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static DateOnly Date(JsonElement element, string name) => DateOnly.ParseExact(Text(element, name), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateRange Range(JsonElement element) =>
        new(Date(element, "from"), Optional(element, "to") is { } to ? DateOnly.ParseExact(to.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null);

    private static TheoryData<string> Examples(string marker) => [.. Blocks().Where(b => b.Marker == marker).Select(b => b.Name)];

    private static List<Block> Blocks()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "plans.md"));
        var blocks = new List<Block>();
        foreach (Match match in BlockPattern().Matches(text))
        {
            var marker = match.Groups["marker"].Value;
            var line = text[..match.Index].Count(c => c == '\n') + 1;
            blocks.Add(new Block($"{marker} at line {line}", marker, match.Groups["argument"].Value.Trim(), match.Groups["json"].Value));
        }

        return blocks;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Attain.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Attain.slnx not found above the test binaries.");
    }

    [GeneratedRegex(@"<!-- (?<marker>plan|invalid|run)(?::(?<argument>[^>]*))? -->\s*```json\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BlockPattern();

    private sealed record Block(string Name, string Marker, string Argument, string Json);
}
