namespace Attain.Engine.Expressions;

/// <summary>
/// A problem found when an expression is compiled: a stable code, where it is in the file, and a message worded
/// "expected X but found Y".
/// </summary>
/// <param name="Code">One of <see cref="ExpressionIssueCodes"/>; stable, for programs.</param>
/// <param name="Source">The file or source name given in the <see cref="SourceLocation"/>.</param>
/// <param name="Line">The 1-based line in that file.</param>
/// <param name="Column">The 1-based column in that file.</param>
/// <param name="Message">For people: what was expected and what was found.</param>
public sealed record ExpressionIssue(string Code, string Source, int Line, int Column, string Message)
{
    /// <summary><c>source:line:column: code: message</c>, the shape compilers print.</summary>
    public override string ToString() => $"{Source}:{Line}:{Column}: {Code}: {Message}";
}

/// <summary>The codes an <see cref="ExpressionIssue"/> can carry.</summary>
public static class ExpressionIssueCodes
{
    /// <summary>The text is not an expression: an unexpected character or token.</summary>
    public const string Syntax = "expr.syntax";

    /// <summary>A string literal has no closing quote.</summary>
    public const string UnterminatedString = "expr.unterminated-string";

    /// <summary>A number or date literal cannot be read (too large, not a real date).</summary>
    public const string InvalidLiteral = "expr.invalid-literal";

    /// <summary>A name that the schema does not declare.</summary>
    public const string UnknownIdentifier = "expr.unknown-identifier";

    /// <summary>A function that the language does not have.</summary>
    public const string UnknownFunction = "expr.unknown-function";

    /// <summary>A function called with the wrong number of arguments.</summary>
    public const string Arity = "expr.arity";

    /// <summary>An operand or argument of the wrong type.</summary>
    public const string Type = "expr.type";

    /// <summary>An argument that must be a literal with one of a few values (a rounding mode, a digit count).</summary>
    public const string InvalidArgument = "expr.invalid-argument";

    /// <summary>The expression is longer than <see cref="ExpressionCompiler.MaxLength"/> characters.</summary>
    public const string TooLong = "expr.too-long";

    /// <summary>The expression nests deeper than <see cref="ExpressionCompiler.MaxDepth"/>.</summary>
    public const string TooDeep = "expr.too-deep";
}
