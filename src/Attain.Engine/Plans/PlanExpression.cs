using System.Globalization;
using Attain.Engine.Crediting;
using Attain.Engine.Expressions;

namespace Attain.Engine.Plans;

/// <summary>
/// An expression of a plan (a condition or a formula), compiled once when the plan is read against the booking
/// schema of docs/plans.md, "Expressions in plans". Immutable; evaluating it reads the booking through slots.
/// </summary>
public sealed class PlanExpression
{
    private readonly Func<BookingFacts, ExpressionValue>[] accessors;

    private PlanExpression(CompiledExpression compiled, Func<BookingFacts, ExpressionValue>[] accessors)
    {
        Compiled = compiled;
        this.accessors = accessors;
    }

    /// <summary>The compiled expression (its source text, syntax and type).</summary>
    public CompiledExpression Compiled { get; }

    /// <summary>The expression text as written in the plan.</summary>
    public string Source => Compiled.Source;

    /// <summary>The fixed names every plan expression may read, with their types, in schema order.</summary>
    public static IReadOnlyList<ExpressionField> BookingFields { get; } =
    [
        new("booking.id", ExpressionType.String),
        new("booking.date", ExpressionType.Date),
        new("booking.amount", ExpressionType.Number),
        new("booking.currency", ExpressionType.String),
        new("booking.margin", ExpressionType.Number),
        new("booking.units", ExpressionType.Number),
        new("booking.product", ExpressionType.String),
        new("booking.family", ExpressionType.String),
        new("booking.owner", ExpressionType.String),
        new("credit.value", ExpressionType.Number),
        new("credit.percent", ExpressionType.Number),
    ];

    /// <summary>Evaluates a boolean condition on a booking (and, for formulas, the credit).</summary>
    public EvaluationResult<bool> Test(BookingFacts facts) => Compiled.EvaluateBoolean(new Record(this, facts));

    /// <summary>Evaluates a number formula on a booking and credit.</summary>
    public EvaluationResult<decimal> Compute(BookingFacts facts) => Compiled.EvaluateDecimal(new Record(this, facts));

    /// <summary>The expression text.</summary>
    public override string ToString() => Source;

    /// <summary>
    /// Compiles <paramref name="source"/>, declaring <c>booking.attributes.NAME</c> (string) and
    /// <c>booking.numbers.NAME</c> (the attribute read as a number) for each name in <paramref name="attributes"/>, or
    /// for every such name the expression uses when <paramref name="attributes"/> is null.
    /// </summary>
    internal static (PlanExpression? Expression, IReadOnlyList<ExpressionIssue> Issues) Compile(string source, ExpressionType type, IReadOnlySet<string>? attributes)
    {
        var names = attributes ?? UsedAttributes(source);
        var fields = new List<ExpressionField>(BookingFields);
        var accessors = new List<Func<BookingFacts, ExpressionValue>>
        {
            f => ExpressionValue.FromString(f.Booking.Id),
            f => ExpressionValue.FromDate(f.Booking.Date),
            f => ExpressionValue.FromDecimal(f.Booking.Amount.Amount),
            f => ExpressionValue.FromString(f.Booking.Amount.Currency.Code),
            f => f.Booking.Margin is { } margin ? ExpressionValue.FromDecimal(margin.Amount) : ExpressionValue.Null,
            f => ExpressionValue.FromDecimal(f.Booking.Units),
            f => ExpressionValue.FromString(f.Booking.Product),
            f => ExpressionValue.FromString(f.Booking.Family),
            f => ExpressionValue.FromString(f.Booking.OwnerId),
            f => f.CreditValue is { } value ? ExpressionValue.FromDecimal(value) : ExpressionValue.Null,
            f => f.CreditPercent is { } percent ? ExpressionValue.FromDecimal(percent) : ExpressionValue.Null,
        };
        foreach (var name in names.Where(n => ExpressionLexer.IsDottedIdentifier("booking.attributes." + n)).Order(StringComparer.Ordinal))
        {
            fields.Add(new ExpressionField("booking.attributes." + name, ExpressionType.String));
            accessors.Add(f => ExpressionValue.FromString(f.Booking.Attributes.GetValueOrDefault(name)));
            fields.Add(new ExpressionField("booking.numbers." + name, ExpressionType.Number));
            accessors.Add(f => Number(f.Booking, name));
        }

        var result = ExpressionCompiler.Compile(source, new ExpressionSchema(fields), SourceLocation.StartOf("plan"), type);
        return result.Succeeded ? (new PlanExpression(result.Compiled, [.. accessors]), []) : (null, result.Issues);
    }

    /// <summary>A booking attribute read as an invariant decimal; null when missing, an error value when not a number.</summary>
    internal static ExpressionValue Number(Booking booking, string name)
    {
        if (booking.Attributes.GetValueOrDefault(name) is not { } text)
        {
            return ExpressionValue.Null;
        }

        return TryParseNumber(text, out var value)
            ? ExpressionValue.FromDecimal(value)
            : ExpressionValue.Error($"booking attribute '{name}' of booking {booking.Id} is '{text}', not a number");
    }

    /// <summary>Reads an attribute value as a number: invariant culture, optional sign and decimal point, no thousands separators.</summary>
    internal static bool TryParseNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    private static HashSet<string> UsedAttributes(string source)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var parsed = ExpressionParser.Parse(source, SourceLocation.StartOf("plan"));
        if (parsed.Syntax is null)
        {
            return used;
        }

        var pending = new Stack<ExpressionNode>();
        pending.Push(parsed.Syntax);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case Identifier identifier:
                    foreach (var prefix in (string[])["booking.attributes.", "booking.numbers."])
                    {
                        if (identifier.Name.StartsWith(prefix, StringComparison.Ordinal) && identifier.Name.Length > prefix.Length)
                        {
                            used.Add(identifier.Name[prefix.Length..]);
                        }
                    }

                    break;
                case UnaryExpression unary:
                    pending.Push(unary.Operand);
                    break;
                case BinaryExpression binary:
                    pending.Push(binary.Left);
                    pending.Push(binary.Right);
                    break;
                case InExpression list:
                    pending.Push(list.Operand);
                    list.Items.ToList().ForEach(pending.Push);
                    break;
                case CallExpression call:
                    call.Arguments.ToList().ForEach(pending.Push);
                    break;
                default:
                    break;
            }
        }

        return used;
    }

    private sealed class Record(PlanExpression expression, BookingFacts facts) : IExpressionRecord
    {
        public ExpressionValue this[int slot] => expression.accessors[slot](facts);
    }
}

/// <summary>What a plan expression reads: the booking (the original one for a cancellation) and, for a formula, the credit.</summary>
/// <param name="Booking">The booking whose attributes are read.</param>
/// <param name="CreditValue">The credit's measure value in the pay currency (<c>credit.value</c>), or null outside a formula.</param>
/// <param name="CreditPercent">The credit's percent of the booking (<c>credit.percent</c>), or null outside a formula.</param>
public sealed record BookingFacts(Booking Booking, decimal? CreditValue = null, decimal? CreditPercent = null);
