using System.Globalization;
using System.Text;
using Attain.Engine.Expressions;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Plans;

/// <summary>Reading of conditions, gates, rate rules, year caps, guarantees, SPIFFs and MBOs.</summary>
public static partial class PlanReader
{
    private sealed partial class Context
    {
        private PlanComponent? ReadComponent(JsonNode node, string path)
        {
            var component = ReadComponentCore(node, path);
            if (node.Kind != JsonNodeKind.Object)
            {
                return component;
            }

            var condition = node["condition"] is { } conditionNode ? ReadExpression(conditionNode, path + ".condition", ExpressionType.Boolean) : null;
            var gates = ReadGates(node, path);
            var perYearCap = OptionalNonNegative(node, path, "perYearCap");
            var guarantee = OptionalNonNegative(node, path, "guarantee");
            var rules = node["kind"]?.Text == "commission" ? ReadRateRules(node, path) : [];
            if (component is null)
            {
                return null;
            }

            component = component with
            {
                MeasureAttribute = node["measure"] is { Kind: JsonNodeKind.String } measureNode ? AttributeMeasure(measureNode.Text!, null, null)?.Name : null,
                Condition = condition,
                Gates = gates,
                PerYearCap = perYearCap,
                Guarantee = guarantee,
            };
            if (component is CommissionComponent commission && rules.Count > 0)
            {
                if (commission.Table?.Semantics == TierSemantics.Retroactive)
                {
                    Add("rates.retroactive", path + ".rates", node["rates"]!, "Rate rules cannot be combined with a retroactive table: a true-up would re-rate credits that a rule priced.");
                }

                component = commission with { RateRules = rules };
            }

            return component;
        }

        /// <summary>
        /// <c>attributes.NAME</c> (a plain number) or <c>money.NAME</c> (an amount in the booking currency); also the
        /// alias <c>bookings.acv</c> for <c>money.acv</c>. Reports unknown names when <paramref name="node"/> is given.
        /// </summary>
        private (MeasureKind Kind, string Name)? AttributeMeasure(string text, JsonNode? node, string? path)
        {
            if (text == "bookings.acv")
            {
                return (MeasureKind.BookingMoneyAttribute, "acv");
            }

            foreach (var (prefix, kind) in (ReadOnlySpan<(string, MeasureKind)>)[("attributes.", MeasureKind.BookingAttribute), ("money.", MeasureKind.BookingMoneyAttribute)])
            {
                if (!text.StartsWith(prefix, StringComparison.Ordinal) || text.Length == prefix.Length)
                {
                    continue;
                }

                var name = text[prefix.Length..];
                if (knownAttributes is not null && !knownAttributes.Contains(name))
                {
                    if (node is not null)
                    {
                        Add("attribute.unknown", path!, node, $"Measure '{text}' reads booking attribute '{name}', which is not a known booking attribute.");
                    }

                    return null;
                }

                return (kind, name);
            }

            return null;
        }

        /// <summary>True for an attribute measure whose name was refused (already reported as <c>attribute.unknown</c>).</summary>
        private bool AttributeMeasureReported(string text) =>
            knownAttributes is not null && (text.StartsWith("attributes.", StringComparison.Ordinal) || text.StartsWith("money.", StringComparison.Ordinal))
            && text.Length > text.IndexOf('.', StringComparison.Ordinal) + 1;

        private PlanExpression? ReadExpression(JsonNode node, string path, ExpressionType type)
        {
            if (!Expect(node, JsonNodeKind.String, path, "an expression string"))
            {
                return null;
            }

            var (expression, issues) = PlanExpression.Compile(node.Text!, type, knownAttributes);
            foreach (var issue in issues)
            {
                var (line, column) = MapIntoString(node, issue.Line, issue.Column);
                Issues.Add(new PlanIssue(issue.Code, path, line, column, $"In the expression \"{node.Text}\": {issue.Message}"));
            }

            return expression;
        }

        /// <summary>
        /// Maps a position inside a string's decoded text (1-based line and UTF-16 column) to the plan file: the string's
        /// own line, and its column in UTF-8 bytes after the opening quote, counting escapes as written.
        /// </summary>
        private static (int Line, int Column) MapIntoString(JsonNode node, int line, int column)
        {
            var text = node.Text!;
            var index = 0;
            for (var l = 1; l < line && index < text.Length; index++)
            {
                if (text[index] == '\n')
                {
                    l++;
                }
            }

            index += column - 1;
            var raw = node.Raw ?? text;
            var offsets = new List<int>();
            var bytes = 0;
            for (var i = 0; i < raw.Length;)
            {
                if (raw[i] == '\\' && i + 1 < raw.Length)
                {
                    var length = raw[i + 1] == 'u' ? 6 : 2;
                    offsets.Add(bytes);
                    bytes += length;
                    i += length;
                    continue;
                }

                var units = char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length ? 2 : 1;
                var size = Encoding.UTF8.GetByteCount(raw.AsSpan(i, units));
                for (var u = 0; u < units; u++)
                {
                    offsets.Add(bytes);
                }

                bytes += size;
                i += units;
            }

            offsets.Add(bytes);
            return (node.Line, node.Column + 1 + offsets[Math.Clamp(index, 0, offsets.Count - 1)]);
        }

        private List<Gate> ReadGates(JsonNode component, string path)
        {
            var gates = new List<Gate>();
            if (component["gates"] is not { } node || !Expect(node, JsonNodeKind.Array, path + ".gates", "an array of gates"))
            {
                return gates;
            }

            for (var i = 0; i < node.Items.Count; i++)
            {
                var gatePath = $"{path}.gates[{i}]";
                var gateNode = node.Items[i];
                if (!Expect(gateNode, JsonNodeKind.Object, gatePath, "a gate object"))
                {
                    continue;
                }

                CheckProperties(gateNode, gatePath, "attainmentAtLeast", "measure", "filter", "condition", "atLeast");
                if (gateNode["attainmentAtLeast"] is not null)
                {
                    if (gateNode["measure"] is not null || gateNode["atLeast"] is not null || gateNode["filter"] is not null || gateNode["condition"] is not null)
                    {
                        Add("gate.shape", gatePath, gateNode, "A gate is either { attainmentAtLeast } on the component's own attainment, or { measure, atLeast } with an optional filter or condition.");
                        continue;
                    }

                    if (OptionalNonNegative(gateNode, gatePath, "attainmentAtLeast") is { } percent)
                    {
                        gates.Add(new Gate(percent, null, null, [], null, null));
                    }

                    continue;
                }

                var measure = ReadMeasure(gateNode, gatePath);
                var filter = ReadFilter(gateNode, gatePath);
                var condition = gateNode["condition"] is { } conditionNode ? ReadExpression(conditionNode, gatePath + ".condition", ExpressionType.Boolean) : null;
                var atLeast = RequiredNumber(gateNode, gatePath, "atLeast");
                if (measure is null || atLeast is null || (gateNode["condition"] is not null && condition is null))
                {
                    continue;
                }

                var attribute = gateNode["measure"]!.Text is { } text ? AttributeMeasure(text, null, null)?.Name : null;
                gates.Add(new Gate(null, measure, attribute, filter, condition, atLeast));
            }

            return gates;
        }

        private List<RateRule> ReadRateRules(JsonNode component, string path)
        {
            var rules = new List<RateRule>();
            if (component["rates"] is not { } node || !Expect(node, JsonNodeKind.Array, path + ".rates", "an array of rate rules"))
            {
                return rules;
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < node.Items.Count; i++)
            {
                var rulePath = $"{path}.rates[{i}]";
                var ruleNode = node.Items[i];
                if (!Expect(ruleNode, JsonNodeKind.Object, rulePath, "a rate rule object"))
                {
                    continue;
                }

                CheckProperties(ruleNode, rulePath, "when", "rate");
                var rate = ruleNode["rate"] is null ? null : ReadRate(ruleNode["rate"], rulePath + ".rate");
                if (ruleNode["rate"] is null)
                {
                    Add("plan.missing", rulePath + ".rate", ruleNode, "A rate rule needs 'rate', a number (0.05 is 5 %).");
                }

                if (ruleNode["when"] is not { } whenNode)
                {
                    Add("plan.missing", rulePath + ".when", ruleNode, "A rate rule needs 'when', an object of attribute: value conditions.");
                    continue;
                }

                if (!Expect(whenNode, JsonNodeKind.Object, rulePath + ".when", "an object of attribute: value conditions"))
                {
                    continue;
                }

                var when = new Dictionary<string, string>(StringComparer.Ordinal);
                var complete = true;
                foreach (var property in whenNode.Properties)
                {
                    var conditionPath = $"{rulePath}.when.{property.Name}";
                    if (!IsKnownAttribute(property.Name))
                    {
                        Issues.Add(new PlanIssue("attribute.unknown", conditionPath, property.Line, property.Column,
                            $"Attribute '{property.Name}' is unknown; expected 'product', 'family' or 'attributes.NAME' for a known booking attribute."));
                        complete = false;
                    }
                    else if (!when.TryAdd(property.Name, property.Value.Text ?? string.Empty))
                    {
                        Issues.Add(new PlanIssue("json.duplicate-property", conditionPath, property.Line, property.Column, $"Property '{property.Name}' is written twice."));
                        complete = false;
                    }

                    complete &= Expect(property.Value, JsonNodeKind.String, conditionPath, "a string");
                }

                if (when.Count == 0 && whenNode.Properties.Count == 0)
                {
                    Add("rates.empty-when", rulePath + ".when", whenNode, "A rate rule needs at least one condition; the component's own rate or table is the default.");
                    continue;
                }

                if (!complete || rate is null)
                {
                    continue;
                }

                var rule = new RateRule(when, new Rate(rate.Value));
                if (seen.TryGetValue(rule.Key, out var earlier))
                {
                    Add("rates.duplicate", rulePath + ".when", whenNode, $"Rate rule {i} has the same conditions as rule {earlier} ({rule.Key}); only one rate can apply.");
                    continue;
                }

                seen.Add(rule.Key, i);
                rules.Add(rule);
            }

            return rules;
        }

        private SpiffComponent? ReadSpiff(JsonNode node, string path, string? id, MeasureKind? measure, PeriodKind? period, List<BookingCondition> filter, decimal? perPeriodCap)
        {
            CheckProperties(node, path, "id", "kind", "measure", "period", "filter", "perPeriodCap", "condition", "gates", "perYearCap", "guarantee", "from", "to", "amount", "rate", "formula");
            var from = RequiredDate(node, path, "from");
            var to = RequiredDate(node, path, "to");
            if (from is { } start && to is { } end && end < start)
            {
                Add("spiff.dates-reversed", path + ".to", node["to"]!, $"The SPIFF ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).");
            }

            var given = new[] { "amount", "rate", "formula" }.Count(name => node[name] is not null);
            if (given != 1)
            {
                Add("spiff.payout", path, node, "A SPIFF pays exactly one of 'amount' (per booking), 'rate' (on the measure) or 'formula' (an expression per credit).");
            }

            var amount = OptionalNonNegative(node, path, "amount");
            var rate = ReadRate(node["rate"], path + ".rate");
            var formula = node["formula"] is { } formulaNode ? ReadExpression(formulaNode, path + ".formula", ExpressionType.Number) : null;
            if (id is null || measure is null || period is null || from is null || to is null || given != 1
                || (node["amount"] is not null && amount is null) || (node["rate"] is not null && rate is null) || (node["formula"] is not null && formula is null))
            {
                return null;
            }

            return new SpiffComponent(id, measure.Value, period.Value, filter, perPeriodCap, from.Value, to.Value,
                new SpiffPayout(amount, rate is { } r ? new Rate(r) : null, formula));
        }

        private MboComponent? ReadMbo(JsonNode node, string path, string? id, PeriodKind? period, decimal? perPeriodCap)
        {
            CheckProperties(node, path, "id", "kind", "period", "perPeriodCap", "perYearCap", "guarantee", "gates", "scoreCap");
            var scoreCap = OptionalNonNegative(node, path, "scoreCap");
            return id is null || period is null ? null : new MboComponent(id, period.Value, perPeriodCap, scoreCap);
        }

        private DateOnly? RequiredDate(JsonNode node, string path, string name)
        {
            var text = RequiredString(node, path, name);
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Add("plan.date", $"{path}.{name}", node[name]!, $"'{text}' is not a date written yyyy-MM-dd.");
            return null;
        }
    }
}
