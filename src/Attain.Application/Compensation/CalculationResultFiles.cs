using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Attain.Application.Imports.Csv;
using Attain.Engine.Calculation;
using Attain.Engine.Crediting;

namespace Attain.Application.Compensation;

/// <summary>One output file: its name and its bytes (UTF-8 without a byte-order mark, '\n' line ends).</summary>
public sealed record ResultFile(string Name, byte[] Content);

/// <summary>
/// Writes a calculation result as files (docs/cli.md, <c>attain calc</c>): <c>earnings.csv</c>, <c>attainment.csv</c>
/// (one row per measure), <c>lineage.csv</c> (one row per earning line and credit behind it), <c>issues.csv</c> and
/// <c>results.json</c> (all of it). The engine's order is kept and every number is written without trailing zeros, so
/// the same input gives byte-identical files whatever the order of its rows.
/// </summary>
public static class CalculationResultFiles
{
    public const string Earnings = "earnings.csv";
    public const string Attainment = "attainment.csv";
    public const string Lineage = "lineage.csv";
    public const string Issues = "issues.csv";
    public const string Json = "results.json";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static IReadOnlyList<ResultFile> Create(CalculationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return
        [
            new(Earnings, Csv(
                ["participant", "plan", "plan_version", "component", "period", "sequence", "date", "kind", "amount", "currency", "exact", "rule"],
                result.Earnings.Select(l => new object?[]
                {
                    l.ParticipantId, l.PlanId, l.PlanVersion, l.ComponentId, l.PeriodKey, l.Sequence, l.Date, Kind(l.Kind),
                    l.Amount.Amount, l.Amount.Currency.Code, l.Exact, l.Rule,
                }))),
            new(Attainment, Csv(
                ["participant", "plan", "component", "period", "from", "to", "proration_factor", "value", "quota", "target_incentive", "attainment_percent", "earned", "currency"],
                result.Measures.Select(m => new object?[]
                {
                    m.ParticipantId, m.PlanId, m.ComponentId, m.PeriodKey, m.From, m.To, m.ProrationFactor, m.Value, m.Quota,
                    m.TargetIncentive, m.AttainmentPercent, m.Earned.Amount, m.Earned.Currency.Code,
                }))),
            new(Lineage, Csv(
                ["participant", "plan", "plan_version", "component", "period", "sequence", "kind", "booking", "credit", "credit_value", "fx_rate", "fx_quote",
                 "measure_before", "measure_after", "quota", "attainment_percent", "tier", "rate", "base", "exact", "amount", "rounding"],
                result.Earnings.SelectMany(l => Sources(l).Select(s => new object?[]
                {
                    l.ParticipantId, l.PlanId, l.PlanVersion, l.ComponentId, l.PeriodKey, l.Sequence, Kind(l.Kind), s.Booking, s.Credit, l.CreditValue,
                    l.FxRate, l.FxQuote, l.MeasureBefore, l.MeasureAfter, l.Quota, l.AttainmentPercent, l.TierIndex, l.Rate, l.Base, l.Exact,
                    l.Amount.Amount, l.Rounding,
                })))),
            new(Issues, Csv(["code", "path", "message"], result.Issues.Select(i => new object?[] { i.Code, i.Path, i.Message }))),
            new(Json, JsonFile(result)),
        ];
    }

    /// <summary>Writes the files into <paramref name="directory"/> (created if needed), each replaced whole.</summary>
    public static async Task WriteAsync(string directory, IReadOnlyList<ResultFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(directory);
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.Name);
            var temporary = path + ".tmp";
            await File.WriteAllBytesAsync(temporary, file.Content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
    }

    private static string Kind(EarningKind kind) => kind switch
    {
        EarningKind.Commission => "commission",
        EarningKind.TrueUp => "true-up",
        EarningKind.QuotaBonus => "quota-bonus",
        EarningKind.DealCap => "deal-cap",
        EarningKind.PeriodCap => "period-cap",
        _ => kind.ToString(),
    };

    /// <summary>A line's sources: one per credit (with its booking), or one empty source for a line without credits.</summary>
    private static IEnumerable<(string? Booking, string? Credit)> Sources(EarningLine line) =>
        line.CreditIds.Count == 0
            ? [(null, null)]
            : line.CreditIds.Select(id => ((string?)line.BookingIds.FirstOrDefault(b => id.StartsWith(b + "/", StringComparison.Ordinal)), (string?)id));

    private static byte[] Csv(string[] header, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', header).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(cell => Quote(CsvValues.Format(cell)))).Append('\n');
        }

        return Utf8.GetBytes(text.ToString());
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static byte[] JsonFile(CalculationResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("period", result.PeriodKey);
            json.WriteStartArray("earnings");
            foreach (var l in result.Earnings)
            {
                json.WriteStartObject();
                json.WriteString("participant", l.ParticipantId);
                json.WriteString("plan", l.PlanId);
                Number(json, "planVersion", l.PlanVersion);
                json.WriteString("component", l.ComponentId);
                json.WriteString("period", l.PeriodKey);
                Number(json, "sequence", l.Sequence);
                json.WriteString("date", CsvValues.Format(l.Date));
                json.WriteString("kind", Kind(l.Kind));
                Strings(json, "bookings", l.BookingIds);
                Strings(json, "credits", l.CreditIds);
                Number(json, "creditValue", l.CreditValue);
                Number(json, "fxRate", l.FxRate);
                json.WriteString("fxQuote", l.FxQuote);
                Number(json, "measureBefore", l.MeasureBefore);
                Number(json, "measureAfter", l.MeasureAfter);
                Number(json, "quota", l.Quota);
                Number(json, "attainmentPercent", l.AttainmentPercent);
                Number(json, "tier", l.TierIndex);
                Number(json, "rate", l.Rate);
                Number(json, "base", l.Base);
                json.WriteString("rule", l.Rule);
                Number(json, "exact", l.Exact);
                Number(json, "amount", l.Amount.Amount);
                json.WriteString("currency", l.Amount.Currency.Code);
                json.WriteString("rounding", l.Rounding);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("measures");
            foreach (var m in result.Measures)
            {
                json.WriteStartObject();
                json.WriteString("participant", m.ParticipantId);
                json.WriteString("plan", m.PlanId);
                json.WriteString("component", m.ComponentId);
                json.WriteString("period", m.PeriodKey);
                json.WriteString("from", CsvValues.Format(m.From));
                json.WriteString("to", CsvValues.Format(m.To));
                Number(json, "prorationFactor", m.ProrationFactor);
                Number(json, "value", m.Value);
                Number(json, "quota", m.Quota);
                Number(json, "targetIncentive", m.TargetIncentive);
                Number(json, "attainmentPercent", m.AttainmentPercent);
                Number(json, "earned", m.Earned.Amount);
                json.WriteString("currency", m.Earned.Currency.Code);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("credits");
            foreach (var c in result.Credits)
            {
                WriteCredit(json, c);
            }

            json.WriteEndArray();
            json.WriteStartArray("issues");
            foreach (var i in result.Issues)
            {
                json.WriteStartObject();
                json.WriteString("code", i.Code);
                json.WriteString("path", i.Path);
                json.WriteString("message", i.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteCredit(Utf8JsonWriter json, Credit c)
    {
        json.WriteStartObject();
        json.WriteString("id", c.Id);
        json.WriteString("booking", c.BookingId);
        json.WriteString("participant", c.ParticipantId);
        json.WriteString("kind", c.Kind.ToString());
        Number(json, "percent", c.Percent);
        Number(json, "amount", c.Amount.Amount);
        Number(json, "margin", c.Margin.Amount);
        json.WriteString("currency", c.Amount.Currency.Code);
        Number(json, "units", c.Units);
        json.WriteString("date", CsvValues.Format(c.Date));
        json.WriteString("shareHolder", c.ShareHolderId);
        Number(json, "level", c.Level);
        json.WriteString("reverses", c.ReversesCreditId);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, decimal? value)
    {
        json.WritePropertyName(name);
        if (value is { } number)
        {
            json.WriteRawValue(CsvValues.Format(number));
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static void Number(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Strings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
