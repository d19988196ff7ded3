using System.CommandLine;
using System.Text.Json;
using Attain.Application.Compensation;

namespace Attain.Cli;

/// <summary>
/// <c>attain calc --plans DIR --data DIR --period P --out DIR</c>: calculates a period from files, with the engine the
/// app runs, and writes earnings, attainment, lineage, issues and results.json. Invalid input writes nothing and lists
/// every problem on stderr (exit 1); engine issues are written and listed too (exit 1).
/// </summary>
public static class CalcCommand
{
    public static Command Create()
    {
        var plans = new Option<DirectoryInfo>("--plans") { Description = "Folder of plan files (*.json, docs/plans.md).", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder of CSV files (docs/import.md, \"Calculation files\").", Required = true };
        var period = new Option<string>("--period") { Description = "The fiscal period to calculate: FY2026, FY2026-Q1 or FY2026-M03.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder the result files are written to (created if needed).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the summary and problems as JSON." };
        var command = new Command("calc", "Calculate a period from plan and data files.") { plans, data, period, output, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(period) is { } key && !FileCalculation.IsPeriodKey(key))
            {
                result.AddError($"'{key}' is not a fiscal period key such as FY2026, FY2026-Q1 or FY2026-M03.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var asJson = parse.GetValue(json);
            var run = await FileCalculation.RunAsync(parse.GetValue(plans)!.FullName, parse.GetValue(data)!.FullName, parse.GetValue(period)!, cancellationToken);
            if (run.Result is not { } result)
            {
                if (asJson)
                {
                    await stdout.WriteLineAsync(JsonSerializer.Serialize(new { problems = run.Problems }, CliJson.Options));
                }

                await stderr.WriteLineAsync($"{run.Problems.Count} problem(s); nothing was calculated:");
                foreach (var problem in run.Problems)
                {
                    await stderr.WriteLineAsync(problem.ToString());
                }

                return AttainCommand.Failure;
            }

            var folder = parse.GetValue(output)!.FullName;
            await CalculationResultFiles.WriteAsync(folder, CalculationResultFiles.Create(result), cancellationToken);
            var issues = result.Issues.Select(CalculationProblem.From).ToList();
            var totals = result.Earnings
                .GroupBy(l => l.Amount.Currency.Code, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new { currency = g.Key, amount = g.Sum(l => l.Amount.Amount) })
                .ToList();
            var participants = result.Measures.Select(m => m.ParticipantId).Distinct(StringComparer.Ordinal).Count();
            if (asJson)
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(
                    new { period = result.PeriodKey, participants, earningLines = result.Earnings.Count, measures = result.Measures.Count, totals, output = folder, issues },
                    CliJson.Options));
            }
            else
            {
                var earned = totals.Count == 0 ? "nothing" : string.Join(", ", totals.Select(t => $"{Application.Imports.Csv.CsvValues.Format(t.amount)} {t.currency}"));
                await stdout.WriteLineAsync($"{result.PeriodKey}: {participants} participant(s), {result.Measures.Count} measure(s), {result.Earnings.Count} earning line(s), earned {earned}; written to {folder}");
            }

            foreach (var issue in issues)
            {
                await stderr.WriteLineAsync(issue.ToString());
            }

            return issues.Count > 0 ? AttainCommand.Failure : AttainCommand.Ok;
        });
        return command;
    }
}
