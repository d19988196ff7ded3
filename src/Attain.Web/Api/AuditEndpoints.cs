using Attain.Application.Audit;
using Attain.Application.Browse;
using Attain.Application.ChangeLog;
using Attain.Application.Exports;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>The audit trail: the append-only change log, filtered and exported, for admins, comp admins and finance (docs/audit.md).</summary>
public static class AuditEndpoints
{
    public sealed class Parameters : ListParameters
    {
        /// <summary>Entity name as the log writes it: Person, Booking, Quota, User, UserRole, ApiToken, ...</summary>
        [FromQuery(Name = "entity")]
        public string? Entity { get; set; }

        /// <summary>The record's key (its id); with entity, a bulk load holding that id matches too.</summary>
        [FromQuery(Name = "entityKey")]
        public string? EntityKey { get; set; }

        /// <summary>The user name that made the change (exact).</summary>
        [FromQuery(Name = "actor")]
        public string? Actor { get; set; }

        /// <summary>Insert, Update, Delete or BulkInsert.</summary>
        [FromQuery(Name = "operation")]
        public string? Operation { get; set; }

        /// <summary>Changes at or after this instant (ISO 8601, UTC when no offset).</summary>
        [FromQuery(Name = "from")]
        public string? From { get; set; }

        /// <summary>Changes at or before this instant (ISO 8601, UTC when no offset).</summary>
        [FromQuery(Name = "to")]
        public string? To { get; set; }

        /// <summary>Text the stated reason contains (case-insensitive).</summary>
        [FromQuery(Name = "reason")]
        public string? Reason { get; set; }

        public AuditQuery Read(QueryReader reader) => Read(reader, new AuditQuery
        {
            Entity = Entity,
            EntityKey = EntityKey,
            Actor = Actor,
            Operation = reader.Enum<ChangeOperation>(Operation, "operation"),
            From = reader.Instant(From, "from"),
            To = reader.Instant(To, "to"),
            Reason = Reason,
        });
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.Audit);
        group.MapGet(string.Empty, ListAsync).WithName("ListAudit").WithSummary("List change-log entries, newest first, with each field before and after");
        group.MapGet("/export", ExportAsync).WithName("ExportAudit").WithSummary("Export the matching change-log entries as CSV or .xlsx")
            .Produces(StatusCodes.Status200OK, contentType: DataTransferEndpoints.CsvContentType, additionalContentTypes: [DataTransferEndpoints.XlsxContentType])
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Ok<Paged<AuditEntryResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] Parameters p, AuditService audit, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader);
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await audit.ListAsync(query, cancellationToken));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        [AsParameters] Parameters p,
        [FromQuery(Name = "format")] string? format,
        AuditService audit,
        CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader);
        ExportFormat? kind = (format ?? "csv").ToLowerInvariant() switch
        {
            "csv" => ExportFormat.Csv,
            "xlsx" => ExportFormat.Xlsx,
            _ => null,
        };
        var issues = new List<QueryIssue>();
        if (kind is null)
        {
            issues.Add(new("unknown_format", "format", $"Unknown format '{format}'. Known: csv, xlsx."));
        }

        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        if (issues.Count == 0 && await audit.CountAsync(query, cancellationToken) is > AuditService.MaxExportRows and var count)
        {
            issues.Add(new(ApiProblems.AuditExportTooLarge, "to",
                $"{count} entries match; an export holds at most {AuditService.MaxExportRows}. Narrow from/to or the other filters."));
        }

        if (issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, issues);
        }

        using var buffer = new MemoryStream();
        await audit.ExportAsync(query, kind!.Value, buffer, cancellationToken);
        var extension = kind == ExportFormat.Csv ? "csv" : "xlsx";
        return TypedResults.File(buffer.ToArray(), kind == ExportFormat.Csv ? DataTransferEndpoints.CsvContentType : DataTransferEndpoints.XlsxContentType, $"audit.{extension}");
    }
}
