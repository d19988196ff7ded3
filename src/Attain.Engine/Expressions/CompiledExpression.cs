using System.Diagnostics.CodeAnalysis;

namespace Attain.Engine.Expressions;

/// <summary>Evaluates a compiled expression against one record.</summary>
/// <param name="record">The values, by schema slot.</param>
public delegate ExpressionValue ExpressionEvaluator(IExpressionRecord record);

/// <summary>
/// An expression that passed every check, ready to evaluate any number of times. Immutable and safe to share
/// between threads. Evaluation reads the record by slot index, allocates nothing for numbers, booleans and dates,
/// never throws for data (division by zero, overflow and wrongly typed fields come back as error values), and runs
/// in time linear in the length of the expression.
/// </summary>
public sealed class CompiledExpression
{
    private readonly ExpressionEvaluator evaluator;

    internal CompiledExpression(string source, ExpressionNode syntax, ExpressionType type, ExpressionEvaluator evaluator)
    {
        Source = source;
        Syntax = syntax;
        Type = type;
        this.evaluator = evaluator;
    }

    /// <summary>The expression text as written.</summary>
    public string Source { get; }

    /// <summary>The syntax tree.</summary>
    public ExpressionNode Syntax { get; }

    /// <summary>
    /// The static type of every non-null, non-error result. <see cref="ExpressionType.Null"/> only for expressions
    /// that can produce nothing but null.
    /// </summary>
    public ExpressionType Type { get; }

    /// <summary>Evaluates against <paramref name="record"/>: a value of <see cref="Type"/>, null, or an error value.</summary>
    public ExpressionValue Evaluate(IExpressionRecord record) => evaluator(record);

    /// <summary>Evaluates a boolean expression.</summary>
    /// <exception cref="InvalidOperationException">The expression's <see cref="Type"/> is not Boolean (compile it with an expected type).</exception>
    public EvaluationResult<bool> EvaluateBoolean(IExpressionRecord record)
    {
        RequireType(ExpressionType.Boolean);
        var value = evaluator(record);
        return value.Kind switch
        {
            ExpressionValueKind.Boolean => new(EvaluationStatus.Value, value.AsBoolean(), null),
            ExpressionValueKind.Null => new(EvaluationStatus.Null, false, null),
            _ => new(EvaluationStatus.Error, false, value.ErrorMessage),
        };
    }

    /// <summary>Evaluates a number expression.</summary>
    /// <exception cref="InvalidOperationException">The expression's <see cref="Type"/> is not Number (compile it with an expected type).</exception>
    public EvaluationResult<decimal> EvaluateDecimal(IExpressionRecord record)
    {
        RequireType(ExpressionType.Number);
        var value = evaluator(record);
        return value.Kind switch
        {
            ExpressionValueKind.Number => new(EvaluationStatus.Value, value.AsDecimal(), null),
            ExpressionValueKind.Null => new(EvaluationStatus.Null, 0m, null),
            _ => new(EvaluationStatus.Error, 0m, value.ErrorMessage),
        };
    }

    /// <summary>The expression text.</summary>
    public override string ToString() => Source;

    private void RequireType(ExpressionType wanted)
    {
        if (Type != wanted && Type != ExpressionType.Null)
        {
            throw new InvalidOperationException($"The expression is of type {Type}, not {wanted}.");
        }
    }
}

/// <summary>Whether a typed evaluation produced a value, null, or an error.</summary>
public enum EvaluationStatus
{
    /// <summary>A value of the expected type.</summary>
    Value,

    /// <summary>Null, for example from a missing field.</summary>
    Null,

    /// <summary>An evaluation error; see <see cref="EvaluationResult{T}.Error"/>.</summary>
    Error,
}

/// <summary>A typed evaluation result: a value, null, or an error message.</summary>
/// <typeparam name="T">The CLR type of the value.</typeparam>
/// <param name="Status">Which of the three it is.</param>
/// <param name="Value">The value when <paramref name="Status"/> is Value; default otherwise.</param>
/// <param name="Error">The message when <paramref name="Status"/> is Error; null otherwise.</param>
public readonly record struct EvaluationResult<T>(EvaluationStatus Status, T Value, string? Error)
    where T : struct
{
    /// <summary>True when a value was produced.</summary>
    public bool HasValue => Status == EvaluationStatus.Value;
}

/// <summary>The outcome of compiling: a <see cref="CompiledExpression"/>, or the issues that prevented it.</summary>
public sealed class ExpressionCompileResult
{
    internal ExpressionCompileResult(CompiledExpression? compiled, IReadOnlyList<ExpressionIssue> issues)
    {
        Compiled = compiled;
        Issues = issues;
    }

    /// <summary>The compiled expression; null when there are issues.</summary>
    public CompiledExpression? Compiled { get; }

    /// <summary>Every issue found, in source order; empty on success.</summary>
    public IReadOnlyList<ExpressionIssue> Issues { get; }

    /// <summary>True when the expression compiled.</summary>
    [MemberNotNullWhen(true, nameof(Compiled))]
    public bool Succeeded => Compiled is not null;
}
