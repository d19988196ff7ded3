namespace Attain.Engine.Expressions;

/// <summary>The static type of an expression or of a schema field, known when the expression is compiled.</summary>
public enum ExpressionType
{
    /// <summary>The type of the literal <c>null</c> only; it fits wherever any other type is expected.</summary>
    Null,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>An exact <see cref="decimal"/> number; never a binary floating-point value.</summary>
    Number,

    /// <summary>Text, compared ordinally and case-sensitively.</summary>
    String,

    /// <summary>A calendar date (<see cref="DateOnly"/>) without a time of day.</summary>
    Date,
}

/// <summary>What an <see cref="ExpressionValue"/> holds at evaluation time.</summary>
public enum ExpressionValueKind
{
    /// <summary>No value: a missing field, or the literal <c>null</c>.</summary>
    Null,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>An exact decimal number.</summary>
    Number,

    /// <summary>A string.</summary>
    String,

    /// <summary>A date.</summary>
    Date,

    /// <summary>An evaluation error (division by zero, overflow, a record holding the wrong type) with its message.</summary>
    Error,
}
