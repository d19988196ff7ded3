namespace Attain.Application.Organisation;

/// <summary>Someone in the sales organisation. A Participant when a plan pays them.</summary>
public class Person
{
    public long Id { get; set; }
    /// <summary>The key imports match on (the HR or CRM id); unique.</summary>
    public required string ExternalId { get; set; }
    public string? EmployeeNumber { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public required string Email { get; set; }
    public string? Title { get; set; }
    public DateOnly HireDate { get; set; }
    public DateOnly? TerminationDate { get; set; }
    /// <summary>ISO 4217 code of the currency the person is paid in.</summary>
    public required string PayCurrency { get; set; }
    public string? CostCentre { get; set; }

    public string DisplayName => $"{FirstName} {LastName}";
}

/// <summary>Who a person reports to, effective from a date (inclusive) to an optional date (inclusive).</summary>
public class ReportingLine
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public long? ManagerId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public DateOnly? EffectiveTo { get; set; }
}

public class Region
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
}

public class Team
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
    public long? RegionId { get; set; }
    public long? LeaderId { get; set; }
}

/// <summary>A person's membership of a team, effective-dated (both ends inclusive).</summary>
public class TeamMembership
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public long TeamId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public DateOnly? EffectiveTo { get; set; }
}
