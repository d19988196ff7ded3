using System.Globalization;

namespace Attain.Engine.Expressions;

/// <summary>
/// Compiles expression text against a schema: parses it, resolves every name to a schema slot, checks every type,
/// and builds an evaluator from closures. Nothing is looked up by name or through reflection at evaluation time.
/// </summary>
public static class ExpressionCompiler
{
    /// <summary>The longest expression accepted, in characters.</summary>
    public const int MaxLength = 4000;

    /// <summary>The deepest nesting accepted: parentheses, lists, call arguments and prefix operators each add a level.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Compiles <paramref name="source"/>. Issues name <paramref name="origin"/>'s file, and lines and columns in it.
    /// When <paramref name="expected"/> is given, an expression of another type is an issue too (a condition must be a
    /// boolean, a formula a number).
    /// </summary>
    public static ExpressionCompileResult Compile(string source, ExpressionSchema schema, SourceLocation origin, ExpressionType? expected = null)
    {
        var parsed = ExpressionParser.Parse(source, origin);
        if (!parsed.Succeeded)
        {
            return new ExpressionCompileResult(null, parsed.Issues);
        }

        var binder = new ExpressionBinder(schema, origin.Source);
        var bound = binder.Bind(parsed.Syntax);
        if (bound is { } result && expected is { } wanted && result.Type != wanted && result.Type != ExpressionType.Null)
        {
            binder.TypeIssue(parsed.Syntax, wanted, result.Type);
        }

        if (binder.Issues.Count > 0)
        {
            var ordered = binder.Issues.OrderBy(i => i.Line).ThenBy(i => i.Column).ToList();
            return new ExpressionCompileResult(null, ordered);
        }

        var checkedExpression = bound ?? throw new InvalidOperationException($"'{source}' failed to bind without an issue.");
        return new ExpressionCompileResult(new CompiledExpression(source, parsed.Syntax, checkedExpression.Type, checkedExpression.Evaluate), []);
    }
}

/// <summary>Type-checks a syntax tree and turns it into closures, collecting every issue it finds.</summary>
internal sealed class ExpressionBinder(ExpressionSchema schema, string sourceName)
{
    private static readonly string[] FunctionNames =
        ["abs", "ceiling", "coalesce", "contains", "date", "day", "days_between", "floor", "if", "max", "min", "month", "round", "startsWith", "year"];

    public List<ExpressionIssue> Issues { get; } = [];

    public Bound? Bind(ExpressionNode node) => node switch
    {
        NumberLiteral number => Constant(ExpressionType.Number, ExpressionValue.FromDecimal(number.Value)),
        StringLiteral text => Constant(ExpressionType.String, ExpressionValue.FromString(text.Value)),
        BooleanLiteral boolean => Constant(ExpressionType.Boolean, ExpressionValue.FromBoolean(boolean.Value)),
        NullLiteral => Constant(ExpressionType.Null, ExpressionValue.Null),
        Identifier identifier => BindIdentifier(identifier),
        UnaryExpression unary => BindUnary(unary),
        BinaryExpression binary => BindBinary(binary),
        InExpression inList => BindIn(inList),
        CallExpression call => BindCall(call),
        _ => throw new ArgumentException($"Unknown node {node.GetType().Name}.", nameof(node)),
    };

    public void TypeIssue(ExpressionNode node, ExpressionType expected, ExpressionType found) =>
        AddIssue(ExpressionIssueCodes.Type, Start(node), $"expected {Article(expected)} but found {Article(found)}");

    private static string Article(ExpressionType type) => type switch
    {
        ExpressionType.Null => "null",
        ExpressionType.Boolean => "a boolean",
        ExpressionType.Number => "a number",
        ExpressionType.String => "a string",
        _ => "a date",
    };

    private static ExpressionValueKind KindOf(ExpressionType type) => type switch
    {
        ExpressionType.Boolean => ExpressionValueKind.Boolean,
        ExpressionType.Number => ExpressionValueKind.Number,
        ExpressionType.String => ExpressionValueKind.String,
        ExpressionType.Date => ExpressionValueKind.Date,
        _ => ExpressionValueKind.Null,
    };

    /// <summary>The position of the node's first character: binary operators and <c>in</c> start with their left operand.</summary>
    private static TextPosition Start(ExpressionNode node)
    {
        while (node is BinaryExpression or InExpression)
        {
            node = node is BinaryExpression binary ? binary.Left : ((InExpression)node).Operand;
        }

        return node.Position;
    }

    private static Bound Constant(ExpressionType type, ExpressionValue value) => new(type, _ => value);

    private void AddIssue(string code, TextPosition at, string message) =>
        Issues.Add(new ExpressionIssue(code, sourceName, at.Line, at.Column, message));

    private string Where(ExpressionNode node)
    {
        var at = node.Position;
        return $"at {sourceName}:{at.Line}:{at.Column}";
    }

    /// <summary>Checks an operand against the types allowed; the literal null fits any of them.</summary>
    private bool Require(ExpressionNode node, Bound? bound, params ExpressionType[] allowed) => RequireType(node, bound?.Type, allowed);

    /// <summary>Checks an operand's type (null when the operand already failed) against the types allowed.</summary>
    private bool RequireType(ExpressionNode node, ExpressionType? type, params ExpressionType[] allowed)
    {
        if (type is not { } found)
        {
            return false;
        }

        if (found == ExpressionType.Null || allowed.Contains(found))
        {
            return true;
        }

        var expected = string.Join(" or ", allowed.Select(Article));
        AddIssue(ExpressionIssueCodes.Type, Start(node), $"expected {expected} but found {Article(found)}");
        return false;
    }

    /// <summary>The common type of values that must agree (branches of if, items of a list); null agrees with anything.</summary>
    private ExpressionType? Unify(ExpressionType current, ExpressionNode node, ExpressionType next, string what)
    {
        if (current == ExpressionType.Null || current == next)
        {
            return next;
        }

        if (next == ExpressionType.Null)
        {
            return current;
        }

        AddIssue(ExpressionIssueCodes.Type, Start(node), $"expected {Article(current)} ({what}) but found {Article(next)}");
        return null;
    }

    private Bound? BindIdentifier(Identifier identifier)
    {
        if (!schema.TryGetSlot(identifier.Name, out var slot))
        {
            var known = schema.Fields.Count == 0
                ? "no names (this expression may use literals only)"
                : "one of " + string.Join(", ", schema.Fields.Select(f => f.Name).Order(StringComparer.Ordinal));
            AddIssue(ExpressionIssueCodes.UnknownIdentifier, identifier.Position, $"expected {known} but found '{identifier.Name}'");
            return null;
        }

        var type = schema.Fields[slot].Type;
        var kind = KindOf(type);
        var name = identifier.Name;
        return new Bound(type, record =>
        {
            var value = record[slot];
            return value.Kind == kind || value.Kind is ExpressionValueKind.Null or ExpressionValueKind.Error
                ? value
                : ExpressionValue.Error($"field {name} holds a {value.Kind} but the schema declares a {type}");
        });
    }

    private Bound? BindUnary(UnaryExpression unary)
    {
        var operand = Bind(unary.Operand);
        if (unary.Operator == UnaryOperator.Not)
        {
            if (!Require(unary.Operand, operand, ExpressionType.Boolean))
            {
                return null;
            }

            var inner = operand!.Value.Evaluate;
            var where = Where(unary);
            return new Bound(ExpressionType.Boolean, record =>
            {
                var value = inner(record);
                return value.Kind == ExpressionValueKind.Boolean ? ExpressionValue.FromBoolean(!value.AsBoolean()) : NotBoolean(value, "not", where);
            });
        }

        if (!Require(unary.Operand, operand, ExpressionType.Number))
        {
            return null;
        }

        var number = operand!.Value.Evaluate;
        return new Bound(ExpressionType.Number, record =>
        {
            var value = number(record);
            return value.Kind == ExpressionValueKind.Number ? ExpressionValue.FromDecimal(-value.AsDecimal()) : value;
        });
    }

    private static ExpressionValue NotBoolean(ExpressionValue value, string what, string where) =>
        value.IsError ? value : ExpressionValue.Error($"expected a boolean for '{what}' but found null {where}");

    /// <summary>
    /// Binds a left-leaning chain of binary operators (<c>a + b - c</c>, <c>a and b and c</c>, any mix) with a loop: a
    /// long chain costs no stack depth to bind or to evaluate, only its right operands recurse.
    /// </summary>
    private Bound? BindBinary(BinaryExpression root)
    {
        var spine = new List<BinaryExpression>();
        ExpressionNode node = root;
        while (node is BinaryExpression binary)
        {
            spine.Add(binary);
            node = binary.Left;
        }

        spine.Reverse();
        var leaf = Bind(node);
        var leftType = leaf?.Type;
        var steps = new ChainStep[spine.Count];
        for (var i = 0; i < spine.Count; i++)
        {
            var step = BindStep(spine[i], leftType, Bind(spine[i].Right));
            leftType = step?.Type;
            steps[i] = step?.Step!;
        }

        if (leaf is not { } first || leftType is not { } type)
        {
            return null;
        }

        var evaluateFirst = first.Evaluate;
        return new Bound(type, record =>
        {
            var value = evaluateFirst(record);
            foreach (var step in steps)
            {
                value = step(value, record);
            }

            return value;
        });
    }

    /// <summary>Checks one operator of a chain given the type of everything to its left; null when it does not check.</summary>
    private (ExpressionType Type, ChainStep Step)? BindStep(BinaryExpression binary, ExpressionType? leftType, Bound? right)
    {
        switch (binary.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                {
                    var leftOk = RequireType(binary.Left, leftType, ExpressionType.Boolean);
                    var rightOk = Require(binary.Right, right, ExpressionType.Boolean);
                    return leftOk && rightOk
                        ? (ExpressionType.Boolean, Logical(binary.Operator == BinaryOperator.And, right!.Value.Evaluate, Where(binary)))
                        : null;
                }

            case BinaryOperator.Equal or BinaryOperator.NotEqual:
                {
                    if (leftType is not { } l || right is not { } r || Unify(l, binary.Right, r.Type, "to compare with the left side") is null)
                    {
                        return null;
                    }

                    var evaluateRight = r.Evaluate;
                    var equal = binary.Operator == BinaryOperator.Equal;
                    return (ExpressionType.Boolean, (a, record) =>
                    {
                        if (a.IsError)
                        {
                            return a;
                        }

                        var b = evaluateRight(record);
                        return b.IsError ? b : ExpressionValue.FromBoolean(a.Equals(b) == equal);
                    }
                    );
                }

            case BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                {
                    var leftOk = RequireType(binary.Left, leftType, ExpressionType.Number, ExpressionType.Date);
                    var rightOk = Require(binary.Right, right, ExpressionType.Number, ExpressionType.Date);
                    if (!leftOk || !rightOk || Unify(leftType!.Value, binary.Right, right!.Value.Type, "to compare with the left side") is null)
                    {
                        return null;
                    }

                    return (ExpressionType.Boolean, Ordering(binary.Operator, right.Value.Evaluate));
                }

            default:
                {
                    var leftOk = RequireType(binary.Left, leftType, ExpressionType.Number);
                    var rightOk = Require(binary.Right, right, ExpressionType.Number);
                    return leftOk && rightOk ? (ExpressionType.Number, Arithmetic(binary.Operator, right!.Value.Evaluate, Where(binary))) : null;
                }
        }
    }

    private static ChainStep Logical(bool isAnd, ExpressionEvaluator right, string where)
    {
        var word = isAnd ? "and" : "or";
        return (a, record) =>
        {
            if (a.Kind != ExpressionValueKind.Boolean)
            {
                return NotBoolean(a, word, where);
            }

            if (a.AsBoolean() != isAnd)
            {
                return a;
            }

            var b = right(record);
            return b.Kind == ExpressionValueKind.Boolean ? b : NotBoolean(b, word, where);
        };
    }

    private static ChainStep Ordering(BinaryOperator op, ExpressionEvaluator right) => (a, record) =>
    {
        if (a.IsError)
        {
            return a;
        }

        var b = right(record);
        if (b.IsError)
        {
            return b;
        }

        if (a.IsNull || b.IsNull)
        {
            return ExpressionValue.False;
        }

        var order = a.Kind == ExpressionValueKind.Date ? a.AsDate().CompareTo(b.AsDate()) : a.AsDecimal().CompareTo(b.AsDecimal());
        return ExpressionValue.FromBoolean(op switch
        {
            BinaryOperator.Less => order < 0,
            BinaryOperator.LessOrEqual => order <= 0,
            BinaryOperator.Greater => order > 0,
            _ => order >= 0,
        });
    };

    private static ChainStep Arithmetic(BinaryOperator op, ExpressionEvaluator right, string where) => (a, record) =>
    {
        if (a.IsError)
        {
            return a;
        }

        var b = right(record);
        if (b.IsError)
        {
            return b;
        }

        if (a.IsNull || b.IsNull)
        {
            return ExpressionValue.Null;
        }

        var x = a.AsDecimal();
        var y = b.AsDecimal();
        if (op == BinaryOperator.Divide && y == 0m)
        {
            return ExpressionValue.Error($"division by zero {where}");
        }

        try
        {
            return ExpressionValue.FromDecimal(op switch
            {
                BinaryOperator.Add => x + y,
                BinaryOperator.Subtract => x - y,
                BinaryOperator.Multiply => x * y,
                _ => x / y,
            });
        }
        catch (OverflowException)
        {
            return ExpressionValue.Error($"the result is beyond the decimal range {where}");
        }
    };

    private Bound? BindIn(InExpression inList)
    {
        var operand = Bind(inList.Operand);
        var items = inList.Items.Select(Bind).ToList();
        if (operand is null || items.Any(i => i is null))
        {
            return null;
        }

        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            ok &= Unify(operand.Value.Type, inList.Items[i], items[i]!.Value.Type, "like the value before 'in'") is not null;
        }

        if (!ok)
        {
            return null;
        }

        var needle = operand.Value.Evaluate;
        var haystack = items.Select(i => i!.Value.Evaluate).ToArray();
        return new Bound(ExpressionType.Boolean, record =>
        {
            var value = needle(record);
            if (value.IsError)
            {
                return value;
            }

            foreach (var item in haystack)
            {
                var candidate = item(record);
                if (candidate.IsError)
                {
                    return candidate;
                }

                if (candidate.Equals(value))
                {
                    return ExpressionValue.True;
                }
            }

            return ExpressionValue.False;
        });
    }

    private Bound? BindCall(CallExpression call)
    {
        if (!FunctionNames.Contains(call.Name, StringComparer.Ordinal))
        {
            AddIssue(ExpressionIssueCodes.UnknownFunction, call.Position, $"expected a function ({string.Join(", ", FunctionNames)}) but found '{call.Name}'");
            return null;
        }

        if (call.Name == "date")
        {
            return BindDate(call);
        }

        var arguments = call.Arguments.Select(Bind).ToList();
        return call.Name switch
        {
            "if" => BindIf(call, arguments),
            "min" or "max" => BindMinMax(call, arguments),
            "abs" => Numeric(call, arguments, Math.Abs),
            "floor" => Numeric(call, arguments, decimal.Floor),
            "ceiling" => Numeric(call, arguments, decimal.Ceiling),
            "round" => BindRound(call, arguments),
            "coalesce" => BindCoalesce(call, arguments),
            "contains" => Text(call, arguments, (s, part) => s.Contains(part, StringComparison.Ordinal)),
            "startsWith" => Text(call, arguments, (s, prefix) => s.StartsWith(prefix, StringComparison.Ordinal)),
            "year" => DatePart(call, arguments, d => d.Year),
            "month" => DatePart(call, arguments, d => d.Month),
            "day" => DatePart(call, arguments, d => d.Day),
            _ => BindDaysBetween(call, arguments),
        };
    }

    private bool Arity(CallExpression call, int minimum, int maximum, string shape)
    {
        var count = call.Arguments.Count;
        if (count >= minimum && count <= maximum)
        {
            return true;
        }

        var expected = minimum == maximum ? $"{minimum}" : maximum == int.MaxValue ? $"at least {minimum}" : $"{minimum} to {maximum}";
        AddIssue(ExpressionIssueCodes.Arity, call.Position, $"expected {expected} argument{(expected == "1" ? "" : "s")} for {call.Name}({shape}) but found {count}");
        return false;
    }

    private Bound? BindDate(CallExpression call)
    {
        if (!Arity(call, 1, 1, "\"yyyy-MM-dd\""))
        {
            return null;
        }

        var argument = call.Arguments[0];
        if (argument is not StringLiteral literal)
        {
            AddIssue(ExpressionIssueCodes.InvalidArgument, Start(argument), $"expected a string literal such as \"2026-01-31\" but found {ExpressionPrinter.Print(argument)}");
            return null;
        }

        if (!DateOnly.TryParseExact(literal.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            AddIssue(ExpressionIssueCodes.InvalidLiteral, literal.Position, $"expected a real date written yyyy-MM-dd but found {ExpressionValue.Quote(literal.Value)}");
            return null;
        }

        return Constant(ExpressionType.Date, ExpressionValue.FromDate(date));
    }

    private Bound? BindIf(CallExpression call, List<Bound?> arguments)
    {
        if (!Arity(call, 3, 3, "condition, then, else") || arguments.Any(a => a is null))
        {
            return null;
        }

        if (!Require(call.Arguments[0], arguments[0], ExpressionType.Boolean))
        {
            return null;
        }

        if (Unify(arguments[1]!.Value.Type, call.Arguments[2], arguments[2]!.Value.Type, "like the 'then' branch") is not { } type)
        {
            return null;
        }

        var condition = arguments[0]!.Value.Evaluate;
        var then = arguments[1]!.Value.Evaluate;
        var otherwise = arguments[2]!.Value.Evaluate;
        var where = Where(call);
        return new Bound(type, record =>
        {
            var test = condition(record);
            if (test.Kind != ExpressionValueKind.Boolean)
            {
                return NotBoolean(test, "if", where);
            }

            return test.AsBoolean() ? then(record) : otherwise(record);
        });
    }

    private Bound? BindMinMax(CallExpression call, List<Bound?> arguments)
    {
        if (!Arity(call, 2, int.MaxValue, "a, b, ...") || arguments.Any(a => a is null))
        {
            return null;
        }

        var type = ExpressionType.Null;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (!Require(call.Arguments[i], arguments[i], ExpressionType.Number, ExpressionType.Date)
                || Unify(type, call.Arguments[i], arguments[i]!.Value.Type, "like the first argument") is not { } unified)
            {
                return null;
            }

            type = unified;
        }

        var parts = arguments.Select(a => a!.Value.Evaluate).ToArray();
        var isMin = call.Name == "min";
        return new Bound(type, record =>
        {
            var best = ExpressionValue.Null;
            foreach (var part in parts)
            {
                var value = part(record);
                if (value.IsError || value.IsNull)
                {
                    return value;
                }

                var order = best.IsNull ? 0 : value.Kind == ExpressionValueKind.Date
                    ? value.AsDate().CompareTo(best.AsDate())
                    : value.AsDecimal().CompareTo(best.AsDecimal());
                if (best.IsNull || (isMin ? order < 0 : order > 0))
                {
                    best = value;
                }
            }

            return best;
        });
    }

    private Bound? Numeric(CallExpression call, List<Bound?> arguments, Func<decimal, decimal> function) =>
        Unary(call, arguments, ExpressionType.Number, "number", ExpressionValueKind.Number, v => ExpressionValue.FromDecimal(function(v.AsDecimal())));

    /// <summary>A one-argument function of <paramref name="input"/> returning a number; null and error values pass through.</summary>
    private Bound? Unary(
        CallExpression call, List<Bound?> arguments, ExpressionType input, string expected, ExpressionValueKind kind, Func<ExpressionValue, ExpressionValue> map)
    {
        if (!Arity(call, 1, 1, expected) || !Require(call.Arguments[0], arguments[0], input))
        {
            return null;
        }

        var inner = arguments[0]!.Value.Evaluate;
        return new Bound(ExpressionType.Number, record =>
        {
            var value = inner(record);
            return value.Kind == kind ? map(value) : value;
        });
    }

    private Bound? BindRound(CallExpression call, List<Bound?> arguments)
    {
        if (!Arity(call, 3, 3, "number, digits, \"half-even\" or \"half-up\""))
        {
            return null;
        }

        var numberOk = Require(call.Arguments[0], arguments[0], ExpressionType.Number);
        var digitsOk = Require(call.Arguments[1], arguments[1], ExpressionType.Number);
        MidpointRounding? mode = call.Arguments[2] switch
        {
            StringLiteral { Value: "half-even" } => MidpointRounding.ToEven,
            StringLiteral { Value: "half-up" } => MidpointRounding.AwayFromZero,
            _ => null,
        };
        if (mode is null)
        {
            AddIssue(ExpressionIssueCodes.InvalidArgument, Start(call.Arguments[2]),
                $"expected the rounding mode \"half-even\" or \"half-up\" but found {ExpressionPrinter.Print(call.Arguments[2])}");
        }

        if (call.Arguments[1] is NumberLiteral { Value: var digitsLiteral } && !IsDigitCount(digitsLiteral))
        {
            AddIssue(ExpressionIssueCodes.InvalidArgument, call.Arguments[1].Position, $"expected a whole number of digits from 0 to 28 but found {digitsLiteral.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        if (!numberOk || !digitsOk || mode is null)
        {
            return null;
        }

        var number = arguments[0]!.Value.Evaluate;
        var digits = arguments[1]!.Value.Evaluate;
        var rounding = mode.Value;
        var where = Where(call);
        return new Bound(ExpressionType.Number, record =>
        {
            var value = number(record);
            if (value.Kind != ExpressionValueKind.Number)
            {
                return value;
            }

            var places = digits(record);
            if (places.Kind != ExpressionValueKind.Number)
            {
                return places;
            }

            return IsDigitCount(places.AsDecimal())
                ? ExpressionValue.FromDecimal(decimal.Round(value.AsDecimal(), (int)places.AsDecimal(), rounding))
                : ExpressionValue.Error($"expected a whole number of digits from 0 to 28 for round but found {places} {where}");
        });
    }

    private static bool IsDigitCount(decimal digits) => digits is >= 0m and <= 28m && decimal.Truncate(digits) == digits;

    private Bound? BindCoalesce(CallExpression call, List<Bound?> arguments)
    {
        if (!Arity(call, 2, int.MaxValue, "a, b, ...") || arguments.Any(a => a is null))
        {
            return null;
        }

        var type = ExpressionType.Null;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (Unify(type, call.Arguments[i], arguments[i]!.Value.Type, "like the first argument") is not { } unified)
            {
                return null;
            }

            type = unified;
        }

        var parts = arguments.Select(a => a!.Value.Evaluate).ToArray();
        return new Bound(type, record =>
        {
            foreach (var part in parts)
            {
                var value = part(record);
                if (!value.IsNull)
                {
                    return value;
                }
            }

            return ExpressionValue.Null;
        });
    }

    private Bound? Text(CallExpression call, List<Bound?> arguments, Func<string, string, bool> test)
    {
        if (!Arity(call, 2, 2, "text, part"))
        {
            return null;
        }

        var textOk = Require(call.Arguments[0], arguments[0], ExpressionType.String);
        var partOk = Require(call.Arguments[1], arguments[1], ExpressionType.String);
        if (!textOk || !partOk)
        {
            return null;
        }

        var text = arguments[0]!.Value.Evaluate;
        var part = arguments[1]!.Value.Evaluate;
        return new Bound(ExpressionType.Boolean, record =>
        {
            var a = text(record);
            if (a.Kind != ExpressionValueKind.String)
            {
                return a;
            }

            var b = part(record);
            return b.Kind != ExpressionValueKind.String ? b : ExpressionValue.FromBoolean(test(a.AsString(), b.AsString()));
        });
    }

    private Bound? DatePart(CallExpression call, List<Bound?> arguments, Func<DateOnly, int> part) =>
        Unary(call, arguments, ExpressionType.Date, "date", ExpressionValueKind.Date, v => ExpressionValue.FromDecimal(part(v.AsDate())));

    private Bound? BindDaysBetween(CallExpression call, List<Bound?> arguments)
    {
        if (!Arity(call, 2, 2, "from, to"))
        {
            return null;
        }

        var fromOk = Require(call.Arguments[0], arguments[0], ExpressionType.Date);
        var toOk = Require(call.Arguments[1], arguments[1], ExpressionType.Date);
        if (!fromOk || !toOk)
        {
            return null;
        }

        var from = arguments[0]!.Value.Evaluate;
        var to = arguments[1]!.Value.Evaluate;
        return new Bound(ExpressionType.Number, record =>
        {
            var a = from(record);
            if (a.Kind != ExpressionValueKind.Date)
            {
                return a;
            }

            var b = to(record);
            return b.Kind != ExpressionValueKind.Date ? b : ExpressionValue.FromDecimal(b.AsDate().DayNumber - a.AsDate().DayNumber);
        });
    }

    /// <summary>One operator of a chain: combines the value so far with its right operand, read from the record.</summary>
    private delegate ExpressionValue ChainStep(ExpressionValue left, IExpressionRecord record);

    /// <summary>A checked node: its static type and its evaluator.</summary>
    internal readonly record struct Bound(ExpressionType Type, ExpressionEvaluator Evaluate);
}
