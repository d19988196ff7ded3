using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Attain.Application.Access;
using Attain.Application.Bookings;
using Attain.Application.Bookings.BulkLoad;
using Attain.Application.Demo;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Attain.Cli;

/// <summary>
/// <c>attain demo</c>: loads the demo company (docs/demo.md) into an empty store and creates the demo logins;
/// <c>attain demo --scale</c> loads the benchmark data set instead, streaming its bookings through the bulk writer.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the generator; the same seed gives the same company.", DefaultValueFactory = _ => DemoOptions.DefaultSeed };
        var asOf = new Option<string?>("--as-of") { Description = "The company's 'today' (yyyy-MM-dd); default: today in the demo time zone." };
        var scale = new Option<bool>("--scale") { Description = "Load the scale data set (10,000 participants) instead of the demo company." };
        var bookings = new Option<long>("--bookings")
        {
            Description = "With --scale: how many bookings to stream in.",
            DefaultValueFactory = _ => DemoScale.DefaultBookings,
            CustomParser = Count,
        };
        var command = new Command("demo", "Load the demo company into an empty store.") { seed, asOf, scale, bookings };
        command.Validators.Add(result =>
        {
            if (result.GetValue(asOf) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                result.AddError($"--as-of must be a date written yyyy-MM-dd: {text}");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await CliSession.OpenMigratedAsync(parse, cancellationToken);
            var db = session.Db;
            var error = parse.InvocationConfiguration.Error;
            if (!await DemoCompanyLoader.IsEmptyAsync(db, cancellationToken))
            {
                await error.WriteLineAsync("The store already holds data: the demo loads only into an empty store.");
                return AttainCommand.Failure;
            }

            var options = parse.GetValue(asOf) is { } date
                ? new DemoOptions(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture), parse.GetValue(seed))
                : DemoOptions.Today(TimeProvider.System) with { Seed = parse.GetValue(seed) };
            var console = CliConsole.Diagnostics(parse);
            if (parse.GetValue(scale))
            {
                await LoadScaleAsync(session, console, new DemoScale(options), parse.GetValue(bookings), cancellationToken);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"Scale data set loaded: {parse.GetValue(bookings):N0} bookings.");
                return AttainCommand.Ok;
            }

            var result = await console.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("Demo company", maxValue: 1);
                var progress = new SynchronousProgress<DemoProgress>(p =>
                {
                    task.Description = p.Step;
                    task.MaxValue = Math.Max(p.Total, 1);
                    task.Value = p.Done;
                });
                return await DemoCompanyLoader.LoadAsync(db, options, progress, cancellationToken);
            });
            var logins = await session.Services.GetRequiredService<AccountSetup>().EnsureDemoLoginsAsync(cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"{DemoCompany.Name} loaded: {result.Rows:N0} rows in {result.Elapsed.TotalSeconds:N1} s.");
            foreach (var login in logins)
            {
                await output.WriteLineAsync($"  {login.UserName,-12} {login.Role,-11} password {login.Password}");
            }

            return AttainCommand.Ok;
        });
        return command;
    }

    private static async Task LoadScaleAsync(CliSession session, IAnsiConsole console, DemoScale scale, long count, CancellationToken cancellationToken)
    {
        await console.Progress().StartAsync(async context =>
        {
            var organisation = context.AddTask("Organisation", maxValue: 1);
            await DemoCompanyLoader.LoadScaleAsync(session.Db, scale, 0, new SynchronousProgress<DemoProgress>(p =>
            {
                organisation.Description = p.Step;
                organisation.MaxValue = Math.Max(p.Total, 1);
                organisation.Value = p.Done;
            }), cancellationToken);
            organisation.Value = organisation.MaxValue;
            var bookings = context.AddTask("Bookings", maxValue: Math.Max(count, 1));
            var writer = session.Services.GetRequiredService<BookingBulkWriter>();
            await writer.WriteAsync(session.Db, Counted(scale.BookingsAsync(count), bookings), "demo --scale", cancellationToken);
        });
    }

    private static async IAsyncEnumerable<Booking> Counted(IAsyncEnumerable<Booking> rows, ProgressTask task)
    {
        var n = 0;
        await foreach (var row in rows)
        {
            if (++n % 10_000 == 0)
            {
                task.Value = n;
            }

            yield return row;
        }

        task.Value = task.MaxValue;
    }

    /// <summary>
    /// Reads <c>--bookings</c> as a count (a whole number, not negative); anything else is a usage error naming the option.
    /// A parser rather than a validator: validators run on values that could not be converted, and reading those throws.
    /// </summary>
    private static long Count(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
        {
            result.AddError($"--bookings must be a whole number: '{text}'.");
            return 0;
        }

        if (count < 0)
        {
            result.AddError($"--bookings must not be negative: {count}.");
        }

        return count;
    }
}
