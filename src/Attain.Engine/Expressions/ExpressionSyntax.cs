namespace Attain.Engine.Expressions;

/// <summary>
/// A node of a parsed expression. <see cref="Position"/> is where the node's token stands in the file: the literal,
/// name or function name, the prefix operator, or for binary operators and <c>in</c> the operator itself.
/// </summary>
/// <param name="Position">The node's line and column in the file.</param>
public abstract record ExpressionNode(TextPosition Position);

/// <summary>A non-negative number literal such as <c>12.50</c>; a minus sign in front is a <see cref="UnaryExpression"/>.</summary>
/// <param name="Value">The value, with the scale written (12.50 keeps two decimals).</param>
/// <param name="Position">Where the literal starts.</param>
public sealed record NumberLiteral(decimal Value, TextPosition Position) : ExpressionNode(Position);

/// <summary>A string literal in double quotes.</summary>
/// <param name="Value">The text with escapes resolved.</param>
/// <param name="Position">Where the opening quote stands.</param>
public sealed record StringLiteral(string Value, TextPosition Position) : ExpressionNode(Position);

/// <summary><c>true</c> or <c>false</c>.</summary>
/// <param name="Value">The boolean.</param>
/// <param name="Position">Where the keyword starts.</param>
public sealed record BooleanLiteral(bool Value, TextPosition Position) : ExpressionNode(Position);

/// <summary>The literal <c>null</c>.</summary>
/// <param name="Position">Where the keyword starts.</param>
public sealed record NullLiteral(TextPosition Position) : ExpressionNode(Position);

/// <summary>A dotted name resolved through the schema, such as <c>booking.amount</c>.</summary>
/// <param name="Name">The name as written.</param>
/// <param name="Position">Where the name starts.</param>
public sealed record Identifier(string Name, TextPosition Position) : ExpressionNode(Position);

/// <summary>A prefix operator: <c>-x</c> or <c>not x</c>.</summary>
/// <param name="Operator">Which operator.</param>
/// <param name="Operand">What it applies to.</param>
/// <param name="Position">Where the operator stands.</param>
public sealed record UnaryExpression(UnaryOperator Operator, ExpressionNode Operand, TextPosition Position) : ExpressionNode(Position);

/// <summary>A binary operator between two operands.</summary>
/// <param name="Operator">Which operator.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
/// <param name="Position">Where the operator stands.</param>
public sealed record BinaryExpression(BinaryOperator Operator, ExpressionNode Left, ExpressionNode Right, TextPosition Position) : ExpressionNode(Position);

/// <summary><c>x in [a, b, c]</c>: true when x equals one of the items.</summary>
/// <param name="Operand">The value looked for.</param>
/// <param name="Items">The list, in the order written.</param>
/// <param name="Position">Where <c>in</c> stands.</param>
public sealed record InExpression(ExpressionNode Operand, IReadOnlyList<ExpressionNode> Items, TextPosition Position) : ExpressionNode(Position);

/// <summary>A function call such as <c>round(x, 2, "half-even")</c>; <c>if</c> and <c>date</c> are calls too.</summary>
/// <param name="Name">The function name as written.</param>
/// <param name="Arguments">The arguments in order.</param>
/// <param name="Position">Where the function name starts.</param>
public sealed record CallExpression(string Name, IReadOnlyList<ExpressionNode> Arguments, TextPosition Position) : ExpressionNode(Position);

/// <summary>Prefix operators.</summary>
public enum UnaryOperator
{
    /// <summary><c>-x</c>, numeric negation.</summary>
    Negate,

    /// <summary><c>not x</c>, boolean negation.</summary>
    Not,
}

/// <summary>Binary operators, by family.</summary>
public enum BinaryOperator
{
    /// <summary><c>or</c>.</summary>
    Or,

    /// <summary><c>and</c>.</summary>
    And,

    /// <summary><c>==</c>.</summary>
    Equal,

    /// <summary><c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,

    /// <summary><c>+</c>.</summary>
    Add,

    /// <summary><c>-</c>.</summary>
    Subtract,

    /// <summary><c>*</c>.</summary>
    Multiply,

    /// <summary><c>/</c>.</summary>
    Divide,
}
