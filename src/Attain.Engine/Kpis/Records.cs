using Attain.Engine.Monetary;
using Attain.Engine.Periods;

namespace Attain.Engine.Kpis;

/// <summary>Where an opportunity stands in a snapshot.</summary>
public enum OpportunityStatus
{
    /// <summary>Still being worked; its close date is the expected one.</summary>
    Open,

    /// <summary>Closed won on its close date.</summary>
    Won,

    /// <summary>Closed lost on its close date.</summary>
    Lost,
}

/// <summary>The kind of a client conversation.</summary>
public enum ActivityType
{
    /// <summary>A phone or video call.</summary>
    Call,

    /// <summary>A meeting.</summary>
    Meeting,

    /// <summary>An email.</summary>
    Email,

    /// <summary>A product demonstration.</summary>
    Demo,
}

/// <summary>What a booking records.</summary>
public enum BookingKind
{
    /// <summary>A closed-won order line; adds its amount.</summary>
    Order,

    /// <summary>A cancellation of an earlier order; subtracts its amount.</summary>
    Cancellation,

    /// <summary>A return of an earlier order; subtracts its amount.</summary>
    Return,
}

/// <summary>One entry of an opportunity's stage history: the stage it entered and the day it entered it.</summary>
public sealed record StageEntry(string Stage, DateOnly EnteredOn);

/// <summary>An opportunity as it stands in a snapshot (typically today's).</summary>
/// <param name="Id">Unique among opportunities.</param>
/// <param name="OwnerId">The person who owns it.</param>
/// <param name="AccountId">The account it sells to.</param>
/// <param name="Amount">Its amount in its own currency (the expected amount while open, the won or lost amount when closed).</param>
/// <param name="CreatedOn">The day it was created.</param>
/// <param name="CloseDate">The day it closed (Won, Lost) or is expected to close (Open).</param>
/// <param name="Status">Open, Won or Lost.</param>
/// <param name="Stage">Its current stage.</param>
/// <param name="StageHistory">Every stage it entered, with the day; any order (KPIs order it by day, ties kept in list order).</param>
/// <param name="CloseDatePushCount">How many times its close date was moved later.</param>
/// <param name="ForecastCategory">Its forecast category, if any.</param>
/// <param name="ListAmount">Its amount at list price before discount, if known; the discount is ListAmount − Amount.</param>
public sealed record OpportunitySnapshot(
    string Id,
    string OwnerId,
    string AccountId,
    Money Amount,
    DateOnly CreatedOn,
    DateOnly CloseDate,
    OpportunityStatus Status,
    string Stage,
    IReadOnlyList<StageEntry> StageHistory,
    int CloseDatePushCount = 0,
    string? ForecastCategory = null,
    Money? ListAmount = null);

/// <summary>A client conversation a person held.</summary>
/// <param name="Id">Unique among activities.</param>
/// <param name="OwnerId">The person who held it.</param>
/// <param name="Type">Call, meeting, email or demo.</param>
/// <param name="OccurredOn">The day it took place.</param>
/// <param name="OpportunityId">The opportunity it was about, if any.</param>
/// <param name="AccountId">The account it was with, if known (for slicing by account or segment).</param>
public sealed record ActivityRecord(
    string Id,
    string OwnerId,
    ActivityType Type,
    DateOnly OccurredOn,
    string? OpportunityId = null,
    string? AccountId = null);

/// <summary>A booking: an order line, or a cancellation or return of an earlier one.</summary>
/// <param name="Id">Unique among bookings.</param>
/// <param name="OwnerId">The person it is booked to.</param>
/// <param name="BookedOn">The day it was booked (for a cancellation or return: the day of the cancellation or return).</param>
/// <param name="Amount">
/// Its amount. An order counts as recorded (a negative order is a correction); a cancellation or return always subtracts
/// its absolute value, so either sign convention of the source data gives the same net.
/// </param>
/// <param name="Kind">Order, cancellation or return.</param>
/// <param name="AccountId">The account.</param>
/// <param name="ProductId">The product.</param>
public sealed record BookingRecord(
    string Id,
    string OwnerId,
    DateOnly BookedOn,
    Money Amount,
    BookingKind Kind,
    string AccountId,
    string ProductId);

/// <summary>A bookings quota of one person for one period.</summary>
/// <param name="Id">Unique among quotas.</param>
/// <param name="OwnerId">The person it is given to.</param>
/// <param name="Period">The fiscal period it covers, from the same calendar as the KPIs.</param>
/// <param name="Amount">The target amount.</param>
public sealed record QuotaRecord(string Id, string OwnerId, Period Period, Money Amount);

/// <summary>The first day an account was won: the event a new logo counts.</summary>
/// <param name="AccountId">The account; its id is the record's id.</param>
/// <param name="OwnerId">The person who won it (owner of the first won opportunity).</param>
/// <param name="FirstWonOn">The close date of its first won opportunity.</param>
public sealed record AccountFirstWin(string AccountId, string OwnerId, DateOnly FirstWonOn);

/// <summary>All the records KPIs are computed over. Each list may be empty; none is null.</summary>
public sealed record KpiData
{
    /// <summary>An empty data set.</summary>
    public static KpiData Empty { get; } = new();

    /// <summary>The opportunity snapshots.</summary>
    public IReadOnlyList<OpportunitySnapshot> Opportunities { get; init; } = [];

    /// <summary>The activities.</summary>
    public IReadOnlyList<ActivityRecord> Activities { get; init; } = [];

    /// <summary>The bookings, cancellations and returns.</summary>
    public IReadOnlyList<BookingRecord> Bookings { get; init; } = [];

    /// <summary>The quotas.</summary>
    public IReadOnlyList<QuotaRecord> Quotas { get; init; } = [];

    /// <summary>The accounts' first wins.</summary>
    public IReadOnlyList<AccountFirstWin> FirstWins { get; init; } = [];
}

/// <summary>What a KPI computation needs besides the records.</summary>
/// <param name="Calendar">The fiscal calendar the period, the previous period and the year-ago period come from.</param>
/// <param name="ReportingCurrency">The currency every money KPI is reported in.</param>
/// <param name="Fx">The rates: each record converts at its deciding date's rate (latest quote on or before it).</param>
public sealed record KpiContext(FiscalCalendar Calendar, Currency ReportingCurrency, FxTable Fx)
{
    /// <summary>
    /// The sales stages from first to last, for stage conversion: a stage not listed ranks below every listed one.
    /// </summary>
    public IReadOnlyList<string> StageOrder { get; init; } = [];
}
