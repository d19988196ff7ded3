using Attain.Engine.Crediting;

namespace Attain.Engine.Plans;

/// <summary>
/// Chooses the rate rule for a booking: the most specific matching rule wins, whatever order the rules are written in.
/// </summary>
/// <remarks>
/// A rule matches when every attribute it names has the given value on the booking. Among matching rules, a rule naming
/// <c>product</c> beats one that does not; then one naming <c>family</c> beats one that does not; then the rule with
/// more conditions wins; a tie left after that goes to the rule whose canonical key (<see cref="RateRule.Key"/>) sorts
/// first, ordinally. Two rules with the same conditions are refused when the plan is read (<c>rates.duplicate</c>).
/// </remarks>
public static class RatePrecedence
{
    /// <summary>The winning rule for <paramref name="booking"/>, or null when no rule matches.</summary>
    public static RateRule? Resolve(IReadOnlyList<RateRule> rules, Booking booking)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(booking);
        RateRule? best = null;
        foreach (var rule in rules)
        {
            if (Matches(rule, booking) && (best is null || Compare(rule, best) > 0))
            {
                best = rule;
            }
        }

        return best;
    }

    /// <summary>Positive when <paramref name="a"/> is more specific than <paramref name="b"/> (see the remarks).</summary>
    public static int Compare(RateRule a, RateRule b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byProduct = a.When.ContainsKey("product").CompareTo(b.When.ContainsKey("product"));
        if (byProduct != 0)
        {
            return byProduct;
        }

        var byFamily = a.When.ContainsKey("family").CompareTo(b.When.ContainsKey("family"));
        if (byFamily != 0)
        {
            return byFamily;
        }

        var byCount = a.When.Count.CompareTo(b.When.Count);
        return byCount != 0 ? byCount : -string.CompareOrdinal(a.Key, b.Key);
    }

    /// <summary>True when every condition of <paramref name="rule"/> holds on <paramref name="booking"/>.</summary>
    public static bool Matches(RateRule rule, Booking booking)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(booking);
        foreach (var (attribute, value) in rule.When)
        {
            var actual = attribute switch
            {
                "product" => booking.Product,
                "family" => booking.Family,
                _ => booking.Attributes.GetValueOrDefault(attribute["attributes.".Length..]),
            };
            if (!string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
