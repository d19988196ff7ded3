namespace Attain.Application.Currencies;

/// <summary>A currency the organisation uses (ISO 4217 code and minor unit digits).</summary>
public class CurrencyRecord
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int MinorUnits { get; set; }
}

/// <summary>How many units of <see cref="ToCurrency"/> one unit of <see cref="FromCurrency"/> buys, from <see cref="Date"/> on.</summary>
public class FxRate
{
    public long Id { get; set; }
    public required string FromCurrency { get; set; }
    public required string ToCurrency { get; set; }
    public DateOnly Date { get; set; }
    public decimal Rate { get; set; }
}
