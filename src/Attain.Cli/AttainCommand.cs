using System.CommandLine;

namespace Attain.Cli;

/// <summary>The <c>attain</c> command. Exit codes: 0 ok, 1 business failure, 2 usage.</summary>
public static class AttainCommand
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>Parses and runs; a usage error prints its reasons to stderr and exits with 2.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var parse = Create().Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        };
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await configuration.Error.WriteLineAsync(parseError.Message);
            }

            await configuration.Error.WriteLineAsync("Run 'attain --help' for usage.");
            return Usage;
        }

        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await configuration.Error.WriteLineAsync("Cancelled.");
            return Failure;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or System.Data.Common.DbException or UnauthorizedAccessException)
        {
            await configuration.Error.WriteLineAsync($"error: {exception.Message}");
            return Failure;
        }
    }

    public static RootCommand Create()
    {
        var root = new RootCommand("Attain: sales performance management.");
        root.Options.Add(StoreArguments.Provider);
        root.Options.Add(StoreArguments.Connection);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(CalcCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        return root;
    }
}
