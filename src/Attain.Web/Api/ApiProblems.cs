using System.Globalization;
using Attain.Application.Browse;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attain.Web.Api;

/// <summary>
/// Expected failures as RFC 9457 problem details, each with a stable <c>code</c> extension listed in docs/errors.md.
/// Anything else is a bug and goes to the one exception handler (500, <c>internal_error</c>).
/// </summary>
public static class ApiProblems
{
    public const string InvalidQuery = "invalid_query";
    public const string InvalidBody = "invalid_body";
    public const string NotFound = "not_found";
    public const string TokenNameTaken = "token_name_taken";
    public const string TokenAlreadyRevoked = "token_already_revoked";
    public const string AuditExportTooLarge = "audit_export_too_large";
    public const string RunActive = "run_active";
    public const string SegregationOfDuties = "segregation_of_duties";
    public const string NotAllowed = "not_allowed";
    public const string InvalidTransition = "invalid_transition";
    public const string PeriodClosed = "period_closed";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string InternalError = "internal_error";

    /// <summary>The code for a problem the framework produced without one, by status.</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => Unauthenticated,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        >= 500 => InternalError,
        _ => "http_" + status.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>404 for a record that does not exist or that the viewer may not see: the two are indistinguishable on purpose.</summary>
    public static ProblemHttpResult NotFoundRecord(string resource, long id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: $"No {resource} with id {id.ToString(CultureInfo.InvariantCulture)}.",
            extensions: new Dictionary<string, object?> { ["code"] = NotFound });

    public static ProblemHttpResult Conflict(string code, string detail) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Conflict",
            detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>400 naming each offending field: <c>errors</c> maps field paths to messages, <c>issues</c> lists code, path and message.</summary>
    public static ValidationProblem Invalid(string code, IReadOnlyList<QueryIssue> issues) =>
        TypedResults.ValidationProblem(
            issues.GroupBy(i => i.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(i => i.Message).ToArray(), StringComparer.Ordinal),
            title: code == InvalidQuery ? "Invalid query parameters" : "Invalid request body",
            extensions: new Dictionary<string, object?> { ["code"] = code, ["issues"] = issues });
}
