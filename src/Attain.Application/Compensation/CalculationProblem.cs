using Attain.Application.Imports;
using Attain.Engine.Crediting;
using Attain.Engine.Plans;

namespace Attain.Application.Compensation;

/// <summary>
/// A problem with a calculation's input files: the file, where in it (<c>row 3, column amount</c> for a CSV file with the
/// header as row 1; <c>line 4, column 7 ($.components[0].rate)</c> for a plan; empty for the whole file), a stable code
/// and a message. CSV codes are those of docs/import.md, plan codes those of docs/plans.md.
/// </summary>
public sealed record CalculationProblem(string File, string Location, string Code, string Message)
{
    public static CalculationProblem From(ImportError error) => new(
        error.File,
        error.Column is null ? $"row {error.Row}" : $"row {error.Row}, column {error.Column}",
        error.Code,
        error.Message);

    public static CalculationProblem From(string file, PlanIssue issue) =>
        new(file, $"line {issue.Line}, column {issue.Column} ({issue.Path})", issue.Code, issue.Message);

    /// <summary>An engine issue: the data was readable but some records could not be used (docs/plans.md, "Issues").</summary>
    public static CalculationProblem From(InputIssue issue) => new("calculation", issue.Path, issue.Code, issue.Message);

    public override string ToString() => Location.Length == 0 ? $"{File}: {Message} ({Code})" : $"{File} {Location}: {Message} ({Code})";
}
