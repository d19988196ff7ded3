using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
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
    /// <summary>How many originals are credited at a time when there are no cancellations (their shapes and offsets reuse two arrays).</summary>
    private const int BlockSize = 1 << 16;

    /// <summary>Allocation in long arithmetic: amounts and weights below this (as <see cref="Money.Allocate"/>'s fast path).</summary>
    private const long SmallLimit = 1_000_000_000_000_000_000;

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

        // Split rules in booking id order, without a dictionary: a booking's several rules are neighbours. Rules given in
        // strictly increasing order need neither sorting nor the search for a booking's several rules.
        var ordered = splits.ToArray();
        var oneEach = InIdOrder<SplitRule, RuleId>(ordered);
        if (!oneEach)
        {
            ordered = IdOrder.Sorted(ordered);
        }

        var ruleless = oneEach ? null : OneRulePerBooking(ref ordered, issues);

        // Bookings in id order, without a dictionary: duplicates are neighbours, and input already in order is not sorted.
        var sorted = bookings.ToArray();
        var distinct = InIdOrder<Booking, BookingId>(sorted);
        if (!distinct)
        {
            sorted = IdOrder.Sorted(sorted);
        }

        var (originals, cancellations) = Credited(sorted, distinct, ruleless, issues);
        var lines = hierarchy
            .GroupBy(l => l.PersonId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.ManagerId, StringComparer.Ordinal).ThenBy(l => l.Effective.Start).ToList(), StringComparer.Ordinal);

        // Two passes over runs of the originals (in id order) in parallel: first each booking's shape (a booking without a
        // split only needs its owner's chain, resolved once per chain and range of days; a split booking its rule) and
        // credit count, then, at offsets from those counts, its rows written straight into place (a split booking's
        // structure kept from pass one within a block, or made again: kept for all, the structures of millions of split
        // bookings would outlive the young generation for nothing). The runs are joined in id order, so the result does
        // not depend on scheduling.
        // The originals go in blocks whose shapes and offsets reuse two arrays, unless there are cancellations (which
        // look up any original's): then in one block.
        // Names known before the runs start, so that they rarely wait to add one, and in ordinal order, so that a split
        // booking's rows are ordered by participant by comparing indexes.
        var people = lines.Keys.Concat(lines.Values.SelectMany(l => l.Select(line => line.ManagerId))).Distinct(StringComparer.Ordinal).ToList();
        var table = new CreditTable();
        table.AddOrdered(people);

        var holders = new Holders(lines, people, policy, table);
        var blockSize = cancellations.Count == 0 ? Math.Min(originals.Length, BlockSize) : originals.Length;
        var shapes = new Shape[blockSize];
        var offsets = new int[blockSize + 1];
        var credits = new CreditRows(table);
        Cancellation[] credited = [];

        // In blocks (no cancellations), a split booking's structure is made once, in pass one, and kept for pass two in
        // its run's pool (a block's few thousand, reused block after block); in one block (cancellations) only its rule
        // is kept and the structure is made again where it is written, so that millions of them are never held at once.
        var pools = cancellations.Count == 0 ? new StructurePool[Math.Min(256, Environment.ProcessorCount * 4)] : null;
        for (var first = 0; first < originals.Length; first += blockSize)
        {
            var count = Math.Min(blockSize, originals.Length - first);
            Array.Clear(shapes, 0, count);
            Array.Clear(offsets, 0, count + 1);
            var runCount = count < 4096 ? 1 : Math.Min(256, Environment.ProcessorCount * 4);
            var runs = new Run[runCount];
            RunInParallel(runCount, r =>
            {
                var run = new Run(holders, table);
                var pool = pools is null ? null : pools[r] ??= new StructurePool();
                pool?.Reset();
                var (from, to) = RunRange(count, runCount, r);
                var next = from < to ? FirstRuleFrom(ordered, originals[first + from].Id) : ordered.Length;
                for (var k = from; k < to; k++)
                {
                    var booking = originals[first + k];
                    SplitRule? rule = null;
                    if (next < ordered.Length)
                    {
                        var order = string.CompareOrdinal(ordered[next].BookingId, booking.Id);
                        while (order < 0 && ++next < ordered.Length)
                        {
                            order = string.CompareOrdinal(ordered[next].BookingId, booking.Id);
                        }

                        rule = order == 0 && next < ordered.Length ? ordered[next] : null;
                    }

                    if (rule is null || rule.Shares.Count == 0)
                    {
                        var rows = run.DirectRows(booking, booking.OwnerId);
                        shapes[k] = new Shape(rows);
                        offsets[k + 1] = rows.Length;
                        continue;
                    }

                    if (pool is not null)
                    {
                        if (BuildStructure(booking, rule, run, pool.Next()) is { } structure)
                        {
                            shapes[k] = new Shape(structure);
                            offsets[k + 1] = structure.Count;
                        }
                    }
                    else if (SplitCount(booking, rule, run) is var splitCount and >= 0)
                    {
                        shapes[k] = new Shape(rule);
                        offsets[k + 1] = splitCount;
                    }
                }

                runs[r] = run;
            });

            for (var k = 0; k < count; k++)
            {
                offsets[k + 1] += offsets[k];
            }

            // With cancellations (one block), their rows are laid out among the originals' in id order: the originals'
            // offsets move up past the credited cancellations before them, and nothing is sorted or copied afterwards.
            var total = offsets[count];
            if (cancellations.Count > 0)
            {
                (credited, total) = CancellationsToCredit(originals, cancellations, offsets, ordered, issues);
            }

            var start = credits.Grow(total);
            RunInParallel(runCount, r =>
            {
                // The issues of a structure made again were reported in the first pass.
                var quiet = new Run(holders, table);
                var (from, to) = RunRange(count, runCount, r);
                for (var k = from; k < to; k++)
                {
                    var i = first + k;
                    var shape = shapes[k];
                    if (shape.Made is not null)
                    {
                        quiet.Note(originals[i].Amount.Currency);
                    }

                    if (shape.Made is int[] rows)
                    {
                        WriteDirect(credits, start + offsets[k], table, i, rows, DirectValues(originals[i], table, policy.Rounding));
                    }
                    else if (shape.Made is Structure structure)
                    {
                        WriteSplit(credits, start + offsets[k], quiet, i, originals[i], structure, policy.Rounding);
                    }
                    else if (shape.Made is SplitRule rule)
                    {
                        WriteSplit(credits, start + offsets[k], quiet, i, originals[i], BuildStructure(originals[i], rule, quiet, quiet.Structure)!, policy.Rounding);
                    }
                }
            });

            foreach (var run in runs)
            {
                issues.AddRange(run.Issues);
            }
        }

        if (originals.Length == 0 && cancellations.Count > 0)
        {
            // No originals: every cancellation is reported as missing its original.
            _ = CancellationsToCredit(originals, cancellations, offsets, ordered, issues);
        }

        // The credited cancellations' rows, each mirroring its original's shape, in the places laid out for them.
        var cancellationRuns = credited.Length < 4096 ? 1 : Math.Min(256, Environment.ProcessorCount * 4);
        RunInParallel(cancellationRuns, r =>
        {
            var quiet = new Run(holders, table);
            var (from, to) = RunRange(credited.Length, cancellationRuns, r);
            for (var c = from; c < to; c++)
            {
                var (cancellation, index, bookingIndex, start, _) = credited[c];
                quiet.Note(cancellation.Amount.Currency);
                if (shapes[index].Made is int[] rows)
                {
                    WriteDirect(credits, start, table, bookingIndex, rows, DirectValues(cancellation, table, policy.Rounding));
                }
                else
                {
                    // The original's structure, made again (its issues were reported when the original was credited).
                    WriteSplit(credits, start, quiet, bookingIndex, cancellation, BuildStructure(originals[index], (SplitRule)shapes[index].Made!, quiet, quiet.Structure)!, policy.Rounding);
                }
            }
        });

        // The originals' array is the allocator's own (a copy of the input): without cancellations it is kept as it is.
        var all = originals;
        var originalOf = new int[credited.Length];
        if (credited.Length > 0)
        {
            all = new Booking[originals.Length + credited.Length];
            originals.CopyTo(all, 0);
        }

        foreach (var cancellation in credited)
        {
            all[cancellation.BookingIndex] = cancellation.Booking;
            originalOf[cancellation.BookingIndex - originals.Length] = cancellation.Original;
        }

        table.SetBookings(all, originals.Length, originalOf);
        return new CreditingResult(
            new CreditList(credits),
            [.. issues.Distinct().OrderBy(i => i.Path, StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Keeps the rules (in booking id order) of bookings with exactly one rule; a booking with several gets the issue
    /// <c>split.duplicate-rule</c> and is returned among those not to credit.
    /// </summary>
    private static HashSet<string>? OneRulePerBooking(ref SplitRule[] rules, List<InputIssue> issues)
    {
        HashSet<string>? ruleless = null;
        var kept = 0;
        for (var i = 0; i < rules.Length;)
        {
            var id = rules[i].BookingId;
            var count = 1;
            while (i + count < rules.Length && string.Equals(rules[i + count].BookingId, id, StringComparison.Ordinal))
            {
                count++;
            }

            if (count > 1)
            {
                issues.Add(new InputIssue("split.duplicate-rule", $"bookings[{id}].splits", $"Booking '{id}' has {count} split rules; it is not credited."));
                (ruleless ??= new HashSet<string>(StringComparer.Ordinal)).Add(id);
            }
            else
            {
                rules[kept++] = rules[i];
            }

            i += count;
        }

        if (kept < rules.Length)
        {
            Array.Resize(ref rules, kept);
        }

        return ruleless;
    }

    /// <summary>The rule of booking <paramref name="id"/> among rules in booking id order, or null.</summary>
    private static SplitRule? RuleOf(SplitRule[] rules, string id)
    {
        var index = FirstRuleFrom(rules, id);
        return index < rules.Length && string.Equals(rules[index].BookingId, id, StringComparison.Ordinal) ? rules[index] : null;
    }

    /// <summary>The index of the first rule whose booking id is not before <paramref name="id"/>.</summary>
    private static int FirstRuleFrom(SplitRule[] rules, string id)
    {
        var (low, high) = (0, rules.Length);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(rules[middle].BookingId, id) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>An item's id, read by a type argument so that each scan is compiled with the read inlined.</summary>
    private interface IIdOf<in T>
    {
        static abstract string Of(T item);
    }

    private readonly struct BookingId : IIdOf<Booking>
    {
        public static string Of(Booking item) => item.Id;
    }

    private readonly struct RuleId : IIdOf<SplitRule>
    {
        public static string Of(SplitRule item) => item.BookingId;
    }

    /// <summary>Whether the items' ids are strictly increasing (ordinal): in order, and no id twice. Checked in parallel blocks.</summary>
    private static bool InIdOrder<T, TId>(T[] items)
        where TId : struct, IIdOf<T>
    {
        var ordered = 1;
        RunInParallel((items.Length + ScanBlock - 1) / ScanBlock, b =>
        {
            var end = Math.Min(items.Length, (b + 1) * ScanBlock);
            for (var i = Math.Max(1, b * ScanBlock); i < end && Volatile.Read(ref ordered) == 1; i++)
            {
                if (string.CompareOrdinal(TId.Of(items[i - 1]), TId.Of(items[i])) >= 0)
                {
                    Volatile.Write(ref ordered, 0);
                }
            }
        });
        return ordered == 1;
    }

    /// <summary>How many bookings one block of a parallel scan over them takes.</summary>
    private const int ScanBlock = 1 << 16;

    /// <summary>What the parallel scan of <see cref="Credited"/> found for a booking.</summary>
    private enum Found : byte
    {
        /// <summary>Its amount or margin is not whole minor units.</summary>
        Imprecise,

        /// <summary>An original booking.</summary>
        Original,

        /// <summary>A cancellation.</summary>
        Cancellation,
    }

    /// <summary>
    /// The bookings that may be credited, in id order, split into originals and cancellations (each with the number of
    /// originals before it in id order): an id that appears more than once, an amount or margin that is not whole minor
    /// units, and a booking with several split rules are left out (the first two with an issue here, the last reported
    /// with its rules).
    /// </summary>
    /// <param name="sorted">The bookings in id order.</param>
    /// <param name="distinct">Whether the ids are known to be distinct (strictly increasing), so no neighbours are compared.</param>
    /// <param name="ruleless">The bookings left out for having several split rules, or null.</param>
    /// <param name="issues">Where the issues go.</param>
    private static (Booking[] Originals, List<(Booking Booking, int Before)> Cancellations) Credited(Booking[] sorted, bool distinct, HashSet<string>? ruleless, List<InputIssue> issues)
    {
        // What each booking is (whole minor units or not, original or cancellation), worked out in parallel, so that the
        // sequential scan below reads a byte per booking and looks at a booking only to report it or to compare ids.
        var found = new Found[sorted.Length];
        RunInParallel((sorted.Length + ScanBlock - 1) / ScanBlock, b =>
        {
            for (var i = b * ScanBlock; i < Math.Min(sorted.Length, (b + 1) * ScanBlock); i++)
            {
                var booking = sorted[i];
                var precise = IsWholeMinorUnits(booking.Amount) && (booking.Margin is not { } margin || (IsWholeMinorUnits(margin) && margin.Currency == booking.Amount.Currency));
                found[i] = !precise ? Found.Imprecise : booking.OriginalBookingId is null ? Found.Original : Found.Cancellation;
            }
        });

        var kept = 0;
        var cancellations = new List<(Booking Booking, int Before)>();
        for (var i = 0; i < sorted.Length;)
        {
            var booking = sorted[i];
            var count = 1;
            while (!distinct && i + count < sorted.Length && string.Equals(sorted[i + count].Id, booking.Id, StringComparison.Ordinal))
            {
                count++;
            }

            i += count;
            if (count > 1)
            {
                issues.Add(new InputIssue("booking.duplicate-id", $"bookings[{booking.Id}]", $"Booking id '{booking.Id}' appears {count} times; none of them is credited."));
                continue;
            }

            var what = found[i - 1];
            if (what == Found.Imprecise)
            {
                issues.Add(new InputIssue("booking.amount-precision", $"bookings[{booking.Id}]",
                    $"Booking '{booking.Id}' has amount {booking.Amount} and margin {booking.Margin?.ToString() ?? "none"}; both must be whole minor units of the booking's currency, so that credits sum exactly to them. It is not credited."));
                continue;
            }

            if (ruleless?.Contains(booking.Id) == true)
            {
                continue;
            }

            if (what == Found.Original)
            {
                sorted[kept++] = booking;
            }
            else
            {
                cancellations.Add((booking, kept));
            }
        }

        if (kept < sorted.Length)
        {
            Array.Resize(ref sorted, kept);
        }

        return (sorted, cancellations);
    }

    /// <summary>
    /// Checks the cancellations (grouped by original, each group in date then id order, against the amount cancelled
    /// before), and gives those to credit, each with its original, its booking index (after the originals, in the order
    /// checked) and the start of its rows; the originals' <paramref name="offsets"/> (summed counts) are moved up past the
    /// credited cancellations that come before them in id order. Gives the rows in all.
    /// </summary>
    private static (Cancellation[] Credited, int Total) CancellationsToCredit(
        Booking[] originals,
        List<(Booking Booking, int Before)> cancellations,
        int[] offsets,
        SplitRule[] rules,
        List<InputIssue> issues)
    {
        // Grouped by original (missing originals first), each group in date then id order: the cancellations are in id
        // order, so their place in the list breaks ties.
        var keys = new CancellationKey[cancellations.Count];
        for (var c = 0; c < keys.Length; c++)
        {
            var booking = cancellations[c].Booking;
            keys[c] = new CancellationKey(IndexOf(originals, booking.OriginalBookingId!), booking.Date.DayNumber, c);
        }

        Array.Sort(keys);
        var credited = new List<Cancellation>(cancellations.Count);
        var cancelled = 0m;
        for (var k = 0; k < keys.Length; k++)
        {
            var (index, _, c) = keys[k];
            cancelled = k > 0 && keys[k - 1].Original == index ? cancelled : 0m;
            var cancellation = cancellations[c].Booking;
            var path = $"bookings[{cancellation.Id}]";
            if (index < 0)
            {
                issues.Add(new InputIssue("booking.original-missing", path, $"Cancellation '{cancellation.Id}' refers to '{cancellation.OriginalBookingId}', which is not an original booking in the input."));
                continue;
            }

            var original = originals[index];
            var count = offsets[index + 1] - offsets[index];
            if (count == 0)
            {
                issues.Add(new InputIssue("booking.original-rejected", path, $"Cancellation '{cancellation.Id}' refers to '{original.Id}', which was not credited; it is not credited either."));
                continue;
            }

            if (RuleOf(rules, cancellation.Id) is not null)
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
            credited.Add(new Cancellation(cancellation, index, originals.Length + credited.Count, c, count));
        }

        // Lay out in id order: the cancellations (by their place in id order) among the originals.
        var inIdOrder = credited.ToArray();
        var places = Array.ConvertAll(inIdOrder, c => c.Start);
        Array.Sort(places, inIdOrder);
        var extra = 0;
        var next = 0;
        for (var k = 0; k <= originals.Length; k++)
        {
            var originalStart = offsets[k];
            while (next < inIdOrder.Length && cancellations[inIdOrder[next].Start].Before <= k)
            {
                var count = inIdOrder[next].Count;
                inIdOrder[next] = inIdOrder[next] with { Start = originalStart + extra };
                extra += count;
                next++;
            }

            offsets[k] = originalStart + extra;
        }

        return (inIdOrder, offsets[originals.Length]);
    }

    /// <summary>
    /// Writes the credits of a booking without a split (its owner's 100 % and the owner's roll-ups, whose id suffixes are
    /// <paramref name="rows"/> in participant-id order) at <paramref name="start"/>.
    /// </summary>
    private static void WriteDirect(CreditRows credits, int start, CreditTable table, int bookingIndex, int[] rows, in DirectValue values)
    {
        var (day, amount, margin, flags) = values;
        for (var i = 0; i < rows.Length; i++)
        {
            credits[start + i] = new CreditRow(table, bookingIndex, day, rows[i], CreditTable.Whole, amount, margin, flags);
        }
    }

    /// <summary>A booking's day, amount and margin as its direct credits hold them.</summary>
    private static DirectValue DirectValues(Booking booking, CreditTable table, MidpointRounding rounding)
    {
        var (amount, amountFlags) = Whole(booking.Amount, rounding, table, CreditRow.AmountInTable);
        var (margin, marginFlags) = booking.Margin is { } given ? Whole(given, rounding, table, CreditRow.MarginInTable) : (0, 0);
        return new DirectValue(booking.Date.DayNumber, amount, margin, amountFlags | marginFlags);
    }

    /// <summary>
    /// The whole of <paramref name="money"/> (a booking's amount or margin, whole minor units) allocated to a single 100 %
    /// share, as <see cref="Money.Allocate"/> gives it, in a row's compact form.
    /// </summary>
    private static (int Value, int Flags) Whole(Money money, MidpointRounding rounding, CreditTable table, int inTable)
    {
        if (ScaledInteger.TryToInt64(money.Amount, money.Currency.MinorUnits, out var units) && units > -SmallLimit && units < SmallLimit)
        {
            return table.Encode(units, money.Currency, inTable);
        }

        return table.Encode(money.Allocate(WholeWeight, rounding)[0], inTable, inTable << 1);
    }

    /// <summary>
    /// Writes the credits of a split <paramref name="booking"/> (for a cancellation, with its original's
    /// <paramref name="structure"/>) at <paramref name="start"/>, sorted by participant id then credit id.
    /// </summary>
    private static void WriteSplit(CreditRows credits, int start, Run run, int bookingIndex, Booking booking, Structure structure, MidpointRounding rounding)
    {
        var table = run.Table;
        var revenue = structure.Revenue;
        var (amountRoom, marginRoom, flagRoom) = (default(Buffer16<int>), default(Buffer16<int>), default(Buffer16<int>));
        var few = revenue.Length <= Buffer16<int>.Length;
        var amounts = few ? ((Span<int>)amountRoom)[..revenue.Length] : new int[revenue.Length];
        var margins = few ? ((Span<int>)marginRoom)[..revenue.Length] : new int[revenue.Length];
        var flags = few ? ((Span<int>)flagRoom)[..revenue.Length] : new int[revenue.Length];
        var margin = booking.Margin ?? Money.Zero(booking.Amount.Currency);
        Split(booking.Amount, structure, rounding, table, amounts, flags, CreditRow.AmountInTable);
        if (booking.Margin is null)
        {
            // Zero allocated gives zeros, none of them negative.
            margins.Clear();
        }
        else
        {
            Split(margin, structure, rounding, table, margins, flags, CreditRow.MarginInTable);
        }

        var rows = run.Scratch(structure.Count);
        var count = 0;
        var day = booking.Date.DayNumber;
        for (var i = 0; i < revenue.Length; i++)
        {
            var share = revenue[i];
            rows[count++] = new CreditRow(table, bookingIndex, day, share.Suffix, share.PercentCode, amounts[i], margins[i], flags[i]);
            var chain = structure.Chains[i];
            for (var level = 0; level < chain.Managers.Length; level++)
            {
                rows[count++] = new CreditRow(table, bookingIndex, day, chain.RollUpSuffixes[level], share.PercentCode, amounts[i], margins[i], flags[i]);
            }
        }

        foreach (var share in structure.Overlay)
        {
            var (amount, amountFlags) = table.Encode((booking.Amount * (share.Percent / 100m)).Round(rounding), CreditRow.AmountInTable, CreditRow.AmountNegativeZero);
            var (overlayMargin, marginFlags) = table.Encode((margin * (share.Percent / 100m)).Round(rounding), CreditRow.MarginInTable, CreditRow.MarginNegativeZero);
            rows[count++] = new CreditRow(table, bookingIndex, day, share.Suffix, share.PercentCode, amount, overlayMargin, amountFlags | marginFlags);
        }

        // Within one booking the ids share their booking prefix, so the suffix orders them (insertion sort: a few rows).
        for (var i = 1; i < count; i++)
        {
            var row = rows[i];
            var j = i - 1;
            while (j >= 0 && Compare(table, rows[j], row) > 0)
            {
                rows[j + 1] = rows[j];
                j--;
            }

            rows[j + 1] = row;
        }

        for (var i = 0; i < count; i++)
        {
            credits[start + i] = rows[i];
        }
    }

    /// <summary>Orders two rows of one booking by participant id, then id suffix (ordinal).</summary>
    private static int Compare(CreditTable table, in CreditRow a, in CreditRow b)
    {
        var byParticipant = table.CompareNames(a.ParticipantIndex, b.ParticipantIndex);
        return byParticipant != 0 ? byParticipant : string.CompareOrdinal(a.IdSuffix, b.IdSuffix);
    }

    /// <summary>
    /// <paramref name="money"/> split over the structure's revenue shares exactly as <see cref="Money.Allocate"/> splits it
    /// (in long arithmetic when it fits), in a row's compact form; flags are or-ed into <paramref name="flags"/>.
    /// </summary>
    private static void Split(Money money, Structure structure, MidpointRounding rounding, CreditTable table, Span<int> parts, Span<int> flags, int inTable)
    {
        var weights = structure.Weights;
        if (!weights.IsEmpty
            && ScaledInteger.TryToInt64(money.Amount, money.Currency.MinorUnits, out var units) && units > -SmallLimit && units < SmallLimit)
        {
            var wideRoom = default(Buffer16<long>);
            var wide = parts.Length <= Buffer16<long>.Length ? ((Span<long>)wideRoom)[..parts.Length] : new long[parts.Length];

            Money.AllocateUnits(Math.Abs(units), weights, structure.WeightTotal, wide);
            for (var i = 0; i < parts.Length; i++)
            {
                var part = wide[i];
                if (units < 0)
                {
                    flags[i] |= part == 0 ? inTable << 1 : 0;
                    part = -part;
                }

                (parts[i], var flag) = table.Encode(part, money.Currency, inTable);
                flags[i] |= flag;
            }

            return;
        }

        var allocated = money.Allocate(structure.Percents.ToArray(), rounding);
        for (var i = 0; i < parts.Length; i++)
        {
            var (value, flag) = table.Encode(allocated[i], inTable, inTable << 1);
            parts[i] = value;
            flags[i] |= flag;
        }
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

    /// <summary>The direct credit's single weight (100 %).</summary>
    private static readonly decimal[] WholeWeight = [100m];

    /// <summary>
    /// The shares of a booking with a split rule, checked: each participant once per kind, every percent above 0, revenue
    /// shares totalling 100 % (else issues and null). Without revenue shares the owner holds 100 % direct. Made in
    /// <paramref name="structure"/> (the run's <see cref="Run.Structure"/>, or a pool's), so valid until it is made again.
    /// </summary>
    private static Structure? BuildStructure(Booking booking, SplitRule rule, Run run, Structure structure)
    {
        var shares = rule.Shares;
        structure.Clear(shares.Count);
        var revenueCount = 0;
        var valid = true;
        foreach (var share in shares)
        {
            revenueCount += share.Kind == SplitKind.Revenue ? 1 : 0;
            valid &= share.Percent > 0m;
        }

        var sorted = structure.SortedShares(shares.Count);
        var (r, o) = (0, revenueCount);
        foreach (var share in shares)
        {
            sorted[share.Kind == SplitKind.Revenue ? r++ : o++] = share;
        }

        var revenue = sorted[..revenueCount];
        var overlay = sorted[revenueCount..];
        SortByParticipant(revenue);
        SortByParticipant(overlay);
        valid = valid && Distinct(revenue) && Distinct(overlay);
        if (valid && revenue.Length > 0)
        {
            var total = 0m;
            foreach (var share in revenue)
            {
                total += share.Percent;
            }

            valid = total == 100m;
        }

        if (!valid)
        {
            ReportInvalid(booking, shares, run.Issues);
            return null;
        }

        var table = run.Table;
        if (revenue.Length == 0)
        {
            var chain = run.Chain(booking, booking.OwnerId, out var credits);
            structure.AddRevenue(new Share(chain.Holder, chain.DirectSuffix, 100m, table.PercentCode(100m)), chain, credits);
        }

        foreach (var share in revenue)
        {
            var chain = run.Chain(booking, share.ParticipantId, out var credits);
            structure.AddRevenue(new Share(chain.Holder, chain.SplitSuffix, share.Percent, table.PercentCode(share.Percent)), chain, credits);
        }

        foreach (var share in overlay)
        {
            var participant = table.NameOf(share.ParticipantId);
            structure.AddOverlay(new Share(participant, table.SuffixOf(CreditKind.Overlay, participant, participant, 0), share.Percent, table.PercentCode(share.Percent)));
        }

        structure.Weigh();
        return structure;
    }

    /// <summary>
    /// How many credits a split booking gets (what <see cref="BuildStructure"/> counts, its chains resolved in the same
    /// order), or −1 when its rule does not hold; only a rule that does not hold, or has more than 16 shares, makes the
    /// structure (which reports the issues).
    /// </summary>
    private static int SplitCount(Booking booking, SplitRule rule, Run run)
    {
        var shares = rule.Shares;
        if (shares.Count > 16)
        {
            return BuildStructure(booking, rule, run, run.Structure)?.Count ?? -1;
        }

        var revenueRoom = default(Buffer16<int>);
        Span<int> revenue = revenueRoom;
        var (revenueCount, count) = (0, 0);
        for (var i = 0; i < shares.Count; i++)
        {
            var share = shares[i];
            if (share.Percent <= 0m)
            {
                return BuildStructure(booking, rule, run, run.Structure)?.Count ?? -1;
            }

            for (var j = 0; j < i; j++)
            {
                if (shares[j].Kind == share.Kind && string.Equals(shares[j].ParticipantId, share.ParticipantId, StringComparison.Ordinal))
                {
                    return BuildStructure(booking, rule, run, run.Structure)?.Count ?? -1;
                }
            }

            if (share.Kind != SplitKind.Revenue)
            {
                count++;
                continue;
            }

            // Revenue shares in participant-id order (insertion), as the structure sorts and sums them.
            var at = revenueCount++;
            while (at > 0 && string.CompareOrdinal(shares[revenue[at - 1]].ParticipantId, share.ParticipantId) > 0)
            {
                revenue[at] = revenue[at - 1];
                at--;
            }

            revenue[at] = i;
        }

        if (revenueCount == 0)
        {
            _ = run.Chain(booking, booking.OwnerId, out var credits);
            return count + credits;
        }

        var total = 0m;
        for (var r = 0; r < revenueCount; r++)
        {
            total += shares[revenue[r]].Percent;
        }

        if (total != 100m)
        {
            return BuildStructure(booking, rule, run, run.Structure)?.Count ?? -1;
        }

        for (var r = 0; r < revenueCount; r++)
        {
            _ = run.Chain(booking, shares[revenue[r]].ParticipantId, out var credits);
            count += credits;
        }

        return count;
    }

    /// <summary>Sorts a few shares by participant id (ordinal; insertion, so no delegate and no sort set-up per booking).</summary>
    private static void SortByParticipant(Span<SplitShare> shares)
    {
        if (shares.Length > 16)
        {
            shares.Sort(static (a, b) => string.CompareOrdinal(a.ParticipantId, b.ParticipantId));
            return;
        }

        for (var i = 1; i < shares.Length; i++)
        {
            var share = shares[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(shares[j].ParticipantId, share.ParticipantId) > 0)
            {
                shares[j + 1] = shares[j];
                j--;
            }

            shares[j + 1] = share;
        }
    }

    /// <summary>Whether no participant appears twice in shares sorted by participant.</summary>
    private static bool Distinct(ReadOnlySpan<SplitShare> sortedShares)
    {
        for (var i = 1; i < sortedShares.Length; i++)
        {
            if (string.Equals(sortedShares[i - 1].ParticipantId, sortedShares[i].ParticipantId, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The issues of a split rule that does not hold (the slow path: only for rejected bookings).</summary>
    private static void ReportInvalid(Booking booking, IReadOnlyList<SplitShare> shares, List<InputIssue> issues)
    {
        var path = $"bookings[{booking.Id}].splits";
        var revenue = shares.Where(s => s.Kind == SplitKind.Revenue).OrderBy(s => s.ParticipantId, StringComparer.Ordinal).ToList();
        foreach (var duplicate in shares.GroupBy(s => (s.ParticipantId, s.Kind)).Where(g => g.Skip(1).Any()))
        {
            issues.Add(new InputIssue("split.duplicate-participant", path, $"'{duplicate.Key.ParticipantId}' has {duplicate.Count()} {duplicate.Key.Kind.ToString().ToLowerInvariant()} shares of booking '{booking.Id}'; the booking is not credited."));
        }

        foreach (var share in shares.Where(s => s.Percent <= 0m))
        {
            issues.Add(new InputIssue("split.percent", path, $"'{share.ParticipantId}' has a share of {Format(share.Percent)} % of booking '{booking.Id}'; shares are above 0 %. The booking is not credited."));
        }

        if (revenue.Count > 0 && revenue.Sum(s => s.Percent) != 100m)
        {
            issues.Add(new InputIssue("split.revenue-total", path,
                $"The revenue shares of booking '{booking.Id}' total {Format(revenue.Sum(s => s.Percent))} %, not 100 % ({string.Join(", ", revenue.Select(s => $"{s.ParticipantId} {Format(s.Percent)} %"))}); the booking is not credited."));
        }
    }

    /// <summary>
    /// The percents as integers over their common power of ten in <paramref name="weights"/>, with their total; 0 when they
    /// do not fit long arithmetic.
    /// </summary>
    private static long Weights(ReadOnlySpan<decimal> percents, Span<long> weights)
    {
        if (percents.Length > 16)
        {
            return 0;
        }

        var commonScale = 0;
        foreach (var percent in percents)
        {
            commonScale = Math.Max(commonScale, percent.Scale);
        }

        long total = 0;
        for (var i = 0; i < percents.Length; i++)
        {
            var (magnitude, scale) = ScaledInteger.Decompose(percents[i]);
            for (var s = scale; s < commonScale && magnitude < SmallLimit; s++)
            {
                magnitude *= 10;
            }

            if (magnitude >= SmallLimit || total > long.MaxValue - (long)magnitude)
            {
                return 0;
            }

            weights[i] = (long)magnitude;
            total += weights[i];
        }

        return total;
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


    private static bool IsWholeMinorUnits(Money money) =>
        ScaledInteger.TryToInt64(money.Amount, money.Currency.MinorUnits, out _) || money.Round(MidpointRounding.ToEven).Amount == money.Amount;

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The index of the original with id <paramref name="id"/> among originals in id order, or −1.</summary>
    private static int IndexOf(Booking[] originals, string id)
    {
        var (low, high) = (0, originals.Length - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(originals[middle].Id, id);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }

    /// <summary>Orders cancellations by original index, date, then place in id order.</summary>
    private readonly record struct CancellationKey(int Original, int Day, int Place) : IComparable<CancellationKey>
    {
        public int CompareTo(CancellationKey other) =>
            Original != other.Original ? Original.CompareTo(other.Original) : Day != other.Day ? Day.CompareTo(other.Day) : Place.CompareTo(other.Place);
    }

    /// <summary>
    /// A cancellation to credit: the booking, its original's index, its own booking index, where its rows start (while
    /// laying out: its place among the cancellations in id order), and how many rows.
    /// </summary>
    private readonly record struct Cancellation(Booking Booking, int Original, int BookingIndex, int Start, int Count);

    /// <summary>
    /// What pass one found for an original: its owner's <see cref="ResolvedChain.DirectRows"/>, or its valid split's
    /// <see cref="Structure"/> (in blocks) or <see cref="SplitRule"/> (in one block, with cancellations); null: not credited.
    /// </summary>
    private readonly record struct Shape(object? Made);

    /// <summary>What the credits of a booking without a split hold: its day, amount and margin in compact form, and their flags.</summary>
    private readonly record struct DirectValue(int Day, int Amount, int Margin, int Flags);

    /// <summary>One revenue or overlay share, with its participant, id suffix and percent code in the table.</summary>
    private readonly record struct Share(int Participant, int Suffix, decimal Percent, int PercentCode);

    /// <summary>
    /// A split booking's shares: revenue shares ordered by participant id (the owner's 100 % direct when there are none)
    /// with their chains, overlays ordered by participant id, the revenue percents (as integer weights when they fit),
    /// and the credit count. One per run, made again for each split booking in arrays that only grow, so that a million
    /// split bookings allocate nothing (<see cref="BuildStructure"/>).
    /// </summary>
    private sealed class Structure
    {
        private SplitShare[] sorted = new SplitShare[4];
        private Share[] revenue = new Share[4];
        private ResolvedChain[] chains = new ResolvedChain[4];
        private decimal[] percents = new decimal[4];
        private long[] weights = new long[4];
        private Share[] overlay = new Share[4];
        private int revenueCount;
        private int overlayCount;

        public ReadOnlySpan<Share> Revenue => revenue.AsSpan(0, revenueCount);

        public ReadOnlySpan<ResolvedChain> Chains => chains.AsSpan(0, revenueCount);

        public ReadOnlySpan<Share> Overlay => overlay.AsSpan(0, overlayCount);

        public ReadOnlySpan<decimal> Percents => percents.AsSpan(0, revenueCount);

        /// <summary>The revenue percents as integer weights over <see cref="WeightTotal"/>, or empty when they do not fit long arithmetic.</summary>
        public ReadOnlySpan<long> Weights => WeightTotal == 0 ? [] : weights.AsSpan(0, revenueCount);

        public long WeightTotal { get; private set; }

        /// <summary>How many credits the booking gets.</summary>
        public int Count { get; private set; }

        /// <summary>Empties the structure, with room for <paramref name="shares"/> shares (and the owner's).</summary>
        public void Clear(int shares)
        {
            (revenueCount, overlayCount, WeightTotal, Count) = (0, 0, 0, 0);
            if (revenue.Length <= shares)
            {
                var room = Math.Max(shares + 1, revenue.Length * 2);
                (sorted, revenue, chains, percents, weights, overlay) = (new SplitShare[room], new Share[room], new ResolvedChain[room], new decimal[room], new long[room], new Share[room]);
            }
        }

        /// <summary>Room for the rule's <paramref name="count"/> shares, to sort them by kind and participant.</summary>
        public Span<SplitShare> SortedShares(int count) => sorted.AsSpan(0, count);

        /// <summary>Adds a revenue share whose holder's <paramref name="chain"/> gives it <paramref name="credits"/> credits.</summary>
        public void AddRevenue(in Share share, ResolvedChain chain, int credits)
        {
            (revenue[revenueCount], chains[revenueCount], percents[revenueCount]) = (share, chain, share.Percent);
            revenueCount++;
            Count += credits;
        }

        public void AddOverlay(in Share share)
        {
            overlay[overlayCount++] = share;
            Count++;
        }

        /// <summary>Works out the integer weights of the revenue percents.</summary>
        public void Weigh() => WeightTotal = CreditAllocator.Weights(Percents, weights);
    }

    /// <summary>The structures one run of pass one keeps for pass two of the same block, reused from block to block.</summary>
    private sealed class StructurePool
    {
        private readonly List<Structure> items = [];
        private int used;

        /// <summary>Makes every structure free again (the block before is written).</summary>
        public void Reset() => used = 0;

        /// <summary>A free structure, kept until the next <see cref="Reset"/>.</summary>
        public Structure Next()
        {
            if (used == items.Count)
            {
                items.Add(new Structure());
            }

            return items[used++];
        }
    }

    /// <summary>Orders bookings by id (ordinal) against an id.</summary>
    private sealed class IdComparer : IComparer<object>
    {
        public static readonly IdComparer Instance = new();

        public int Compare(object? x, object? y) => string.CompareOrdinal(IdOf(x), IdOf(y));

        private static string? IdOf(object? value) => value is Booking booking ? booking.Id : (string?)value;
    }

    /// <summary>One run of originals credited on one thread: its issues, a scratch buffer, and the shared caches.</summary>
    private sealed class Run(Holders holders, CreditTable table)
    {
        private CreditRow[] scratch = new CreditRow[16];
        private Currency? noted;

        /// <summary>The structure of the split booking the run is crediting (<see cref="BuildStructure"/>).</summary>
        public Structure Structure { get; } = new();

        public List<InputIssue> Issues { get; } = [];

        /// <summary>Notes the currency of a booking whose credits the run writes in the table, once per change.</summary>
        public void Note(Currency currency)
        {
            if (!ReferenceEquals(currency, noted))
            {
                noted = currency;
                Table.NoteBookingCurrency(currency);
            }
        }

        public CreditTable Table { get; } = table;

        /// <summary>The chain of <paramref name="holder"/> on the booking's date, and how many credits a booking of theirs without a split gets.</summary>
        public ResolvedChain Chain(Booking booking, string holder, out int credits) => holders.Chain(booking, holder, Issues, out credits);

        /// <summary>The rows of a booking of <paramref name="holder"/> without a split (<see cref="ResolvedChain.DirectRows"/>).</summary>
        public int[] DirectRows(Booking booking, string holder) => holders.DirectRows(booking, holder, Issues);

        /// <summary>A buffer of at least <paramref name="count"/> rows for one booking's credits.</summary>
        public CreditRow[] Scratch(int count)
        {
            if (scratch.Length < count)
            {
                scratch = new CreditRow[Math.Max(count, scratch.Length * 2)];
            }

            return scratch;
        }
    }

    /// <summary>
    /// A holder's managers on some days, as name indexes, with the id suffixes of the holder's direct credit and of each
    /// roll-up, and where each of the direct credits' rows goes in participant-id order (holder first, then the managers).
    /// </summary>
    private sealed class ResolvedChain
    {
        public ResolvedChain(string holder, string[] managers, CreditTable table)
        {
            Holder = table.NameOf(holder);
            Managers = new int[managers.Length];
            RollUpSuffixes = new int[managers.Length];
            for (var i = 0; i < managers.Length; i++)
            {
                Managers[i] = table.NameOf(managers[i]);
                RollUpSuffixes[i] = table.SuffixOf(CreditKind.RollUp, Managers[i], Holder, i + 1);
            }

            DirectSuffix = table.SuffixOf(CreditKind.Direct, Holder, Holder, 0);
            SplitSuffix = table.SuffixOf(CreditKind.RevenueSplit, Holder, Holder, 0);
            string[] people = [holder, .. managers];
            var order = new int[people.Length];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) => string.CompareOrdinal(people[a], people[b]));
            DirectRows = new int[people.Length];
            for (var i = 0; i < order.Length; i++)
            {
                DirectRows[i] = order[i] == 0 ? DirectSuffix : RollUpSuffixes[order[i] - 1];
            }
        }

        public int Holder { get; }

        public int[] Managers { get; }

        public int[] RollUpSuffixes { get; }

        public int DirectSuffix { get; }

        public int SplitSuffix { get; }

        /// <summary>
        /// The id suffixes of the rows of a booking without a split (the holder's direct credit and each manager's roll-up),
        /// in the order the rows are written (participant id): all a booking's rows need from its chain, in one array.
        /// </summary>
        public int[] DirectRows { get; }
    }

    /// <summary>
    /// Chains already resolved, per holder, with the days on which each holds: roll-up chains are resolved once per chain
    /// and range of days, not per booking. Shared by the runs of one allocation (thread-safe).
    /// </summary>
    /// <remarks>
    /// The people of the reporting lines are numbered up front in a dictionary that is only read, and each number keeps the
    /// first chain resolved for it with its days in one small object: a booking's owner is then found with a few loads
    /// from compact tables instead of following a concurrent dictionary's node, the holder's list of chains and the chain's
    /// managers (loads that each missed the cache once the bookings streaming past had evicted them).
    /// </remarks>
    private sealed class Holders
    {
        private readonly ConcurrentDictionary<string, Known> byHolder = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ReportingLine>> lines;
        private readonly CreditingPolicy policy;
        private readonly CreditTable table;
        private readonly Dictionary<string, int> numbers;
        private readonly Latest?[] latest;

        public Holders(Dictionary<string, List<ReportingLine>> lines, IEnumerable<string> people, CreditingPolicy policy, CreditTable table)
        {
            (this.lines, this.policy, this.table) = (lines, policy, table);
            numbers = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var person in people)
            {
                numbers.TryAdd(person, numbers.Count);
            }

            latest = new Latest?[numbers.Count];
        }

        /// <summary>The chains known for <paramref name="holder"/>.</summary>
        public Known Of(string holder) => byHolder.TryGetValue(holder, out var found) ? found : byHolder.GetOrAdd(holder, static _ => new Known());

        /// <summary>The chain of <paramref name="holder"/> on the booking's date, and how many credits a booking of theirs without a split gets.</summary>
        public ResolvedChain Chain(Booking booking, string holder, List<InputIssue> issues, out int credits)
        {
            if (LatestOn(holder, booking.Date, out var number) is { } last)
            {
                credits = last.Credits;
                return last.Chain;
            }

            // The first range resolved is kept (a holder whose chain changes during the year finds its other ranges as
            // before), so that bookings alternating between two ranges do not replace it again and again.
            var (from, to, chain) = Chain(booking, holder, Of(holder), issues);
            if (number >= 0 && from <= to)
            {
                Interlocked.CompareExchange(ref latest[number], new Latest(from, to, chain), null);
            }

            credits = chain.DirectRows.Length;
            return chain;
        }

        /// <summary>The rows of a booking of <paramref name="holder"/> without a split, on the booking's date.</summary>
        public int[] DirectRows(Booking booking, string holder, List<InputIssue> issues) =>
            LatestOn(holder, booking.Date, out _)?.Rows ?? Chain(booking, holder, issues, out _).DirectRows;

        /// <summary>The numbered <paramref name="holder"/>'s first resolved chain when it holds on <paramref name="date"/>; <paramref name="number"/> is −1 for a holder outside the reporting lines.</summary>
        private Latest? LatestOn(string holder, DateOnly date, out int number)
        {
            if (!numbers.TryGetValue(holder, out number))
            {
                number = -1;
                return null;
            }

            return Volatile.Read(ref latest[number]) is { } last && last.From <= date && date <= last.To ? last : null;
        }

        /// <summary>
        /// The chain of <paramref name="holder"/> (whose chains are <paramref name="known"/>) on the booking's date, with
        /// the days on which it holds (none when it may not be reused).
        /// </summary>
        private (DateOnly From, DateOnly To, ResolvedChain Chain) Chain(Booking booking, string holder, Known known, List<InputIssue> issues)
        {
            if (Find(known, booking.Date) is { } found)
            {
                return found;
            }

            // One run resolves a holder's chain at a time; the others then find it.
            lock (known.Resolving)
            {
                if (Find(known, booking.Date) is { } again)
                {
                    return again;
                }

                var resolved = CreditAllocator.Chain(booking, holder, lines, policy, issues);
                var made = new ResolvedChain(holder, resolved.Chain, table);
                if (!resolved.Reusable)
                {
                    return (DateOnly.MaxValue, DateOnly.MinValue, made);
                }

                known.Add((resolved.From, resolved.To, made));
                return (resolved.From, resolved.To, made);
            }
        }

        private static (DateOnly From, DateOnly To, ResolvedChain Chain)? Find(Known known, DateOnly date)
        {
            foreach (var entry in known.Entries)
            {
                if (entry.From <= date && date <= entry.To)
                {
                    return entry;
                }
            }

            return null;
        }

        /// <summary>A numbered holder's first resolved chain, the days on which it holds, and the credits of a booking without a split.</summary>
        private sealed class Latest(DateOnly from, DateOnly to, ResolvedChain chain)
        {
            public DateOnly From { get; } = from;

            public DateOnly To { get; } = to;

            public ResolvedChain Chain { get; } = chain;

            public int[] Rows { get; } = chain.DirectRows;

            /// <summary>How many rows: kept here, so that counting a booking's credits reads this one object.</summary>
            public int Credits { get; } = chain.DirectRows.Length;
        }
    }

    /// <summary>One holder's resolved chains, replaced as a whole when one is added so that readers need no lock.</summary>
    private sealed class Known
    {
        private readonly Lock adding = new();
        private (DateOnly From, DateOnly To, ResolvedChain Chain)[] entries = [];

        /// <summary>Held while a chain of this holder is resolved.</summary>
        public Lock Resolving { get; } = new();

        public (DateOnly From, DateOnly To, ResolvedChain Chain)[] Entries => Volatile.Read(ref entries);

        public void Add((DateOnly From, DateOnly To, ResolvedChain Chain) entry)
        {
            lock (adding)
            {
                Volatile.Write(ref entries, [.. entries, entry]);
            }
        }
    }

    /// <summary>Compares strings as instances: equal only when the same object (then they are equal ordinally, too).</summary>
    private sealed class SameInstance : IEqualityComparer<string>
    {
        public static readonly SameInstance Instance = new();

        public bool Equals(string? x, string? y) => ReferenceEquals(x, y);

        public int GetHashCode(string obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
