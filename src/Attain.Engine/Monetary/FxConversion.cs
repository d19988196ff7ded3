namespace Attain.Engine.Monetary;

/// <summary>The outcome of an <see cref="FxTable"/> conversion, with what made it.</summary>
/// <param name="Source">The money converted.</param>
/// <param name="Result">The converted money, not rounded.</param>
/// <param name="Quote">The quote used, or null when both currencies are the same.</param>
/// <param name="Inverted">True when <paramref name="Quote"/> is the inverse pair and the amount was divided by its rate.</param>
/// <param name="AppliedRate">
/// The multiplier effectively applied (Result = Source × AppliedRate): the quote's rate, its reciprocal when inverted
/// (rounded to decimal's 28-29 significant digits, shown for explanation only), or 1 for the same currency.
/// </param>
public sealed record FxConversion(Money Source, Money Result, FxRate? Quote, bool Inverted, decimal AppliedRate);
