namespace Attain.Application.Activities;

/// <summary>A client conversation: a call, meeting, email or demo held by a person.</summary>
public class Activity
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public ActivityType Type { get; set; }
    public long OwnerId { get; set; }
    /// <summary>When it happened (UTC).</summary>
    public DateTime OccurredAt { get; set; }
    public int DurationMinutes { get; set; }
    public long? AccountId { get; set; }
    public long? OpportunityId { get; set; }
    /// <summary>Who on the client side took part.</summary>
    public string? ContactName { get; set; }
    public string? Subject { get; set; }
    public ActivityOutcome Outcome { get; set; }
}

public enum ActivityType
{
    Call,
    Meeting,
    Email,
    Demo,
}

public enum ActivityOutcome
{
    None,
    Completed,
    NoAnswer,
    FollowUp,
    Positive,
    Negative,
}
