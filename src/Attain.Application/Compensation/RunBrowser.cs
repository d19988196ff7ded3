using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>A calc run as the API and the UI show it, with its progress.</summary>
/// <param name="ProgressPercent">
/// 0–100 from the phase and the participants calculated: queued 0, reading 5, calculating 20–70 by participants,
/// writing 70, publishing 95, done 100 (a failed run stays where it stopped).
/// </param>
/// <param name="IsPublished">Whether the run is its period's published result (the one readers see).</param>
public sealed record RunResponse(
    long Id,
    string PeriodKey,
    int Number,
    RunStatus Status,
    RunPhase Phase,
    int ParticipantsDone,
    int ParticipantsTotal,
    int ProgressPercent,
    string StartedBy,
    DateTime StartedAt,
    DateTime HeartbeatAt,
    DateTime? FinishedAt,
    DateTime? PublishedAt,
    string? Reason,
    string? Checksum,
    string? Failure,
    long? RecalculatesRunId,
    ApprovalStatus ApprovalStatus,
    bool IsPublished)
{
    internal static RunResponse From(CalculationRun run, bool isPublished) => new(
        run.Id, run.PeriodKey, run.Number, run.Status, run.Phase, run.ParticipantsDone, run.ParticipantsTotal,
        Percent(run), run.StartedBy, run.StartedAt, run.HeartbeatAt, run.FinishedAt, run.PublishedAt, run.Reason, run.Checksum,
        run.Failure, run.RecalculatesRunId, run.ApprovalStatus, isPublished);

    /// <summary>Whether the run is still being worked on: Running, or Staged on its way to Published.</summary>
    public bool IsActive => Status == RunStatus.Running || (Status == RunStatus.Staged && Phase != RunPhase.Done);

    private static int Percent(CalculationRun run) => run.Phase switch
    {
        RunPhase.Done => 100,
        RunPhase.Queued => 0,
        RunPhase.Reading => 5,
        RunPhase.Calculating => 20 + (run.ParticipantsTotal == 0 ? 0 : 50 * run.ParticipantsDone / run.ParticipantsTotal),
        RunPhase.Writing => 70,
        _ => 95,
    };
}

/// <summary>Which runs to list: a period, a status, or both (null: any).</summary>
public sealed record RunFilter(string? PeriodKey = null, RunStatus? Status = null);

/// <summary>A run's payouts added up per plan and currency, and per currency.</summary>
public sealed record RunPayoutSummary(long RunId, string PeriodKey, int Participants, IReadOnlyList<PlanPayoutTotal> Plans, IReadOnlyList<CurrencyTotal> Totals);

/// <summary>One plan's payouts in one currency: how many participants and the sums of each payout column.</summary>
public sealed record PlanPayoutTotal(
    string PlanKey, string Currency, int Participants, decimal Earned, decimal ClawedBack, decimal Held, decimal Released,
    decimal DrawAdvanced, decimal Recovered, decimal Payable);

/// <summary>
/// One participant's payouts in a run, added up over their plans in one currency: what the run's review shows per person.
/// </summary>
/// <param name="Payable">The exact sum of the participant's payouts' payable in <paramref name="Currency"/>, before adjustments.</param>
public sealed record ParticipantPayoutTotal(
    long PersonId, string ExternalId, string PersonName, string Plans, string Currency, decimal Earned, decimal ClawedBack, decimal Held,
    decimal Released, decimal Payable);

/// <summary>The payable of a run (or a difference between runs) in one currency.</summary>
public sealed record CurrencyTotal(string Currency, decimal Payable);

/// <summary>
/// Reads calc runs for the people who operate them (comp admins, admins, finance): every run of every period, its
/// progress, and its payouts added up. Not scoped by person: a rep's pay reaches them through their statement.
/// </summary>
public sealed class RunBrowser(AttainDbContext db)
{
    /// <summary>The runs matching <paramref name="filter"/>, newest period first, then newest run first.</summary>
    public async Task<IReadOnlyList<RunResponse>> ListAsync(RunFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.CalculationRuns.AsNoTracking();
        if (filter.PeriodKey is { } period)
        {
            query = query.Where(r => r.PeriodKey == period);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        var runs = await query.OrderByDescending(r => r.PeriodKey).ThenByDescending(r => r.Number).ToListAsync(cancellationToken);
        var published = await PublishedRunIdsAsync(cancellationToken);
        return [.. runs.Select(r => RunResponse.From(r, published.Contains(r.Id)))];
    }

    /// <summary>One run with its progress, or null when there is no such run.</summary>
    public async Task<RunResponse?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var run = await db.CalculationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var published = await db.CompensationPeriods.AsNoTracking().AnyAsync(p => p.PublishedRunId == id, cancellationToken);
        return RunResponse.From(run, published);
    }

    /// <summary>The periods that have runs, newest first (for pickers).</summary>
    public async Task<IReadOnlyList<string>> PeriodsAsync(CancellationToken cancellationToken = default) =>
        await db.CalculationRuns.AsNoTracking().Select(r => r.PeriodKey).Distinct().OrderByDescending(p => p).ToListAsync(cancellationToken);

    /// <summary>
    /// The run's payouts added up per plan and currency; null when there is no such run. Each total is the exact sum of
    /// the payouts it covers (no rounding), so it reconciles to the cent with them.
    /// </summary>
    public async Task<RunPayoutSummary?> PayoutSummaryAsync(long id, CancellationToken cancellationToken = default)
    {
        var run = await db.CalculationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var payouts = await db.RunPayouts.AsNoTracking().Where(p => p.RunId == id).ToListAsync(cancellationToken);
        var plans = payouts
            .GroupBy(p => (p.PlanKey, p.Currency))
            .OrderBy(g => g.Key.PlanKey, StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => new PlanPayoutTotal(
                g.Key.PlanKey, g.Key.Currency, g.Select(p => p.PersonId).Distinct().Count(), g.Sum(p => p.Earned), g.Sum(p => p.ClawedBack),
                g.Sum(p => p.Held), g.Sum(p => p.Released), g.Sum(p => p.DrawAdvanced), g.Sum(p => p.Recovered), g.Sum(p => p.Payable)))
            .ToList();
        var totals = payouts.GroupBy(p => p.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CurrencyTotal(g.Key, g.Sum(p => p.Payable))).ToList();
        return new RunPayoutSummary(id, run.PeriodKey, payouts.Select(p => p.PersonId).Distinct().Count(), plans, totals);
    }

    /// <summary>
    /// The run's payouts added up per participant and currency (over the participant's plans), ordered by name; empty when
    /// there is no such run. Each total is the exact sum of the payouts it covers, so the per-currency totals of
    /// <see cref="PayoutSummaryAsync"/> are their sums.
    /// </summary>
    public async Task<IReadOnlyList<ParticipantPayoutTotal>> ParticipantPayoutsAsync(long id, CancellationToken cancellationToken = default)
    {
        var payouts = await db.RunPayouts.AsNoTracking().Where(p => p.RunId == id).ToListAsync(cancellationToken);
        var people = payouts.Select(p => p.PersonId).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => people.Contains(p.Id))
            .Select(p => new { p.Id, p.ExternalId, p.FirstName, p.LastName })
            .ToDictionaryAsync(p => p.Id, p => (p.ExternalId, Name: $"{p.FirstName} {p.LastName}"), cancellationToken);
        return [.. payouts
            .GroupBy(p => (p.PersonId, p.Currency))
            .Select(g =>
            {
                var (externalId, name) = names.GetValueOrDefault(g.Key.PersonId, (g.Key.PersonId.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Empty));
                return new ParticipantPayoutTotal(
                    g.Key.PersonId, externalId, name, string.Join(", ", g.Select(p => p.PlanKey).Distinct().Order(StringComparer.Ordinal)), g.Key.Currency,
                    g.Sum(p => p.Earned), g.Sum(p => p.ClawedBack), g.Sum(p => p.Held), g.Sum(p => p.Released), g.Sum(p => p.Payable));
            })
            .OrderBy(p => p.PersonName, StringComparer.Ordinal).ThenBy(p => p.PersonId).ThenBy(p => p.Currency, StringComparer.Ordinal)];
    }

    private async Task<HashSet<long>> PublishedRunIdsAsync(CancellationToken cancellationToken) =>
        [.. await db.CompensationPeriods.AsNoTracking().Where(p => p.PublishedRunId != null).Select(p => p.PublishedRunId!.Value).ToListAsync(cancellationToken)];
}
