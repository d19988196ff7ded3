using Attain.Engine.Expressions;
using static Attain.Engine.Tests.Expressions.ExpressionTestKit;

namespace Attain.Engine.Tests.Expressions;

public class ExpressionCompilerTests
{
    [Theory]
    [InlineData("booking.amount + \"10\"", 1, 18, "expected a number but found a string")]
    [InlineData("participant.region > 1", 1, 1, "expected a number or a date but found a string")]
    [InlineData("booking.amount == \"1200.50\"", 1, 19, "expected a number (to compare with the left side) but found a string")]
    [InlineData("booking.amount > booking.date", 1, 18, "expected a number (to compare with the left side) but found a date")]
    [InlineData("booking.amount and true", 1, 1, "expected a boolean but found a number")]
    [InlineData("not participant.region", 1, 5, "expected a boolean but found a string")]
    [InlineData("-booking.is_renewal", 1, 2, "expected a number but found a boolean")]
    [InlineData("if(attainment, 1, 2)", 1, 4, "expected a boolean but found a number")]
    [InlineData("if(true, 1, \"one\")", 1, 13, "expected a number (like the 'then' branch) but found a string")]
    [InlineData("participant.region in [\"EMEA\", 3]", 1, 32, "expected a string (like the value before 'in') but found a number")]
    [InlineData("min(1, date(\"2026-01-01\"))", 1, 8, "expected a number (like the first argument) but found a date")]
    [InlineData("contains(booking.amount, \"1\")", 1, 10, "expected a string but found a number")]
    [InlineData("year(booking.amount)", 1, 6, "expected a date but found a number")]
    [InlineData("days_between(booking.date, 3)", 1, 28, "expected a date but found a number")]
    [InlineData("coalesce(booking.discount, \"none\")", 1, 28, "expected a number (like the first argument) but found a string")]
    public void Compile_TypeMismatch_NamesLineColumnAndTypes(string source, int line, int column, string message)
    {
        var issue = SingleIssue(source);

        Assert.Equal(ExpressionIssueCodes.Type, issue.Code);
        Assert.Equal((line, column), (issue.Line, issue.Column));
        Assert.Equal(message, issue.Message);
    }

    [Fact]
    public void Compile_TypeMismatchOnSecondLineOfPlanFile_PointsIntoTheFile()
    {
        var origin = new SourceLocation("plans/ae-2026.yaml", 41, 16);

        var result = ExpressionCompiler.Compile("booking.amount > 1000 and\nparticipant.region", Schema, origin);

        var issue = Assert.Single(result.Issues);
        Assert.Equal(("plans/ae-2026.yaml", 42, 1), (issue.Source, issue.Line, issue.Column));
        Assert.Equal("plans/ae-2026.yaml:42:1: expr.type: expected a boolean but found a string", issue.ToString());
    }

    [Fact]
    public void Compile_IssueOnLaterLineOfIndentedBlock_ShiftsByTheContinuationColumn()
    {
        var origin = new SourceLocation("plans/ae-2026.yaml", 20, 7, ContinuationColumn: 7);

        var result = ExpressionCompiler.Compile("attainment >= 1\nand booking.amount", Schema, origin);

        var issue = Assert.Single(result.Issues);
        Assert.Equal((21, 11), (issue.Line, issue.Column));
    }

    [Fact]
    public void Compile_TypeMismatchOnFirstLine_ShiftsByTheOriginColumn()
    {
        var origin = new SourceLocation("plans/ae-2026.yaml", 41, 16);

        var result = ExpressionCompiler.Compile("attainment + \"x\"", Schema, origin);

        var issue = Assert.Single(result.Issues);
        Assert.Equal((41, 29), (issue.Line, issue.Column));
    }

    [Fact]
    public void Compile_UnknownIdentifier_ListsTheNamesItKnows()
    {
        var issue = SingleIssue("booking.amout * 2");

        Assert.Equal(ExpressionIssueCodes.UnknownIdentifier, issue.Code);
        Assert.Equal((1, 1), (issue.Line, issue.Column));
        Assert.Equal(
            "expected one of attainment, booking.amount, booking.date, booking.discount, booking.is_renewal, booking.product_family, participant.region but found 'booking.amout'",
            issue.Message);
    }

    [Fact]
    public void Compile_SeveralProblems_ReportsEachInSourceOrder()
    {
        var result = ExpressionCompiler.Compile("foo + 1 > 0 and bar == \"x\" and 1 + true", Schema, Origin);

        Assert.Equal(
            [(ExpressionIssueCodes.UnknownIdentifier, 1), (ExpressionIssueCodes.UnknownIdentifier, 17), (ExpressionIssueCodes.Type, 36)],
            result.Issues.Select(i => (i.Code, i.Column)));
    }

    [Fact]
    public void Compile_UnknownFunction_ListsTheFunctions()
    {
        var issue = SingleIssue("1 + sqrt(4)");

        Assert.Equal(ExpressionIssueCodes.UnknownFunction, issue.Code);
        Assert.Equal(5, issue.Column);
        Assert.StartsWith("expected a function (abs, ceiling, coalesce,", issue.Message, StringComparison.Ordinal);
        Assert.EndsWith("but found 'sqrt'", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abs(1, 2)", "expected 1 argument for abs(number) but found 2")]
    [InlineData("min(1)", "expected at least 2 arguments for min(a, b, ...) but found 1")]
    [InlineData("if(true, 1)", "expected 3 arguments for if(condition, then, else) but found 2")]
    [InlineData("round(2.5, 0)", "expected 3 arguments for round(number, digits, \"half-even\" or \"half-up\") but found 2")]
    public void Compile_WrongArgumentCount_IsArity(string source, string message)
    {
        var issue = SingleIssue(source);

        Assert.Equal(ExpressionIssueCodes.Arity, issue.Code);
        Assert.Equal(message, issue.Message);
    }

    [Theory]
    [InlineData("round(1.5, 0, \"bankers\")", 1, 15, "expected the rounding mode \"half-even\" or \"half-up\" but found \"bankers\"")]
    [InlineData("round(1.5, 0, participant.region)", 1, 15, "expected the rounding mode \"half-even\" or \"half-up\" but found participant.region")]
    [InlineData("round(1.5, 0.5, \"half-up\")", 1, 12, "expected a whole number of digits from 0 to 28 but found 0.5")]
    [InlineData("round(1.5, 29, \"half-up\")", 1, 12, "expected a whole number of digits from 0 to 28 but found 29")]
    [InlineData("date(participant.region)", 1, 6, "expected a string literal such as \"2026-01-31\" but found participant.region")]
    public void Compile_BadLiteralArgument_IsInvalidArgument(string source, int line, int column, string message)
    {
        var issue = SingleIssue(source);

        Assert.Equal(ExpressionIssueCodes.InvalidArgument, issue.Code);
        Assert.Equal((line, column), (issue.Line, issue.Column));
        Assert.Equal(message, issue.Message);
    }

    [Fact]
    public void Compile_ImpossibleDate_IsInvalidLiteral()
    {
        var issue = SingleIssue("booking.date > date(\"2026-02-30\")");

        Assert.Equal(ExpressionIssueCodes.InvalidLiteral, issue.Code);
        Assert.Equal(21, issue.Column);
        Assert.Equal("expected a real date written yyyy-MM-dd but found \"2026-02-30\"", issue.Message);
    }

    [Fact]
    public void Compile_ExpectedBooleanButNumber_IsTypeIssueAtTheStart()
    {
        var result = ExpressionCompiler.Compile("booking.amount * 0.1", Schema, Origin, ExpressionType.Boolean);

        var issue = Assert.Single(result.Issues);
        Assert.Equal((ExpressionIssueCodes.Type, 1, 1), (issue.Code, issue.Line, issue.Column));
        Assert.Equal("expected a boolean but found a number", issue.Message);
    }

    [Fact]
    public void Compile_ExpectedNumber_AcceptsNumber()
    {
        var result = ExpressionCompiler.Compile("booking.amount * 0.1", Schema, Origin, ExpressionType.Number);

        Assert.True(result.Succeeded);
        Assert.Equal(ExpressionType.Number, result.Compiled.Type);
    }

    [Theory]
    [InlineData("null", ExpressionType.Null)]
    [InlineData("if(true, null, \"x\")", ExpressionType.String)]
    [InlineData("coalesce(null, booking.date)", ExpressionType.Date)]
    [InlineData("attainment in [1, null]", ExpressionType.Boolean)]
    [InlineData("days_between(booking.date, booking.date)", ExpressionType.Number)]
    public void Compile_Expression_InfersItsType(string source, ExpressionType expected)
    {
        var compiled = Compile(source);

        Assert.Equal(expected, compiled.Type);
    }

    [Fact]
    public void Compile_SyntaxError_ReturnsTheParserIssue()
    {
        var result = ExpressionCompiler.Compile("participant.region == \"EMEA", Schema, new SourceLocation("p.yaml", 3, 10));

        var issue = Assert.Single(result.Issues);
        Assert.Equal("p.yaml:3:32: expr.unterminated-string: expected a closing '\"' for the string started here but found the end of the expression", issue.ToString());
    }

    [Fact]
    public void Compile_EmptySchema_ExplainsNoNamesAreAvailable()
    {
        var result = ExpressionCompiler.Compile("x", ExpressionSchema.Empty, Origin);

        Assert.Equal("expected no names (this expression may use literals only) but found 'x'", Assert.Single(result.Issues).Message);
    }

    [Theory]
    [InlineData("booking..amount")]
    [InlineData("1booking")]
    [InlineData("and")]
    [InlineData("booking.in")]
    [InlineData("")]
    public void ExpressionSchema_NameThatIsNotADottedIdentifier_Throws(string name)
    {
        var field = new ExpressionField(name, ExpressionType.Number);

        Assert.Throws<ArgumentException>(() => new ExpressionSchema(field));
    }

    [Fact]
    public void ExpressionSchema_DuplicateName_Throws()
    {
        var field = new ExpressionField("attainment", ExpressionType.Number);

        Assert.Throws<ArgumentException>(() => new ExpressionSchema(field, field));
    }

    [Fact]
    public void ExpressionSchema_Fields_GetSlotsInDeclarationOrder()
    {
        var slot = Schema.SlotOf("booking.date");

        Assert.Equal(2, slot);
    }
}
