using System.CommandLine;
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
