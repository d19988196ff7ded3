using System.Collections.Immutable;
using Attain.Engine.Crediting;

namespace Attain.Engine.Calculation;

/// <summary>
/// A calculated period made ready for <see cref="IncrementalCalculator.AddBooking(IncrementalIndex, Booking, SplitRule?)"/>:
/// the input and result, with look-ups that find a new booking's family, its split rules, the bookings that credit each
/// participant and each participant's assignments without a pass over the whole input. Made once by
/// <see cref="IncrementalCalculator.Prepare"/> (one pass over the bookings, split rules, assignments and credits); every
/// <see cref="IncrementalResult"/> carries the next one, which shares the look-ups and holds only what the booking changed.
/// </summary>
/// <remarks>
/// Immutable: adding a booking gives a new index and leaves this one as it was, so several bookings can be tried from the
/// same index. Positions are indexes into <see cref="Input"/>'s lists, which only grow at their end from one index to the next.
/// </remarks>
public sealed class IncrementalIndex
{
    private readonly Root root;
    private readonly ImmutableDictionary<string, int> addedBookings;
    private readonly ImmutableDictionary<string, ImmutableList<int>> addedCancellations;
    private readonly ImmutableDictionary<string, int> addedSplits;
    private readonly ImmutableDictionary<string, int[]> changedCredited;

    private IncrementalIndex(
        CalculationInput input,
        CalculationResult result,
        IReadOnlyList<Credit> credits,
        Root root,
        ImmutableDictionary<string, int> addedBookings,
        ImmutableDictionary<string, ImmutableList<int>> addedCancellations,
        ImmutableDictionary<string, int> addedSplits,
        ImmutableDictionary<string, int[]> changedCredited)
    {
        Input = input;
        Result = result;
        Credits = credits;
        Bookings = input.Bookings is Booking[] or SplicedList<Booking> ? input.Bookings : [.. input.Bookings];
        this.root = root;
        this.addedBookings = addedBookings;
        this.addedCancellations = addedCancellations;
        this.addedSplits = addedSplits;
        this.changedCredited = changedCredited;
    }

    /// <summary>The input <see cref="Result"/> was calculated from.</summary>
    public CalculationInput Input { get; }

    /// <summary>The calculated period.</summary>
    public CalculationResult Result { get; }

    /// <summary><see cref="Result"/>'s credits as a plain list (records made once), in the engine's order (booking id first).</summary>
    internal IReadOnlyList<Credit> Credits { get; }

    /// <summary><see cref="Input"/>'s bookings as an array or spliced runs of arrays, which a new booking is appended to without a copy.</summary>
    internal IReadOnlyList<Booking> Bookings { get; }

    /// <summary>Whether the input has any split rule.</summary>
    internal bool HasSplits => root.Splits.Count > 0 || !addedSplits.IsEmpty;

    /// <summary>Indexes <paramref name="input"/> and its <paramref name="result"/>: one pass over each list.</summary>
    internal static IncrementalIndex Build(CalculationInput input, CalculationResult result)
    {
        IReadOnlyList<Credit> credits = result.Credits is CreditList list ? list.Records() : result.Credits;
        var bookings = input.Bookings;
        var byId = new Dictionary<string, int>(bookings.Count, StringComparer.Ordinal);
        var cancellations = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < bookings.Count; i++)
        {
            var booking = bookings[i];
            byId.TryAdd(booking.Id, i);
            if (booking.OriginalBookingId is { } original)
            {
                Add(cancellations, original, i);
            }
        }

        var splits = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < input.Splits.Count; i++)
        {
            Add(splits, input.Splits[i].BookingId, i);
        }

        var assignments = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < input.Assignments.Count; i++)
        {
            Add(assignments, input.Assignments[i].ParticipantId, i);
        }

        // Credits come ordered by booking id, so a booking's credits are together: its position is looked up once.
        var credited = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        string? lastBooking = null;
        var position = -1;
        foreach (var credit in credits)
        {
            if (!string.Equals(credit.BookingId, lastBooking, StringComparison.Ordinal))
            {
                lastBooking = credit.BookingId;
                position = byId.TryGetValue(lastBooking, out var found) ? found : -1;
            }

            if (position >= 0)
            {
                Add(credited, credit.ParticipantId, position);
            }
        }

        var root = new Root(byId, Freeze(cancellations), Freeze(splits), Freeze(assignments), Freeze(credited));
        return new IncrementalIndex(input, result, credits, root,
            ImmutableDictionary.Create<string, int>(StringComparer.Ordinal),
            ImmutableDictionary.Create<string, ImmutableList<int>>(StringComparer.Ordinal),
            ImmutableDictionary.Create<string, int>(StringComparer.Ordinal),
            ImmutableDictionary.Create<string, int[]>(StringComparer.Ordinal));
    }

    /// <summary>
    /// The index after one booking was added (at the end of the input's bookings, and its split rule, if any, at the end of
    /// its split rules) and the affected participants recalculated.
    /// </summary>
    /// <param name="input">The new input.</param>
    /// <param name="result">Its result.</param>
    /// <param name="credits">The result's credits as a plain list.</param>
    /// <param name="booking">The booking added.</param>
    /// <param name="split">Its split rule, or null.</param>
    /// <param name="credited">Each recalculated participant's crediting bookings (positions, ascending).</param>
    internal IncrementalIndex With(CalculationInput input, CalculationResult result, IReadOnlyList<Credit> credits, Booking booking, SplitRule? split,
        IEnumerable<KeyValuePair<string, int[]>> credited)
    {
        var position = input.Bookings.Count - 1;
        var cancellations = addedCancellations;
        if (booking.OriginalBookingId is { } original)
        {
            cancellations = cancellations.SetItem(original, (cancellations.GetValueOrDefault(original) ?? []).Add(position));
        }

        return new IncrementalIndex(input, result, credits, root,
            addedBookings.Add(booking.Id, position),
            cancellations,
            split is null ? addedSplits : addedSplits.Add(split.BookingId, input.Splits.Count - 1),
            changedCredited.SetItems(credited));
    }

    /// <summary>The position of the booking with this id, or -1.</summary>
    internal int BookingPosition(string id) =>
        addedBookings.TryGetValue(id, out var added) ? added : root.Bookings.GetValueOrDefault(id, -1);

    /// <summary>The positions of the cancellations of the booking with this id, in any order.</summary>
    internal IEnumerable<int> CancellationsOf(string id) =>
        (root.Cancellations.GetValueOrDefault(id) ?? []).Concat(addedCancellations.GetValueOrDefault(id) ?? []);

    /// <summary>Whether a split rule for the booking with this id is in the input.</summary>
    internal bool HasSplit(string bookingId) => addedSplits.ContainsKey(bookingId) || root.Splits.ContainsKey(bookingId);

    /// <summary>The positions of the split rules for the booking with this id, in any order.</summary>
    internal IEnumerable<int> SplitsOf(string bookingId) =>
        addedSplits.TryGetValue(bookingId, out var added) ? [added, .. root.Splits.GetValueOrDefault(bookingId) ?? []] : root.Splits.GetValueOrDefault(bookingId) ?? [];

    /// <summary>The positions of the participant's assignments, ascending.</summary>
    internal int[] AssignmentsOf(string participantId) => root.Assignments.GetValueOrDefault(participantId) ?? [];

    /// <summary>The positions of the bookings that credit the participant in <see cref="Result"/>, ascending.</summary>
    internal int[] CreditedTo(string participantId) =>
        changedCredited.TryGetValue(participantId, out var changed) ? changed : root.Credited.GetValueOrDefault(participantId) ?? [];

    private static void Add(Dictionary<string, List<int>> lists, string key, int position)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            list = [];
            lists.Add(key, list);
        }

        if (list.Count == 0 || list[^1] != position)
        {
            list.Add(position);
        }
    }

    /// <summary>The lists as arrays, each sorted ascending without repeats.</summary>
    private static Dictionary<string, int[]> Freeze(Dictionary<string, List<int>> lists)
    {
        var frozen = new Dictionary<string, int[]>(lists.Count, StringComparer.Ordinal);
        foreach (var (key, list) in lists)
        {
            list.Sort();
            var unique = new List<int>(list.Count);
            foreach (var position in list)
            {
                if (unique.Count == 0 || unique[^1] != position)
                {
                    unique.Add(position);
                }
            }

            frozen.Add(key, [.. unique]);
        }

        return frozen;
    }

    /// <summary>The look-ups made by <see cref="Build"/>, shared by every index that follows from it and never changed.</summary>
    private sealed record Root(
        Dictionary<string, int> Bookings,
        Dictionary<string, int[]> Cancellations,
        Dictionary<string, int[]> Splits,
        Dictionary<string, int[]> Assignments,
        Dictionary<string, int[]> Credited);
}
