using Attain.Engine.Expressions;
using CsCheck;
using static Attain.Engine.Tests.Expressions.ExpressionTestKit;

namespace Attain.Engine.Tests.Expressions;

public class ExpressionPropertyTests
{
    private static readonly TextPosition At = new(1, 1);

    private static readonly Gen<decimal> GenLiteral =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Byte[0, 4], (units, scale) => new decimal(units, 0, 0, false, scale));

    private static readonly Gen<ExpressionNode> GenLeaf = Gen.OneOf<ExpressionNode>(
        GenLiteral.Select(v => (ExpressionNode)new NumberLiteral(v, At)),
        Gen.Char["ab \"\\\n\té"].Array[0, 4].Select(chars => (ExpressionNode)new StringLiteral(new string(chars), At)),
        Gen.Bool.Select(b => (ExpressionNode)new BooleanLiteral(b, At)),
        Gen.Const<ExpressionNode>(new NullLiteral(At)),
        Gen.OneOf("a", "b_1", "booking.amount", "x.y.z").Select(name => (ExpressionNode)new Identifier(name, At)));

    [Fact]
    public void Print_AnyTree_ParsesBackToTheSameTree()
    {
        var gen = GenTree(4);

        gen.Sample(tree =>
        {
            var printed = ExpressionPrinter.Print(tree);

            var parsed = ExpressionParser.Parse(printed, Origin);

            Assert.True(parsed.Succeeded, $"{printed}: {string.Join("; ", parsed.Issues)}");
            Assert.Equal(Shape(tree), Shape(parsed.Syntax));
        }, iter: 2_000, print: ExpressionPrinter.Print);
    }

    [Fact]
    public void Evaluate_GeneratedArithmetic_MatchesReferenceDecimal()
    {
        var gen = GenArithmetic(5);

        gen.Sample(sample =>
        {
            var source = ExpressionPrinter.Print(sample.Node);

            var value = ExpressionCompiler.Compile(source, ExpressionSchema.Empty, Origin).Compiled!.Evaluate(ExpressionRecord.Empty);

            if (sample.Expected is { } expected)
            {
                Assert.Equal(ExpressionValue.FromDecimal(expected).ToString(), value.ToString());
            }
            else
            {
                Assert.True(value.IsError, $"{source} gave {value}");
            }
        }, iter: 2_000, print: sample => ExpressionPrinter.Print(sample.Node));
    }

    [Fact]
    public void Compile_AnyTokenSoup_ReturnsIssuesOrAnExpressionThatEvaluatesWithoutThrowing()
    {
        var pieces = new[]
        {
            "1", "0", "2.5", "+", "-", "*", "/", "(", ")", "[", "]", ",", " and ", " or ", "not ", " in ", "==", "!=", "<", ">=",
            "\"a\"", "\"", "\\", "booking.amount", "booking.discount", "attainment", "participant.region", "booking.date",
            "round", "if", "min", "coalesce", "days_between", "date", "\"2026-01-01\"", "\"half-up\"", "null", "true", " ", "\n", ".", "=", "x",
        };
        var gen = Gen.OneOf(pieces).Array[0, 24].Select(string.Concat);

        gen.Sample(source =>
        {
            var result = ExpressionCompiler.Compile(source, Schema, Origin);

            if (result.Succeeded)
            {
                result.Compiled.Evaluate(Booking());
            }
            else
            {
                Assert.All(result.Issues, issue => Assert.StartsWith("expr.", issue.Code, StringComparison.Ordinal));
            }
        }, iter: 20_000);
    }

    private static Gen<ExpressionNode> GenTree(int depth)
    {
        if (depth == 0)
        {
            return GenLeaf;
        }

        var inner = GenTree(depth - 1);
        return Gen.Frequency<ExpressionNode>(
            (3, GenLeaf),
            (1, Gen.Select(Gen.OneOf(UnaryOperator.Negate, UnaryOperator.Not), inner, (op, operand) => (ExpressionNode)new UnaryExpression(op, operand, At))),
            (4, Gen.Select(Gen.OneOf(Enum.GetValues<BinaryOperator>()), inner, inner, (op, l, r) => (ExpressionNode)new BinaryExpression(op, l, r, At))),
            (1, Gen.Select(inner, inner.Array[0, 3], (operand, items) => (ExpressionNode)new InExpression(operand, items, At))),
            (1, Gen.Select(Gen.OneOf("min", "if", "f"), inner.Array[0, 3], (name, args) => (ExpressionNode)new CallExpression(name, args, At))));
    }

    /// <summary>An arithmetic tree and its value computed directly in C# decimal; null when that computation fails.</summary>
    private static Gen<(ExpressionNode Node, decimal? Expected)> GenArithmetic(int depth)
    {
        var leaf = GenLiteral.Select(v => ((ExpressionNode)new NumberLiteral(v, At), (decimal?)v));
        if (depth == 0)
        {
            return leaf;
        }

        var inner = GenArithmetic(depth - 1);
        var negate = inner.Select(x => ((ExpressionNode)new UnaryExpression(UnaryOperator.Negate, x.Node, At), -x.Expected));
        var binary = Gen.Select(
            Gen.OneOf(BinaryOperator.Add, BinaryOperator.Subtract, BinaryOperator.Multiply, BinaryOperator.Divide),
            inner,
            inner,
            (op, l, r) => ((ExpressionNode)new BinaryExpression(op, l.Node, r.Node, At), Reference(op, l.Expected, r.Expected)));
        return Gen.Frequency((2, leaf), (1, negate), (4, binary));
    }

    private static decimal? Reference(BinaryOperator op, decimal? left, decimal? right)
    {
        if (left is not { } x || right is not { } y)
        {
            return null;
        }

        try
        {
            return op switch
            {
                BinaryOperator.Add => x + y,
                BinaryOperator.Subtract => x - y,
                BinaryOperator.Multiply => x * y,
                _ => x / y,
            };
        }
        catch (Exception e) when (e is DivideByZeroException or OverflowException)
        {
            return null;
        }
    }
}
