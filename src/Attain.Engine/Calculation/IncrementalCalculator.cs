using Attain.Engine.Crediting;

namespace Attain.Engine.Calculation;

/// <summary>The outcome of adding one booking to a calculated period.</summary>
/// <param name="Input">The previous input with the booking (and its split rule) added.</param>
/// <param name="Result">The result for <paramref name="Input"/>: equal, line for line, to a full calculation of it.</param>
/// <param name="Recalculated">The participants whose measures and earnings were calculated again, ordered (ordinal).</param>
/// <param name="Full">True when the shortcut did not apply and the whole period was calculated again.</param>
public sealed record IncrementalResult(CalculationInput Input, CalculationResult Result, IReadOnlyList<string> Recalculated, bool Full)
{
    /// <summary><see cref="Input"/> and <see cref="Result"/> made ready for the next booking.</summary>
    public required IncrementalIndex Index { get; init; }
}

/// <summary>
/// Recalculates a period after one new booking, for the affected participants only: the booking's credit holders
/// (its owner or revenue split shares, overlay shares, and the roll-up chain above each share as the hierarchy was on the
/// booking date), together with everyone credited by the bookings of the same family (for a cancellation: the original
/// and all its cancellations, whose allocation it can change). Every other participant's measures and earning lines are
/// taken from the previous result untouched.
/// </summary>
/// <remarks>
/// <para>A participant's lines depend only on their own credits, and a credit only on its booking family, the split rules,
/// the hierarchy and the policy; so each affected participant is calculated with just the bookings that credit them
/// (found in the previous result's credits) plus the new family, which gives the same lines as a full calculation.</para>
/// <para>The affected participants and their bookings are found through an <see cref="IncrementalIndex"/> (made once by
/// <see cref="Prepare"/>, then carried from result to result), so adding a booking costs the affected participants' own
/// calculation and copying the previous result's lists, not a pass over every booking and credit.</para>
/// <para>The shortcut does not apply, and the whole period is calculated, when the booking's id is already taken, when
/// it comes with a split rule for a booking that already has one, or when the previous result reports duplicate ids
/// (those rules reject records across participants).</para>
/// </remarks>
public static class IncrementalCalculator
{
    /// <summary>
    /// Makes a calculated period ready for <see cref="AddBooking(IncrementalIndex, Booking, SplitRule?)"/>: one pass over
    /// the input's bookings, split rules and assignments and the result's credits.
    /// </summary>
    /// <param name="input">The input <paramref name="result"/> was calculated from.</param>
    /// <param name="result">The full (or incremental) result of <paramref name="input"/>.</param>
    /// <returns>The index; use it for any number of bookings, and each result's <see cref="IncrementalResult.Index"/> for the next.</returns>
    public static IncrementalIndex Prepare(CalculationInput input, CalculationResult result)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        return IncrementalIndex.Build(input, result);
    }

    /// <summary>
    /// Adds <paramref name="booking"/> (with an optional split rule) and recalculates the affected participants. Makes the
    /// index first (<see cref="Prepare"/>); to add more than one booking, prepare once and add to the index instead.
    /// </summary>
    /// <param name="previousInput">The input <paramref name="previousResult"/> was calculated from.</param>
    /// <param name="previousResult">The full (or incremental) result of <paramref name="previousInput"/>.</param>
    /// <param name="booking">The new booking or cancellation.</param>
    /// <param name="split">Its split rule, or null for 100 % direct credit to the owner.</param>
    public static IncrementalResult AddBooking(CalculationInput previousInput, CalculationResult previousResult, Booking booking, SplitRule? split = null) =>
        AddBooking(Prepare(previousInput, previousResult), booking, split);

    /// <summary>Adds <paramref name="booking"/> (with an optional split rule) to an indexed period and recalculates the affected participants.</summary>
    /// <param name="previous">The period so far, from <see cref="Prepare"/> or the previous <see cref="IncrementalResult.Index"/>; it is not changed.</param>
    /// <param name="booking">The new booking or cancellation.</param>
    /// <param name="split">Its split rule, or null for 100 % direct credit to the owner.</param>
    public static IncrementalResult AddBooking(IncrementalIndex previous, Booking booking, SplitRule? split = null)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(booking);
        var previousInput = previous.Input;
        var previousResult = previous.Result;
        var input = previousInput with
        {
            Bookings = SplicedList<Booking>.Append(previous.Bookings, booking),
            Splits = split is null ? previousInput.Splits : [.. previousInput.Splits, split],
        };
        var collides = previous.BookingPosition(booking.Id) >= 0
            || (split is not null && (split.BookingId != booking.Id || previous.HasSplit(booking.Id)))
            || previousResult.Issues.Any(i => i.Code.EndsWith("duplicate-id", StringComparison.Ordinal) || i.Code == "split.duplicate-rule");
        if (collides)
        {
            var full = Calculator.Calculate(input);
            return new IncrementalResult(input, full, [.. full.Measures.Select(m => m.ParticipantId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], true)
            {
                Index = IncrementalIndex.Build(input, full),
            };
        }

        // Positions are indexes into the new input's lists; the booking is the last of its bookings, its split rule the last rule.
        var added = previousInput.Bookings.Count;
        int Position(string id) => id == booking.Id ? added : previous.BookingPosition(id);
        IEnumerable<int> SplitsOf(string id) => split is not null && id == booking.Id ? [.. previous.SplitsOf(id), input.Splits.Count - 1] : previous.SplitsOf(id);

        // The booking's family (the original and its cancellations, in input order) is everything whose credits it can change.
        var familyKey = booking.OriginalBookingId ?? booking.Id;
        var familyPositions = new SortedSet<int>(previous.CancellationsOf(familyKey)) { added };
        if (previous.BookingPosition(familyKey) is >= 0 and var keyPosition)
        {
            familyPositions.Add(keyPosition);
        }

        var family = familyPositions.Select(p => input.Bookings[p]).ToList();
        var familyIds = family.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var familySplitRules = Pick(input.Splits, familyIds.SelectMany(SplitsOf));
        var familySplits = CreditRules.Apply(family, familySplitRules, input.CreditRules, new List<InputIssue>());
        var familyCredits = CreditAllocator.Allocate(family, familySplits, input.Hierarchy, input.Crediting);

        // Credits are ordered by booking id first, so a family's previous credits are found by binary search.
        var previousCredits = previous.Credits;
        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in familyIds)
        {
            var to = SplicedList<Credit>.Bound(previousCredits, c => c.BookingId, id, upper: true);
            for (var i = SplicedList<Credit>.Bound(previousCredits, c => c.BookingId, id, upper: false); i < to; i++)
            {
                affected.Add(previousCredits[i].ParticipantId);
            }
        }

        var newCredits = familyCredits.Credits;
        foreach (var credit in newCredits)
        {
            affected.Add(credit.ParticipantId);
        }

        // Each affected participant's bookings: those that credited them before, the family, and the originals of cancellations.
        var gathered = new List<int>(familyPositions);
        foreach (var participant in affected)
        {
            gathered.AddRange(previous.CreditedTo(participant));
        }

        var positions = Distinct(gathered);
        var subset = new List<Booking>(positions.Length);
        var splitPositions = new List<int>();
        var anySplits = split is not null || previous.HasSplits;
        foreach (var position in positions)
        {
            var subsetBooking = input.Bookings[position];
            subset.Add(subsetBooking);
            if (anySplits)
            {
                splitPositions.AddRange(SplitsOf(subsetBooking.Id));
            }
        }

        var originals = new HashSet<int>();
        var originalIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var original in subset.Where(b => b.OriginalBookingId is not null).Select(b => b.OriginalBookingId!).ToList())
        {
            var position = Position(original);
            var isNew = position >= 0
                ? Array.BinarySearch(positions, position) < 0 && originals.Add(position)
                : !familyIds.Contains(original) && originalIds.Add(original);
            if (isNew)
            {
                if (position >= 0)
                {
                    subset.Add(input.Bookings[position]);
                }

                if (anySplits)
                {
                    splitPositions.AddRange(SplitsOf(original));
                }
            }
        }

        var partial = Calculator.Calculate(input with
        {
            Bookings = subset,
            Splits = Pick(input.Splits, splitPositions),
            Assignments = Pick(input.Assignments, affected.SelectMany(previous.AssignmentsOf)),
        });

        // The previous lists are in the engine's order, whose first key is the booking (credits) or the participant
        // (measures, lines): the affected runs are replaced in place, everything else is kept as it was.
        var credits = SplicedList<Credit>.Splice(previousCredits, c => c.BookingId, familyIds, newCredits);
        var measures = SplicedList<MeasureResult>.Splice(previousResult.Measures, m => m.ParticipantId, affected, partial.Measures.Where(m => affected.Contains(m.ParticipantId)));
        var earnings = SpliceEarnings(previousResult.Earnings, affected, partial.Earnings);
        var issues = previousResult.Issues.Where(i => !Concerns(i, familyIds, affected))
            .Concat(partial.Issues.Where(i => !i.Path.StartsWith("assignments[", StringComparison.Ordinal) || Concerns(i, familyIds, affected)))
            .Concat(familyCredits.Issues)
            .Distinct()
            .OrderBy(i => i.Path, StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal).ThenBy(i => i.Message, StringComparer.Ordinal);
        var result = new CalculationResult(previousResult.PeriodKey, credits, measures, earnings, [.. issues]);

        // Each affected participant is now credited by their earlier bookings outside the family and the family bookings
        // that credit them now.
        var familyPositionOf = family.ToDictionary(b => b.Id, b => Position(b.Id), StringComparer.Ordinal);
        var credited = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var participant in affected)
        {
            var before = previous.CreditedTo(participant);
            var now = new List<int>(before.Length + 1);
            foreach (var position in before)
            {
                if (!familyPositions.Contains(position))
                {
                    now.Add(position);
                }
            }

            credited.Add(participant, now);
        }

        foreach (var credit in newCredits)
        {
            credited[credit.ParticipantId].Add(familyPositionOf[credit.BookingId]);
        }

        var index = previous.With(input, result, credits, booking, split, credited.Select(c => KeyValuePair.Create(c.Key, Distinct(c.Value))));
        return new IncrementalResult(input, result, [.. affected.Order(StringComparer.Ordinal)], false) { Index = index };
    }

    /// <summary>The items at the given positions (each once), in list order.</summary>
    private static List<T> Pick<T>(IReadOnlyList<T> items, IEnumerable<int> positions)
    {
        var sorted = positions.ToArray();
        Array.Sort(sorted);
        var picked = new List<T>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                picked.Add(items[sorted[i]]);
            }
        }

        return picked;
    }

    /// <summary>The positions sorted ascending, each once.</summary>
    private static int[] Distinct(List<int> positions)
    {
        positions.Sort();
        var count = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            if (count == 0 || positions[i] != positions[count - 1])
            {
                positions[count++] = positions[i];
            }
        }

        return [.. positions.GetRange(0, count)];
    }

    /// <summary>
    /// The previous lines with the affected participants' runs replaced; compact lines stay compact (no line is made
    /// just to be copied).
    /// </summary>
    private static IReadOnlyList<EarningLine> SpliceEarnings(IReadOnlyList<EarningLine> previous, HashSet<string> affected, IReadOnlyList<EarningLine> recalculated)
    {
        if (previous is Calculator.EarningLineList before && recalculated is Calculator.EarningLineList after)
        {
            return before.Replace(affected, after);
        }

        return SplicedList<EarningLine>.Splice(previous, l => l.ParticipantId, affected, recalculated.Where(l => affected.Contains(l.ParticipantId)));
    }

    /// <summary>Whether an issue is about a booking of the family or an affected participant's assignment (and is therefore recalculated).</summary>
    private static bool Concerns(InputIssue issue, HashSet<string> familyIds, HashSet<string> affected)
    {
        var path = issue.Path;
        if (path.StartsWith("bookings[", StringComparison.Ordinal))
        {
            var end = path.IndexOf(']', StringComparison.Ordinal);
            return end > 0 && familyIds.Contains(path["bookings[".Length..end]);
        }

        if (path.StartsWith("assignments[", StringComparison.Ordinal))
        {
            var end = path.IndexOf('/', StringComparison.Ordinal);
            return end > 0 && affected.Contains(path["assignments[".Length..end]);
        }

        return false;
    }
}
