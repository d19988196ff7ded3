using Attain.Application.Compensation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attain.Web.Api;

/// <summary>Turns an approval, adjustment or dispute outcome into its response; a refusal into its problem details (docs/errors.md).</summary>
public static class OperationProblems
{
    /// <summary>200 with the value, or the problem: 400, 403, 404 or 409 with its stable code.</summary>
    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Respond<T>(OperationOutcome<T> outcome, string resource, long id)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Value is { } value ? TypedResults.Ok(value)
            : outcome.Failure == OperationFailure.Invalid ? ApiProblems.Invalid(ApiProblems.InvalidBody, outcome.Issues)
            : Problem(outcome, resource, id);
    }

    /// <summary>The problem for a refusal other than invalid fields.</summary>
    public static ProblemHttpResult Problem<T>(OperationOutcome<T> outcome, string resource, long id)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Failure switch
        {
            OperationFailure.NotFound => ApiProblems.NotFoundRecord(resource, id),
            OperationFailure.NotAllowed => Problem(StatusCodes.Status403Forbidden, "Not allowed", ApiProblems.NotAllowed, outcome.Detail),
            OperationFailure.SegregationOfDuties => Problem(StatusCodes.Status403Forbidden, "Segregation of duties", ApiProblems.SegregationOfDuties, outcome.Detail),
            OperationFailure.InvalidTransition => Problem(StatusCodes.Status409Conflict, "Invalid transition", ApiProblems.InvalidTransition, outcome.Detail),
            OperationFailure.PeriodClosed => Problem(StatusCodes.Status409Conflict, "Period closed", ApiProblems.PeriodClosed, outcome.Detail),
            _ => throw new InvalidOperationException($"No problem for the outcome {outcome.Failure}."),
        };
    }

    private static ProblemHttpResult Problem(int status, string title, string code, string? detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });
}
