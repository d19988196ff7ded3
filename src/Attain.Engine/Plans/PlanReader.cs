using System.Globalization;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Plans;

/// <summary>
/// Reads and validates a plan written in JSON (docs/plans.md). Pure: parses only the text it is given.
/// </summary>
/// <remarks>
/// Every problem is returned as a <see cref="PlanIssue"/> with its JSON path, line and column; reading goes on after
/// an issue so that one pass reports as many as it can. A plan is returned only when there is no issue at all.
/// </remarks>
public static partial class PlanReader
{
    private static readonly Dictionary<string, MeasureKind> Measures = new(StringComparer.Ordinal)
    {
        ["bookings.amount"] = MeasureKind.BookingsAmount,
        ["bookings.margin"] = MeasureKind.BookingsMargin,
        ["bookings.units"] = MeasureKind.BookingsUnits,
        ["bookings.newLogos"] = MeasureKind.NewLogos,
    };

    private static readonly Dictionary<string, PeriodKind> Periods = new(StringComparer.Ordinal)
    {
        ["month"] = PeriodKind.Month,
        ["quarter"] = PeriodKind.Quarter,
        ["year"] = PeriodKind.Year,
    };

    /// <summary>Reads a plan from JSON text.</summary>
    /// <param name="json">The plan text (UTF-16; positions are reported as if it were UTF-8).</param>
    /// <param name="knownAttributes">
    /// The free booking attribute names filters may use as <c>attributes.NAME</c>; null accepts any name. The built-in
    /// attributes <c>product</c> and <c>family</c> are always known.
    /// </param>
    /// <param name="source">The plan file's name, copied into every issue's <see cref="PlanIssue.Source"/>; null for none.</param>
    /// <returns>The plan, or the issues found (sorted by line, column, code).</returns>
    public static PlanReadResult Read(string json, IReadOnlySet<string>? knownAttributes = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var root = JsonTree.Parse(json, out var error);
        if (root is null)
        {
            var (line, column, message) = error!.Value;
            return new PlanReadResult(null, [new PlanIssue("json.invalid", "$", line, column, message) { Source = source }]);
        }

        var context = new Context(knownAttributes);
        var plan = context.ReadPlan(root);
        var issues = context.Issues
            .OrderBy(i => i.Line).ThenBy(i => i.Column).ThenBy(i => i.Code, StringComparer.Ordinal)
            .ThenBy(i => i.Path, StringComparer.Ordinal)
            .Select(i => source is null ? i : i with { Source = source })
            .ToList();
        return new PlanReadResult(issues.Count == 0 ? plan : null, issues);
    }

    private sealed partial class Context(IReadOnlySet<string>? knownAttributes)
    {
        public List<PlanIssue> Issues { get; } = [];

        public Plan? ReadPlan(JsonNode root)
        {
            if (!Expect(root, JsonNodeKind.Object, "$", "a plan object"))
            {
                return null;
            }

            CheckProperties(root, "$", "id", "version", "payCurrency", "rounding", "components", "draw", "clawback", "hold");
            var id = RequiredString(root, "$", "id");
            var version = RequiredNumber(root, "$", "version");
            if (version is { } v && (v != decimal.Truncate(v) || v < 1 || v > int.MaxValue))
            {
                Add("plan.version", "$.version", root["version"]!, "The version is a whole number of 1 or more.");
            }

            Currency? payCurrency = null;
            if (OptionalString(root, "$", "payCurrency") is { } pay && pay != "participant")
            {
                if (!Currency.TryFromCode(pay, out payCurrency))
                {
                    Add("currency.unknown", "$.payCurrency", root["payCurrency"]!, $"'{pay}' is neither 'participant' nor a known ISO 4217 currency code.");
                }
            }

            var rounding = MidpointRounding.ToEven;
            if (OptionalString(root, "$", "rounding") is { } roundingText)
            {
                switch (roundingText)
                {
                    case "toEven": rounding = MidpointRounding.ToEven; break;
                    case "awayFromZero": rounding = MidpointRounding.AwayFromZero; break;
                    default:
                        Add("plan.rounding", "$.rounding", root["rounding"]!, $"Rounding '{roundingText}' is unknown; expected 'toEven' or 'awayFromZero'.");
                        break;
                }
            }

            var components = new List<PlanComponent>();
            var componentsNode = root["components"];
            if (componentsNode is null)
            {
                Add("plan.missing", "$.components", root, "A plan needs 'components', an array of at least one component.");
            }
            else if (Expect(componentsNode, JsonNodeKind.Array, "$.components", "an array of components"))
            {
                if (componentsNode.Items.Count == 0)
                {
                    Add("plan.no-components", "$.components", componentsNode, "A plan needs at least one component.");
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < componentsNode.Items.Count; i++)
                {
                    var path = $"$.components[{i}]";
                    var component = ReadComponent(componentsNode.Items[i], path);
                    if (component is null)
                    {
                        continue;
                    }

                    if (!seen.Add(component.Id))
                    {
                        Add("component.duplicate-id", path + ".id", componentsNode.Items[i]["id"]!, $"Component id '{component.Id}' is used twice in the plan.");
                    }

                    components.Add(component);
                }
            }

            var (draw, clawback, hold) = (ReadDraw(root), ReadClawback(root), ReadHold(root));
            return id is null || version is null ? null : new Plan(id, (int)Math.Clamp(version.Value, 0, int.MaxValue), payCurrency, rounding, components) with { Draw = draw, Clawback = clawback, Hold = hold };
        }

        private PlanComponent? ReadComponentCore(JsonNode node, string path)
        {
            if (!Expect(node, JsonNodeKind.Object, path, "a component object"))
            {
                return null;
            }

            var kind = RequiredString(node, path, "kind");
            var id = RequiredString(node, path, "id");
            var measure = kind == "mbo" ? MeasureKind.BookingsAmount : ReadMeasure(node, path);
            var period = ReadPeriod(node, path);
            var filter = ReadFilter(node, path);
            var perPeriodCap = OptionalNonNegative(node, path, "perPeriodCap");
            switch (kind)
            {
                case "commission":
                    {
                        CheckProperties(node, path, "id", "kind", "measure", "period", "filter", "perPeriodCap", "perDealCap", "rate", "rateTable", "rates", "condition", "gates", "perYearCap", "guarantee");
                        var perDealCap = OptionalNonNegative(node, path, "perDealCap");
                        var rate = ReadRate(node["rate"], path + ".rate");
                        RateTable? table = node["rateTable"] is { } tableNode ? ReadTable(tableNode, path + ".rateTable") : null;
                        if (node["rate"] is null && node["rateTable"] is null)
                        {
                            Add("commission.rate-missing", path, node, "A commission needs either 'rate' (flat) or 'rateTable'.");
                        }
                        else if (node["rate"] is not null && node["rateTable"] is not null)
                        {
                            Add("commission.rate-conflict", path + ".rate", node["rate"]!, "A commission has either 'rate' or 'rateTable', not both.");
                        }

                        return id is null || measure is null || period is null
                            ? null
                            : new CommissionComponent(id, measure.Value, period.Value, filter, perPeriodCap, rate is { } r ? new Rate(r) : null, table, perDealCap);
                    }

                case "quotaBonus":
                    {
                        CheckProperties(node, path, "id", "kind", "measure", "period", "filter", "perPeriodCap", "curve", "threshold", "cap", "condition", "gates", "perYearCap", "guarantee");
                        var curve = ReadCurve(node, path);
                        var threshold = OptionalNonNegative(node, path, "threshold");
                        var cap = OptionalNonNegative(node, path, "cap");
                        return id is null || measure is null || period is null || curve is null
                            ? null
                            : new QuotaBonusComponent(id, measure.Value, period.Value, filter, perPeriodCap, curve, threshold, cap);
                    }

                case "spiff":
                    return ReadSpiff(node, path, id, measure, period, filter, perPeriodCap);
                case "mbo":
                    return ReadMbo(node, path, id, period, perPeriodCap);
                case null:
                    return null;
                default:
                    Add("component.unknown-kind", path + ".kind", node["kind"]!, $"Component kind '{kind}' is unknown; expected 'commission', 'quotaBonus', 'spiff' or 'mbo'.");
                    return null;
            }
        }

        private MeasureKind? ReadMeasure(JsonNode node, string path)
        {
            var text = RequiredString(node, path, "measure");
            if (text is null)
            {
                return null;
            }

            if (Measures.TryGetValue(text, out var measure))
            {
                return measure;
            }

            if (AttributeMeasure(text, node["measure"]!, path + ".measure") is { } attributeMeasure)
            {
                return attributeMeasure.Kind;
            }

            if (AttributeMeasureReported(text))
            {
                return null;
            }

            Add("measure.unknown", path + ".measure", node["measure"]!, $"Measure '{text}' is unknown; expected one of {string.Join(", ", Measures.Keys)}, attributes.NAME or money.NAME.");
            return null;
        }

        private PeriodKind? ReadPeriod(JsonNode node, string path)
        {
            var text = RequiredString(node, path, "period");
            if (text is null)
            {
                return null;
            }

            if (Periods.TryGetValue(text, out var period))
            {
                return period;
            }

            Add("period.unknown", path + ".period", node["period"]!, $"Period '{text}' is unknown; expected month, quarter or year.");
            return null;
        }

        private List<BookingCondition> ReadFilter(JsonNode node, string path)
        {
            var conditions = new List<BookingCondition>();
            if (node["filter"] is not { } filterNode || !Expect(filterNode, JsonNodeKind.Array, path + ".filter", "an array of conditions"))
            {
                return conditions;
            }

            for (var i = 0; i < filterNode.Items.Count; i++)
            {
                var conditionPath = $"{path}.filter[{i}]";
                var condition = filterNode.Items[i];
                if (!Expect(condition, JsonNodeKind.Object, conditionPath, "a condition object"))
                {
                    continue;
                }

                CheckProperties(condition, conditionPath, "attribute", "equals", "in");
                var attribute = RequiredString(condition, conditionPath, "attribute");
                if (attribute is not null && !IsKnownAttribute(attribute))
                {
                    Add("attribute.unknown", conditionPath + ".attribute", condition["attribute"]!,
                        $"Attribute '{attribute}' is unknown; expected 'product', 'family' or 'attributes.NAME' for a known booking attribute.");
                }

                var values = new List<string>();
                if (condition["equals"] is { } equalsNode && condition["in"] is null)
                {
                    if (Expect(equalsNode, JsonNodeKind.String, conditionPath + ".equals", "a string"))
                    {
                        values.Add(equalsNode.Text!);
                    }
                }
                else if (condition["in"] is { } inNode && condition["equals"] is null)
                {
                    if (Expect(inNode, JsonNodeKind.Array, conditionPath + ".in", "an array of strings"))
                    {
                        for (var j = 0; j < inNode.Items.Count; j++)
                        {
                            if (Expect(inNode.Items[j], JsonNodeKind.String, $"{conditionPath}.in[{j}]", "a string"))
                            {
                                values.Add(inNode.Items[j].Text!);
                            }
                        }

                        if (inNode.Items.Count == 0)
                        {
                            Add("filter.empty-in", conditionPath + ".in", inNode, "'in' needs at least one value.");
                        }
                    }
                }
                else
                {
                    Add("filter.operator", conditionPath, condition, "A condition has exactly one of 'equals' (a string) or 'in' (an array of strings).");
                }

                if (attribute is not null)
                {
                    conditions.Add(new BookingCondition(attribute, values));
                }
            }

            return conditions;
        }

        private bool IsKnownAttribute(string attribute)
        {
            if (attribute is "product" or "family")
            {
                return true;
            }

            const string prefix = "attributes.";
            if (!attribute.StartsWith(prefix, StringComparison.Ordinal) || attribute.Length == prefix.Length)
            {
                return false;
            }

            return knownAttributes is null || knownAttributes.Contains(attribute[prefix.Length..]);
        }

        private RateTable? ReadTable(JsonNode node, string path)
        {
            if (!Expect(node, JsonNodeKind.Object, path, "a rate table object"))
            {
                return null;
            }

            CheckProperties(node, path, "key", "semantics", "tiers");
            TierKey? key = RequiredString(node, path, "key") switch
            {
                null => null,
                "attainment" => TierKey.Attainment,
                "periodToDate" => TierKey.PeriodToDate,
                "booking" => TierKey.Booking,
                var other => Unknown<TierKey>("table.unknown-key", path + ".key", node["key"]!, $"Rate table key '{other}' is unknown; expected attainment, periodToDate or booking."),
            };
            TierSemantics? semantics = RequiredString(node, path, "semantics") switch
            {
                null => null,
                "marginal" => TierSemantics.Marginal,
                "retroactive" => TierSemantics.Retroactive,
                var other => Unknown<TierSemantics>("table.unknown-semantics", path + ".semantics", node["semantics"]!, $"Tier semantics '{other}' is unknown; expected marginal or retroactive."),
            };
            var tiers = ReadTiers(node, path);
            return key is null || semantics is null || tiers is null ? null : new RateTable(key.Value, semantics.Value, tiers);
        }

        private List<Tier>? ReadTiers(JsonNode table, string path)
        {
            if (table["tiers"] is not { } node)
            {
                Add("plan.missing", path + ".tiers", table, "A rate table needs 'tiers', an array of at least one tier.");
                return null;
            }

            if (!Expect(node, JsonNodeKind.Array, path + ".tiers", "an array of tiers"))
            {
                return null;
            }

            if (node.Items.Count == 0)
            {
                Add("tiers.empty", path + ".tiers", node, "A rate table needs at least one tier.");
                return null;
            }

            var tiers = new List<Tier>();
            var complete = true;
            for (var i = 0; i < node.Items.Count; i++)
            {
                var tierPath = $"{path}.tiers[{i}]";
                var tierNode = node.Items[i];
                if (!Expect(tierNode, JsonNodeKind.Object, tierPath, "a tier object"))
                {
                    complete = false;
                    continue;
                }

                CheckProperties(tierNode, tierPath, "from", "to", "rate");
                var from = RequiredNumber(tierNode, tierPath, "from");
                var to = OptionalNumber(tierNode, tierPath, "to");
                var rate = tierNode["rate"] is null ? null : ReadRate(tierNode["rate"], tierPath + ".rate");
                if (tierNode["rate"] is null)
                {
                    Add("plan.missing", tierPath + ".rate", tierNode, "A tier needs 'rate', a number (0.05 is 5 %).");
                }

                if (from is null || rate is null)
                {
                    complete = false;
                    continue;
                }

                if (to is { } upper && upper <= from)
                {
                    Add("tier.empty-band", tierPath + ".to", tierNode["to"]!, $"Tier 'to' ({Format(upper)}) must be above its 'from' ({Format(from.Value)}).");
                }

                if (i == 0 && from != 0m)
                {
                    Add("tiers.first-not-zero", tierPath + ".from", tierNode["from"]!, $"The first tier starts at 0, not {Format(from.Value)}.");
                }

                if (i > 0 && tiers.Count == i && tiers[i - 1].To is { } previousTo)
                {
                    if (from < previousTo)
                    {
                        Add("tiers.overlap", tierPath + ".from", tierNode["from"]!, $"Tier {i} starts at {Format(from.Value)}, inside tier {i - 1} which ends at {Format(previousTo)}; tiers must not overlap.");
                    }
                    else if (from > previousTo)
                    {
                        Add("tiers.gap", tierPath + ".from", tierNode["from"]!, $"Tier {i} starts at {Format(from.Value)} but tier {i - 1} ends at {Format(previousTo)}; values in between would have no rate.");
                    }
                }
                else if (i > 0 && tiers.Count == i && tiers[i - 1].To is null)
                {
                    Add("tiers.open-not-last", $"{path}.tiers[{i - 1}]", node.Items[i - 1], $"Tier {i - 1} has no 'to' (open-ended) but is not the last tier.");
                }

                tiers.Add(new Tier(from.Value, to, new Rate(rate.Value)));
            }

            return complete ? tiers : null;
        }

        private PayoutCurve? ReadCurve(JsonNode component, string path)
        {
            if (component["curve"] is not { } node)
            {
                Add("plan.missing", path + ".curve", component, "A quota bonus needs 'curve', an array of {attainment, payout} points in percent.");
                return null;
            }

            if (!Expect(node, JsonNodeKind.Array, path + ".curve", "an array of points"))
            {
                return null;
            }

            if (node.Items.Count == 0)
            {
                Add("curve.empty", path + ".curve", node, "A payout curve needs at least one point.");
                return null;
            }

            var points = new List<CurvePoint>();
            for (var i = 0; i < node.Items.Count; i++)
            {
                var pointPath = $"{path}.curve[{i}]";
                var point = node.Items[i];
                if (!Expect(point, JsonNodeKind.Object, pointPath, "a point object"))
                {
                    return null;
                }

                CheckProperties(point, pointPath, "attainment", "payout");
                var attainment = RequiredNumber(point, pointPath, "attainment");
                var payout = RequiredNumber(point, pointPath, "payout");
                if (attainment is null || payout is null)
                {
                    return null;
                }

                if (attainment < 0m || payout < 0m)
                {
                    Add("curve.negative", pointPath, point, "Curve attainment and payout are percentages of 0 or more.");
                }

                if (points.Count > 0 && attainment <= points[^1].AttainmentPercent)
                {
                    Add("curve.not-increasing", pointPath + ".attainment", point["attainment"]!, $"Curve point {i} has attainment {Format(attainment.Value)}, not above the previous point's {Format(points[^1].AttainmentPercent)}.");
                }

                points.Add(new CurvePoint(attainment.Value, payout.Value));
            }

            return new PayoutCurve(points);
        }

        private decimal? ReadRate(JsonNode? node, string path)
        {
            if (node is null)
            {
                return null;
            }

            if (node.Kind != JsonNodeKind.Number)
            {
                var shown = node.Kind == JsonNodeKind.String ? $"the string \"{node.Text}\"" : $"a JSON {node.Kind.ToString().ToLowerInvariant()}";
                Add("rate.not-a-number", path, node, $"A rate is a JSON number (0.05 is 5 %), not {shown}.");
                return null;
            }

            if (node.Number is null)
            {
                Add("rate.not-a-number", path, node, $"Rate {node.Text} is outside the range of a decimal.");
            }

            return node.Number;
        }

        private T? Unknown<T>(string code, string path, JsonNode node, string message)
            where T : struct
        {
            Add(code, path, node, message);
            return null;
        }

        private void CheckProperties(JsonNode node, string path, params string[] allowed)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                if (!seen.Add(property.Name))
                {
                    Issues.Add(new PlanIssue("json.duplicate-property", $"{path}.{property.Name}", property.Line, property.Column, $"Property '{property.Name}' is written twice."));
                }

                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                {
                    Issues.Add(new PlanIssue("plan.unknown-property", $"{path}.{property.Name}", property.Line, property.Column,
                        $"Property '{property.Name}' is not part of the plan format here; expected one of {string.Join(", ", allowed)}."));
                }
            }
        }

        private string? RequiredString(JsonNode node, string path, string name)
        {
            if (node[name] is not { } value)
            {
                Add("plan.missing", $"{path}.{name}", node, $"'{name}' is required here.");
                return null;
            }

            return Expect(value, JsonNodeKind.String, $"{path}.{name}", "a string") ? value.Text : null;
        }

        private string? OptionalString(JsonNode node, string path, string name) =>
            node[name] is { } value && Expect(value, JsonNodeKind.String, $"{path}.{name}", "a string") ? value.Text : null;

        private decimal? RequiredNumber(JsonNode node, string path, string name)
        {
            if (node[name] is null)
            {
                Add("plan.missing", $"{path}.{name}", node, $"'{name}' is required here.");
                return null;
            }

            return OptionalNumber(node, path, name);
        }

        private decimal? OptionalNumber(JsonNode node, string path, string name)
        {
            if (node[name] is not { } value || !Expect(value, JsonNodeKind.Number, $"{path}.{name}", "a number"))
            {
                return null;
            }

            if (value.Number is null)
            {
                Add("plan.number-range", $"{path}.{name}", value, $"{value.Text} is outside the range of a decimal.");
            }

            return value.Number;
        }

        private decimal? OptionalNonNegative(JsonNode node, string path, string name)
        {
            var value = OptionalNumber(node, path, name);
            if (value < 0m)
            {
                Add("plan.negative", $"{path}.{name}", node[name]!, $"'{name}' cannot be negative.");
            }

            return value;
        }

        private bool Expect(JsonNode node, JsonNodeKind kind, string path, string expected)
        {
            if (node.Kind == kind)
            {
                return true;
            }

            Add("plan.wrong-type", path, node, $"Expected {expected}, found a JSON {node.Kind.ToString().ToLowerInvariant()}.");
            return false;
        }

        private void Add(string code, string path, JsonNode node, string message) =>
            Issues.Add(new PlanIssue(code, path, node.Line, node.Column, message));

        private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
