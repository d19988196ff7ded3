using System.Globalization;
using Attain.Engine.Expressions;

namespace Attain.Engine.Tests.Expressions;

/// <summary>A booking-shaped schema and helpers to compile and evaluate in one line.</summary>
internal static class ExpressionTestKit
{
    public static ExpressionSchema Schema { get; } = new(
        new ExpressionField("booking.amount", ExpressionType.Number),
        new ExpressionField("booking.product_family", ExpressionType.String),
        new ExpressionField("booking.date", ExpressionType.Date),
        new ExpressionField("booking.is_renewal", ExpressionType.Boolean),
        new ExpressionField("booking.discount", ExpressionType.Number),
        new ExpressionField("attainment", ExpressionType.Number),
        new ExpressionField("participant.region", ExpressionType.String));

    public static SourceLocation Origin { get; } = SourceLocation.StartOf("test.expr");

    /// <summary>amount 1200.50, family Software, 2026-03-15, not a renewal, no discount, attainment 1.05, region EMEA.</summary>
    public static ExpressionRecord Booking(decimal amount = 1200.50m, string family = "Software", ExpressionValue? discount = null) =>
        Schema.CreateRecord(new Dictionary<string, ExpressionValue>
        {
            ["booking.amount"] = ExpressionValue.FromDecimal(amount),
            ["booking.product_family"] = ExpressionValue.FromString(family),
            ["booking.date"] = ExpressionValue.FromDate(new DateOnly(2026, 3, 15)),
            ["booking.is_renewal"] = ExpressionValue.False,
            ["booking.discount"] = discount ?? ExpressionValue.Null,
            ["attainment"] = ExpressionValue.FromDecimal(1.05m),
            ["participant.region"] = ExpressionValue.FromString("EMEA"),
        });

    public static CompiledExpression Compile(string source)
    {
        var result = ExpressionCompiler.Compile(source, Schema, Origin);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Issues));
        return result.Compiled;
    }

    public static ExpressionValue Evaluate(string source, IExpressionRecord? record = null) =>
        Compile(source).Evaluate(record ?? Booking());

    public static ExpressionIssue SingleIssue(string source)
    {
        var result = ExpressionCompiler.Compile(source, Schema, Origin);
        Assert.False(result.Succeeded, $"'{source}' compiled");
        return Assert.Single(result.Issues);
    }

    public static ExpressionValue Number(string text) =>
        ExpressionValue.FromDecimal(decimal.Parse(text, CultureInfo.InvariantCulture));

    /// <summary>The tree fully parenthesised in prefix form, positions left out: <c>(+ 1 (* 2 3))</c>.</summary>
    public static string Shape(ExpressionNode node) => node switch
    {
        NumberLiteral n => n.Value.ToString(CultureInfo.InvariantCulture),
        StringLiteral s => ExpressionValue.FromString(s.Value).ToString(),
        BooleanLiteral b => b.Value ? "true" : "false",
        NullLiteral => "null",
        Identifier i => i.Name,
        UnaryExpression u => $"({(u.Operator == UnaryOperator.Not ? "not" : "neg")} {Shape(u.Operand)})",
        BinaryExpression b => $"({b.Operator} {Shape(b.Left)} {Shape(b.Right)})",
        InExpression i => $"(in {Shape(i.Operand)} [{string.Join(" ", i.Items.Select(Shape))}])",
        CallExpression c => $"({c.Name}{string.Concat(c.Arguments.Select(a => " " + Shape(a)))})",
        _ => throw new ArgumentException(node.GetType().Name, nameof(node)),
    };

    public static string ParseShape(string source)
    {
        var parsed = ExpressionParser.Parse(source, Origin);
        Assert.True(parsed.Succeeded, string.Join(Environment.NewLine, parsed.Issues));
        return Shape(parsed.Syntax);
    }
}
