using System.Runtime.CompilerServices;

namespace Attain.Engine;

/// <summary>
/// The four 32-bit parts of a <see cref="decimal"/> (<see cref="decimal.GetBits(decimal, Span{int})"/>) held in a local
/// instead of a <c>stackalloc</c>: the runtime does not move a method that allocates on the stack through its optimizing
/// tiers with profile data (a method with a loop is compiled once, without them), nor inline it into a loop, and the
/// engine's hot loops read decimals' parts (ADR 0010).
/// </summary>
[InlineArray(4)]
internal struct DecimalBits
{
    private int element;
}

/// <summary>Room for up to 16 items in a local, for the same reason as <see cref="DecimalBits"/>: more take an array.</summary>
/// <typeparam name="T">The item type.</typeparam>
[InlineArray(Length)]
internal struct Buffer16<T>
{
    /// <summary>How many items it holds.</summary>
    public const int Length = 16;

    private T element;
}
