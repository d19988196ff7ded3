namespace Attain.Engine.Expressions;

/// <summary>A name an expression may read, and its type. Names are dotted identifiers such as <c>booking.amount</c>.</summary>
/// <param name="Name">The name as written in expressions; case-sensitive.</param>
/// <param name="Type">The field's type; its value may also be null at evaluation time. Not <see cref="ExpressionType.Null"/>.</param>
public sealed record ExpressionField(string Name, ExpressionType Type);

/// <summary>
/// The names an expression may read and their types. Each field gets a slot, its index in declaration order;
/// compiled expressions read records by slot, never by name.
/// </summary>
public sealed class ExpressionSchema
{
    private readonly Dictionary<string, int> slots;
    private readonly ExpressionField[] fields;

    /// <summary>A schema of the given fields; slot i is the i-th field.</summary>
    /// <exception cref="ArgumentException">A name is not a dotted identifier, is a keyword, or appears twice, or a type is Null.</exception>
    public ExpressionSchema(params IEnumerable<ExpressionField> fields)
    {
        this.fields = [.. fields];
        slots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < this.fields.Length; i++)
        {
            var field = this.fields[i];
            if (!ExpressionLexer.IsDottedIdentifier(field.Name))
            {
                throw new ArgumentException($"'{field.Name}' is not a dotted identifier or is a keyword.", nameof(fields));
            }

            if (field.Type == ExpressionType.Null)
            {
                throw new ArgumentException($"Field '{field.Name}' needs a type other than Null.", nameof(fields));
            }

            if (!slots.TryAdd(field.Name, i))
            {
                throw new ArgumentException($"Field '{field.Name}' is declared twice.", nameof(fields));
            }
        }
    }

    /// <summary>A schema without fields: expressions may use literals only.</summary>
    public static ExpressionSchema Empty { get; } = new();

    /// <summary>The fields in slot order.</summary>
    public IReadOnlyList<ExpressionField> Fields => fields;

    /// <summary>Finds the slot of a name.</summary>
    public bool TryGetSlot(string name, out int slot) => slots.TryGetValue(name, out slot);

    /// <summary>The slot of a declared name.</summary>
    /// <exception cref="KeyNotFoundException">The schema does not declare the name.</exception>
    public int SlotOf(string name) =>
        slots.TryGetValue(name, out var slot) ? slot : throw new KeyNotFoundException($"The schema does not declare '{name}'.");

    /// <summary>A record with the given values by name; names not given are null.</summary>
    /// <exception cref="KeyNotFoundException">A name the schema does not declare.</exception>
    public ExpressionRecord CreateRecord(IEnumerable<KeyValuePair<string, ExpressionValue>> values)
    {
        var slotValues = new ExpressionValue[fields.Length];
        foreach (var (name, value) in values)
        {
            slotValues[SlotOf(name)] = value;
        }

        return new ExpressionRecord(slotValues);
    }
}

/// <summary>
/// What an expression reads: one value per schema slot. Implement it over your own row type to avoid copying;
/// a value whose kind differs from the field's declared type evaluates to an error, not an exception.
/// </summary>
public interface IExpressionRecord
{
    /// <summary>The value in a slot of the schema the expression was compiled against.</summary>
    ExpressionValue this[int slot] { get; }
}

/// <summary>An immutable <see cref="IExpressionRecord"/> over an array of values in slot order.</summary>
public sealed class ExpressionRecord : IExpressionRecord
{
    private readonly ExpressionValue[] values;

    /// <summary>A record holding a copy of <paramref name="values"/>, in slot order.</summary>
    public ExpressionRecord(params IEnumerable<ExpressionValue> values) => this.values = [.. values];

    /// <summary>A record without values, for expressions compiled against <see cref="ExpressionSchema.Empty"/>.</summary>
    public static ExpressionRecord Empty { get; } = new();

    /// <inheritdoc />
    public ExpressionValue this[int slot] => values[slot];
}
