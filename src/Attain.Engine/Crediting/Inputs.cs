using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Crediting;

/// <summary>A person who is paid.</summary>
/// <param name="Id">Stable identifier (compared ordinally).</param>
/// <param name="PayCurrency">The currency the participant is paid in, unless the plan fixes one.</param>
public sealed record Participant(string Id, Currency PayCurrency);

/// <summary>
/// An effective-dated reporting line: <paramref name="PersonId"/> reports to <paramref name="ManagerId"/> on every day
/// of <paramref name="Effective"/> (inclusive at both ends; open-ended when it has no end).
/// </summary>
/// <param name="PersonId">The person who reports.</param>
/// <param name="ManagerId">The manager they report to.</param>
/// <param name="Effective">EffectiveFrom and optional EffectiveTo, both inclusive.</param>
public sealed record ReportingLine(string PersonId, string ManagerId, DateRange Effective);

/// <summary>
/// A booking: a closed-won order line, or (with <see cref="OriginalBookingId"/>) the cancellation or return of part or
/// all of an earlier one.
/// </summary>
/// <remarks>
/// A run holds millions of bookings, so a booking keeps its amount, margin and units compactly (ADR 0010): each decimal
/// as a 64-bit (units: 32-bit) integer and its scale and sign when it fits, which every money amount of a real booking
/// does; a value that does not fit, a margin in another currency than the amount's, and the original booking id of a
/// cancellation are kept in a small side object. Every property gives back exactly the value it was given (the same
/// digits, scale and sign). Two bookings are equal when every property is equal (amounts and units compared as decimals,
/// attributes by reference), as for any record.
/// </remarks>
public sealed record Booking
{
    private readonly PackedValues values;

    /// <summary>A booking.</summary>
    /// <param name="Id">Stable identifier (compared ordinally).</param>
    /// <param name="Date">The booking date: decides the period and, for original bookings, the hierarchy and FX rate used.</param>
    /// <param name="Amount">
    /// The amount, a whole number of minor units of its currency; negative for a cancellation, whose magnitude is at most
    /// the original's.
    /// </param>
    /// <param name="OwnerId">The person who owns the booking and gets direct credit when there is no revenue split.</param>
    /// <param name="Product">The product code (filter attribute <c>product</c>).</param>
    /// <param name="Family">The product family (filter attribute <c>family</c>).</param>
    /// <param name="Attributes">Free attributes (filter attribute <c>attributes.NAME</c>); keys and values compared ordinally.</param>
    /// <param name="Margin">The margin in the booking's currency, or null when unknown (counts as zero for <c>bookings.margin</c>).</param>
    /// <param name="Units">The number of units sold (negative for a return).</param>
    /// <param name="OriginalBookingId">For a cancellation, the booking it cancels; null for an original booking.</param>
    public Booking(
        string Id,
        DateOnly Date,
        Money Amount,
        string OwnerId,
        string Product,
        string Family,
        IReadOnlyDictionary<string, string> Attributes,
        Money? Margin,
        decimal Units,
        string? OriginalBookingId)
    {
        this.Id = Id;
        this.Date = Date;
        this.OwnerId = OwnerId;
        this.Product = Product;
        this.Family = Family;
        this.Attributes = Attributes;
        values = new PackedValues(Amount, Margin, Units, OriginalBookingId);
    }

    /// <summary>Stable identifier (compared ordinally).</summary>
    public string Id { get; init; }

    /// <summary>The booking date: decides the period and, for original bookings, the hierarchy and FX rate used.</summary>
    public DateOnly Date { get; init; }

    /// <summary>
    /// The amount, a whole number of minor units of its currency; negative for a cancellation, whose magnitude is at most
    /// the original's.
    /// </summary>
    public Money Amount
    {
        get => values.Amount;
        init => values = new PackedValues(value, values.Margin, values.Units, values.OriginalBookingId);
    }

    /// <summary>The person who owns the booking and gets direct credit when there is no revenue split.</summary>
    public string OwnerId { get; init; }

    /// <summary>The product code (filter attribute <c>product</c>).</summary>
    public string Product { get; init; }

    /// <summary>The product family (filter attribute <c>family</c>).</summary>
    public string Family { get; init; }

    /// <summary>Free attributes (filter attribute <c>attributes.NAME</c>); keys and values compared ordinally.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; }

    /// <summary>The margin in the booking's currency, or null when unknown (counts as zero for <c>bookings.margin</c>).</summary>
    public Money? Margin
    {
        get => values.Margin;
        init => values = new PackedValues(values.Amount, value, values.Units, values.OriginalBookingId);
    }

    /// <summary>The number of units sold (negative for a return).</summary>
    public decimal Units
    {
        get => values.Units;
        init => values = new PackedValues(values.Amount, values.Margin, value, values.OriginalBookingId);
    }

    /// <summary>For a cancellation, the booking it cancels; null for an original booking.</summary>
    public string? OriginalBookingId
    {
        get => values.OriginalBookingId;
        init => values = new PackedValues(values.Amount, values.Margin, values.Units, value);
    }

    /// <summary>Equal when every property is equal (amounts and units as decimals, attributes by reference).</summary>
    /// <param name="other">The other booking.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(Booking? other) =>
        ReferenceEquals(this, other) || (other is not null
            && string.Equals(Id, other.Id, StringComparison.Ordinal)
            && Date == other.Date
            && Amount == other.Amount
            && string.Equals(OwnerId, other.OwnerId, StringComparison.Ordinal)
            && string.Equals(Product, other.Product, StringComparison.Ordinal)
            && string.Equals(Family, other.Family, StringComparison.Ordinal)
            && EqualityComparer<IReadOnlyDictionary<string, string>>.Default.Equals(Attributes, other.Attributes)
            && Margin == other.Margin
            && Units == other.Units
            && string.Equals(OriginalBookingId, other.OriginalBookingId, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(Id, Date, Amount, OwnerId, Product, Family, Attributes, HashCode.Combine(Margin, Units, OriginalBookingId));

    /// <summary>The booking's values, in the constructor's order.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="Date">The date.</param>
    /// <param name="Amount">The amount.</param>
    /// <param name="OwnerId">The owner.</param>
    /// <param name="Product">The product code.</param>
    /// <param name="Family">The product family.</param>
    /// <param name="Attributes">The free attributes.</param>
    /// <param name="Margin">The margin, or null.</param>
    /// <param name="Units">The units.</param>
    /// <param name="OriginalBookingId">The cancelled booking, or null.</param>
    public void Deconstruct(
        out string Id,
        out DateOnly Date,
        out Money Amount,
        out string OwnerId,
        out string Product,
        out string Family,
        out IReadOnlyDictionary<string, string> Attributes,
        out Money? Margin,
        out decimal Units,
        out string? OriginalBookingId)
    {
        (Id, Date, Amount, OwnerId, Product, Family, Attributes) = (this.Id, this.Date, this.Amount, this.OwnerId, this.Product, this.Family, this.Attributes);
        (Margin, Units, OriginalBookingId) = (this.Margin, this.Units, this.OriginalBookingId);
    }

    /// <summary>
    /// A booking's amount, margin, units and original booking id, compactly: each decimal as a signed integer (64 bits,
    /// units 32) with its scale and the sign of a zero, when it fits; what does not fit, a margin in another currency
    /// instance than the amount's, and an original booking id are kept in a side object (40 bytes in the booking).
    /// </summary>
    private readonly struct PackedValues
    {
        private const int MarginShift = 6;
        private const int UnitsShift = 12;
        private const int ScaleMask = 31;
        private const int NegativeZero = 32;
        private const int HasMargin = 1 << 18;

        private readonly Currency currency;
        private readonly Side? side;
        private readonly long amount;
        private readonly long margin;
        private readonly int units;
        private readonly int packed;

        public PackedValues(Money amount, Money? margin, decimal units, string? originalBookingId)
        {
            currency = amount.Currency;
            decimal? sideAmount = null;
            if (Pack(amount.Amount, out this.amount, out var amountInfo))
            {
                packed = amountInfo;
            }
            else
            {
                sideAmount = amount.Amount;
            }

            Money? sideMargin = null;
            if (margin is { } given)
            {
                if (ReferenceEquals(given.Currency, currency) && Pack(given.Amount, out this.margin, out var marginInfo))
                {
                    packed |= HasMargin | (marginInfo << MarginShift);
                }
                else
                {
                    sideMargin = given;
                }
            }

            decimal? sideUnits = null;
            if (Pack(units, out var unitsMantissa, out var unitsInfo) && unitsMantissa is >= int.MinValue and <= int.MaxValue)
            {
                this.units = (int)unitsMantissa;
                packed |= unitsInfo << UnitsShift;
            }
            else
            {
                sideUnits = units;
            }

            if (sideAmount is not null || sideMargin is not null || sideUnits is not null || originalBookingId is not null)
            {
                side = new Side(sideAmount, sideMargin, sideUnits, originalBookingId);
            }
        }

        public Money Amount => new(side?.Amount ?? Unpack(amount, packed), currency);

        public Money? Margin => (packed & HasMargin) != 0 ? new Money(Unpack(margin, packed >> MarginShift), currency) : side?.Margin;

        public decimal Units => side?.Units ?? Unpack(units, packed >> UnitsShift);

        public string? OriginalBookingId => side?.OriginalBookingId;

        /// <summary>A decimal as a 64-bit signed integer and its scale (and the sign of a zero), when the integer fits.</summary>
        private static bool Pack(decimal value, out long mantissa, out int info)
        {
            var buffer = default(DecimalBits);
            Span<int> bits = buffer;
            decimal.GetBits(value, bits);
            var magnitude = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            var negative = bits[3] < 0;
            if (bits[2] != 0 || magnitude > long.MaxValue)
            {
                (mantissa, info) = (0, 0);
                return false;
            }

            mantissa = negative ? -(long)magnitude : (long)magnitude;
            info = value.Scale | (negative && magnitude == 0 ? NegativeZero : 0);
            return true;
        }

        /// <summary>The decimal <see cref="Pack"/> gave <paramref name="mantissa"/> and <paramref name="info"/> for.</summary>
        private static decimal Unpack(long mantissa, int info)
        {
            var magnitude = (ulong)Math.Abs(mantissa);
            return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, mantissa < 0 || (info & NegativeZero) != 0, (byte)(info & ScaleMask));
        }
    }

    /// <summary>What a booking does not keep in its packed fields.</summary>
    private sealed record Side(decimal? Amount, Money? Margin, decimal? Units, string? OriginalBookingId);
}

/// <summary>Whether a split share divides the booking or adds to it.</summary>
public enum SplitKind
{
    /// <summary>A share of the booking: a booking's revenue shares total exactly 100 %.</summary>
    Revenue,

    /// <summary>Extra credit on top of the booking (overlay or team credit): any percentage, any total.</summary>
    Overlay,
}

/// <summary>One participant's share of a booking.</summary>
/// <param name="ParticipantId">Who receives the credit.</param>
/// <param name="Percent">The share in percent of the booking amount (50 is half).</param>
/// <param name="Kind">Revenue or overlay.</param>
public sealed record SplitShare(string ParticipantId, decimal Percent, SplitKind Kind);

/// <summary>How one booking is split. Without a rule, or without revenue shares, the owner gets 100 % direct credit.</summary>
/// <param name="BookingId">The booking split.</param>
/// <param name="Shares">The shares; a participant appears at most once per kind.</param>
public sealed record SplitRule(string BookingId, IReadOnlyList<SplitShare> Shares);

/// <summary>How credits are made.</summary>
/// <param name="RollUpLevels">How many manager levels above each revenue share receive roll-up credit (0 for none).</param>
/// <param name="Rounding">Midpoint rounding for overlay credits (amount × percent, rounded to the minor unit) and split allocation.</param>
public sealed record CreditingPolicy(int RollUpLevels, MidpointRounding Rounding)
{
    /// <summary>No roll-up, round half to even.</summary>
    public static CreditingPolicy Default { get; } = new(0, MidpointRounding.ToEven);
}
