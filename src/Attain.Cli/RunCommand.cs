using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Attain.Application.Compensation;
using Attain.Engine.Periods;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Cli;

/// <summary>
/// <c>attain run --period FY2027-M09 [--reason TEXT] [--json]</c>: a calc run of a period on the store, in the
/// foreground, with its phase and participants on stderr (docs/cli.md, docs/compensation.md).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var period = new Option<string>("--period") { Description = "The fiscal period to calculate: FY2027, FY2027-Q3 or FY2027-M09.", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why the run is started (kept on the run and in the change log)." };
        var json = new Option<bool>("--json") { Description = "Print the run and its payout totals as JSON." };
        var command = new Command("run", "Calculate a period from the store and publish it (a calc run).") { period, reason, json };
        command.Validators.Add(result =>
        {
            // Any fiscal year start gives the same keys; the store's calendar decides the dates.
            if (!new FiscalCalendar(1).TryParse(result.GetValue(period), out _))
            {
                result.AddError($"--period must be a fiscal period key such as FY2027, FY2027-Q3 or FY2027-M09: '{result.GetValue(period)}'.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            await using var session = await CliSession.OpenMigratedAsync(parse, cancellationToken);
            var runs = session.Services.GetRequiredService<CalculationRunService>();
            var progress = new SynchronousProgress<RunProgress>(p => error.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"run {p.RunId}: {p.Phase.ToString().ToLowerInvariant()} ({p.ParticipantsDone}/{p.ParticipantsTotal} participants)")));
            var outcome = await runs.RunAsync(parse.GetValue(period)!, parse.GetValue(reason), progress, cancellationToken);
            foreach (var problem in outcome.Problems)
            {
                await error.WriteLineAsync($"{problem.Where}: {problem.Message} ({problem.Code})");
            }

            if (outcome.Run is not { Status: RunStatus.Published or RunStatus.Staged } run)
            {
                return AttainCommand.Failure;
            }

            var browser = session.Services.GetRequiredService<RunBrowser>();
            var response = await browser.GetAsync(run.Id, cancellationToken);
            var payouts = await browser.PayoutSummaryAsync(run.Id, cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { run = response, payouts }, CliJson.Options));
            }
            else
            {
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Run {run.Number} of {run.PeriodKey} (id {run.Id}): {run.Status}, {payouts!.Participants} participant(s) paid, checksum {run.Checksum}"));
                foreach (var total in payouts.Totals)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  payable {total.Currency} {total.Payable:0.00##}"));
                }
            }

            return AttainCommand.Ok;
        });
        return command;
    }
}
