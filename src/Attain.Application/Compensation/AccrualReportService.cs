using System.Globalization;
using System.Text.Json;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Exports;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>
/// One row of the accrual report: a cost centre's commission expense for one component in one currency.
/// <see cref="Payable"/> = <see cref="Earned"/> + <see cref="Held"/> + <see cref="ClawedBack"/> + <see cref="OtherPayments"/>.
/// </summary>
/// <param name="CostCentre">The people's cost centre, or <c>(none)</c>.</param>
/// <param name="Component">A plan component, a payment kind of lines without a component (<c>draw-advance</c>, ...) or <c>adjustment</c>.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Earned">Earning lines (commission, bonus, true-up, ...), and approved adjustments.</param>
/// <param name="Held">Holds (negative) and releases (positive): the net change of what is held back.</param>
/// <param name="ClawedBack">Clawbacks (negative).</param>
/// <param name="OtherPayments">Draws, guarantees, deficits and recoveries.</param>
/// <param name="Payable">What is paid for the period.</param>
/// <param name="PreviousPayable">The same row's payable in the previous period's published run (0 when none).</param>
/// <param name="Change">Payable minus previous payable.</param>
public sealed record AccrualRow(
    string CostCentre, string Component, string Currency, decimal Earned, decimal Held, decimal ClawedBack, decimal OtherPayments,
    decimal Payable, decimal PreviousPayable, decimal Change);

/// <summary>The accrual report of a period against the period before it.</summary>
public sealed record AccrualReport(string PeriodKey, long RunId, string PreviousPeriodKey, long? PreviousRunId, IReadOnlyList<AccrualRow> Rows)
{
    /// <summary>
    /// The report's totals per currency, by currency code: amounts in two currencies are never added. Each currency's
    /// payable equals the payroll file's total in that currency.
    /// </summary>
    public IReadOnlyList<AccrualTotal> Totals =>
    [
        .. Rows.GroupBy(r => r.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AccrualTotal(g.Key, g.Sum(r => r.Earned), g.Sum(r => r.Held), g.Sum(r => r.ClawedBack), g.Sum(r => r.OtherPayments),
                g.Sum(r => r.Payable), g.Sum(r => r.PreviousPayable), g.Sum(r => r.Change))),
    ];
}

/// <summary>The accrual report's columns summed over the rows of one currency.</summary>
public sealed record AccrualTotal(
    string Currency, decimal Earned, decimal Held, decimal ClawedBack, decimal OtherPayments, decimal Payable, decimal PreviousPayable, decimal Change);

/// <summary>The report, or why there is none (<c>invalid_period</c> 400, <c>period_not_published</c> 409).</summary>
public sealed record AccrualOutcome(AccrualReport? Report, CompensationProblem? Problem);

/// <summary>
/// The commission-expense accrual report for finance (docs/compensation.md, "Accruals"): a period's published run and
/// approved adjustments summed per cost centre (the person's cost centre at the period's end, from the change log),
/// component and currency, with the change from the previous period's published run.
/// </summary>
public sealed class AccrualReportService(AttainDbContext db)
{
    /// <summary>The report's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["period", "cost_centre", "component", "currency", "earned", "held", "clawed_back", "other_payments", "payable", "previous_payable", "change"];

    /// <summary>Builds the report for <paramref name="periodKey"/> (any published run, approved or not).</summary>
    public async Task<AccrualOutcome> BuildAsync(string periodKey, CancellationToken cancellationToken = default)
    {
        var calendar = await PeriodCloseService.CalendarAsync(db, cancellationToken);
        if (!calendar.TryParse(periodKey, out var period))
        {
            return new AccrualOutcome(null, new CompensationProblem("invalid_period", "period", $"'{periodKey}' is not a fiscal period key such as FY2027-M08."));
        }

        var runId = await PublishedRunAsync(period.Key, cancellationToken);
        if (runId is null)
        {
            return new AccrualOutcome(null, new CompensationProblem(PeriodCloseService.PeriodNotPublished, "period", $"{period.Key} has no published run."));
        }

        var previous = calendar.Previous(period);
        var previousRunId = await PublishedRunAsync(previous.Key, cancellationToken);
        var current = await AmountsAsync(period.Key, runId.Value, await CostCentresAtAsync(period.End, cancellationToken), cancellationToken);
        var before = previousRunId is { } p ? await AmountsAsync(previous.Key, p, await CostCentresAtAsync(previous.End, cancellationToken), cancellationToken) : [];
        var previousPayable = before.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Sum(a => a.Amount));
        var rows = current.GroupBy(a => a.Key).Select(g =>
            {
                var payable = g.Sum(a => a.Amount);
                var was = previousPayable.GetValueOrDefault(g.Key);
                return new AccrualRow(
                    g.Key.CostCentre, g.Key.Component, g.Key.Currency,
                    g.Where(a => a.Column == Column.Earned).Sum(a => a.Amount), g.Where(a => a.Column == Column.Held).Sum(a => a.Amount),
                    g.Where(a => a.Column == Column.ClawedBack).Sum(a => a.Amount), g.Where(a => a.Column == Column.Other).Sum(a => a.Amount),
                    payable, was, payable - was);
            })
            .Concat(previousPayable.Where(p => current.All(c => c.Key != p.Key))
                .Select(p => new AccrualRow(p.Key.CostCentre, p.Key.Component, p.Key.Currency, 0m, 0m, 0m, 0m, 0m, p.Value, -p.Value)))
            .OrderBy(r => r.CostCentre, StringComparer.Ordinal).ThenBy(r => r.Currency, StringComparer.Ordinal).ThenBy(r => r.Component, StringComparer.Ordinal)
            .ToList();
        return new AccrualOutcome(new AccrualReport(period.Key, runId.Value, previous.Key, previousRunId, rows), null);
    }

    /// <summary>Writes the report as CSV or a one-sheet .xlsx (sheet <c>accruals</c>, amounts as numbers).</summary>
    public static Task WriteAsync(AccrualReport report, ExportFormat format, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.Rows.Select(r => new object?[]
        {
            report.PeriodKey, r.CostCentre, r.Component, r.Currency, r.Earned, r.Held, r.ClawedBack, r.OtherPayments, r.Payable, r.PreviousPayable, r.Change,
        }).ToList();
        return ExportService.WriteAsync(new ExportSheet("accruals", Columns, rows), format, stream, cancellationToken);
    }

    /// <summary>The cost centre of people without one.</summary>
    public const string NoCostCentre = "(none)";

    /// <summary>
    /// Each person's cost centre at the end of <paramref name="lastDay"/> (UTC): a person keeps one cost centre, and the
    /// change log keeps every earlier value (an update's "before"), so the value then is the "before" of the first
    /// change of it recorded after that day, or the current value when none was.
    /// </summary>
    internal async Task<Dictionary<long, string?>> CostCentresAtAsync(DateOnly lastDay, CancellationToken cancellationToken)
    {
        var costCentres = await db.People.AsNoTracking().Select(p => new { p.Id, p.CostCentre }).ToDictionaryAsync(p => p.Id, p => p.CostCentre, cancellationToken);
        var after = lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var person = ChangeLogRules.EntityName(typeof(Person));
        var changes = await db.ChangeLog.AsNoTracking()
            .Where(e => e.Entity == person && e.Operation == ChangeOperation.Update && e.OccurredAt >= after && e.Before != null && e.Before.Contains("\"CostCentre\""))
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Select(e => new { e.EntityKey, e.Before }).ToListAsync(cancellationToken);

        // Latest first, so the earliest change after the day is applied last and wins.
        foreach (var change in changes)
        {
            if (long.TryParse(change.EntityKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(change.Before!) is { } values
                && values.TryGetValue(nameof(Person.CostCentre), out var value))
            {
                costCentres[id] = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            }
        }

        return costCentres;
    }

    private async Task<long?> PublishedRunAsync(string periodKey, CancellationToken cancellationToken) =>
        await db.CompensationPeriods.AsNoTracking().Where(p => p.PeriodKey == periodKey).Select(p => p.PublishedRunId).FirstOrDefaultAsync(cancellationToken);

    private async Task<List<(RowKey Key, Column Column, decimal Amount)>> AmountsAsync(
        string periodKey, long runId, Dictionary<long, string?> costCentres, CancellationToken cancellationToken)
    {
        var lines = await db.RunLines.AsNoTracking().Where(l => l.RunId == runId)
            .Select(l => new { l.PersonId, l.Source, l.Kind, l.ComponentId, l.Amount, l.Currency }).ToListAsync(cancellationToken);
        var adjustments = await db.Adjustments.AsNoTracking()
            .Where(a => a.PeriodKey == periodKey && a.Status == AdjustmentStatus.Approved)
            .Select(a => new { a.PersonId, a.Amount, a.Currency }).ToListAsync(cancellationToken);
        string CostCentre(long person) => costCentres.GetValueOrDefault(person) is { Length: > 0 } c ? c : NoCostCentre;
        return
        [
            .. lines.Select(l => (
                new RowKey(CostCentre(l.PersonId), l.ComponentId ?? PayrollExportService.Kebab(l.Kind), l.Currency),
                l.Source == RunLineSource.Earning ? Column.Earned
                    : l.Kind is "Hold" or "Release" ? Column.Held
                    : l.Kind == "Clawback" ? Column.ClawedBack
                    : Column.Other,
                l.Amount)),
            .. adjustments.Select(a => (new RowKey(CostCentre(a.PersonId), PayrollExportService.AdjustmentComponent, a.Currency), Column.Earned, a.Amount)),
        ];
    }

    private sealed record RowKey(string CostCentre, string Component, string Currency);

    private enum Column
    {
        Earned,
        Held,
        ClawedBack,
        Other,
    }
}
