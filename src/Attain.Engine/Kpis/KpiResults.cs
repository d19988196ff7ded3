using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Kpis;

/// <summary>The kind of input record a KPI counted.</summary>
public enum KpiRecordKind
{
    /// <summary>An <see cref="OpportunitySnapshot"/>.</summary>
    Opportunity,

    /// <summary>An <see cref="ActivityRecord"/>.</summary>
    Activity,

    /// <summary>A <see cref="BookingRecord"/>.</summary>
    Booking,

    /// <summary>A <see cref="QuotaRecord"/>.</summary>
    Quota,

    /// <summary>An <see cref="AccountFirstWin"/>, identified by its account id.</summary>
    AccountFirstWin,
}

/// <summary>What a KPI value is measured in.</summary>
public enum KpiUnit
{
    /// <summary>An amount of the reporting currency.</summary>
    Money,

    /// <summary>A number of records.</summary>
    Count,

    /// <summary>A fraction (0.25 is 25 %), or a plain ratio of two counts.</summary>
    Ratio,

    /// <summary>A number of days.</summary>
    Days,

    /// <summary>An amount of the reporting currency per day.</summary>
    MoneyPerDay,
}

/// <summary>A reference to one input record: the drill-down from a number to what made it.</summary>
/// <remarks>Ordered by kind, then by id (ordinal).</remarks>
public readonly record struct KpiRecordRef(KpiRecordKind Kind, string Id) : IComparable<KpiRecordRef>
{
    /// <inheritdoc />
    public int CompareTo(KpiRecordRef other)
    {
        var byKind = Kind.CompareTo(other.Kind);
        return byKind != 0 ? byKind : string.CompareOrdinal(Id, other.Id);
    }

    /// <summary>Less than by <see cref="CompareTo"/>.</summary>
    public static bool operator <(KpiRecordRef left, KpiRecordRef right) => left.CompareTo(right) < 0;

    /// <summary>Greater than by <see cref="CompareTo"/>.</summary>
    public static bool operator >(KpiRecordRef left, KpiRecordRef right) => left.CompareTo(right) > 0;

    /// <summary>Less than or equal by <see cref="CompareTo"/>.</summary>
    public static bool operator <=(KpiRecordRef left, KpiRecordRef right) => left.CompareTo(right) <= 0;

    /// <summary>Greater than or equal by <see cref="CompareTo"/>.</summary>
    public static bool operator >=(KpiRecordRef left, KpiRecordRef right) => left.CompareTo(right) >= 0;

    /// <summary>For example <c>Booking:B-17</c>.</summary>
    public override string ToString() => $"{Kind}:{Id}";
}

/// <summary>
/// What a grouping key is chosen from: the record that counts, its owner, account and product when it has them, and the
/// date that put it in the period. The caller maps it to a rep, team, region, product, segment or anything else.
/// </summary>
/// <param name="Record">The record.</param>
/// <param name="OwnerId">Its owner.</param>
/// <param name="AccountId">Its account, or null (quotas; activities without one).</param>
/// <param name="ProductId">Its product, or null (everything but bookings).</param>
/// <param name="Date">Its deciding date, so effective-dated memberships (team on that day) can be looked up.</param>
public sealed record KpiSubject(KpiRecordRef Record, string OwnerId, string? AccountId, string? ProductId, DateOnly Date);

/// <summary>One named sum behind a KPI value, in the KPI's terms (for example <c>won</c> = 3, <c>closed</c> = 5).</summary>
public sealed record KpiTerm(string Name, decimal Amount);

/// <summary>A KPI over one period.</summary>
/// <param name="Period">The period.</param>
/// <param name="Value">The value, unrounded; null when it has no value (see <paramref name="NoValueReason"/>).</param>
/// <param name="NoValueReason">Why there is no value (a division by zero, a missing FX rate); null when there is one.</param>
/// <param name="Terms">The sums the value was computed from, in the KPI's order.</param>
/// <param name="Records">Exactly the records that count, each once, ordered by kind then id.</param>
public sealed record KpiMeasurement(
    Period Period,
    decimal? Value,
    string? NoValueReason,
    IReadOnlyList<KpiTerm> Terms,
    IReadOnlyList<KpiRecordRef> Records)
{
    /// <summary>True when the value is missing because a record's amount had no FX rate into the reporting currency.</summary>
    public bool MissingRate { get; init; }
}

/// <summary>A KPI for a period with the previous period and the same period a year earlier beside it.</summary>
/// <param name="Current">The period asked for.</param>
/// <param name="Previous">The period of the same kind just before it.</param>
/// <param name="YearAgo">The period of the same kind and number in the previous fiscal year.</param>
public sealed record KpiValue(KpiMeasurement Current, KpiMeasurement Previous, KpiMeasurement YearAgo);

/// <summary>A KPI's value for one group key.</summary>
public sealed record KpiGroup(string Key, KpiValue Value);

/// <summary>A KPI computed for a period: the total over every record, and one value per group key.</summary>
/// <param name="Kpi">The KPI's name as listed in <see cref="KpiCatalog.Names"/>.</param>
/// <param name="Parameter">The stage or activity type the KPI is restricted to, or null.</param>
/// <param name="Unit">What the values are measured in.</param>
/// <param name="Currency">The reporting currency when <paramref name="Unit"/> is money or money per day; otherwise null.</param>
/// <param name="Total">The value over all records.</param>
/// <param name="Groups">
/// One value per key the grouping function gave to a record counted in any of the three periods, ordered by key
/// (ordinal); empty when no grouping was asked for.
/// </param>
public sealed record KpiResult(
    string Kpi,
    string? Parameter,
    KpiUnit Unit,
    Currency? Currency,
    KpiValue Total,
    IReadOnlyList<KpiGroup> Groups);
