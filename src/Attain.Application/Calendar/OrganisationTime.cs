using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Calendar;

/// <summary>The organisation's time zone and today's business date in it, for "as of today" and date-range filters.</summary>
public sealed class OrganisationTime(AttainDbContext db, TimeProvider clock)
{
    private TimeZoneInfo? zone;

    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken = default)
    {
        if (zone is null)
        {
            var zoneId = await db.OrganisationSettings.AsNoTracking().Select(s => s.TimeZone).FirstOrDefaultAsync(cancellationToken) ?? "UTC";
            zone = ZoneOf(zoneId);
        }

        return zone;
    }

    public async Task<DateOnly> TodayAsync(CancellationToken cancellationToken = default) =>
        TodayIn(clock, await ZoneAsync(cancellationToken));

    /// <summary>An IANA (or Windows) time zone by id; UTC when the machine does not know it.</summary>
    public static TimeZoneInfo ZoneOf(string zoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Utc;

    /// <summary>Today's business date in <paramref name="zone"/> on <paramref name="clock"/>.</summary>
    public static DateOnly TodayIn(TimeProvider clock, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);

    /// <summary>The UTC instant a business date starts at in the organisation's zone.</summary>
    public async Task<DateTime> StartOfDayUtcAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(local, await ZoneAsync(cancellationToken));
    }
}
