using Attain.Engine.Expressions;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Engine.Crediting;

/// <summary>
/// Overlay (team) credit by rule rather than named on one booking: every original booking dated inside
/// <see cref="Effective"/> whose <see cref="Condition"/> holds gives <see cref="ParticipantId"/> an overlay share of
/// <see cref="Percent"/> % — by territory, product, named account or any booking attribute (a segment is one). The share
/// is credited like an overlay <see cref="SplitShare"/>, so a cancellation of the booking reverses it. Create one with
/// <see cref="Create"/>, which compiles the condition.
/// </summary>
public sealed record CreditRule
{
    private CreditRule(string id, string participantId, decimal percent, DateRange effective, PlanExpression? condition)
    {
        Id = id;
        ParticipantId = participantId;
        Percent = percent;
        Effective = effective;
        Condition = condition;
    }

    /// <summary>The rule's id, unique among the rules; issues name it.</summary>
    public string Id { get; }

    /// <summary>Who receives the overlay credit.</summary>
    public string ParticipantId { get; }

    /// <summary>The overlay share in percent of the booking (above 0; 100 credits the whole booking again).</summary>
    public decimal Percent { get; }

    /// <summary>The booking dates the rule applies to, both ends inclusive.</summary>
    public DateRange Effective { get; }

    /// <summary>The condition a booking must meet (the plan expression language over <c>booking.*</c>); null for every booking.</summary>
    public PlanExpression? Condition { get; }

    /// <summary>
    /// Makes a rule, compiling <paramref name="condition"/> as a boolean plan expression (docs/plans.md, "Expressions in
    /// plans"). Problems come back as issues with <c>credit-rules[ID]</c> paths: <c>credit-rule.percent</c> (not above 0)
    /// and <c>credit-rule.condition</c> (the expression does not compile; the message gives line, column and what was
    /// expected).
    /// </summary>
    /// <param name="id">The rule's id.</param>
    /// <param name="participantId">Who receives the credit.</param>
    /// <param name="percent">The overlay share in percent.</param>
    /// <param name="effective">The booking dates it applies to.</param>
    /// <param name="condition">The condition's text, or null for every booking.</param>
    /// <returns>The rule, or null with the issues.</returns>
    public static (CreditRule? Rule, IReadOnlyList<InputIssue> Issues) Create(string id, string participantId, decimal percent, DateRange effective, string? condition)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(participantId);
        var path = $"credit-rules[{id}]";
        var issues = new List<InputIssue>();
        if (percent <= 0m)
        {
            issues.Add(new InputIssue("credit-rule.percent", path + ".percent", $"Credit rule '{id}' gives {percent} %; a share is above 0 %."));
        }

        PlanExpression? compiled = null;
        if (condition is not null)
        {
            var (expression, problems) = PlanExpression.Compile(condition, ExpressionType.Boolean, null);
            issues.AddRange(problems.Select(p => new InputIssue("credit-rule.condition", path + ".condition", $"{p.Line}:{p.Column}: {p.Message}")));
            compiled = expression;
        }

        return issues.Count > 0 ? (null, issues) : (new CreditRule(id, participantId, percent, effective, compiled), []);
    }
}

/// <summary>Applies <see cref="CreditRule"/>s to bookings, before crediting.</summary>
public static class CreditRules
{
    /// <summary>
    /// The split rules with each matching credit rule's overlay share added to its booking's rule (a booking without a
    /// split rule gets one holding only overlays, so its owner keeps the direct credit). Rules apply to original
    /// bookings only; a cancellation follows its original's split. A participant who already holds an overlay share of
    /// the booking keeps that one and the rule adds nothing; two rules for the same participant and booking add the
    /// first by id. A condition that fails to evaluate is the issue <c>credit-rule.error</c> and adds nothing. The result
    /// does not depend on the order of any input.
    /// </summary>
    /// <param name="bookings">The bookings.</param>
    /// <param name="splits">The split rules named on bookings.</param>
    /// <param name="rules">The credit rules.</param>
    /// <param name="issues">Receives evaluation problems.</param>
    /// <returns>The split rules to credit with.</returns>
    public static IReadOnlyList<SplitRule> Apply(IReadOnlyList<Booking> bookings, IReadOnlyList<SplitRule> splits, IReadOnlyList<CreditRule> rules, ICollection<InputIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(bookings);
        ArgumentNullException.ThrowIfNull(splits);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(issues);
        if (rules.Count == 0)
        {
            return splits;
        }

        var ordered = rules.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        var added = new Dictionary<string, List<SplitShare>>(StringComparer.Ordinal);
        foreach (var booking in bookings)
        {
            if (booking.OriginalBookingId is not null || added.ContainsKey(booking.Id))
            {
                continue;
            }

            List<SplitShare>? shares = null;
            foreach (var rule in ordered)
            {
                if (!rule.Effective.Contains(booking.Date) || (shares?.Exists(s => s.ParticipantId == rule.ParticipantId) ?? false) || !Holds(rule, booking, issues))
                {
                    continue;
                }

                (shares ??= []).Add(new SplitShare(rule.ParticipantId, rule.Percent, SplitKind.Overlay));
            }

            if (shares is not null)
            {
                added.Add(booking.Id, shares);
            }
        }

        if (added.Count == 0)
        {
            return splits;
        }

        var result = new List<SplitRule>(splits.Count + added.Count);
        foreach (var split in splits)
        {
            if (added.Remove(split.BookingId, out var extra))
            {
                var overlays = split.Shares.Where(s => s.Kind == SplitKind.Overlay).Select(s => s.ParticipantId).ToHashSet(StringComparer.Ordinal);
                result.Add(split with { Shares = [.. split.Shares, .. extra.Where(s => !overlays.Contains(s.ParticipantId))] });
            }
            else
            {
                result.Add(split);
            }
        }

        result.AddRange(added.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new SplitRule(a.Key, a.Value)));
        return result;
    }

    private static bool Holds(CreditRule rule, Booking booking, ICollection<InputIssue> issues)
    {
        if (rule.Condition is not { } condition)
        {
            return true;
        }

        var result = condition.Test(new BookingFacts(booking));
        if (result.Status == EvaluationStatus.Error)
        {
            issues.Add(new InputIssue("credit-rule.error", $"credit-rules[{rule.Id}]", $"Evaluating the condition (\"{condition.Source}\") on booking '{booking.Id}' failed: {result.Error}; the rule adds no credit to it."));
            return false;
        }

        return result.HasValue && result.Value;
    }
}
