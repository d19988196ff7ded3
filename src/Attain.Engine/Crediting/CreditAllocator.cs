using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
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
        CreditRows credits;

        // One pass per input, no GroupBy: millions of bookings are counted by id, and the duplicates reported.
        var seen = new Dictionary<string, (Booking First, int Count)>(StringComparer.Ordinal);
        foreach (var booking in bookings)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, booking.Id, out var exists);
            entry = exists ? (entry.First, entry.Count + 1) : (booking, 1);
        }

        var byId = new Dictionary<string, Booking>(seen.Count, StringComparer.Ordinal);
        foreach (var (id, (booking, count)) in seen)
        {
            if (count > 1)
            {
                issues.Add(new InputIssue("booking.duplicate-id", $"bookings[{id}]", $"Booking id '{id}' appears {count} times; none of them is credited."));
                continue;
            }

            if (!IsWholeMinorUnits(booking.Amount) || (booking.Margin is { } margin && (!IsWholeMinorUnits(margin) || margin.Currency != booking.Amount.Currency)))
            {
                issues.Add(new InputIssue("booking.amount-precision", $"bookings[{id}]",
                    $"Booking '{id}' has amount {booking.Amount} and margin {booking.Margin?.ToString() ?? "none"}; both must be whole minor units of the booking's currency, so that credits sum exactly to them. It is not credited."));
                continue;
            }

            byId.Add(id, booking);
        }

        var seenRules = new Dictionary<string, (SplitRule First, int Count)>(StringComparer.Ordinal);
        foreach (var rule in splits)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(seenRules, rule.BookingId, out var exists);
            entry = exists ? (entry.First, entry.Count + 1) : (rule, 1);
        }

        var rules = new Dictionary<string, SplitRule>(seenRules.Count, StringComparer.Ordinal);
        foreach (var (id, (rule, count)) in seenRules)
        {
            if (count > 1)
            {
                issues.Add(new InputIssue("split.duplicate-rule", $"bookings[{id}].splits", $"Booking '{id}' has {count} split rules; it is not credited."));
                byId.Remove(id);
                continue;
            }

            rules.Add(id, rule);
        }

        var lines = hierarchy
            .GroupBy(l => l.PersonId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.ManagerId, StringComparer.Ordinal).ThenBy(l => l.Effective.Start).ToList(), StringComparer.Ordinal);

        // Originals are credited in parallel, in contiguous runs of the id order, and the runs joined in that order, so
        // the result does not depend on scheduling. Structures are kept only for the originals that are cancelled.
        var originals = byId.Values.Where(b => b.OriginalBookingId is null).ToArray();
        Array.Sort(originals, (a, b) => string.CompareOrdinal(a.Id, b.Id));
        var cancelledIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var booking in byId.Values)
        {
            if (booking.OriginalBookingId is { } originalId)
            {
                cancelledIds.Add(originalId);
            }
        }

        // Two passes over runs of the originals in parallel: first each booking's structure (a booking without a split
        // only needs its owner's chain, resolved once per chain) and credit count, then, at offsets from those counts,
        // its rows written straight into place — no run's rows are copied to join them.
        var runCount = originals.Length < 4096 ? 1 : Math.Min(256, Environment.ProcessorCount * 4);
        var runs = new Run[runCount];
        var shapes = new (Structure? Split, ResolvedChain? Direct, int Count)[originals.Length];
        var holders = new Holders(lines, policy);
        RunInParallel(runCount, r =>
        {
            var run = new Run(holders);
            var (from, to) = RunRange(originals.Length, runCount, r);
            for (var i = from; i < to; i++)
            {
                var booking = originals[i];
                var rule = rules.GetValueOrDefault(booking.Id);
                if (rule is null || rule.Shares.Count == 0)
                {
                    var chain = run.Chain(booking, booking.OwnerId);
                    shapes[i] = (null, chain, 1 + chain.Managers.Length);
                    if (cancelledIds.Contains(booking.Id))
                    {
                        run.Structures.Add(booking.Id, new Structure(true, [new SplitShare(booking.OwnerId, 100m, SplitKind.Revenue)], [chain.Managers], [], Whole));
                    }

                    continue;
                }

                var structure = BuildStructure(booking, rule, run, policy);
                if (structure is not null)
                {
                    if (cancelledIds.Contains(booking.Id))
                    {
                        run.Structures.Add(booking.Id, structure);
                    }

                    shapes[i] = (structure, null, structure.Revenue.Count + structure.Chains.Sum(c => c.Count) + structure.Overlay.Count);
                }
            }

            runs[r] = run;
        });

        var offsets = new int[originals.Length + 1];
        for (var i = 0; i < originals.Length; i++)
        {
            offsets[i + 1] = offsets[i] + shapes[i].Count;
        }

        credits = new CreditRows(offsets[^1]);
        RunInParallel(runCount, r =>
        {
            var run = runs[r];
            var (from, to) = RunRange(originals.Length, runCount, r);
            for (var i = from; i < to; i++)
            {
                var booking = originals[i];
                switch (shapes[i])
                {
                    case ({ } split, _, _):
                        MakeCredits(run.Scratch, booking, booking, split, policy, run.Suffixes);
                        break;
                    case (null, { } chain, _):
                        MakeDirectCredits(run.Scratch, booking, booking, chain, policy);
                        break;
                    default:
                        continue;
                }

                Place(credits, offsets[i], run.Scratch);
            }
        });

        var structures = new Dictionary<string, Structure>(StringComparer.Ordinal);
        List<(string BookingId, int Start, int Count)>? chunks = null;
        if (cancelledIds.Count > 0)
        {
            chunks = new List<(string BookingId, int Start, int Count)>(originals.Length);
            for (var i = 0; i < originals.Length; i++)
            {
                if (shapes[i].Count > 0)
                {
                    chunks.Add((originals[i].Id, offsets[i], shapes[i].Count));
                }
            }
        }

        var suffixes = runs[0].Suffixes;
        var scratch = runs[0].Scratch;
        foreach (var run in runs)
        {
            issues.AddRange(run.Issues);
            foreach (var (id, structure) in run.Structures)
            {
                structures.Add(id, structure);
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
                MakeCredits(scratch, cancellation, original, structure, policy, suffixes);
                chunks!.Add((cancellation.Id, credits.Count, scratch.Count));
                Place(credits, credits.Count, scratch);
            }
        }

        return new CreditingResult(
            Ordered(credits, chunks),
            [.. issues.Distinct().OrderBy(i => i.Path, StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Writes one booking's credits (made in <paramref name="made"/>, then emptied), sorted by participant id then credit
    /// id, at <paramref name="start"/> (appended when that is the end).
    /// </summary>
    private static void Place(CreditRows credits, int start, List<CreditRow> made)
    {
        if (made.Count > 1)
        {
            // Within one booking the ids share their booking prefix, so the suffix orders them.
            CollectionsMarshal.AsSpan(made).Sort(static (a, b) =>
            {
                var byParticipant = string.CompareOrdinal(a.ParticipantId, b.ParticipantId);
                return byParticipant != 0 ? byParticipant : string.CompareOrdinal(a.IdSuffix, b.IdSuffix);
            });
        }

        foreach (ref readonly var row in CollectionsMarshal.AsSpan(made))
        {
            if (start == credits.Count)
            {
                credits.Add(in row);
            }
            else
            {
                credits[start] = row;
            }

            start++;
        }

        made.Clear();
    }

    /// <summary>The originals [from, to) of run <paramref name="run"/> of <paramref name="runs"/>.</summary>
    private static (int From, int To) RunRange(int count, int runs, int run) =>
        ((int)((long)count * run / runs), (int)((long)count * (run + 1) / runs));

    /// <summary>Runs <paramref name="body"/> for 0 … count − 1 on the thread pool; a failure surfaces as itself, not wrapped.</summary>
    private static void RunInParallel(int count, Action<int> body)
    {
        if (count == 1)
        {
            body(0);
            return;
        }

        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(aggregate.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>
    /// The credits ordered by booking id, participant id, then credit id: each booking's credits are one sorted chunk,
    /// so only the chunks need ordering, and they are already in order unless there are cancellations.
    /// </summary>
    private static CreditList Ordered(CreditRows credits, List<(string BookingId, int Start, int Count)>? chunks)
    {
        if (chunks is null)
        {
            return new CreditList(credits);
        }

        var sorted = true;
        for (var i = 1; i < chunks.Count && sorted; i++)
        {
            sorted = string.CompareOrdinal(chunks[i - 1].BookingId, chunks[i].BookingId) < 0;
        }

        if (sorted)
        {
            return new CreditList(credits);
        }

        chunks.Sort((a, b) => string.CompareOrdinal(a.BookingId, b.BookingId));
        var result = new CreditRows();
        foreach (var (_, start, count) in chunks)
        {
            result.AddRange(credits, start, count);
        }

        return new CreditList(result);
    }

    /// <summary>The manager of <paramref name="personId"/> on <paramref name="date"/>, or null; several lines pick the lowest manager id.</summary>
    /// <remarks>Narrows [<paramref name="from"/>, <paramref name="to"/>] to the days on which the person's active lines are the same as on the date.</remarks>
    private static string? ManagerOn(Dictionary<string, List<ReportingLine>> lines, string personId, DateOnly date, string bookingId, List<InputIssue> issues, ref DateOnly from, ref DateOnly to)
    {
        if (!lines.TryGetValue(personId, out var candidates))
        {
            return null;
        }

        // The usual case, one manager on the date, without allocating; anything else takes the reporting path below.
        string? single = null;
        var several = false;
        foreach (var line in candidates)
        {
            var effective = line.Effective;
            if (effective.Contains(date))
            {
                from = Later(from, effective.Start);
                to = effective.End is { } end ? Earlier(to, end) : to;
                if (single is null)
                {
                    single = line.ManagerId;
                }
                else if (!string.Equals(single, line.ManagerId, StringComparison.Ordinal))
                {
                    several = true;
                }
            }
            else if (effective.Start > date)
            {
                to = Earlier(to, effective.Start.AddDays(-1));
            }
            else
            {
                from = Later(from, effective.End!.Value.AddDays(1));
            }
        }

        if (!several)
        {
            return single;
        }

        var active = candidates.Where(l => l.Effective.Contains(date)).ToList();
        if (active.Select(l => l.ManagerId).Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            issues.Add(new InputIssue("hierarchy.ambiguous", $"hierarchy[{personId}]",
                $"On {date:yyyy-MM-dd} (booking '{bookingId}') '{personId}' reports to {string.Join(", ", active.Select(l => l.ManagerId).Distinct(StringComparer.Ordinal))}; roll-up follows '{active[0].ManagerId}'."));
        }

        return active.Count == 0 ? null : active[0].ManagerId;
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>The direct credit's single share (100 %), shared by every booking without a revenue split.</summary>
    private static readonly decimal[] Whole = [100m];

    private static Structure? BuildStructure(Booking booking, SplitRule? rule, Run run, CreditingPolicy policy)
    {
        var issues = run.Issues;
        var shares = rule?.Shares ?? [];
        if (shares.Count == 0)
        {
            return new Structure(true, [new SplitShare(booking.OwnerId, 100m, SplitKind.Revenue)], [run.Chain(booking, booking.OwnerId).Managers], [], Whole);
        }

        var path = $"bookings[{booking.Id}].splits";
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
        var chains = new List<IReadOnlyList<string>>(revenueShares.Count);
        var percents = new decimal[revenueShares.Count];
        for (var i = 0; i < revenueShares.Count; i++)
        {
            chains.Add(run.Chain(booking, revenueShares[i].ParticipantId).Managers);
            percents[i] = revenueShares[i].Percent;
        }

        return new Structure(direct, revenueShares, chains, overlay, percents);
    }

    /// <summary>The managers above <paramref name="holder"/> on the booking date, nearest first, up to the roll-up depth.</summary>
    /// <remarks>Also gives the days around the booking date on which the same lines decide the chain, and whether it raised no issue (then it may be reused on those days).</remarks>
    private static (string[] Chain, DateOnly From, DateOnly To, bool Reusable) Chain(Booking booking, string holder, Dictionary<string, List<ReportingLine>> lines, CreditingPolicy policy, List<InputIssue> issues)
    {
        var (from, to) = (DateOnly.MinValue, DateOnly.MaxValue);
        if (policy.RollUpLevels == 0)
        {
            return ([], from, to, true);
        }

        var issueCount = issues.Count;
        var chain = new List<string>(policy.RollUpLevels);
        var current = holder;
        for (var level = 1; level <= policy.RollUpLevels; level++)
        {
            var manager = ManagerOn(lines, current, booking.Date, booking.Id, issues, ref from, ref to);
            if (manager is null)
            {
                break;
            }

            if (manager == holder || chain.Contains(manager, StringComparer.Ordinal))
            {
                issues.Add(new InputIssue("hierarchy.cycle", $"hierarchy[{current}]", $"On {booking.Date:yyyy-MM-dd} the reporting lines above '{holder}' loop back to '{manager}'; roll-up of booking '{booking.Id}' stops there."));
                break;
            }

            chain.Add(manager);
            current = manager;
        }

        return ([.. chain], from, to, issues.Count == issueCount);
    }

    /// <summary>The id suffix of a credit ("/rollup/M/via/P"), one string per shape.</summary>
    private static string Suffix(Dictionary<(CreditKind, string, string), string> suffixes, CreditKind kind, string participant, string holder)
    {
        ref var suffix = ref CollectionsMarshal.GetValueRefOrAddDefault(suffixes, (kind, participant, holder), out _);
        return suffix ??= kind switch
        {
            CreditKind.RollUp => $"/rollup/{participant}/via/{holder}",
            CreditKind.Overlay => $"/overlay/{participant}",
            _ => $"/{Name(kind)}/{participant}",
        };
    }

    /// <summary>
    /// Adds the credits of a booking without a split (its owner's 100 % and the owner's roll-up <paramref name="chain"/>),
    /// the same as <see cref="MakeCredits"/> makes from a direct structure, without making one.
    /// </summary>
    private static void MakeDirectCredits(List<CreditRow> credits, Booking booking, Booking classification, ResolvedChain chain, CreditingPolicy policy)
    {
        const decimal Percent = 100m;
        var owner = booking.OwnerId;
        var margin = booking.Margin ?? Money.Zero(booking.Amount.Currency);
        var amount = booking.Amount.Allocate(Whole, policy.Rounding)[0];
        var marginShare = margin.Allocate(Whole, policy.Rounding)[0];
        var units = booking.Units * Percent / 100m;
        credits.Add(new CreditRow(booking, classification, owner, owner, chain.DirectSuffix, CreditKind.Direct, 0, Percent, amount, marginShare, units));
        for (var level = 0; level < chain.Managers.Length; level++)
        {
            var manager = chain.Managers[level];
            credits.Add(new CreditRow(booking, classification, manager, owner, chain.RollUpSuffixes[level], CreditKind.RollUp, level + 1, Percent, amount, marginShare, units));
        }
    }

    /// <summary>Adds the credits of <paramref name="booking"/> (classified by <paramref name="classification"/>, its original for a cancellation) to <paramref name="credits"/>.</summary>
    private static void MakeCredits(List<CreditRow> credits, Booking booking, Booking classification, Structure structure, CreditingPolicy policy, Dictionary<(CreditKind, string, string), string> suffixes)
    {
        // Credit ids are made when read; the id suffixes ("/rollup/M/via/P") are shared by every booking with the same shape.
        string Suffix(CreditKind kind, string participant, string holder) => CreditAllocator.Suffix(suffixes, kind, participant, holder);

        var margin = booking.Margin ?? Money.Zero(booking.Amount.Currency);
        var amounts = booking.Amount.Allocate(structure.Percents, policy.Rounding);
        var margins = margin.Allocate(structure.Percents, policy.Rounding);
        var revenueKind = structure.Direct ? CreditKind.Direct : CreditKind.RevenueSplit;
        for (var i = 0; i < structure.Revenue.Count; i++)
        {
            var share = structure.Revenue[i];
            var units = booking.Units * share.Percent / 100m;
            var id = Suffix(revenueKind, share.ParticipantId, share.ParticipantId);
            credits.Add(new CreditRow(booking, classification, share.ParticipantId, share.ParticipantId, id, revenueKind, 0, share.Percent, amounts[i], margins[i], units));
            for (var level = 0; level < structure.Chains[i].Count; level++)
            {
                var manager = structure.Chains[i][level];
                var rollUpId = Suffix(CreditKind.RollUp, manager, share.ParticipantId);
                credits.Add(new CreditRow(booking, classification, manager, share.ParticipantId, rollUpId, CreditKind.RollUp, level + 1, share.Percent, amounts[i], margins[i], units));
            }
        }

        foreach (var share in structure.Overlay)
        {
            var id = Suffix(CreditKind.Overlay, share.ParticipantId, share.ParticipantId);
            credits.Add(new CreditRow(
                booking,
                classification,
                share.ParticipantId,
                share.ParticipantId,
                id,
                CreditKind.Overlay,
                0,
                share.Percent,
                (booking.Amount * (share.Percent / 100m)).Round(policy.Rounding),
                (margin * (share.Percent / 100m)).Round(policy.Rounding),
                booking.Units * share.Percent / 100m));
        }
    }

    private static bool IsWholeMinorUnits(Money money) => money.Round(MidpointRounding.ToEven).Amount == money.Amount;

    private static string Name(CreditKind kind) => kind == CreditKind.Direct ? "direct" : "split";

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Structure(bool Direct, IReadOnlyList<SplitShare> Revenue, IReadOnlyList<IReadOnlyList<string>> Chains, IReadOnlyList<SplitShare> Overlay, IReadOnlyList<decimal> Percents);

    /// <summary>One run of originals credited on one thread: its credits, chunks, issues, kept structures and caches.</summary>
    private sealed class Run(Holders holders)
    {
        /// <summary>One booking's credits while they are made.</summary>
        public List<CreditRow> Scratch { get; } = [];

        public List<InputIssue> Issues { get; } = [];

        public Dictionary<string, Structure> Structures { get; } = new(StringComparer.Ordinal);

        public Dictionary<(CreditKind, string, string), string> Suffixes { get; } = [];

        public ResolvedChain Chain(Booking booking, string holder) => holders.Chain(booking, holder, Issues);
    }

    /// <summary>A holder's managers on some days, with the id suffixes of the holder's direct credit and of each roll-up.</summary>
    private sealed class ResolvedChain(string holder, string[] managers)
    {
        public string[] Managers { get; } = managers;

        public string[] RollUpSuffixes { get; } = [.. managers.Select(m => $"/rollup/{m}/via/{holder}")];

        public string DirectSuffix { get; } = $"/direct/{holder}";
    }

    /// <summary>
    /// Chains already resolved, per holder, with the days on which each holds: roll-up chains are resolved once per chain
    /// and range of days, not per booking. Shared by the runs of one allocation (thread-safe).
    /// </summary>
    private sealed class Holders(Dictionary<string, List<ReportingLine>> lines, CreditingPolicy policy)
    {
        private readonly ConcurrentDictionary<string, Known> byHolder = new(StringComparer.Ordinal);

        public ResolvedChain Chain(Booking booking, string holder, List<InputIssue> issues)
        {
            var known = byHolder.TryGetValue(holder, out var found) ? found : byHolder.GetOrAdd(holder, static _ => new Known());
            foreach (var (from, to, chain) in known.Entries)
            {
                if (from <= booking.Date && booking.Date <= to)
                {
                    return chain;
                }
            }

            var resolved = CreditAllocator.Chain(booking, holder, lines, policy, issues);
            var made = new ResolvedChain(holder, resolved.Chain);
            if (resolved.Reusable)
            {
                known.Add((resolved.From, resolved.To, made));
            }

            return made;
        }

        /// <summary>One holder's resolved chains, replaced as a whole when one is added so that readers need no lock.</summary>
        private sealed class Known
        {
            private (DateOnly From, DateOnly To, ResolvedChain Chain)[] entries = [];

            public (DateOnly From, DateOnly To, ResolvedChain Chain)[] Entries => Volatile.Read(ref entries);

            public void Add((DateOnly From, DateOnly To, ResolvedChain Chain) entry)
            {
                lock (this)
                {
                    Volatile.Write(ref entries, [.. entries, entry]);
                }
            }
        }
    }
}
