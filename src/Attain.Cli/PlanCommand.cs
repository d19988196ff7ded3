using System.CommandLine;
using System.Text.Json;
using Attain.Application.Compensation;

namespace Attain.Cli;

/// <summary>
/// <c>attain plan test [--plans DIR]</c>: runs every plan's test cases (<c>PLAN.tests/CASE/data/*.csv</c> and
/// <c>expected.csv</c>) and prints a diff of the mismatches; exit 1 on a mismatch or invalid input.
/// </summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var plans = new Option<DirectoryInfo>("--plans") { Description = "Folder of plan files and their .tests folders.", DefaultValueFactory = _ => new DirectoryInfo("plans") };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var test = new Command("test", "Run each plan against its fixture data and compare with the expected results.") { plans, json };
        test.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var report = await PlanTestRunner.RunAsync(parse.GetValue(plans)!.FullName, cancellationToken);
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new { passed = report.Passed, report.Problems, cases = report.Cases.Select(c => new { c.Plan, c.Case, c.Passed, c.Problems, c.Issues, c.Diff }) }, CliJson.Options));
            }
            else
            {
                foreach (var result in report.Cases)
                {
                    await stdout.WriteLineAsync($"{(result.Passed ? "pass" : "FAIL")} {result.Plan}/{result.Case}");
                    if (result.Diff.Count > 0)
                    {
                        await stdout.WriteLineAsync("  --- expected.csv");
                        await stdout.WriteLineAsync("  +++ calculated");
                        foreach (var line in result.Diff)
                        {
                            await stdout.WriteLineAsync("  " + line);
                        }
                    }
                }

                var failed = report.Cases.Count(c => !c.Passed);
                await stdout.WriteLineAsync($"{report.Cases.Count - failed} passed, {failed} failed");
            }

            foreach (var problem in report.Problems)
            {
                await stderr.WriteLineAsync(problem.ToString());
            }

            foreach (var result in report.Cases)
            {
                foreach (var problem in result.Problems.Concat(result.Issues))
                {
                    await stderr.WriteLineAsync($"{result.Plan}/{result.Case}: {problem}");
                }
            }

            return report.Passed ? AttainCommand.Ok : AttainCommand.Failure;
        });
        return new Command("plan", "Work with plan files.") { test };
    }
}
