using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Attain.Engine.Calculation;
using Attain.Engine.Payments;

namespace Attain.Application.Compensation;

/// <summary>
/// A run's results for its period, gathered as the payment stage pays participants batch by batch: each payout line is
/// made into its row at once (so the engine's records can go), the payouts and measures are kept as the engine gave
/// them. Rows come out of each kind in canonical order (lines by person and number, measures by person, plan, component
/// and period, payouts by person and plan), which is also the order the checksum reads.
/// </summary>
internal sealed class PeriodResults
{
    private readonly List<RunLine> lines = [];
    private readonly List<(long Person, int From, int To)> runs = [];
    private readonly List<Payout> payouts = [];
    private readonly IReadOnlyDictionary<string, long> personIds;
    private readonly Dictionary<string, int> versions;
    private readonly DateOnly periodEnd;
    private readonly Action<LineBatch>? stream;
    private readonly (long Person, string Participant)[] byPerson = [];
    private List<RunLine> batch = [];
    private int settled;
    private int lineCount;
    private List<MeasureResult> measures = [];

    /// <param name="loaded">The input the results are calculated from (person ids, plan versions, the period).</param>
    /// <param name="stream">
    /// When given, each batch's lines are handed to it as a <see cref="LineBatch"/> (by <see cref="Paid"/>) instead of
    /// being kept: <see cref="Lines"/> is then empty.
    /// </param>
    public PeriodResults(CompensationInput loaded, Action<LineBatch>? stream = null)
    {
        personIds = loaded.PersonIds;
        versions = loaded.Plans.ToDictionary(p => p.Key, p => p.Value.Version, StringComparer.Ordinal);
        periodEnd = loaded.Period.End;
        this.stream = stream;
        if (stream is not null)
        {
            byPerson = [.. loaded.Input.Participants.Select(p => p.Id).Distinct(StringComparer.Ordinal)
                .Where(personIds.ContainsKey).Select(p => (personIds[p], p)).OrderBy(p => p.Item1)];
        }
    }

    public int LineCount => lineCount;

    public int MeasureCount => measures.Count;

    public int PayoutCount => payouts.Count;

    /// <summary>
    /// Takes what the payment stage paid (its lines by participant: each participant's lines are one run of them, and a
    /// participant is paid once), making each line its row, numbered from 1 per participant in the engine's order.
    /// </summary>
    public void Add(PaymentResult paid)
    {
        var paidLines = paid.Lines;
        var into = stream is null ? lines : batch;
        into.EnsureCapacity(into.Count + paidLines.Count);
        for (var from = 0; from < paidLines.Count;)
        {
            var participant = paidLines[from].ParticipantId;
            var person = personIds[participant];
            var start = into.Count;
            var number = 0;
            for (; from < paidLines.Count && string.Equals(paidLines[from].ParticipantId, participant, StringComparison.Ordinal); from++)
            {
                into.Add(ToRow(person, ++number, paidLines[from]));
            }

            if (stream is null)
            {
                runs.Add((person, start, into.Count));
            }
        }

        lineCount += paidLines.Count;
        payouts.AddRange(paid.Payouts);
    }

    /// <summary>
    /// When streaming, hands the lines made since the last call to the stream as one batch, with the person id below
    /// which every participant is now paid (<paramref name="stage"/>'s <see cref="PaymentStage.PaidBelow"/>, less those
    /// paid at completion; everyone once <paramref name="complete"/>), so their lines can be hashed in canonical order
    /// while later ones wait.
    /// </summary>
    public void Paid(PaymentStage stage, bool complete)
    {
        if (stream is null)
        {
            return;
        }

        var below = stage.PaidBelow;
        while (settled < byPerson.Length && (complete
            || (below is not null && string.CompareOrdinal(byPerson[settled].Participant, below) < 0 && !stage.PaidAtCompletion(byPerson[settled].Participant))))
        {
            settled++;
        }

        if (batch.Count > 0 || complete)
        {
            stream(new LineBatch(batch, complete || settled == byPerson.Length ? long.MaxValue : byPerson[settled].Person));

            // The next batch is about as large: its list is made that size once rather than grown by doubling.
            batch = new List<RunLine>(batch.Count);
        }
    }

    /// <summary>The measures whose component period overlaps the period, in the engine's order.</summary>
    public void SetMeasures(List<MeasureResult> periodMeasures) => measures = periodMeasures;

    /// <summary>The lines by person and number (each participant's lines are numbered from 1 in the engine's order).</summary>
    public IEnumerable<RunLine> Lines()
    {
        runs.Sort((a, b) => a.Person.CompareTo(b.Person));
        foreach (var (_, from, to) in runs)
        {
            for (var i = from; i < to; i++)
            {
                yield return lines[i];
            }
        }
    }

    /// <summary>
    /// <paramref name="items"/> with their person ids, ordered by person, then by <paramref name="then"/>, ties in the
    /// engine's order (a stable sort).
    /// </summary>
    private List<(long Person, T Item)> ByPerson<T>(List<T> items, Func<T, string> participant, Comparison<T> then)
    {
        var order = Enumerable.Range(0, items.Count).Select(i => (Person: personIds[participant(items[i])], Index: i)).ToArray();
        Array.Sort(order, (x, y) =>
        {
            var c = x.Person.CompareTo(y.Person);
            c = c != 0 ? c : then(items[x.Index], items[y.Index]);
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        });
        return [.. order.Select(o => (o.Person, items[o.Index]))];
    }

    /// <summary>The measures by person, plan, component and period (ties in the engine's order), clipped to the period's end.</summary>
    public IEnumerable<RunMeasure> Measures()
    {
        foreach (var (person, measure) in ByPerson(measures, m => m.ParticipantId, (a, b) =>
        {
            var c = string.CompareOrdinal(a.PlanId, b.PlanId);
            c = c != 0 ? c : string.CompareOrdinal(a.ComponentId, b.ComponentId);
            return c != 0 ? c : string.CompareOrdinal(a.PeriodKey, b.PeriodKey);
        }))
        {
            yield return new RunMeasure
            {
                PersonId = person,
                PlanKey = measure.PlanId,
                ComponentId = measure.ComponentId,
                PeriodKey = measure.PeriodKey,
                From = measure.From,
                To = measure.To < periodEnd ? measure.To : periodEnd,
                ProrationFactor = measure.ProrationFactor,
                Value = measure.Value,
                Quota = measure.Quota,
                TargetIncentive = measure.TargetIncentive,
                AttainmentPercent = measure.AttainmentPercent,
                Earned = measure.Earned.Amount,
                Currency = measure.Earned.Currency.Code,
            };
        }
    }

    /// <summary>The payouts by person and plan.</summary>
    public IEnumerable<RunPayout> Payouts()
    {
        foreach (var (person, payout) in ByPerson(payouts, p => p.ParticipantId, (a, b) => string.CompareOrdinal(a.PlanId, b.PlanId)))
        {
            yield return new RunPayout
            {
                PersonId = person,
                PlanKey = payout.PlanId,
                PeriodKey = payout.PeriodKey,
                Currency = payout.Payable.Currency.Code,
                Earned = payout.Earned.Amount,
                ClawedBack = payout.ClawedBack.Amount,
                Held = payout.Held.Amount,
                Released = payout.Released.Amount,
                DrawAdvanced = payout.DrawAdvanced.Amount,
                Guaranteed = payout.Guaranteed.Amount,
                DeficitCarried = payout.DeficitCarried.Amount,
                Recovered = payout.Recovered.Amount,
                Payable = payout.Payable.Amount,
                BalanceBefore = payout.BalanceBefore.Amount,
                BalanceAfter = payout.BalanceAfter.Amount,
                HeldBefore = payout.HeldBefore.Amount,
                HeldAfter = payout.HeldAfter.Amount,
            };
        }
    }

    private RunLine ToRow(long person, int number, PayoutLine line)
    {
        var earning = line.Kind == PayoutLineKind.Earning ? line.Earning : null;
        return new RunLine
        {
            PersonId = person,
            Number = number,
            Source = earning is null ? RunLineSource.Payment : RunLineSource.Earning,
            Kind = earning is null ? Name(PaymentKinds, line.Kind) : Name(EarningKinds, earning.Kind),
            PlanKey = line.PlanId,
            PlanVersion = earning?.PlanVersion ?? versions.GetValueOrDefault(line.PlanId),
            ComponentId = (earning ?? line.Earning)?.ComponentId,
            PeriodKey = earning?.PeriodKey ?? line.PeriodKey,
            Date = earning?.Date ?? line.Earning?.Date ?? periodEnd,
            BookingIds = Joined(line.BookingIds),
            CreditIds = earning is null ? null : Joined(earning.CreditIds) ?? string.Empty,
            CreditValue = earning?.CreditValue,
            MeasureBefore = earning?.MeasureBefore,
            MeasureAfter = earning?.MeasureAfter,
            Quota = earning?.Quota,
            AttainmentPercent = earning?.AttainmentPercent,
            TierIndex = earning?.TierIndex,
            Rate = earning?.Rate ?? (line.Kind == PayoutLineKind.Clawback ? line.Earning?.Rate : null),
            Base = earning?.Base,
            FxQuote = earning?.FxQuote,
            Rule = earning?.Rule ?? line.Rule,
            Rounding = earning?.Rounding,
            Amount = line.Amount.Amount,
            Currency = line.Amount.Currency.Code,
        };
    }

    /// <summary>The ids separated by <c>|</c>; one id is kept as it is (no new string), none is null.</summary>
    private static string? Joined(IReadOnlyList<string> ids) => ids.Count switch
    {
        0 => null,
        1 => ids[0],
        _ => string.Join('|', ids),
    };

    /// <summary>A kind's name, one string per kind rather than one per line.</summary>
    private static string Name<T>(Dictionary<T, string> names, T kind)
        where T : struct, Enum => names.TryGetValue(kind, out var name) ? name : kind.ToString();

    private static readonly Dictionary<EarningKind, string> EarningKinds = Enum.GetValues<EarningKind>().ToDictionary(k => k, k => k.ToString());

    private static readonly Dictionary<PayoutLineKind, string> PaymentKinds = Enum.GetValues<PayoutLineKind>().ToDictionary(k => k, k => k.ToString());
}

/// <summary>
/// Lines of a run made from one or more batches of the payment stage, each person's lines together and numbered; every
/// person with lines below <paramref name="HashBelow"/> (a person id) has all their lines in this or an earlier batch.
/// </summary>
internal sealed record LineBatch(List<RunLine> Lines, long HashBelow);

/// <summary>
/// SHA-256 of a run's rows as text, one line per row (lines, then measures, then payouts, each in canonical order),
/// hashed as the rows pass instead of building the whole text: equal results, equal checksum.
/// </summary>
/// <remarks>
/// A line's text is <c>L|person|number|source|kind|plan|version|component|period|yyyy-MM-dd|bookings|rule|amount|currency</c>
/// (numbers invariant, a null as nothing), written field by field into a character buffer (no string per line) and
/// encoded as UTF-8 by one encoder across the whole text, so the bytes are those of the text written at once.
/// </remarks>
internal sealed class RunChecksum : IDisposable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly Dictionary<RunLineSource, string> Sources = Enum.GetValues<RunLineSource>().ToDictionary(s => s, s => s.ToString());
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Encoder encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
    private readonly PriorityQueue<(List<RunLine> Lines, int From, int To), long> waiting = new();
    private char[] text = new char[16 * 1024];
    private int used;
    private byte[] buffer = new byte[64 * 1024];

    public void Add(RunLine l)
    {
        // Numbers take at most 20 (long), 11 (int) and 31 (decimal) characters; the date 10; separators 14.
        Room(120 + Length(l.Kind) + Length(l.PlanKey) + Length(l.ComponentId) + Length(l.PeriodKey) + Length(l.BookingIds) + Length(l.Rule) + Length(l.Currency)
            + (Sources.TryGetValue(l.Source, out var source) ? source : source = l.Source.ToString()).Length);
        var at = used;
        Write(ref at, 'L');
        Write(ref at, '|');
        Format(ref at, l.PersonId);
        Write(ref at, '|');
        Format(ref at, l.Number);
        Write(ref at, '|');
        Write(ref at, source);
        Write(ref at, '|');
        Write(ref at, l.Kind);
        Write(ref at, '|');
        Write(ref at, l.PlanKey);
        Write(ref at, '|');
        Format(ref at, l.PlanVersion);
        Write(ref at, '|');
        Write(ref at, l.ComponentId);
        Write(ref at, '|');
        Write(ref at, l.PeriodKey);
        Write(ref at, '|');
        WriteDate(ref at, l.Date);
        Write(ref at, '|');
        Write(ref at, l.BookingIds);
        Write(ref at, '|');
        Write(ref at, l.Rule);
        Write(ref at, '|');
        Format(ref at, l.Amount);
        Write(ref at, '|');
        Write(ref at, l.Currency);
        Write(ref at, '\n');
        used = at;
    }

    /// <summary>
    /// Takes a batch of lines in the engine's order: each person's lines wait until the batch bound shows that no person
    /// before them is still to come, then are hashed in person order (with participants ordered as their person ids,
    /// at once), so the text is the one of the lines in canonical order.
    /// </summary>
    public void Add(LineBatch batch)
    {
        var lines = batch.Lines;
        for (var from = 0; from < lines.Count;)
        {
            var to = from + 1;
            while (to < lines.Count && lines[to].PersonId == lines[from].PersonId)
            {
                to++;
            }

            waiting.Enqueue((lines, from, to), lines[from].PersonId);
            from = to;
        }

        while (waiting.TryPeek(out var run, out var person) && person < batch.HashBelow)
        {
            waiting.Dequeue();
            for (var i = run.From; i < run.To; i++)
            {
                Add(run.Lines[i]);
            }
        }
    }

    public void Add(RunMeasure m) =>
        Append(string.Create(Invariant, $"M|{m.PersonId}|{m.PlanKey}|{m.ComponentId}|{m.PeriodKey}|{m.Value}|{m.Quota}|{m.AttainmentPercent}|{m.Earned}|{m.Currency}\n"));

    public void Add(RunPayout p) =>
        Append(string.Create(Invariant, $"P|{p.PersonId}|{p.PlanKey}|{p.Payable}|{p.Earned}|{p.BalanceAfter}|{p.HeldAfter}|{p.Currency}\n"));

    /// <summary>The checksum as lower-case hex.</summary>
    public string Finish()
    {
        Flush();
        hash.AppendData(buffer, 0, encoder.GetBytes([], buffer, flush: true));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public void Dispose() => hash.Dispose();

    private static int Length(string? value) => value?.Length ?? 0;

    private void Append(string row)
    {
        if (waiting.Count > 0)
        {
            throw new InvalidOperationException("Lines of a run are still waiting for their turn; the last batch must release them before measures are hashed.");
        }

        Room(row.Length);
        var at = used;
        Write(ref at, row);
        used = at;
    }

    /// <summary>Makes room for <paramref name="length"/> more characters: flushes the text, and grows the buffer if that is not enough.</summary>
    private void Room(int length)
    {
        if (text.Length - used >= length)
        {
            return;
        }

        Flush();
        if (text.Length < length)
        {
            text = new char[length];
        }
    }

    private void Write(ref int at, char c) => text[at++] = c;

    private void Write(ref int at, string? value)
    {
        if (value is not null)
        {
            value.CopyTo(text.AsSpan(at));
            at += value.Length;
        }
    }

    private void Format<T>(ref int at, T value)
        where T : ISpanFormattable
    {
        if (!value.TryFormat(text.AsSpan(at), out var written, default, Invariant))
        {
            throw new InvalidOperationException("The checksum buffer has no room for a number.");
        }

        at += written;
    }

    /// <summary>The date as <c>yyyy-MM-dd</c> (the year four digits, zero-padded, as the custom format writes it).</summary>
    private void WriteDate(ref int at, DateOnly date)
    {
        Digits(ref at, date.Year, 4);
        Write(ref at, '-');
        Digits(ref at, date.Month, 2);
        Write(ref at, '-');
        Digits(ref at, date.Day, 2);
    }

    private void Digits(ref int at, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--, value /= 10)
        {
            text[at + i] = (char)('0' + (value % 10));
        }

        at += count;
    }

    private void Flush()
    {
        // The encoder keeps a surrogate pair split between flushes whole, so the bytes are those of the whole text.
        var needed = Encoding.UTF8.GetMaxByteCount(used + 1);
        if (buffer.Length < needed)
        {
            buffer = new byte[needed];
        }

        hash.AppendData(buffer, 0, encoder.GetBytes(text.AsSpan(0, used), buffer, flush: false));
        used = 0;
    }
}
