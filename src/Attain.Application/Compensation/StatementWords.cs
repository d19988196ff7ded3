using System.Globalization;
using System.Text.RegularExpressions;
using Attain.Engine.Monetary;

namespace Attain.Application.Compensation;

/// <summary>
/// A statement line in words a rep follows, not an accountant: what it pays for, on which booking, the arithmetic, and
/// where the rep stood against quota. Built only from the line's lineage columns (kind, tier, rate, base, attainment,
/// bookings, rule); the engine's rule text stays available beside it for the exact numbers.
/// </summary>
public static partial class StatementWords
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The line's description; <paramref name="bookings"/> maps booking external ids to what a rep recognises.</summary>
    public static string Describe(RunLine line, IReadOnlyDictionary<string, StatementBooking> bookings)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(bookings);
        var booking = BookingText(line, bookings);
        var amount = Money(line.Amount, line.Currency);
        var span = PeriodWord(line.PeriodKey);
        var standing = line.AttainmentPercent is { } att ? $" — you were at {Percent(att)} of your {span}'s quota" : string.Empty;
        return line.Kind switch
        {
            "Commission" when line.TierIndex is > 0 && TierBounds(line.Rule) is { } bounds =>
                $"Accelerator on {booking}: the part {Above(bounds, line.Rule)} pays {Percent(line.Rate * 100m)}: {Money(line.Base, line.Currency)} at {Percent(line.Rate * 100m)} = {amount}{standing}",
            "Commission" when line.TierIndex == 0 && TierBounds(line.Rule) is { Unit: " %", To: "100" } =>
                $"Commission on {booking}: the part up to your quota pays {Percent(line.Rate * 100m)}: {Money(line.Base, line.Currency)} at {Percent(line.Rate * 100m)} = {amount}{standing}",
            "Commission" =>
                $"Commission on {booking}: {Money(line.Base, line.Currency)} at {Percent(line.Rate * 100m)} = {amount}{standing}",
            "TrueUp" =>
                $"Catch-up on {booking}: this sale moved you into a higher tier, so the {Money(line.Base, line.Currency)} you sold earlier this {span} is paid {Percent(line.Rate * 100m)} more = {amount}{standing}",
            "QuotaBonus" when line.Rule.Contains("below the threshold", StringComparison.Ordinal) =>
                $"Quota bonus for the {span} {line.PeriodKey}: you are at {Percent(line.AttainmentPercent)} of your quota, below the plan's threshold, so no bonus yet = {amount}",
            "QuotaBonus" =>
                $"Quota bonus for the {span} {line.PeriodKey}: you reached {Percent(line.AttainmentPercent)} of your quota, which pays {Percent(line.Rate * 100m)} of your {Money(line.Base, line.Currency)} target incentive = {amount}",
            "DealCap" =>
                $"Deal cap on {booking}: the plan limits what one deal can earn, {CapEffect(line)}",
            "PeriodCap" =>
                $"Cap for the {span} {line.PeriodKey}: the plan pays at most {CapOf(line.Rule, line.Currency)} in a {span}, {CapEffect(line)}",
            "YearCap" =>
                $"Cap for the year: the plan limits a year's earnings, {CapEffect(line)}",
            "Spiff" =>
                $"SPIFF on {booking}: {amount}",
            "Mbo" =>
                $"Objectives (MBO) for the {span} {line.PeriodKey}: your objectives scored {Percent(line.Rate * 100m)} of your {Money(line.Base, line.Currency)} target incentive = {amount}",
            "Gate" when line.Amount < 0 =>
                $"Held back on {booking}: the plan pays this component only once a condition is met, so {Money(-line.Amount, line.Currency)} waits until it is",
            "Gate" =>
                $"Released: the plan's condition is now met, so the {amount} held back earlier is paid",
            "Guarantee" when line.Source == RunLineSource.Earning =>
                $"Guaranteed minimum for the {span} {line.PeriodKey}: your earnings are topped up by {amount}",
            "Clawback" => ClawbackText(line, amount),
            "Hold" => HoldText(line, booking, amount),
            "Release" => ReleaseText(line, booking, amount),
            "DrawAdvance" =>
                $"Draw: your earnings this period were below your draw, so {amount} is advanced now; it is recovered from later earnings above the draw",
            "Guarantee" =>
                $"Guaranteed draw: your earnings this period were below your guaranteed draw, so {amount} is added and never taken back",
            "Deficit" =>
                $"Negative earnings carried forward: this period's earnings came to less than zero, so instead of a negative payment {Money(-line.Amount, line.Currency)} is carried forward as owed",
            "Recovery" =>
                $"Recovery: {Money(-line.Amount, line.Currency)} of what you owe from earlier draws or negative periods is taken from this period's earnings",
            _ => $"{line.Kind}: {amount}",
        };
    }

    /// <summary>The name of a component or payment kind in plain words (<c>quota-bonus</c> → "Quota bonus", <c>Clawback</c> → "Clawbacks").</summary>
    public static string GroupName(StatementGroup group, string? componentId, string? kind) => group == StatementGroup.Payments
        ? kind switch
        {
            "Clawback" => "Clawbacks",
            "Hold" => "Held for later",
            "Release" => "Released holds",
            "DrawAdvance" => "Draw advances",
            "Guarantee" => "Guaranteed draw",
            "Deficit" => "Negative earnings carried forward",
            "Recovery" => "Recovered from earlier draws",
            _ => kind ?? "Payments",
        }
        : Humanize(componentId ?? "earnings");

    /// <summary>The tier in words, or null without a tier: "tier 2: from 100 % to no limit".</summary>
    public static string? TierText(RunLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.TierIndex is not { } tier)
        {
            return null;
        }

        var bounds = TierBounds(line.Rule);
        return bounds is { } b
            ? $"tier {tier + 1}: from {b.From}{b.Unit} to {(b.To == "∞" ? "no limit" : b.To + b.Unit)}"
            : $"tier {tier + 1}";
    }

    /// <summary>"month", "quarter" or "year" for a period key.</summary>
    public static string PeriodWord(string periodKey)
    {
        ArgumentNullException.ThrowIfNull(periodKey);
        return periodKey.Contains("-Q", StringComparison.Ordinal) ? "quarter" : periodKey.Contains("-M", StringComparison.Ordinal) ? "month" : "year";
    }

    /// <summary><c>20,000.00</c>: grouped, with the currency's minor units (2 when unknown), no currency code.</summary>
    public static string Money(decimal? amount, string currency)
    {
        var decimals = Currency.TryFromCode(currency, out var known) ? known.MinorUnits : 2;
        return (amount ?? 0m).ToString("N" + decimals.ToString(Invariant), Invariant);
    }

    /// <summary><c>84.5 %</c>: a percentage to at most one decimal, for reading only (amounts are never rounded here).</summary>
    public static string Percent(decimal? percent) => percent is { } p ? p.ToString("#,0.#", Invariant) + " %" : "—";

    /// <summary><c>12 Oct 2026</c>.</summary>
    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", Invariant);

    private static string BookingText(RunLine line, IReadOnlyDictionary<string, StatementBooking> bookings)
    {
        var ids = SplitIds(line.BookingIds);
        if (ids.Count == 0)
        {
            return "your sales";
        }

        if (ids.Count > 1)
        {
            return $"bookings {string.Join(", ", ids)}";
        }

        return bookings.TryGetValue(ids[0], out var b)
            ? $"booking {b.ExternalId} ({(b.Account is null ? string.Empty : b.Account + ", ")}{Date(b.Date)})"
            : $"booking {ids[0]}";
    }

    private static string ClawbackText(RunLine line, string amount)
    {
        var original = SplitIds(line.BookingIds).FirstOrDefault() ?? "?";
        var match = ClawbackRule().Match(line.Rule);
        if (!match.Success)
        {
            return $"Clawback: booking {original} was cancelled, so its earnings are taken back: {amount}";
        }

        var date = DateOnly.ParseExact(match.Groups["date"].Value, "yyyy-MM-dd", Invariant);
        return $"Clawback: booking {original} was cancelled on {Date(date)} ({match.Groups["id"].Value}), {match.Groups["days"].Value} days after it was booked, "
            + $"within the plan's {match.Groups["window"].Value} days, so its earnings are taken back: {amount}";
    }

    private static string HoldText(RunLine line, string booking, string amount)
    {
        var match = HoldRule().Match(line.Rule);
        var percent = match.Success ? match.Groups["percent"].Value + " % of " : string.Empty;
        var until = match.Success ? ReleaseWords(match.Groups["on"].Value) : "its release date";
        var when = match.Success && match.Groups["date"].Success
            ? $" (expected {Date(DateOnly.ParseExact(match.Groups["date"].Value, "yyyy-MM-dd", Invariant))})"
            : string.Empty;
        return $"Held until {until}{when}: {percent}your earnings on {booking} wait and are paid when it comes: {amount}";
    }

    private static string ReleaseText(RunLine line, string booking, string amount)
    {
        var match = ReleaseRule().Match(line.Rule);
        return match.Success
            ? $"Released: the amount held on {booking} in {match.Groups["period"].Value} is paid now, its release date {Date(DateOnly.ParseExact(match.Groups["date"].Value, "yyyy-MM-dd", Invariant))} has come: {amount}"
            : $"Released: the amount held on {booking} is paid now: {amount}";
    }

    private static string ReleaseWords(string releaseOn)
    {
        var name = releaseOn.StartsWith("attributes.", StringComparison.Ordinal) ? releaseOn["attributes.".Length..] : releaseOn;
        return name.Contains("invoice", StringComparison.OrdinalIgnoreCase) || name.Contains("paid", StringComparison.OrdinalIgnoreCase)
            ? "the invoice is paid"
            : $"the booking's {Humanize(name).ToLowerInvariant()} date";
    }

    private static string Above((string From, string To, string Unit) bounds, string rule) =>
        bounds.Unit == " %" && bounds.From == "100" ? "above your quota"
        : bounds.Unit == " %" ? $"above {bounds.From} % of your quota"
        : $"above {bounds.From}{(rule.Contains("marginal", StringComparison.Ordinal) ? string.Empty : " (the whole period)")}";

    private static (string From, string To, string Unit)? TierBounds(string rule)
    {
        var match = TierRule().Match(rule);
        return match.Success ? (match.Groups["from"].Value, match.Groups["to"].Value, match.Groups["unit"].Success ? " %" : string.Empty) : null;
    }

    private static string CapEffect(RunLine line) => line.Amount < 0
        ? $"so the {Money(-line.Amount, line.Currency)} above it is not paid: {Money(line.Amount, line.Currency)}"
        : $"so {Money(line.Amount, line.Currency)} held back by the cap earlier is paid now: {Money(line.Amount, line.Currency)}";

    private static string CapOf(string rule, string currency)
    {
        var match = CapRule().Match(rule);
        return match.Success && decimal.TryParse(match.Groups["cap"].Value, NumberStyles.Number, Invariant, out var cap) ? Money(cap, currency) : "a fixed amount";
    }

    internal static List<string> SplitIds(string? ids) =>
        string.IsNullOrEmpty(ids) ? [] : [.. ids.Split('|', StringSplitOptions.RemoveEmptyEntries)];

    private static string Humanize(string id)
    {
        var words = new System.Text.StringBuilder(id.Length + 4);
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (c is '-' or '_' or '.')
            {
                words.Append(' ');
            }
            else if (i > 0 && char.IsUpper(c))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(i == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return words.ToString();
    }

    [GeneratedRegex(@"tier \d+ \[(?<from>[^,\]]+), (?<to>[^)]+)\)(?<unit> %)?")]
    private static partial Regex TierRule();

    [GeneratedRegex(@"^cancellation (?<id>\S+) of (?<date>\d{4}-\d{2}-\d{2}), (?<days>\d+) days after booking .*?\(window (?<window>\d+) days\)")]
    private static partial Regex ClawbackRule();

    [GeneratedRegex(@"^(?<percent>[\d.]+) % of .* held until (?<on>\S+) \((?:release date (?<date>\d{4}-\d{2}-\d{2})|no release date yet)\)")]
    private static partial Regex HoldRule();

    [GeneratedRegex(@"^held in (?<period>\S+); release date (?<date>\d{4}-\d{2}-\d{2})")]
    private static partial Regex ReleaseRule();

    [GeneratedRegex(@"cap (?<cap>[\d.]+)")]
    private static partial Regex CapRule();
}
