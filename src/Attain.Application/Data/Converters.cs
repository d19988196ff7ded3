using Attain.Engine.Monetary;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Attain.Application.Data;

/// <summary>Money and quantities at rest: a <c>long</c> in 1/10,000 units (ADR 0003), so SQLite can sum and compare them.</summary>
public sealed class StorageDecimalConverter() : ValueConverter<decimal, long>(
    v => Money.ToStorage(v),
    v => Money.FromStorage(v));

/// <summary>FX rates at rest: a <c>long</c> in 1/10,000,000,000 units, enough for rates like JPY→KWD.</summary>
public sealed class FxRateConverter() : ValueConverter<decimal, long>(
    v => decimal.ToInt64(v * 10_000_000_000m),
    v => v / 10_000_000_000m);

/// <summary>Instants are stored and read back as UTC, whatever the provider.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

/// <summary>
/// Lineage values that are exact but not money (rates, percents, unrounded measures, proration factors) at rest: the
/// decimal's invariant text, so no digit is lost. Never summed or compared in SQL.
/// </summary>
public sealed class ExactDecimalConverter() : ValueConverter<decimal, string>(
    v => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
    v => decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
