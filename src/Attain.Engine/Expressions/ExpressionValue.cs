using System.Globalization;
using System.Text;

namespace Attain.Engine.Expressions;

/// <summary>
/// A value an expression reads or produces: null, a boolean, an exact decimal number, a string, a date, or an
/// evaluation error carrying its message. Errors are values: they flow out of <see cref="CompiledExpression.Evaluate"/>
/// instead of exceptions.
/// </summary>
/// <remarks>
/// Equality is by kind and value; numbers compare numerically (1.50 equals 1.5), strings ordinally.
/// </remarks>
public readonly record struct ExpressionValue
{
    private readonly decimal number;
    private readonly string? text;
    private readonly DateOnly date;
    private readonly bool boolean;

    private ExpressionValue(ExpressionValueKind kind, decimal number = 0m, string? text = null, DateOnly date = default, bool boolean = false)
    {
        Kind = kind;
        this.number = number;
        this.text = text;
        this.date = date;
        this.boolean = boolean;
    }

    /// <summary>What this value holds.</summary>
    public ExpressionValueKind Kind { get; }

    /// <summary>The null value (also the default of this struct).</summary>
    public static ExpressionValue Null => default;

    /// <summary>The boolean <c>true</c>.</summary>
    public static ExpressionValue True { get; } = new(ExpressionValueKind.Boolean, boolean: true);

    /// <summary>The boolean <c>false</c>.</summary>
    public static ExpressionValue False { get; } = new(ExpressionValueKind.Boolean, boolean: false);

    /// <summary>True when this is the null value.</summary>
    public bool IsNull => Kind == ExpressionValueKind.Null;

    /// <summary>True when this is an evaluation error.</summary>
    public bool IsError => Kind == ExpressionValueKind.Error;

    /// <summary>A number, kept exactly.</summary>
    public static ExpressionValue FromDecimal(decimal value) => new(ExpressionValueKind.Number, number: value);

    /// <summary>A string; <c>null</c> gives the null value.</summary>
    public static ExpressionValue FromString(string? value) => value is null ? Null : new(ExpressionValueKind.String, text: value);

    /// <summary>A boolean.</summary>
    public static ExpressionValue FromBoolean(bool value) => value ? True : False;

    /// <summary>A date.</summary>
    public static ExpressionValue FromDate(DateOnly value) => new(ExpressionValueKind.Date, date: value);

    /// <summary>An evaluation error with a message for people.</summary>
    public static ExpressionValue Error(string message) => new(ExpressionValueKind.Error, text: message);

    /// <summary>The number; throws when this is not a number (a bug in the caller, who knows the static type).</summary>
    public decimal AsDecimal() => Kind == ExpressionValueKind.Number ? number : throw WrongKind(ExpressionValueKind.Number);

    /// <summary>The string; throws when this is not a string.</summary>
    public string AsString() => Kind == ExpressionValueKind.String ? text! : throw WrongKind(ExpressionValueKind.String);

    /// <summary>The boolean; throws when this is not a boolean.</summary>
    public bool AsBoolean() => Kind == ExpressionValueKind.Boolean ? boolean : throw WrongKind(ExpressionValueKind.Boolean);

    /// <summary>The date; throws when this is not a date.</summary>
    public DateOnly AsDate() => Kind == ExpressionValueKind.Date ? date : throw WrongKind(ExpressionValueKind.Date);

    /// <summary>The error message; throws when this is not an error.</summary>
    public string ErrorMessage => Kind == ExpressionValueKind.Error ? text! : throw WrongKind(ExpressionValueKind.Error);

    /// <summary>
    /// The value written as the expression language writes it: <c>12.50</c>, <c>"EMEA"</c>, <c>true</c>, <c>null</c>,
    /// <c>date("2026-01-31")</c>; an error as <c>error: message</c>.
    /// </summary>
    public override string ToString() => Kind switch
    {
        ExpressionValueKind.Null => "null",
        ExpressionValueKind.Boolean => boolean ? "true" : "false",
        ExpressionValueKind.Number => number.ToString(CultureInfo.InvariantCulture),
        ExpressionValueKind.String => Quote(text!),
        ExpressionValueKind.Date => $"date(\"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\")",
        _ => "error: " + text,
    };

    /// <summary>Writes a string literal with <c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c> and <c>\t</c> escaped.</summary>
    internal static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private InvalidOperationException WrongKind(ExpressionValueKind wanted) =>
        new($"The value is {Kind}, not {wanted}.");
}
