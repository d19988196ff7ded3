namespace Attain.Engine.Monetary;

/// <summary>Exact conversions between <see cref="decimal"/> and integers counting 10^-n units, with no rounding.</summary>
internal static class ScaledInteger
{
    /// <summary>
    /// Converts <paramref name="value"/> to a whole number of 10^-<paramref name="decimals"/> units, exactly.
    /// Returns false when the value has non-zero digits beyond <paramref name="decimals"/> places (trailing zeros are fine)
    /// or when the count does not fit in a <see cref="long"/>.
    /// </summary>
    public static bool TryToInt64(decimal value, int decimals, out long units)
    {
        // The common case (a 64-bit mantissa, as every stored amount has) in 64-bit arithmetic: one division or one
        // multiplication instead of a 128-bit division per decimal place.
        var buffer = default(DecimalBits);
        Span<int> bits = buffer;
        decimal.GetBits(value, bits);
        var scale = value.Scale;
        if (bits[2] == 0 && Math.Abs(scale - decimals) < Powers.Length)
        {
            var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            if (scale > decimals)
            {
                (mantissa, var remainder) = Math.DivRem(mantissa, Powers[scale - decimals]);
                if (remainder != 0)
                {
                    units = 0;
                    return false;
                }
            }
            else if (mantissa > ulong.MaxValue / Powers[decimals - scale])
            {
                units = 0;
                return false;
            }
            else
            {
                mantissa *= Powers[decimals - scale];
            }

            var negative = bits[3] < 0 && mantissa != 0;
            if (mantissa > (ulong)long.MaxValue + (negative ? 1UL : 0UL))
            {
                units = 0;
                return false;
            }

            units = negative ? -(long)(mantissa - 1) - 1 : (long)mantissa;
            return true;
        }

        return Wide(value, decimals, out units);
    }

    /// <summary>Powers of ten that fit in 64 bits: 10^0 … 10^19 (the 64-bit decimal arithmetic's too).</summary>
    internal static readonly ulong[] Powers =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    /// <summary><see cref="TryToInt64"/> for any mantissa, one decimal place at a time in 128-bit arithmetic.</summary>
    private static bool Wide(decimal value, int decimals, out long units)
    {
        units = 0;
        var (magnitude, scale) = Decompose(value);
        while (scale > decimals)
        {
            if (magnitude % 10 != 0)
            {
                return false;
            }

            magnitude /= 10;
            scale--;
        }

        // magnitude < 2^96 and decimals - scale <= 28, but overflow is caught below long's range long before UInt128's.
        for (; scale < decimals; scale++)
        {
            magnitude *= 10;
            if (magnitude > (UInt128)long.MaxValue + 1)
            {
                return false;
            }
        }

        var negative = value < 0m;
        if (magnitude > (UInt128)long.MaxValue + (negative ? 1UL : 0UL))
        {
            return false;
        }

        units = negative ? -(long)(magnitude - 1) - 1 : (long)magnitude;
        return true;
    }

    /// <summary>
    /// Returns <paramref name="value"/> written with at least <paramref name="scale"/> decimal places
    /// (1.5 with scale 2 becomes 1.50); the numeric value never changes.
    /// </summary>
    public static decimal WithMinimumScale(decimal value, int scale)
    {
        // Multiplying by 1.0 (exactly one) adds one decimal place and keeps the value exact.
        for (var current = value.Scale; current < scale; current++)
        {
            value *= 1.0m;
        }

        return value;
    }

    /// <summary>One unit of 10^-<paramref name="scale"/> (1, 0.1, 0.01, …), written with exactly that scale.</summary>
    public static decimal Unit(int scale) => new(1, 0, 0, false, (byte)scale);

    /// <summary>The unsigned 96-bit integer and the scale of a decimal: |value| = magnitude / 10^scale.</summary>
    public static (UInt128 Magnitude, int Scale) Decompose(decimal value)
    {
        var buffer = default(DecimalBits);
        Span<int> bits = buffer;
        decimal.GetBits(value, bits);
        var magnitude = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        return (magnitude, value.Scale);
    }
}
