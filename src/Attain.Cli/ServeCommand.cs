using System.CommandLine;
using Attain.Web.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Attain.Cli;

/// <summary><c>attain serve</c>: the web app (UI, API, /health) on the configured store.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => "http://localhost:5000" };
        var demo = new Option<bool>("--demo") { Description = "Load the demo company into an empty store and create the demo logins." };
        var command = new Command("serve", "Start the web app.") { urls, demo };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] hostArgs =
            [
                .. StoreArguments.ToHostArgs(parse),
                $"--urls={parse.GetValue(urls)}",
                $"--Attain:Demo={parse.GetValue(demo)}",
                .. parse.UnmatchedTokens,
            ];
            var app = AttainWebApp.Build(AttainWebApp.CreateBuilder(hostArgs));
            await app.RunAsync(cancellationToken);
            return AttainCommand.Ok;
        });
        return command;
    }
}
