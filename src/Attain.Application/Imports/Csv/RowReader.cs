using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Imports.Csv;

/// <summary>
/// What a <see cref="RowReader"/> needs from the file being read: its column map, the known currency codes, and where
/// errors go. The database import (<see cref="ImportSession"/>) and the calculation file set
/// (<c>Compensation.CalculationFiles</c>) both provide it, so both parse and report CSV cells the same way.
/// </summary>
internal interface IRowContext
{
    ColumnMap Columns { get; }

    IReadOnlySet<string> CurrencyCodes { get; }

    void Error(int row, string? column, string code, string message);
}

/// <summary>Typed access to one row's cells by Attain column name; every failure is recorded against the row and column.</summary>
internal sealed class RowReader(IRowContext session, CsvRow raw)
{
    public int Row => raw.Number;

    public bool HasErrors { get; private set; }

    public bool IsBlank => raw.Cells.All(string.IsNullOrWhiteSpace);

    public bool HasExpectedCellCount => raw.Cells.Length == session.Columns.HeaderCount;

    public int CellCount => raw.Cells.Length;

    public void Error(string column, string code, string message)
    {
        HasErrors = true;
        session.Error(Row, column, code, message);
    }

    /// <summary>The trimmed cell, or null when the cell is empty or the file has no such column.</summary>
    public string? Text(string column, int maxLength)
    {
        var value = session.Columns.Value(raw.Cells, column);
        if (value is not null && value.Length > maxLength)
        {
            Error(column, InvalidValue, $"'{Shorten(value)}' is longer than {maxLength} characters.");
            return null;
        }

        return value;
    }

    public string? Required(string column, int maxLength)
    {
        var value = session.Columns.Value(raw.Cells, column);
        if (value is null)
        {
            Error(column, MissingRequired, "A value is required.");
            return null;
        }

        return Text(column, maxLength);
    }

    /// <summary>A decimal with at most <paramref name="maxDecimals"/> places (money at rest keeps 4).</summary>
    public decimal? Decimal(string column, bool required = false, int maxDecimals = 4)
    {
        var text = Raw(column, required);
        if (text is null)
        {
            return null;
        }

        if (!CsvValues.TryParseDecimal(text, out var value))
        {
            Error(column, InvalidNumber, $"'{Shorten(text)}' is not a number (use '.' for decimals and no thousands separators).");
            return null;
        }

        if (CsvValues.DecimalPlaces(value) > maxDecimals)
        {
            Error(column, InvalidNumber, $"'{text}' has more than {maxDecimals} decimal places.");
            return null;
        }

        if (maxDecimals <= 4 && (value > Engine.Monetary.Money.MaxStorable || value < Engine.Monetary.Money.MinStorable))
        {
            Error(column, InvalidNumber, $"'{text}' is too large.");
            return null;
        }

        return value;
    }

    public int? Int(string column, bool required = false, int min = int.MinValue)
    {
        var text = Raw(column, required);
        if (text is null)
        {
            return null;
        }

        if (!CsvValues.TryParseInt(text, out var value))
        {
            Error(column, InvalidNumber, $"'{Shorten(text)}' is not a whole number.");
            return null;
        }

        if (value < min)
        {
            Error(column, InvalidNumber, $"'{text}' is below the minimum of {min}.");
            return null;
        }

        return value;
    }

    public double? Double(string column, double min, double max)
    {
        var text = Raw(column, required: false);
        if (text is null)
        {
            return null;
        }

        if (!CsvValues.TryParseDouble(text, out var value))
        {
            Error(column, InvalidNumber, $"'{Shorten(text)}' is not a number.");
            return null;
        }

        if (value < min || value > max)
        {
            Error(column, InvalidNumber, $"'{text}' is outside {min} to {max}.");
            return null;
        }

        return value;
    }

    public DateOnly? Date(string column, bool required = false)
    {
        var text = Raw(column, required);
        if (text is null)
        {
            return null;
        }

        if (!CsvValues.TryParseDate(text, out var value))
        {
            Error(column, InvalidDate, $"'{Shorten(text)}' is not a date (use yyyy-MM-dd).");
            return null;
        }

        return value;
    }

    public DateTime? Instant(string column, bool required = false)
    {
        var text = Raw(column, required);
        if (text is null)
        {
            return null;
        }

        if (!CsvValues.TryParseInstant(text, out var value))
        {
            Error(column, InvalidDate, $"'{Shorten(text)}' is not a date and time (use yyyy-MM-ddTHH:mm:ssZ).");
            return null;
        }

        return value;
    }

    public bool? Bool(string column)
    {
        var text = Raw(column, required: false);
        if (text is null)
        {
            return null;
        }

        if (!CsvValues.TryParseBool(text, out var value))
        {
            Error(column, InvalidValue, $"'{Shorten(text)}' is not true or false.");
            return null;
        }

        return value;
    }

    public T? Enum<T>(string column, bool required = false, IReadOnlyDictionary<string, T>? synonyms = null)
        where T : struct, Enum
    {
        var text = Raw(column, required);
        if (text is null)
        {
            return null;
        }

        if (!CsvValues.TryParseEnum(text, synonyms, out T value))
        {
            Error(column, InvalidValue, $"'{Shorten(text)}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}.");
            return null;
        }

        return value;
    }

    /// <summary>An ISO 4217 code of a currency in the currencies table; upper-cased.</summary>
    public string? Currency(string column, bool required, string? fallback = null)
    {
        var text = Raw(column, required && fallback is null) ?? fallback;
        if (text is null)
        {
            if (required)
            {
                Error(column, MissingRequired, "A currency is required and the organisation has no base currency to assume.");
            }

            return null;
        }

        var code = text.ToUpperInvariant();
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            Error(column, InvalidValue, $"'{Shorten(text)}' is not a three-letter ISO 4217 currency code.");
            return null;
        }

        if (!session.CurrencyCodes.Contains(code))
        {
            Error(column, UnknownReference, $"Currency '{code}' is not in the currencies table.");
            return null;
        }

        return code;
    }

    private string? Raw(string column, bool required)
    {
        var value = session.Columns.Value(raw.Cells, column);
        if (value is null && required)
        {
            Error(column, MissingRequired, "A value is required.");
        }

        return value;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
