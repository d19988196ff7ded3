using Attain.Engine.Expressions;
using static Attain.Engine.Tests.Expressions.ExpressionTestKit;

namespace Attain.Engine.Tests.Expressions;

public class ExpressionParserTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "(Add 1 (Multiply 2 3))")]
    [InlineData("(1 + 2) * 3", "(Multiply (Add 1 2) 3)")]
    [InlineData("10 - 4 - 3", "(Subtract (Subtract 10 4) 3)")]
    [InlineData("12 / 4 / 3", "(Divide (Divide 12 4) 3)")]
    [InlineData("-2 * 3", "(Multiply (neg 2) 3)")]
    [InlineData("- -2", "(neg (neg 2))")]
    [InlineData("a or b and c", "(Or a (And b c))")]
    [InlineData("not a and b", "(And (not a) b)")]
    [InlineData("not a == b", "(not (Equal a b))")]
    [InlineData("a + 1 > b * 2", "(Greater (Add a 1) (Multiply b 2))")]
    [InlineData("x in [1, 2 + 3]", "(in x [1 (Add 2 3)])")]
    [InlineData("x in []", "(in x [])")]
    [InlineData("a < b or c >= d", "(Or (Less a b) (GreaterOrEqual c d))")]
    [InlineData("if(a, 1, 2) + min(3, 4)", "(Add (if a 1 2) (min 3 4))")]
    [InlineData("booking.amount != 0", "(NotEqual booking.amount 0)")]
    [InlineData("\"a\\\"b\" == \"tab\\there\"", "(Equal \"a\\\"b\" \"tab\\there\")")]
    [InlineData("true or false or null", "(Or (Or true false) null)")]
    [InlineData("today()", "(today)")]
    public void Parse_Expression_HasPrecedenceAndAssociativity(string source, string expected)
    {
        var shape = ParseShape(source);

        Assert.Equal(expected, shape);
    }

    [Fact]
    public void Parse_NumberLiteral_KeepsItsScale()
    {
        var parsed = ExpressionParser.Parse("1200.50", Origin);

        var literal = Assert.IsType<NumberLiteral>(parsed.Syntax);
        Assert.Equal("1200.50", literal.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parse_BinaryOperator_PositionIsTheOperator()
    {
        var parsed = ExpressionParser.Parse("a +\n  b", new SourceLocation("plan.yaml", 10, 7));

        var binary = Assert.IsType<BinaryExpression>(parsed.Syntax);
        Assert.Equal(new TextPosition(10, 9), binary.Position);
        Assert.Equal(new TextPosition(11, 3), binary.Right.Position);
    }

    [Theory]
    [InlineData("1 < 2 < 3", 1, 7, "expected an operator or the end of the expression but found '<'")]
    [InlineData("1 +", 1, 4, "expected a number, string, name, function call or '(' but found the end of the expression")]
    [InlineData("(1 + 2", 1, 7, "expected ')' but found the end of the expression")]
    [InlineData("a = 1", 1, 3, "expected '==' (equality) but found '='")]
    [InlineData("a && b", 1, 3, "expected 'and' but found '&'")]
    [InlineData("x in 1", 1, 6, "expected '[' to open the list after 'in' but found number 1")]
    [InlineData("min(1 2)", 1, 7, "expected ',' or ')' to close the arguments but found number 2")]
    [InlineData("1.", 1, 3, "expected a digit after the decimal point but found the end of the expression")]
    [InlineData("booking.", 1, 9, "expected a name after '.' but found the end of the expression")]
    [InlineData("'EM\\qEA'", 1, 4, "expected one of \\\" \\' \\\\ \\n \\r \\t but found \\q")]
    public void Parse_BadSyntax_NamesWhereAndWhat(string source, int line, int column, string message)
    {
        var parsed = ExpressionParser.Parse(source, Origin);

        var issue = Assert.Single(parsed.Issues);
        Assert.Equal(ExpressionIssueCodes.Syntax, issue.Code);
        Assert.Equal((line, column), (issue.Line, issue.Column));
        Assert.Equal(message, issue.Message);
    }

    [Fact]
    public void Parse_UnterminatedString_PointsAtTheOpeningQuote()
    {
        var parsed = ExpressionParser.Parse("participant.region == \"EMEA", Origin);

        var issue = Assert.Single(parsed.Issues);
        Assert.Equal(ExpressionIssueCodes.UnterminatedString, issue.Code);
        Assert.Equal((1, 23), (issue.Line, issue.Column));
        Assert.Equal("expected a closing '\"' for the string started here but found the end of the expression", issue.Message);
    }

    [Fact]
    public void Parse_UnterminatedSingleQuotedString_NamesTheSingleQuote()
    {
        var parsed = ExpressionParser.Parse("participant.region == 'EMEA", Origin);

        var issue = Assert.Single(parsed.Issues);
        Assert.Equal((ExpressionIssueCodes.UnterminatedString, 1, 23), (issue.Code, issue.Line, issue.Column));
        Assert.Equal("expected a closing ''' for the string started here but found the end of the expression", issue.Message);
    }

    [Fact]
    public void Parse_StringBrokenByNewLine_IsUnterminated()
    {
        var parsed = ExpressionParser.Parse("\"EM\nEA\"", Origin);

        Assert.Equal(ExpressionIssueCodes.UnterminatedString, Assert.Single(parsed.Issues).Code);
    }

    [Fact]
    public void Parse_NumberBeyondDecimal_IsInvalidLiteral()
    {
        var parsed = ExpressionParser.Parse("1 + 99999999999999999999999999999999", Origin);

        var issue = Assert.Single(parsed.Issues);
        Assert.Equal(ExpressionIssueCodes.InvalidLiteral, issue.Code);
        Assert.Equal(5, issue.Column);
    }

    [Fact]
    public void Parse_NestedSixtyFourDeep_Parses()
    {
        var source = new string('(', 63) + "1" + new string(')', 63);

        var parsed = ExpressionParser.Parse(source, Origin);

        Assert.True(parsed.Succeeded);
    }

    [Fact]
    public void Parse_NestedSixtyFiveDeep_IsTooDeep()
    {
        var source = new string('(', 64) + "1" + new string(')', 64);

        var parsed = ExpressionParser.Parse(source, Origin);

        var issue = Assert.Single(parsed.Issues);
        Assert.Equal(ExpressionIssueCodes.TooDeep, issue.Code);
        Assert.Equal((1, 65), (issue.Line, issue.Column));
    }

    [Fact]
    public void Parse_ManyPrefixOperators_IsTooDeep()
    {
        var source = string.Concat(Enumerable.Repeat("not ", 100)) + "true";

        var parsed = ExpressionParser.Parse(source, Origin);

        Assert.Equal(ExpressionIssueCodes.TooDeep, Assert.Single(parsed.Issues).Code);
    }

    [Fact]
    public void Parse_LongerThanLimit_IsTooLongAtTheOrigin()
    {
        var source = "1" + string.Concat(Enumerable.Repeat(" + 1", 1000));

        var parsed = ExpressionParser.Parse(source, new SourceLocation("plan.yaml", 4, 12));

        var issue = Assert.Single(parsed.Issues);
        Assert.Equal(ExpressionIssueCodes.TooLong, issue.Code);
        Assert.Equal(("plan.yaml", 4, 12), (issue.Source, issue.Line, issue.Column));
        Assert.Equal("expected at most 4000 characters but found 4001", issue.Message);
    }

    [Fact]
    public void Parse_LongFlatSum_ParsesAtTheLimit()
    {
        var source = "1" + string.Concat(Enumerable.Repeat(" + 1", 999)) + "   ";

        var result = ExpressionCompiler.Compile(source, ExpressionSchema.Empty, Origin);

        Assert.Equal(4000, source.Length);
        Assert.Equal(ExpressionValue.FromDecimal(1000m), result.Compiled!.Evaluate(ExpressionRecord.Empty));
    }
}
