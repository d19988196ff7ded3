using System.Globalization;
using Attain.Engine.Monetary;

namespace Attain.Engine.Crediting;

/// <summary>
/// Turns bookings into credits: direct credit, revenue and overlay splits, manager roll-up along the hierarchy as it was
/// on the booking date, and reversal of cancelled bookings. Pure and deterministic: input order never matters.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Without a revenue split the owner gets 100 % direct credit. Revenue shares must total exactly 100 %, or the
/// booking gets no credit at all and an issue <c>split.revenue-total</c>.</item>
/// <item>Revenue shares are allocated with <see cref="Money.Allocate"/> (largest remainder, shares ordered by
/// participant id), so they sum exactly to the booking; margin is allocated the same way.</item>
/// <item>Each overlay share is amount × percent / 100, rounded to the minor unit with the policy's mode; overlays are
/// not rolled up.</item>
/// <item>Each revenue share (or the direct credit) rolls up its own holder's chain of managers, as the hierarchy was on
/// the booking date, for <see cref="CreditingPolicy.RollUpLevels"/> levels: a manager receives each share held below
/// them once, so never more than the booking in total from roll-up.</item>
/// <item>A cancellation (a booking with an original booking id) gets credits mirroring the original's, to the same
/// participants with the same percentages and roll-up chains (the hierarchy as on the original booking date), its own
/// amount allocated the same way and dated on the cancellation date. A full cancellation exactly negates the original.</item>
/// </list>
/// </remarks>
public static class CreditAllocator
{
    /// <summary>Credits every booking.</summary>
    /// <param name="bookings">Original bookings and cancellations, in any order.</param>
    /// <param name="splits">At most one split rule per booking, in any order; cancellations take their original's.</param>
    /// <param name="hierarchy">Effective-dated reporting lines, in any order.</param>
    /// <param name="policy">Roll-up depth and rounding.</param>
    /// <returns>The credits, and the issues for bookings that could not be credited.</returns>
    public static CreditingResult Allocate(
        IEnumerable<Booking> bookings,
        IEnumerable<SplitRule> splits,
        IEnumerable<ReportingLine> hierarchy,
        CreditingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(bookings);
        ArgumentNullException.ThrowIfNull(splits);
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(policy);
        var issues = new List<InputIssue>();
        var credits = new List<Credit>();

        var byId = new Dictionary<string, Booking>(StringComparer.Ordinal);
        foreach (var group in bookings.GroupBy(b => b.Id, StringComparer.Ordinal))
        {
            if (group.Skip(1).Any())
            {
                issues.Add(new InputIssue("booking.duplicate-id", $"bookings[{group.Key}]", $"Booking id '{group.Key}' appears {group.Count()} times; none of them is credited."));
                continue;
            }

            var booking = group.First();
            if (!IsWholeMinorUnits(booking.Amount) || (booking.Margin is { } margin && (!IsWholeMinorUnits(margin) || margin.Currency != booking.Amount.Currency)))
            {
                issues.Add(new InputIssue("booking.amount-precision", $"bookings[{group.Key}]",
                    $"Booking '{group.Key}' has amount {booking.Amount} and margin {booking.Margin?.ToString() ?? "none"}; both must be whole minor units of the booking's currency, so that credits sum exactly to them. It is not credited."));
                continue;
            }

            byId.Add(group.Key, booking);
        }

        var rules = new Dictionary<string, SplitRule>(StringComparer.Ordinal);
        foreach (var group in splits.GroupBy(s => s.BookingId, StringComparer.Ordinal))
        {
            if (group.Skip(1).Any())
            {
                issues.Add(new InputIssue("split.duplicate-rule", $"bookings[{group.Key}].splits", $"Booking '{group.Key}' has {group.Count()} split rules; it is not credited."));
                byId.Remove(group.Key);
                continue;
            }

            rules.Add(group.Key, group.First());
        }

        var lines = hierarchy
            .GroupBy(l => l.PersonId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.ManagerId, StringComparer.Ordinal).ThenBy(l => l.Effective.Start).ToList(), StringComparer.Ordinal);

        var structures = new Dictionary<string, Structure>(StringComparer.Ordinal);
        foreach (var booking in byId.Values.Where(b => b.OriginalBookingId is null).OrderBy(b => b.Id, StringComparer.Ordinal))
        {
            var structure = BuildStructure(booking, rules.GetValueOrDefault(booking.Id), lines, policy, issues);
            if (structure is not null)
            {
                structures.Add(booking.Id, structure);
                credits.AddRange(MakeCredits(booking, structure, null, policy));
            }
        }

        foreach (var group in byId.Values.Where(b => b.OriginalBookingId is not null)
                     .GroupBy(b => b.OriginalBookingId!, StringComparer.Ordinal)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var cancelled = 0m;
            foreach (var cancellation in group.OrderBy(b => b.Date).ThenBy(b => b.Id, StringComparer.Ordinal))
            {
                var path = $"bookings[{cancellation.Id}]";
                if (!byId.TryGetValue(group.Key, out var original) || original.OriginalBookingId is not null)
                {
                    issues.Add(new InputIssue("booking.original-missing", path, $"Cancellation '{cancellation.Id}' refers to '{group.Key}', which is not an original booking in the input."));
                    continue;
                }

                if (!structures.TryGetValue(original.Id, out var structure))
                {
                    issues.Add(new InputIssue("booking.original-rejected", path, $"Cancellation '{cancellation.Id}' refers to '{original.Id}', which was not credited; it is not credited either."));
                    continue;
                }

                if (rules.ContainsKey(cancellation.Id))
                {
                    issues.Add(new InputIssue("split.on-cancellation", path + ".splits", $"Cancellation '{cancellation.Id}' has its own split rule; a cancellation always follows its original's split, so the rule is ignored."));
                }

                var sameSign = Math.Sign(cancellation.Amount.Amount) == Math.Sign(original.Amount.Amount) && cancellation.Amount.Amount != 0m;
                if (cancellation.Amount.Currency != original.Amount.Currency || sameSign
                    || cancelled + Math.Abs(cancellation.Amount.Amount) > Math.Abs(original.Amount.Amount))
                {
                    issues.Add(new InputIssue("booking.cancellation-amount", path,
                        $"Cancellation '{cancellation.Id}' of {cancellation.Amount} does not fit '{original.Id}' of {original.Amount}: it must be in the same currency, of opposite sign, and with earlier cancellations at most the original amount ({Format(cancelled)} already cancelled)."));
                    continue;
                }

                cancelled += Math.Abs(cancellation.Amount.Amount);
                credits.AddRange(MakeCredits(cancellation, structure, original.Id, policy));
            }
        }

        return new CreditingResult(
            [.. credits.OrderBy(c => c.BookingId, StringComparer.Ordinal).ThenBy(c => c.ParticipantId, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal)],
            [.. issues.Distinct().OrderBy(i => i.Path, StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal)]);
    }

    /// <summary>The manager of <paramref name="personId"/> on <paramref name="date"/>, or null; several lines pick the lowest manager id.</summary>
    private static string? ManagerOn(Dictionary<string, List<ReportingLine>> lines, string personId, DateOnly date, string bookingId, List<InputIssue> issues)
    {
        if (!lines.TryGetValue(personId, out var candidates))
        {
            return null;
        }

        var active = candidates.Where(l => l.Effective.Contains(date)).ToList();
        if (active.Select(l => l.ManagerId).Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            issues.Add(new InputIssue("hierarchy.ambiguous", $"hierarchy[{personId}]",
                $"On {date:yyyy-MM-dd} (booking '{bookingId}') '{personId}' reports to {string.Join(", ", active.Select(l => l.ManagerId).Distinct(StringComparer.Ordinal))}; roll-up follows '{active[0].ManagerId}'."));
        }

        return active.Count == 0 ? null : active[0].ManagerId;
    }

    private static Structure? BuildStructure(Booking booking, SplitRule? rule, Dictionary<string, List<ReportingLine>> lines, CreditingPolicy policy, List<InputIssue> issues)
    {
        var path = $"bookings[{booking.Id}].splits";
        var shares = rule?.Shares ?? [];
        var revenue = shares.Where(s => s.Kind == SplitKind.Revenue).OrderBy(s => s.ParticipantId, StringComparer.Ordinal).ToList();
        var overlay = shares.Where(s => s.Kind == SplitKind.Overlay).OrderBy(s => s.ParticipantId, StringComparer.Ordinal).ToList();
        var valid = true;
        foreach (var duplicate in shares.GroupBy(s => (s.ParticipantId, s.Kind)).Where(g => g.Skip(1).Any()))
        {
            issues.Add(new InputIssue("split.duplicate-participant", path, $"'{duplicate.Key.ParticipantId}' has {duplicate.Count()} {duplicate.Key.Kind.ToString().ToLowerInvariant()} shares of booking '{booking.Id}'; the booking is not credited."));
            valid = false;
        }

        foreach (var share in shares.Where(s => s.Percent <= 0m))
        {
            issues.Add(new InputIssue("split.percent", path, $"'{share.ParticipantId}' has a share of {Format(share.Percent)} % of booking '{booking.Id}'; shares are above 0 %. The booking is not credited."));
            valid = false;
        }

        if (revenue.Count > 0 && revenue.Sum(s => s.Percent) != 100m)
        {
            issues.Add(new InputIssue("split.revenue-total", path,
                $"The revenue shares of booking '{booking.Id}' total {Format(revenue.Sum(s => s.Percent))} %, not 100 % ({string.Join(", ", revenue.Select(s => $"{s.ParticipantId} {Format(s.Percent)} %"))}); the booking is not credited."));
            valid = false;
        }

        if (!valid)
        {
            return null;
        }

        var direct = revenue.Count == 0;
        var revenueShares = direct ? [new SplitShare(booking.OwnerId, 100m, SplitKind.Revenue)] : revenue;
        var chains = new List<IReadOnlyList<string>>();
        foreach (var share in revenueShares)
        {
            var chain = new List<string>();
            var current = share.ParticipantId;
            for (var level = 1; level <= policy.RollUpLevels; level++)
            {
                var manager = ManagerOn(lines, current, booking.Date, booking.Id, issues);
                if (manager is null)
                {
                    break;
                }

                if (manager == share.ParticipantId || chain.Contains(manager, StringComparer.Ordinal))
                {
                    issues.Add(new InputIssue("hierarchy.cycle", $"hierarchy[{current}]", $"On {booking.Date:yyyy-MM-dd} the reporting lines above '{share.ParticipantId}' loop back to '{manager}'; roll-up of booking '{booking.Id}' stops there."));
                    break;
                }

                chain.Add(manager);
                current = manager;
            }

            chains.Add(chain);
        }

        return new Structure(direct, revenueShares, chains, overlay);
    }

    private static IEnumerable<Credit> MakeCredits(Booking booking, Structure structure, string? originalId, CreditingPolicy policy)
    {
        var margin = booking.Margin ?? Money.Zero(booking.Amount.Currency);
        var percents = structure.Revenue.Select(s => s.Percent).ToList();
        var amounts = booking.Amount.Allocate(percents, policy.Rounding);
        var margins = margin.Allocate(percents, policy.Rounding);
        var revenueKind = structure.Direct ? CreditKind.Direct : CreditKind.RevenueSplit;
        for (var i = 0; i < structure.Revenue.Count; i++)
        {
            var share = structure.Revenue[i];
            var units = booking.Units * share.Percent / 100m;
            var id = $"/{Name(revenueKind)}/{share.ParticipantId}";
            yield return new Credit(booking.Id + id, booking.Id, share.ParticipantId, revenueKind, share.Percent, amounts[i], margins[i], units, booking.Date, share.ParticipantId, 0, originalId is null ? null : originalId + id);
            for (var level = 0; level < structure.Chains[i].Count; level++)
            {
                var manager = structure.Chains[i][level];
                var rollUpId = $"/rollup/{manager}/via/{share.ParticipantId}";
                yield return new Credit(booking.Id + rollUpId, booking.Id, manager, CreditKind.RollUp, share.Percent, amounts[i], margins[i], units, booking.Date, share.ParticipantId, level + 1, originalId is null ? null : originalId + rollUpId);
            }
        }

        foreach (var share in structure.Overlay)
        {
            var id = $"/overlay/{share.ParticipantId}";
            yield return new Credit(
                booking.Id + id,
                booking.Id,
                share.ParticipantId,
                CreditKind.Overlay,
                share.Percent,
                (booking.Amount * (share.Percent / 100m)).Round(policy.Rounding),
                (margin * (share.Percent / 100m)).Round(policy.Rounding),
                booking.Units * share.Percent / 100m,
                booking.Date,
                share.ParticipantId,
                0,
                originalId is null ? null : originalId + id);
        }
    }

    private static bool IsWholeMinorUnits(Money money) => money.Round(MidpointRounding.ToEven).Amount == money.Amount;

    private static string Name(CreditKind kind) => kind == CreditKind.Direct ? "direct" : "split";

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Structure(bool Direct, IReadOnlyList<SplitShare> Revenue, IReadOnlyList<IReadOnlyList<string>> Chains, IReadOnlyList<SplitShare> Overlay);
}
