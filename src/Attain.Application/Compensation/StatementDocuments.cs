using System.Globalization;
using Attain.Application.Documents;
using Attain.Application.Exports;

namespace Attain.Application.Compensation;

/// <summary>
/// A statement as a file: CSV with one row per line and per approved adjustment (columns in docs/compensation.md,
/// "Statements"), or a PDF for reading and printing. Both carry the same plain words and totals as the web page.
/// </summary>
public static class StatementDocuments
{
    /// <summary>The CSV columns, in order (docs/compensation.md lists what each holds).</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "period", "person", "run", "line", "group", "kind", "plan", "component", "component_period", "date",
        "description", "bookings", "tier", "rate", "base", "attainment_percent", "amount", "currency",
    ];

    /// <summary>A file name such as <c>statement-FY2027-M09-P0042.csv</c>.</summary>
    public static string FileName(Statement statement, string extension)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var name = string.Concat(statement.Header.PersonExternalId.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return $"statement-{statement.Header.PeriodKey}-{name}.{extension}";
    }

    /// <summary>Writes the CSV: UTF-8, comma-separated, a header row, one row per line then one per approved adjustment.</summary>
    public static Task WriteCsvAsync(Statement statement, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var h = statement.Header;
        var rows = new List<object?[]>();
        foreach (var l in statement.Lines)
        {
            rows.Add([
                h.PeriodKey, h.PersonExternalId, h.RunNumber, l.Number, l.Group == StatementGroup.Earnings ? "earnings" : "payments", l.Kind, l.PlanKey,
                l.ComponentId, l.PeriodKey, l.Date, l.Description, string.Join('|', l.BookingIds), l.Tier, l.Rate, l.Base, l.AttainmentPercent,
                Amount(l.Amount, l.Currency), l.Currency,
            ]);
        }

        foreach (var a in statement.Adjustments)
        {
            rows.Add([
                h.PeriodKey, h.PersonExternalId, h.RunNumber, null, "adjustment", a.Kind.ToString(), null, a.ComponentId, a.SourcePeriodKey ?? h.PeriodKey,
                a.ApprovedAt is { } at ? DateOnly.FromDateTime(at) : null, AdjustmentWords(a), null, null, null, null, null, Amount(a.Amount, a.Currency), a.Currency,
            ]);
        }

        return ExportService.WriteAsync(new ExportSheet("statement", CsvColumns, rows), ExportFormat.Csv, stream, cancellationToken);
    }

    /// <summary>The statement as a PDF (A4), with its totals first and every line in plain words.</summary>
    public static byte[] Pdf(Statement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var h = statement.Header;
        var c = h.Currency;
        var several = statement.Totals.Count > 1;
        var report = new PdfReport($"Statement {h.PeriodKey}: {h.PersonName}", footer: $"{h.PersonName} · {h.PeriodKey} · run {h.RunNumber} · {h.Status}")
            .Paragraph(h.Final
                ? "These results are approved: this is your final statement for the period."
                : "These results are not approved yet: this statement is provisional and may still change.")
            .Facts([
                ("Participant", $"{h.PersonName} ({h.PersonExternalId})"),
                ("Period", $"{h.PeriodKey}: {StatementWords.Date(h.From)} to {StatementWords.Date(h.To)}"),
                ("Plans", string.Join(", ", h.Plans.Select(p => $"{p.Name} (v{p.Version.ToString(CultureInfo.InvariantCulture)})"))),
                ("Pay currency", several ? string.Join(", ", statement.Totals.Select(t => t.Currency)) : c),
                ("Run", $"{h.RunNumber.ToString(CultureInfo.InvariantCulture)} ({h.Status})"),
            ]);

        // One totals table per currency: amounts in two currencies are never added.
        foreach (var t in statement.Totals)
        {
            var ytd = statement.YearToDate.In(t.Currency);
            report.Heading(several ? $"Totals in {t.Currency}" : "Totals")
                .Table(
                    [new PdfColumn("", 3), new PdfColumn("Amount", 1, ColumnAlignment.Right)],
                    [
                        ["Earned", Money(t.Earned, t.Currency)],
                        ["Clawbacks, holds, releases and draws", Money(t.PaymentLines, t.Currency)],
                        ["Payable from your plans", Money(t.Payable, t.Currency)],
                        ["Approved adjustments", Money(t.Adjustments, t.Currency)],
                        ["Total to be paid", Money(t.Total, t.Currency)],
                    ],
                    boldLastRow: true)
                .Facts([
                    ("Year to date", $"{Money(ytd.Total, t.Currency)} ({statement.YearToDate.FiscalYear}, {statement.YearToDate.Periods.Count.ToString(CultureInfo.InvariantCulture)} periods)"),
                    ("Draw balance owed", Money(t.DrawBalance, t.Currency)),
                    ("Held, waiting for release", Money(t.HeldPending, t.Currency)),
                ]);
        }

        if (statement.Attainment.Count > 0)
        {
            report.Heading("Attainment against quota").Table(
                [new PdfColumn("Component", 2), new PdfColumn("Period", 1.2), new PdfColumn("Value", 1.3, ColumnAlignment.Right), new PdfColumn("Quota", 1.3, ColumnAlignment.Right),
                 new PdfColumn("Attainment", 1, ColumnAlignment.Right), new PdfColumn("Target incentive", 1.3, ColumnAlignment.Right)],
                statement.Attainment.Select(a => (IReadOnlyList<string>)[
                    $"{a.ComponentId} ({a.PlanKey})", a.PeriodKey, StatementWords.Money(a.Value, a.Currency),
                    a.Quota is { } q ? StatementWords.Money(q, a.Currency) : "—", StatementWords.Percent(a.AttainmentPercent),
                    a.TargetIncentive is { } ti ? StatementWords.Money(ti, a.Currency) : "—",
                ]));
        }

        report.Heading("Earnings by component").Table(
            [new PdfColumn("Component", 3), new PdfColumn("Lines", 0.7, ColumnAlignment.Right), new PdfColumn("Amount", 1.3, ColumnAlignment.Right)],
            statement.Components.Select(x => (IReadOnlyList<string>)[$"{x.Name} ({x.PlanKey})", x.Lines.ToString(CultureInfo.InvariantCulture), Money(x.Amount, x.Currency)])
                .Concat(statement.Totals.Select(t => (IReadOnlyList<string>)[
                    several ? $"Payable in {t.Currency}" : "Payable",
                    statement.Lines.Count(l => l.Currency == t.Currency).ToString(CultureInfo.InvariantCulture), Money(t.Payable, t.Currency)])),
            boldLastRow: true);

        report.Heading("Every line").Table(
            [new PdfColumn("No.", 0.5, ColumnAlignment.Right), new PdfColumn("Date", 1.1), new PdfColumn("What it is", 6), new PdfColumn("Amount", 1.4, ColumnAlignment.Right)],
            statement.Lines.Select(l => (IReadOnlyList<string>)[l.Number.ToString(CultureInfo.InvariantCulture), l.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Description, Money(l.Amount, l.Currency)]));

        if (statement.Adjustments.Count > 0)
        {
            report.Heading("Adjustments").Table(
                [new PdfColumn("What it is", 6), new PdfColumn("Amount", 1.4, ColumnAlignment.Right)],
                statement.Adjustments.Select(a => (IReadOnlyList<string>)[AdjustmentWords(a), Money(a.Amount, a.Currency)]));
        }

        return report.ToBytes();
    }

    /// <summary>An adjustment in words: "Adjustment (manual): reason — approved by X".</summary>
    public static string AdjustmentWords(StatementAdjustment adjustment)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        var kind = adjustment.Kind switch
        {
            AdjustmentKind.PriorPeriod => $"prior-period adjustment for {adjustment.SourcePeriodKey}",
            AdjustmentKind.Dispute => "resolution of your dispute",
            _ => "manual adjustment",
        };
        return $"Adjustment ({kind}): {adjustment.Reason}{(adjustment.ApprovedBy is { } by ? $" — approved by {by}" : string.Empty)}";
    }

    private static string Money(decimal amount, string currency) => $"{StatementWords.Money(amount, currency)} {currency}";

    private static string Amount(decimal amount, string currency) =>
        StatementWords.Money(amount, currency).Replace(",", string.Empty, StringComparison.Ordinal);
}
