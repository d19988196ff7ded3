using System.CommandLine;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Cli;

/// <summary><c>attain migrate</c>: create or upgrade the store's schema.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending migrations to the store.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = CliSession.Open(parse);
            var pending = (await session.Db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await StoreRegistration.MigrateAsync(session.Db, session.Store, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(
                pending.Count == 0 ? "The store is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
            return AttainCommand.Ok;
        });
        return command;
    }
}
