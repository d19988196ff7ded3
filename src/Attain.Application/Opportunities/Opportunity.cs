namespace Attain.Application.Opportunities;

/// <summary>A potential sale, owned by a person, moving through stages until won or lost.</summary>
public class Opportunity
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
    public long OwnerId { get; set; }
    public long AccountId { get; set; }
    public decimal? Amount { get; set; }
    public required string Currency { get; set; }
    public required string Stage { get; set; }
    public ForecastCategory ForecastCategory { get; set; }
    public DateOnly CloseDate { get; set; }
    public DateOnly CreatedDate { get; set; }
    public string? Source { get; set; }
    public OpportunityStatus Status { get; set; }
    /// <summary>Why it was won or lost, once closed.</summary>
    public string? CloseReason { get; set; }
    /// <summary>How many times the close date has been moved later; hygiene checks read it.</summary>
    public int CloseDatePushCount { get; set; }
}

public enum OpportunityStatus
{
    Open,
    Won,
    Lost,
}

public enum ForecastCategory
{
    Pipeline,
    BestCase,
    Commit,
    Closed,
    Omitted,
}

/// <summary>One entry of an opportunity's stage history: it entered <see cref="Stage"/> on <see cref="EnteredOn"/>.</summary>
public class OpportunityStageChange
{
    public long Id { get; set; }
    public long OpportunityId { get; set; }
    public string? FromStage { get; set; }
    public required string Stage { get; set; }
    public DateOnly EnteredOn { get; set; }
}

/// <summary>A stage of the sales process, in order, with its default win probability.</summary>
public class StageDefinition
{
    public required string Name { get; set; }
    public int Order { get; set; }
    public decimal Probability { get; set; }
    public bool IsClosed { get; set; }
    public bool IsWon { get; set; }
}
