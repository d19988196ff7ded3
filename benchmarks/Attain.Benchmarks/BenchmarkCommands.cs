using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Attain.Benchmarks.Calculation;
using Attain.Benchmarks.CompRun;
using Attain.Benchmarks.EngineVsSql;
using Attain.Benchmarks.Load;

namespace Attain.Benchmarks;

/// <summary>
/// The plain timed benchmarks (benchmarks/README.md), one subcommand each, parsed with System.CommandLine as the
/// <c>attain</c> command is. Exit codes: 0 ok, 1 a failed check, 2 usage (an unknown option, a value that does not
/// parse or is out of range). Anything else on the command line goes to BenchmarkDotNet (Program.cs).
/// </summary>
public static class BenchmarkCommands
{
    public const int Usage = 2;

    public static RootCommand Create()
    {
        var root = new RootCommand("Attain's timed benchmarks (benchmarks/README.md); anything else goes to BenchmarkDotNet.");
        root.Subcommands.Add(EngineVsSqlCommand.Create());
        root.Subcommands.Add(CompRunCommand.Create());
        root.Subcommands.Add(CompReadCommand.Create());
        root.Subcommands.Add(EstimatorCommand.Create());
        root.Subcommands.Add(IncrementalCommand.Create());
        root.Subcommands.Add(LoadCommand.Create("load"));
        root.Subcommands.Add(LoadCommand.Create("demo"));
        root.Subcommands.Add(DashboardsCommand.Create());
        return root;
    }

    /// <summary>Whether the first argument names one of these commands (if not, BenchmarkDotNet takes the arguments).</summary>
    public static bool Handles(RootCommand root, string[] args) =>
        args is [var name, ..] && root.Subcommands.Any(command => command.Name == name);

    /// <summary>Parses and runs; a usage error prints its reasons to stderr and exits with 2.</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        // No response files: a value starting with '@' (a path, a connection string) is taken as written.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            // Ctrl+C behaves as before: the process ends, unless a command handles it itself (load, demo).
            ProcessTerminationTimeout = null,
        };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await configuration.Error.WriteLineAsync(error.Message);
            }

            await configuration.Error.WriteLineAsync($"Run '{parse.CommandResult.Command.Name} --help' for its options.");
            return Usage;
        }

        return await parse.InvokeAsync(configuration);
    }
}

/// <summary>Options several benchmarks declare alike, and the checks on their values.</summary>
public static class BenchmarkOptions
{
    /// <summary>The stores a benchmark can run on: one of them, or both one after the other.</summary>
    private static readonly string[] Stores = ["sqlite", "postgres", "both"];

    /// <summary><c>--runs N</c> (N &gt; 0): how many timed runs.</summary>
    public static Option<int> Runs(int fallback, string description = "Timed runs in this process; the median is reported.") =>
        AtLeast(new Option<int>("--runs") { Description = description, HelpName = "N", DefaultValueFactory = _ => fallback }, 1);

    /// <summary><c>--store sqlite|postgres|both</c>, default both.</summary>
    public static Option<string> Store()
    {
        var option = new Option<string>("--store")
        {
            Description = "The store to measure: a fresh SQLite file, a throwaway local PostgreSQL 15, or both in turn.",
            HelpName = string.Join('|', Stores),
            DefaultValueFactory = _ => "both",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValue(option) is { } value && !Stores.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"{option.Name} must be one of {string.Join(", ", Stores)}: '{value}'.");
            }
        });
        return option;
    }

    /// <summary>A switch: present or not, it takes no value.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>
    /// Makes the option read a whole number of at least <paramref name="minimum"/>; anything else is a usage error
    /// naming the option. (A parser rather than a validator: System.CommandLine runs validators on values it could not
    /// convert, and reading such a value throws.)
    /// </summary>
    public static Option<T> AtLeast<T>(Option<T> option, T minimum)
        where T : struct, INumber<T>
    {
        option.CustomParser = result => Read(result, option.Name, minimum) ?? default;
        return option;
    }

    /// <summary>The same for an option without a default: absent is null.</summary>
    public static Option<T?> AtLeast<T>(Option<T?> option, T minimum)
        where T : struct, INumber<T>
    {
        option.CustomParser = result => Read(result, option.Name, minimum);
        return option;
    }

    private static T? Read<T>(ArgumentResult result, string name, T minimum)
        where T : struct, INumber<T>
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[^1].Value;
        if (!T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name} must be a whole number: '{text}'.");
            return null;
        }

        if (value < minimum)
        {
            result.AddError(minimum == T.Zero ? $"{name} must not be negative: {value}."
                : minimum == T.One ? $"{name} must be greater than 0: {value}."
                : $"{name} must be at least {minimum}: {value}.");
            return null;
        }

        return value;
    }

    /// <summary>Adds the check that the option's value, when given, is not empty or blank.</summary>
    public static Option<string?> NotBlank(Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(option)))
            {
                result.AddError($"{option.Name} must not be empty.");
            }
        });
        return option;
    }
}
