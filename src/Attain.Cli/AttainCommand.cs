using System.CommandLine;

namespace Attain.Cli;

/// <summary>The <c>attain</c> command. Exit codes: 0 ok, 1 business failure, 2 usage.</summary>
public static class AttainCommand
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    public static RootCommand Create()
    {
        var root = new RootCommand("Attain: sales performance management.");
        root.Options.Add(StoreArguments.Provider);
        root.Options.Add(StoreArguments.Connection);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        return root;
    }
}
