using Attain.Application.Browse;
using Attain.Application.Compensation;
using Attain.Application.Exports;
using Attain.Application.Organisation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Payouts for finance (docs/compensation.md): the payroll file and the accrual report of a period.</summary>
public static class PayrollEndpoints
{
    /// <summary>Who may download payroll and accruals: finance, admins and comp admins.</summary>
    public const string FinanceRoles = Roles.Finance + "," + Roles.Admin + "," + Roles.CompAdmin;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/payroll/{period}.csv", PayrollAsync).WithTags("Payouts").RequireAuthorization(new AuthorizeAttribute { Roles = FinanceRoles })
            .WithName("GetPayrollFile").WithSummary("The payroll CSV of a period whose published run is approved")
            .Produces(StatusCodes.Status200OK, contentType: DataTransferEndpoints.CsvContentType)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/accruals/{period}", AccrualsAsync).WithTags("Payouts").RequireAuthorization(new AuthorizeAttribute { Roles = FinanceRoles })
            .WithName("GetAccruals").WithSummary("The commission-expense accrual report of a period as CSV or .xlsx")
            .Produces(StatusCodes.Status200OK, contentType: DataTransferEndpoints.CsvContentType, additionalContentTypes: [DataTransferEndpoints.XlsxContentType])
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PayrollAsync(
        string period, [FromQuery(Name = "payDate")] string? payDate, PayrollExportService payroll, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var date = reader.Date(payDate, "payDate");
        if (reader.Issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, reader.Issues);
        }

        var outcome = await payroll.BuildAsync(period, date, cancellationToken);
        if (outcome.Problem is { Code: "invalid_period" } invalid)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, [new QueryIssue("unknown_period", "period", invalid.Message)]);
        }

        if (outcome.Problem is { } problem)
        {
            return ApiProblems.Conflict(problem.Code, problem.Message);
        }

        using var buffer = new MemoryStream();
        await PayrollExportService.WriteCsvAsync(outcome.File!, buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), DataTransferEndpoints.CsvContentType, $"payroll-{outcome.File!.PeriodKey}.csv");
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> AccrualsAsync(
        string period, [FromQuery(Name = "format")] string? format, AccrualReportService accruals, CancellationToken cancellationToken)
    {
        ExportFormat? kind = format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "csv" => ExportFormat.Csv,
            "xlsx" => ExportFormat.Xlsx,
            _ => null,
        };
        if (kind is null)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, [new QueryIssue("unknown_format", "format", $"'{format}' is not a format: use csv or xlsx.")]);
        }

        var outcome = await accruals.BuildAsync(period, cancellationToken);
        if (outcome.Problem is { Code: "invalid_period" } invalid)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, [new QueryIssue("unknown_period", "period", invalid.Message)]);
        }

        if (outcome.Problem is { } problem)
        {
            return ApiProblems.Conflict(problem.Code, problem.Message);
        }

        using var buffer = new MemoryStream();
        await AccrualReportService.WriteAsync(outcome.Report!, kind.Value, buffer, cancellationToken);
        return kind == ExportFormat.Csv
            ? TypedResults.File(buffer.ToArray(), DataTransferEndpoints.CsvContentType, $"accruals-{outcome.Report!.PeriodKey}.csv")
            : TypedResults.File(buffer.ToArray(), DataTransferEndpoints.XlsxContentType, $"accruals-{outcome.Report!.PeriodKey}.xlsx");
    }
}
