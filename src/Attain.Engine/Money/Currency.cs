namespace Attain.Engine.Money;

/// <summary>An ISO 4217 currency: its three-letter code and the number of digits of its minor unit.</summary>
/// <param name="Code">The ISO 4217 alphabetic code, upper case (for example <c>EUR</c>).</param>
/// <param name="MinorUnits">Digits after the decimal point of the currency's smallest unit (EUR 2, JPY 0, BHD 3).</param>
public sealed record Currency(string Code, int MinorUnits);
