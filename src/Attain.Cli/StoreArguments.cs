using System.CommandLine;
using Attain.Application.Data;

namespace Attain.Cli;

/// <summary>Options every command shares: which store to use. Configuration (Store__Provider, Store__ConnectionString) is the fallback.</summary>
public static class StoreArguments
{
    public static readonly Option<StoreProvider?> Provider = new("--store")
    {
        Description = "Store provider: Sqlite (default, data/attain.db) or Postgres.",
        Recursive = true,
    };

    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "Connection string of the store.",
        Recursive = true,
    };

    /// <summary>Configuration key/value overrides for the chosen options, in host argument form.</summary>
    public static IEnumerable<string> ToHostArgs(ParseResult parse)
    {
        if (parse.GetValue(Provider) is { } provider)
        {
            yield return $"--Store:Provider={provider}";
        }

        if (parse.GetValue(Connection) is { } connection)
        {
            yield return $"--Store:ConnectionString={connection}";
        }
    }
}
