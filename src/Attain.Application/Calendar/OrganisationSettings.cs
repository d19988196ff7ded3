namespace Attain.Application.Calendar;

/// <summary>The single organisation of this installation: its name, fiscal calendar and base currency.</summary>
public class OrganisationSettings
{
    public int Id { get; set; } = 1;
    public required string Name { get; set; }
    /// <summary>Month (1–12) the fiscal year starts in; the fiscal year is named by the calendar year it ends in.</summary>
    public int FiscalYearStartMonth { get; set; } = 1;
    public required string BaseCurrency { get; set; }
    /// <summary>IANA time zone that business dates are in.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>An open opportunity with no stage change and no activity for this many days is stalled (docs/pipeline.md).</summary>
    public int StalledAfterDays { get; set; } = 30;
    /// <summary>How many manager levels above a booking's owner receive roll-up credit in calc runs (docs/compensation.md).</summary>
    public int RollUpLevels { get; set; } = 1;
}
