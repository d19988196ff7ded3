using System.Globalization;
using Attain.Application.Data;
using Attain.Application.Exports;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>One row of the payroll file: what one person is paid for one component in one currency.</summary>
/// <param name="EmployeeId">The person's employee number, or their external id when they have none.</param>
/// <param name="PersonId">The person's external id.</param>
/// <param name="Name">First and last name.</param>
/// <param name="PeriodKey">The period paid.</param>
/// <param name="PayDate">The pay date.</param>
/// <param name="Component">A plan component id, a payment line kind (<c>clawback</c>, <c>hold</c>, <c>release</c>, <c>draw-advance</c>, <c>guarantee</c>, <c>deficit</c>, <c>recovery</c>) or <c>adjustment</c>.</param>
/// <param name="Amount">The signed amount, exact (never rounded here).</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="CostCentre">The person's cost centre, or empty.</param>
public sealed record PayrollRow(
    string EmployeeId, string PersonId, string Name, string PeriodKey, DateOnly PayDate, string Component, decimal Amount, string Currency, string CostCentre);

/// <summary>A period's payroll file: the run it reads and its rows.</summary>
public sealed record PayrollFile(string PeriodKey, long RunId, DateOnly PayDate, IReadOnlyList<PayrollRow> Rows)
{
    /// <summary>
    /// What the file pays per currency, by currency code; amounts in two currencies are never added. A person's totals
    /// (<see cref="TotalsOf"/>) equal their statement's totals per currency, to the cent.
    /// </summary>
    public IReadOnlyList<PayrollTotal> Totals => Sum(Rows);

    /// <summary>What the file pays the person with external id <paramref name="personId"/>, per currency.</summary>
    public IReadOnlyList<PayrollTotal> TotalsOf(string personId) => Sum(Rows.Where(r => r.PersonId == personId));

    private static List<PayrollTotal> Sum(IEnumerable<PayrollRow> rows) =>
        [.. rows.GroupBy(r => r.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new PayrollTotal(g.Key, g.Sum(r => r.Amount), g.Count()))];
}

/// <summary>The payroll file's total in one currency, over <paramref name="Rows"/> rows.</summary>
public sealed record PayrollTotal(string Currency, decimal Amount, int Rows);

/// <summary>The payroll file, or why there is none (<c>invalid_period</c> 400; <c>period_not_published</c>, <c>run_not_approved</c> 409).</summary>
public sealed record PayrollOutcome(PayrollFile? File, CompensationProblem? Problem);

/// <summary>
/// The payroll export (docs/compensation.md, "Payroll file"): for a period whose published run is approved, one row per
/// person, component and currency with the sum of the person's run lines of that component, and one <c>adjustment</c>
/// row with the approved adjustments paid in the period; a person's rows sum to their payable plus approved
/// adjustments, to the cent.
/// </summary>
public sealed class PayrollExportService(AttainDbContext db)
{
    /// <summary>The default pay date is the period's last day plus this many days.</summary>
    public const int DefaultPayDateOffsetDays = 15;

    /// <summary>The file's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["employee_id", "person_id", "name", "period", "pay_date", "component", "amount", "currency", "cost_centre"];

    /// <summary>Builds the file for <paramref name="periodKey"/>; <paramref name="payDate"/> defaults to the period end + 15 days.</summary>
    public async Task<PayrollOutcome> BuildAsync(string periodKey, DateOnly? payDate = null, CancellationToken cancellationToken = default)
    {
        var calendar = await PeriodCloseService.CalendarAsync(db, cancellationToken);
        if (!calendar.TryParse(periodKey, out var period))
        {
            return new PayrollOutcome(null, new CompensationProblem("invalid_period", "period", $"'{periodKey}' is not a fiscal period key such as FY2027-M08."));
        }

        var run = await db.CompensationPeriods.AsNoTracking().Where(p => p.PeriodKey == period.Key && p.PublishedRunId != null)
            .Join(db.CalculationRuns.AsNoTracking(), p => p.PublishedRunId, r => r.Id, (p, r) => new { r.Id, r.ApprovalStatus })
            .FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return new PayrollOutcome(null, new CompensationProblem(PeriodCloseService.PeriodNotPublished, "period", $"{period.Key} has no published run."));
        }

        if (run.ApprovalStatus != ApprovalStatus.Approved)
        {
            return new PayrollOutcome(null, new CompensationProblem(RunNotApproved, "period", $"The published run of {period.Key} is not approved ({run.ApprovalStatus}); payroll is exported only from approved results."));
        }

        var date = payDate ?? period.End.AddDays(DefaultPayDateOffsetDays);
        var lines = await db.RunLines.AsNoTracking().Where(l => l.RunId == run.Id)
            .Select(l => new { l.PersonId, l.Source, l.Kind, l.ComponentId, l.Amount, l.Currency }).ToListAsync(cancellationToken);
        var adjustments = await db.Adjustments.AsNoTracking()
            .Where(a => a.PeriodKey == period.Key && a.Status == AdjustmentStatus.Approved)
            .Select(a => new { a.PersonId, a.Amount, a.Currency }).ToListAsync(cancellationToken);
        var amounts = lines.Select(l => (l.PersonId, Component: Component(l.Source, l.Kind, l.ComponentId), l.Currency, l.Amount))
            .Concat(adjustments.Select(a => (a.PersonId, Component: AdjustmentComponent, a.Currency, a.Amount)))
            .GroupBy(x => (x.PersonId, x.Component, x.Currency))
            .Select(g => (g.Key.PersonId, g.Key.Component, g.Key.Currency, Amount: g.Sum(x => x.Amount)))
            .Where(x => x.Amount != 0m)
            .ToList();
        var ids = amounts.Select(a => a.PersonId).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.ExternalId, p.EmployeeNumber, p.FirstName, p.LastName, p.CostCentre })
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var rows = amounts
            .Select(a =>
            {
                var p = people[a.PersonId];
                return new PayrollRow(
                    string.IsNullOrWhiteSpace(p.EmployeeNumber) ? p.ExternalId : p.EmployeeNumber, p.ExternalId, $"{p.FirstName} {p.LastName}",
                    period.Key, date, a.Component, a.Amount, a.Currency, p.CostCentre ?? string.Empty);
            })
            .OrderBy(r => r.EmployeeId, StringComparer.Ordinal).ThenBy(r => r.Currency, StringComparer.Ordinal)
            .ThenBy(r => r.Component == AdjustmentComponent).ThenBy(r => r.Component, StringComparer.Ordinal)
            .ToList();
        return new PayrollOutcome(new PayrollFile(period.Key, run.Id, date, rows), null);
    }

    /// <summary>Writes the file as CSV (UTF-8, comma-separated, header row; amounts with at least two decimals, never rounded).</summary>
    public static Task WriteCsvAsync(PayrollFile file, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var rows = file.Rows.Select(r => new object?[]
        {
            r.EmployeeId, r.PersonId, r.Name, r.PeriodKey, r.PayDate, r.Component, Amount(r.Amount), r.Currency, r.CostCentre,
        }).ToList();
        return ExportService.WriteAsync(new ExportSheet("payroll", Columns, rows), ExportFormat.Csv, stream, cancellationToken);
    }

    /// <summary>The component a run line is paid under: its plan component, or its payment kind for payment lines.</summary>
    internal static string Component(RunLineSource source, string kind, string? componentId) =>
        source == RunLineSource.Earning && componentId is not null ? componentId : Kebab(kind);

    /// <summary><c>DrawAdvance</c> → <c>draw-advance</c>.</summary>
    internal static string Kebab(string kind) => PayChangeService.Words(kind).Replace(' ', '-');

    /// <summary>An amount with at least two decimals and every further significant one: <c>12.50</c>, <c>0.125</c>.</summary>
    internal static string Amount(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>The component name of approved adjustments.</summary>
    public const string AdjustmentComponent = "adjustment";

    /// <summary>409: the period's published run is not approved.</summary>
    public const string RunNotApproved = "run_not_approved";
}
