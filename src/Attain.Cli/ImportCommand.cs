using System.CommandLine;
using System.Text.Json;
using Attain.Application.Imports;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Attain.Cli;

/// <summary>
/// <c>attain import ENTITY FILE</c> or <c>attain import --dir FOLDER</c>: loads CSV files (docs/import.md).
/// Valid rows are loaded, bad rows are listed on stderr as file, row, column; exit 1 when any row was refused.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var entity = new Argument<string?>("entity") { Description = "What the file holds: " + string.Join(", ", ImportEntities.DependencyOrder.Select(e => e.Name())), Arity = ArgumentArity.ZeroOrOne };
        var file = new Argument<FileInfo?>("file") { Description = "The CSV file.", Arity = ArgumentArity.ZeroOrOne };
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "Import every <entity>.csv in this folder, in dependency order." };
        var format = new Option<string>("--format") { Description = "Header dialect: auto, attain, salesforce, hubspot.", DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var command = new Command("import", "Import CSV files.") { entity, file, dir, format, json };
        command.Validators.Add(result =>
        {
            var hasDir = result.GetValue(dir) is not null;
            var hasFile = result.GetValue(entity) is not null && result.GetValue(file) is not null;
            if (hasDir == hasFile)
            {
                result.AddError("Give either ENTITY FILE or --dir FOLDER.");
            }

            if (result.GetValue(entity) is { } name && !ImportEntities.TryParse(name, out _))
            {
                result.AddError($"Unknown entity '{name}'. Known: {string.Join(", ", ImportEntities.DependencyOrder.Select(e => e.Name()))}.");
            }

            if (!ImportFormats.TryParse(result.GetValue(format), out _))
            {
                result.AddError($"Unknown format '{result.GetValue(format)}'. Known: auto, attain, salesforce, hubspot.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = ImportFormats.TryParse(parse.GetValue(format), out var dialect);
            await using var session = await CliSession.OpenMigratedAsync(parse, cancellationToken);
            var importer = session.Services.GetRequiredService<ImportService>();
            var actor = session.Actor;
            var stderr = CliConsole.Diagnostics(parse);
            IReadOnlyList<ImportResult> results;
            if (parse.GetValue(dir) is { } folder)
            {
                if (!folder.Exists)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"Folder not found: {folder.FullName}");
                    return AttainCommand.Failure;
                }

                var plan = ImportService.PlanDirectory(folder.FullName);
                results = await stderr.Progress().StartAsync(async context =>
                {
                    var task = context.AddTask($"Importing {plan.Count} file(s)", maxValue: Math.Max(plan.Count, 1));
                    var progress = new SynchronousProgress<ImportResult>(r =>
                    {
                        task.Description = $"{r.File}: {r.Inserted} new, {r.Updated} updated";
                        task.Increment(1);
                    });
                    return await importer.ImportDirectoryAsync(folder.FullName, dialect, actor, progress, cancellationToken);
                });
            }
            else
            {
                _ = ImportEntities.TryParse(parse.GetValue(entity)!, out var what);
                var path = parse.GetValue(file)!;
                if (!path.Exists)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"File not found: {path.FullName}");
                    return AttainCommand.Failure;
                }

                results = [await stderr.Status().StartAsync($"Importing {path.Name}", async _ =>
                {
                    await using var stream = path.OpenRead();
                    return await importer.ImportAsync(what, stream, path.Name, dialect, actor, cancellationToken);
                })];
            }

            await WriteAsync(parse, results, parse.GetValue(json));
            return results.Any(r => r.HasErrors) ? AttainCommand.Failure : AttainCommand.Ok;
        });
        return command;
    }

    private static async Task WriteAsync(ParseResult parse, IReadOnlyList<ImportResult> results, bool json)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(results, CliJson.Options));
        }
        else
        {
            foreach (var result in results)
            {
                await output.WriteLineAsync($"{result.File}: {result.Inserted} inserted, {result.Updated} updated, {result.Unchanged} unchanged, {result.Errors.Count} refused");
            }
        }

        foreach (var problem in results.SelectMany(r => r.Errors))
        {
            await error.WriteLineAsync(problem.ToString());
        }
    }
}
