using System.Globalization;
using System.Text;

namespace Attain.Engine.Expressions;

/// <summary>
/// Writes a syntax tree back as expression text, with parentheses only where precedence needs them. Parsing the
/// printed text gives the same tree (positions aside).
/// </summary>
public static class ExpressionPrinter
{
    private const int OrLevel = 1;
    private const int AndLevel = 2;
    private const int NotLevel = 3;
    private const int ComparisonLevel = 4;
    private const int AdditiveLevel = 5;
    private const int MultiplicativeLevel = 6;
    private const int NegateLevel = 7;
    private const int PrimaryLevel = 8;

    /// <summary>The expression text of <paramref name="node"/>.</summary>
    public static string Print(ExpressionNode node)
    {
        var builder = new StringBuilder();
        Write(builder, node, 0);
        return builder.ToString();
    }

    private static int Level(ExpressionNode node) => node switch
    {
        BinaryExpression { Operator: BinaryOperator.Or } => OrLevel,
        BinaryExpression { Operator: BinaryOperator.And } => AndLevel,
        UnaryExpression { Operator: UnaryOperator.Not } => NotLevel,
        BinaryExpression { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => AdditiveLevel,
        BinaryExpression { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } => MultiplicativeLevel,
        BinaryExpression or InExpression => ComparisonLevel,
        UnaryExpression => NegateLevel,
        _ => PrimaryLevel,
    };

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        _ => "/",
    };

    private static void Write(StringBuilder builder, ExpressionNode node, int minimumLevel)
    {
        var level = Level(node);
        var parenthesise = level < minimumLevel;
        if (parenthesise)
        {
            builder.Append('(');
        }

        switch (node)
        {
            case NumberLiteral number:
                builder.Append(number.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case StringLiteral text:
                builder.Append(ExpressionValue.Quote(text.Value));
                break;
            case BooleanLiteral boolean:
                builder.Append(boolean.Value ? "true" : "false");
                break;
            case NullLiteral:
                builder.Append("null");
                break;
            case Identifier identifier:
                builder.Append(identifier.Name);
                break;
            case UnaryExpression { Operator: UnaryOperator.Not } not:
                builder.Append("not ");
                Write(builder, not.Operand, NotLevel);
                break;
            case UnaryExpression negate:
                builder.Append('-');
                Write(builder, negate.Operand, NegateLevel);
                break;
            case BinaryExpression binary:
                WriteChain(builder, binary);
                break;
            case InExpression inList:
                Write(builder, inList.Operand, ComparisonLevel + 1);
                builder.Append(" in [");
                WriteList(builder, inList.Items);
                builder.Append(']');
                break;
            case CallExpression call:
                builder.Append(call.Name).Append('(');
                WriteList(builder, call.Arguments);
                builder.Append(')');
                break;
            default:
                throw new ArgumentException($"Unknown node {node.GetType().Name}.", nameof(node));
        }

        if (parenthesise)
        {
            builder.Append(')');
        }
    }

    /// <summary>
    /// Writes a binary operator and the left-leaning chain below it with a loop, so a long chain (<c>1 + 1 + …</c>)
    /// costs no stack depth. The root's own parentheses are written by the caller.
    /// </summary>
    private static void WriteChain(StringBuilder builder, BinaryExpression root)
    {
        var spine = new List<BinaryExpression> { root };
        ExpressionNode node = root.Left;
        while (node is BinaryExpression left && Level(left) >= LeftMinimum(spine[^1]))
        {
            spine.Add(left);
            node = left.Left;
        }

        // The chain stops at a left operand that needs parentheses; that one is written whole, parentheses and all.
        Write(builder, node, LeftMinimum(spine[^1]));
        for (var i = spine.Count - 1; i >= 0; i--)
        {
            var binary = spine[i];
            builder.Append(' ').Append(Symbol(binary.Operator)).Append(' ');
            Write(builder, binary.Right, Level(binary) + 1);
        }
    }

    /// <summary>Left-associative operators accept their own level on the left; comparisons do not chain at all.</summary>
    private static int LeftMinimum(BinaryExpression binary)
    {
        var level = Level(binary);
        return level == ComparisonLevel ? level + 1 : level;
    }

    private static void WriteList(StringBuilder builder, IReadOnlyList<ExpressionNode> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Write(builder, items[i], 0);
        }
    }
}
