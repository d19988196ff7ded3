using System.CommandLine;
using Attain.Application.Exports;
using Attain.Application.Imports;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Cli;

/// <summary><c>attain export ENTITY --out FILE</c>: writes CSV (the import columns) or .xlsx.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var entity = new Argument<string>("entity") { Description = "What to export: " + string.Join(", ", ImportEntities.DependencyOrder.Select(e => e.Name())) };
        var output = new Option<FileInfo?>("--out") { Description = "File to write; the format follows its extension (.csv or .xlsx). CSV goes to stdout when omitted." };
        var command = new Command("export", "Export records to CSV or .xlsx.") { entity, output };
        command.Validators.Add(result =>
        {
            if (!ImportEntities.TryParse(result.GetValue(entity) ?? string.Empty, out _))
            {
                result.AddError($"Unknown entity '{result.GetValue(entity)}'. Known: {string.Join(", ", ImportEntities.DependencyOrder.Select(e => e.Name()))}.");
            }

            if (result.GetValue(output) is { } file && FormatOf(file) is null)
            {
                result.AddError($"--out must end in .csv or .xlsx: {file.Name}");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            _ = ImportEntities.TryParse(parse.GetValue(entity)!, out var what);
            await using var session = await CliSession.OpenMigratedAsync(parse, cancellationToken);
            var exporter = session.Services.GetRequiredService<ExportService>();
            if (parse.GetValue(output) is { } file)
            {
                var temporary = file.FullName + ".partial";
                await using (var stream = File.Create(temporary))
                {
                    await exporter.ExportAsync(what, FormatOf(file)!.Value, scope: null, stream, cancellationToken);
                }

                File.Move(temporary, file.FullName, overwrite: true);
                await parse.InvocationConfiguration.Error.WriteLineAsync($"Wrote {file.FullName}");
            }
            else
            {
                using var buffer = new MemoryStream();
                await exporter.ExportAsync(what, ExportFormat.Csv, scope: null, buffer, cancellationToken);
                buffer.Position = 0;
                using var reader = new StreamReader(buffer);
                await parse.InvocationConfiguration.Output.WriteAsync(await reader.ReadToEndAsync(cancellationToken));
            }

            return AttainCommand.Ok;
        });
        return command;
    }

    private static ExportFormat? FormatOf(FileInfo file) => file.Extension.ToLowerInvariant() switch
    {
        ".csv" => ExportFormat.Csv,
        ".xlsx" => ExportFormat.Xlsx,
        _ => null,
    };
}
