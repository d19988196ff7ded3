using Attain.Application.Browse;
using Attain.Application.Exports;
using Attain.Application.Imports;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>
/// CSV import (admins and sales ops) and CSV/.xlsx export (anyone, limited to the rows they may see).
/// The entity names are the import names of docs/import.md (<c>accounts</c>, <c>opportunities</c>, ...).
/// </summary>
public static class DataTransferEndpoints
{
    public const string CsvContentType = "text/csv";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/imports/{entity}", ImportAsync).WithTags("Imports").RequireAuthorization(Policies.DataAdmin)
            .WithName("Import").WithSummary("Import a CSV file (the request body); valid rows load, bad rows are listed by row and column")
            .Accepts<string>(CsvContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/exports/{entity}", ExportAsync).WithTags("Exports").RequireAuthorization(Policies.SignedIn)
            .WithName("Export").WithSummary("Export the records you may see as CSV or .xlsx")
            .Produces(StatusCodes.Status200OK, contentType: CsvContentType, additionalContentTypes: [XlsxContentType])
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Ok<ImportResult>, ValidationProblem>> ImportAsync(
        string entity,
        [FromQuery(Name = "format")] string? format,
        [FromQuery(Name = "fileName")] string? fileName,
        HttpRequest request,
        CurrentViewer current,
        ImportService importer,
        CancellationToken cancellationToken)
    {
        var issues = new List<QueryIssue>();
        if (!ImportEntities.TryParse(entity, out var what))
        {
            issues.Add(new("unknown_entity", "entity", $"Unknown entity '{entity}'. Known: {string.Join(", ", ImportEntities.DependencyOrder.Select(e => e.Name()))}."));
        }

        if (!ImportFormats.TryParse(format ?? "auto", out var dialect))
        {
            issues.Add(new("unknown_format", "format", $"Unknown format '{format}'. Known: auto, attain, salesforce, hubspot."));
        }

        if (issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, issues);
        }

        var viewer = await current.GetAsync(cancellationToken);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        body.Position = 0;
        var name = string.IsNullOrWhiteSpace(fileName) ? what.FileName() : Path.GetFileName(fileName);
        return TypedResults.Ok(await importer.ImportAsync(what, body, name, dialect, viewer.UserName, cancellationToken));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        string entity,
        [FromQuery(Name = "format")] string? format,
        CurrentViewer current,
        ExportService exporter,
        CancellationToken cancellationToken)
    {
        var issues = new List<QueryIssue>();
        if (!ImportEntities.TryParse(entity, out var what))
        {
            issues.Add(new("unknown_entity", "entity", $"Unknown entity '{entity}'."));
        }

        ExportFormat? kind = (format ?? "csv").ToLowerInvariant() switch
        {
            "csv" => ExportFormat.Csv,
            "xlsx" => ExportFormat.Xlsx,
            _ => null,
        };
        if (kind is null)
        {
            issues.Add(new("unknown_format", "format", $"Unknown format '{format}'. Known: csv, xlsx."));
        }

        if (issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, issues);
        }

        using var buffer = new MemoryStream();
        await exporter.ExportAsync(what, kind!.Value, await current.ScopeAsync(cancellationToken), buffer, cancellationToken);
        var extension = kind == ExportFormat.Csv ? "csv" : "xlsx";
        return TypedResults.File(buffer.ToArray(), kind == ExportFormat.Csv ? CsvContentType : XlsxContentType, $"{what.Name()}.{extension}");
    }
}
