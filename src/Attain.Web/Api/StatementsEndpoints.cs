using Attain.Application.Browse;
using Attain.Application.Compensation;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>
/// Statements (docs/compensation.md, "Statements"): a participant's pay for a period from its published run, as JSON,
/// CSV or PDF, and each line opened to what is behind it. A rep reads only their own (another rep's reads as 404), a
/// manager their reporting subtree, the compensation office everyone.
/// </summary>
public static class StatementsEndpoints
{
    public const string StatementNotPublished = "statement_not_published";

    public sealed class Parameters
    {
        /// <summary>The person's external id (default: yourself); must be someone you may see.</summary>
        [FromQuery(Name = "person")]
        public string? Person { get; set; }

        /// <summary>A run of the period to read instead of the published one (admins, comp admins and finance).</summary>
        [FromQuery(Name = "run")]
        public string? Run { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/statements").WithTags("Statements").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/{period}", GetAsync).WithName("GetStatement")
            .WithSummary("A participant's statement for a period: totals, earnings by component, attainment, every line in plain words, adjustments, year to date")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{period}/lines/{number:int}", GetLineAsync).WithName("GetStatementLine")
            .WithSummary("One statement line opened to its bookings, credits, tier, rate and rule")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{period}/statement.csv", CsvAsync).WithName("GetStatementCsv")
            .WithSummary("The statement as CSV: one row per line and per approved adjustment")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{period}/statement.pdf", PdfAsync).WithName("GetStatementPdf")
            .WithSummary("The statement as PDF")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Statement>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string period, [AsParameters] Parameters p, CurrentViewer viewer, StatementService statements, CancellationToken cancellationToken)
    {
        var (statement, problem) = await ReadAsync(period, p, viewer, statements, cancellationToken);
        if (statement is not null)
        {
            return TypedResults.Ok(statement);
        }

        return problem.Invalid is { } invalid ? invalid : problem.Other!;
    }

    private static async Task<Results<Ok<StatementLineDetail>, ValidationProblem, ProblemHttpResult>> GetLineAsync(
        string period, int number, [AsParameters] Parameters p, CurrentViewer viewer, StatementService statements, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var run = reader.Id(p.Run, "run");
        if (reader.Issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidQuery, reader.Issues);
        }

        var answer = await statements.GetLineAsync(await viewer.GetAsync(cancellationToken), await viewer.ScopeAsync(cancellationToken), period, number, p.Person, run, cancellationToken);
        if (answer.Value is { } line)
        {
            return TypedResults.Ok(line);
        }

        var problem = Problem(answer.Failure, answer.Message);
        return problem.Invalid is { } invalid ? invalid : problem.Other!;
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> CsvAsync(
        string period, [AsParameters] Parameters p, CurrentViewer viewer, StatementService statements, CancellationToken cancellationToken)
    {
        var (statement, problem) = await ReadAsync(period, p, viewer, statements, cancellationToken);
        if (statement is null)
        {
            return problem.Invalid is { } invalid ? invalid : problem.Other!;
        }

        using var buffer = new MemoryStream();
        await StatementDocuments.WriteCsvAsync(statement, buffer, cancellationToken);
        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8", StatementDocuments.FileName(statement, "csv"));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PdfAsync(
        string period, [AsParameters] Parameters p, CurrentViewer viewer, StatementService statements, CancellationToken cancellationToken)
    {
        var (statement, problem) = await ReadAsync(period, p, viewer, statements, cancellationToken);
        if (statement is null)
        {
            return problem.Invalid is { } invalid ? invalid : problem.Other!;
        }

        return TypedResults.File(StatementDocuments.Pdf(statement), "application/pdf", StatementDocuments.FileName(statement, "pdf"));
    }

    private static async Task<(Statement? Statement, StatementProblem Problem)> ReadAsync(
        string period, Parameters p, CurrentViewer viewer, StatementService statements, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var run = reader.Id(p.Run, "run");
        if (reader.Issues.Count > 0)
        {
            return (null, new StatementProblem(ApiProblems.Invalid(ApiProblems.InvalidQuery, reader.Issues), null));
        }

        var answer = await statements.GetAsync(await viewer.GetAsync(cancellationToken), await viewer.ScopeAsync(cancellationToken), period, p.Person, run, cancellationToken);
        return (answer.Value, answer.Value is null ? Problem(answer.Failure, answer.Message) : default);
    }

    /// <summary>A failure as a 400 (bad period, no person), 403 (another run without the right role) or 404 (unknown, out of scope, not published).</summary>
    private static StatementProblem Problem(StatementFailure failure, string message) => failure switch
    {
        StatementFailure.InvalidPeriod => new(ApiProblems.Invalid(ApiProblems.InvalidQuery, [new QueryIssue("invalid_period", "period", message)]), null),
        StatementFailure.NoPerson => new(ApiProblems.Invalid(ApiProblems.InvalidQuery, [new QueryIssue("person_required", "person", message)]), null),
        StatementFailure.Forbidden => new(null, Status(StatusCodes.Status403Forbidden, "Forbidden", message, ApiProblems.Forbidden)),
        StatementFailure.NotPublished => new(null, Status(StatusCodes.Status404NotFound, "Not published", message, StatementNotPublished)),
        _ => new(null, Status(StatusCodes.Status404NotFound, "Not found", message, ApiProblems.NotFound)),
    };

    private static ProblemHttpResult Status(int status, string title, string detail, string code) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });

    private readonly record struct StatementProblem(ValidationProblem? Invalid, ProblemHttpResult? Other);
}
