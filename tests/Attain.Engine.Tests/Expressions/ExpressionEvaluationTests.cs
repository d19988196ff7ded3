using Attain.Engine.Expressions;
using static Attain.Engine.Tests.Expressions.ExpressionTestKit;

namespace Attain.Engine.Tests.Expressions;

public class ExpressionEvaluationTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 - 4 - 3", "3")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("-booking.amount", "-1200.50")]
    [InlineData("booking.amount * 0.05", "60.0250")]
    [InlineData("1 / 3", "0.3333333333333333333333333333")]
    [InlineData("0.1 + 0.2", "0.3")]
    public void Evaluate_Arithmetic_IsExactDecimal(string source, string expected)
    {
        var value = Evaluate(source);

        Assert.Equal(Number(expected), value);
        Assert.Equal(expected, value.ToString());
    }

    [Fact]
    public void Evaluate_PointOnePlusPointTwo_EqualsPointThree()
    {
        var value = Evaluate("0.1 + 0.2 == 0.3");

        Assert.Equal(ExpressionValue.True, value);
    }

    [Theory]
    [InlineData("1 < 2", true)]
    [InlineData("2 <= 2", true)]
    [InlineData("3 > 4", false)]
    [InlineData("4 >= 4.00", true)]
    [InlineData("1.50 == 1.5", true)]
    [InlineData("1 != 1", false)]
    [InlineData("booking.date < date(\"2026-04-01\")", true)]
    [InlineData("booking.date == date(\"2026-03-15\")", true)]
    [InlineData("participant.region == \"EMEA\"", true)]
    [InlineData("participant.region == \"emea\"", false)]
    [InlineData("participant.region != \"AMER\"", true)]
    [InlineData("booking.is_renewal == false", true)]
    [InlineData("true and false", false)]
    [InlineData("true or false", true)]
    [InlineData("not booking.is_renewal", true)]
    [InlineData("booking.product_family in [\"Hardware\", \"Software\"]", true)]
    [InlineData("booking.product_family in [\"Hardware\"]", false)]
    [InlineData("attainment in []", false)]
    [InlineData("2 in [1, 1 + 1]", true)]
    [InlineData("attainment >= 1 and booking.amount > 1000 and participant.region in [\"EMEA\", \"APAC\"]", true)]
    public void Evaluate_ComparisonAndLogic_GivesBoolean(string source, bool expected)
    {
        var value = Evaluate(source);

        Assert.Equal(ExpressionValue.FromBoolean(expected), value);
    }

    [Theory]
    [InlineData("booking.discount == null", "true")]
    [InlineData("booking.discount != null", "false")]
    [InlineData("booking.discount + 1", "null")]
    [InlineData("-booking.discount", "null")]
    [InlineData("booking.discount > 0", "false")]
    [InlineData("booking.discount <= 0", "false")]
    [InlineData("abs(booking.discount)", "null")]
    [InlineData("coalesce(booking.discount, 0)", "0")]
    [InlineData("coalesce(booking.discount, null, 5)", "5")]
    [InlineData("coalesce(null, booking.discount)", "null")]
    [InlineData("null in [null]", "true")]
    public void Evaluate_Null_PropagatesThroughArithmeticAndFailsOrderings(string source, string expected)
    {
        var value = Evaluate(source);

        Assert.Equal(expected, value.ToString());
    }

    [Theory]
    [InlineData("min(3, 1, 2)", "1")]
    [InlineData("max(3, 1, 2)", "3")]
    [InlineData("max(booking.date, date(\"2026-12-31\"))", "date(\"2026-12-31\")")]
    [InlineData("min(1, booking.discount)", "null")]
    [InlineData("abs(-2.5)", "2.5")]
    [InlineData("floor(2.7)", "2")]
    [InlineData("floor(-2.1)", "-3")]
    [InlineData("ceiling(2.1)", "3")]
    [InlineData("ceiling(-2.7)", "-2")]
    [InlineData("if(attainment >= 1, \"accelerated\", \"base\")", "\"accelerated\"")]
    [InlineData("if(attainment > 2, 1, null)", "null")]
    [InlineData("contains(booking.product_family, \"ftw\")", "true")]
    [InlineData("contains(booking.product_family, \"FTW\")", "false")]
    [InlineData("startsWith(participant.region, \"EM\")", "true")]
    [InlineData("startsWith(participant.region, \"MEA\")", "false")]
    [InlineData("year(booking.date)", "2026")]
    [InlineData("month(booking.date)", "3")]
    [InlineData("day(booking.date)", "15")]
    [InlineData("days_between(date(\"2026-01-01\"), booking.date)", "73")]
    [InlineData("days_between(booking.date, date(\"2026-01-01\"))", "-73")]
    [InlineData("days_between(date(\"2024-02-28\"), date(\"2024-03-01\"))", "2")]
    public void Evaluate_Function_GivesValue(string source, string expected)
    {
        var value = Evaluate(source);

        Assert.Equal(expected, value.ToString());
    }

    [Theory]
    [InlineData("round(2.5, 0, \"half-even\")", "2")]
    [InlineData("round(3.5, 0, \"half-even\")", "4")]
    [InlineData("round(2.5, 0, \"half-up\")", "3")]
    [InlineData("round(-2.5, 0, \"half-up\")", "-3")]
    [InlineData("round(-2.5, 0, \"half-even\")", "-2")]
    [InlineData("round(1.005, 2, \"half-even\")", "1.00")]
    [InlineData("round(1.005, 2, \"half-up\")", "1.01")]
    [InlineData("round(1.0049, 2, \"half-up\")", "1.00")]
    [InlineData("round(booking.amount * 0.0333, 2, \"half-even\")", "39.98")]
    public void Evaluate_Round_UsesTheModeWritten(string source, string expected)
    {
        var value = Evaluate(source);

        Assert.Equal(expected, value.ToString());
    }

    [Fact]
    public void Evaluate_DivisionByZero_IsAnErrorValueNamingThePlace()
    {
        var compiled = ExpressionCompiler.Compile("booking.amount / (attainment - 1.05)", Schema, new SourceLocation("plans/ae.yaml", 12, 14)).Compiled!;

        var value = compiled.Evaluate(Booking());

        Assert.True(value.IsError);
        Assert.Equal("division by zero at plans/ae.yaml:12:29", value.ErrorMessage);
    }

    [Fact]
    public void Evaluate_ErrorInsideCondition_PropagatesOut()
    {
        var value = Evaluate("if(1 / 0 > 1, 1, 2) + 3");

        Assert.True(value.IsError);
        Assert.StartsWith("division by zero", value.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ShortCircuit_SkipsTheOtherSide()
    {
        var value = Evaluate("false and 1 / 0 > 1 or true");

        Assert.Equal(ExpressionValue.True, value);
    }

    [Fact]
    public void Evaluate_IfBranchNotTaken_IsNotEvaluated()
    {
        var value = Evaluate("if(true, 1, 1 / 0)");

        Assert.Equal(Number("1"), value);
    }

    [Fact]
    public void Evaluate_Overflow_IsAnErrorValue()
    {
        var value = Evaluate("79228162514264337593543950335 * 2");

        Assert.True(value.IsError);
        Assert.StartsWith("the result is beyond the decimal range", value.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RoundDigitsComputedOutOfRange_IsAnErrorValue()
    {
        var value = Evaluate("round(1.5, attainment, \"half-up\")");

        Assert.True(value.IsError);
        Assert.StartsWith("expected a whole number of digits from 0 to 28 for round but found 1.05", value.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NullInOrdering_IsFalseNotAnError()
    {
        var value = Evaluate("booking.discount > 0 or booking.discount == null and not (booking.discount == null)");

        Assert.Equal(ExpressionValue.False, value);
    }

    [Fact]
    public void Evaluate_NullBooleanInAnd_IsAnErrorValue()
    {
        var schema = new ExpressionSchema(new ExpressionField("flag", ExpressionType.Boolean));
        var compiled = ExpressionCompiler.Compile("flag and true", schema, Origin).Compiled!;

        var value = compiled.Evaluate(new ExpressionRecord(ExpressionValue.Null));

        Assert.Equal("error: expected a boolean for 'and' but found null at test.expr:1:6", value.ToString());
    }

    [Fact]
    public void Evaluate_RecordHoldingTheWrongKind_IsAnErrorValue()
    {
        var compiled = Compile("booking.amount + 1");
        var record = Schema.CreateRecord([new("booking.amount", ExpressionValue.FromString("12"))]);

        var value = compiled.Evaluate(record);

        Assert.Equal("error: field booking.amount holds a String but the schema declares a Number", value.ToString());
    }

    [Fact]
    public void Evaluate_SameCompiledExpression_ReadsEachRecordBySlot()
    {
        var compiled = Compile("booking.amount * 0.1");

        var small = compiled.EvaluateDecimal(Booking(amount: 100m));
        var large = compiled.EvaluateDecimal(Booking(amount: 5000m));

        Assert.Equal(10.0m, small.Value);
        Assert.Equal(500.0m, large.Value);
    }

    [Fact]
    public void EvaluateBoolean_Condition_ReturnsValueStatus()
    {
        var compiled = ExpressionCompiler.Compile("booking.amount > 1000", Schema, Origin, ExpressionType.Boolean).Compiled!;

        var result = compiled.EvaluateBoolean(Booking());

        Assert.Equal(new EvaluationResult<bool>(EvaluationStatus.Value, true, null), result);
    }

    [Fact]
    public void EvaluateDecimal_NullField_ReturnsNullStatus()
    {
        var compiled = Compile("booking.discount * 2");

        var result = compiled.EvaluateDecimal(Booking());

        Assert.Equal(EvaluationStatus.Null, result.Status);
        Assert.False(result.HasValue);
    }

    [Fact]
    public void EvaluateDecimal_DivisionByZero_ReturnsErrorStatus()
    {
        var compiled = Compile("1 / 0");

        var result = compiled.EvaluateDecimal(Booking());

        Assert.Equal(EvaluationStatus.Error, result.Status);
        Assert.Equal("division by zero at test.expr:1:3", result.Error);
    }

    [Fact]
    public void EvaluateBoolean_NumberExpression_ThrowsBecauseTheCallerIsWrong()
    {
        var compiled = Compile("1 + 1");

        Assert.Throws<InvalidOperationException>(() => compiled.EvaluateBoolean(Booking()));
    }

    [Theory]
    [InlineData("+1", "2000")]
    [InlineData("-1", "-1998")]
    [InlineData("*1", "1")]
    public void Evaluate_TwoThousandOperandChainOnASmallStack_CompilesPrintsAndEvaluates(string step, string expected)
    {
        var source = "1" + string.Concat(Enumerable.Repeat(step, 1999));
        string? value = null;
        string? printed = null;
        var thread = new Thread(
            () =>
            {
                var compiled = ExpressionCompiler.Compile(source, ExpressionSchema.Empty, Origin).Compiled!;
                value = compiled.Evaluate(ExpressionRecord.Empty).ToString();
                printed = ExpressionPrinter.Print(compiled.Syntax);
            },
            maxStackSize: 128 * 1024);

        thread.Start();
        thread.Join();

        Assert.Equal(expected, value);
        Assert.Equal(source.Replace(step[..1], $" {step[0]} ", StringComparison.Ordinal), printed);
    }
}
