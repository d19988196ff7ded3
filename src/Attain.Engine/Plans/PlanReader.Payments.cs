namespace Attain.Engine.Plans;

/// <content>Reading the payment terms of a plan: <c>draw</c>, <c>clawback</c> and <c>hold</c>.</content>
public static partial class PlanReader
{
    private sealed partial class Context
    {
        private DrawTerms? ReadDraw(JsonNode root)
        {
            if (root["draw"] is not { } node || !Expect(node, JsonNodeKind.Object, "$.draw", "a draw object"))
            {
                return null;
            }

            CheckProperties(node, "$.draw", "kind", "amount", "recoveryLimit");
            DrawKind? kind = RequiredString(node, "$.draw", "kind") switch
            {
                null => null,
                "recoverable" => DrawKind.Recoverable,
                "nonRecoverable" => DrawKind.NonRecoverable,
                var other => Unknown<DrawKind>("draw.unknown-kind", "$.draw.kind", node["kind"]!, $"Draw kind '{other}' is unknown; expected 'recoverable' or 'nonRecoverable'."),
            };
            var amount = node["amount"] is null ? RequiredNumber(node, "$.draw", "amount") : OptionalNonNegative(node, "$.draw", "amount");
            var limit = OptionalNonNegative(node, "$.draw", "recoveryLimit");
            if (kind == DrawKind.NonRecoverable && limit is not null)
            {
                Add("draw.recovery-limit", "$.draw.recoveryLimit", node["recoveryLimit"]!, "A non-recoverable draw is never recovered, so it has no 'recoveryLimit'.");
            }

            return kind is null || amount is null ? null : new DrawTerms(kind.Value, amount.Value, limit);
        }

        private ClawbackTerms? ReadClawback(JsonNode root)
        {
            if (root["clawback"] is not { } node || !Expect(node, JsonNodeKind.Object, "$.clawback", "a clawback object"))
            {
                return null;
            }

            CheckProperties(node, "$.clawback", "windowDays", "reduceAttainment");
            var window = RequiredNumber(node, "$.clawback", "windowDays");
            if (window is { } days && (days != decimal.Truncate(days) || days < 0m || days > 36_500m))
            {
                Add("clawback.window", "$.clawback.windowDays", node["windowDays"]!, $"'windowDays' is a whole number of days from 0 to 36500, not {Format(days)}.");
                window = null;
            }

            var reduce = true;
            if (node["reduceAttainment"] is { } reduceNode && Expect(reduceNode, JsonNodeKind.Boolean, "$.clawback.reduceAttainment", "true or false"))
            {
                reduce = reduceNode.Boolean;
            }

            return window is null ? null : new ClawbackTerms((int)window.Value, reduce);
        }

        private HoldRule? ReadHold(JsonNode root)
        {
            if (root["hold"] is not { } node || !Expect(node, JsonNodeKind.Object, "$.hold", "a hold object"))
            {
                return null;
            }

            CheckProperties(node, "$.hold", "percent", "releaseOn", "filter");
            var percent = RequiredNumber(node, "$.hold", "percent");
            if (percent is < 0m or > 100m)
            {
                Add("hold.percent", "$.hold.percent", node["percent"]!, $"'percent' is from 0 to 100, not {Format(percent.Value)}.");
                percent = null;
            }

            var releaseOn = RequiredString(node, "$.hold", "releaseOn");
            if (releaseOn is not null && (!releaseOn.StartsWith("attributes.", StringComparison.Ordinal) || !IsKnownAttribute(releaseOn)))
            {
                Add("attribute.unknown", "$.hold.releaseOn", node["releaseOn"]!,
                    $"'releaseOn' is 'attributes.NAME' for a known booking attribute holding the release date (yyyy-MM-dd), not '{releaseOn}'.");
                releaseOn = null;
            }

            var filter = ReadFilter(node, "$.hold");
            return percent is null || releaseOn is null ? null : new HoldRule(percent.Value, releaseOn, filter);
        }
    }
}
