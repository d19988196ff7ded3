namespace Attain.Application.Accounts;

/// <summary>A customer or prospect company, with its firmographics and owner.</summary>
public class Account
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
    public string? Industry { get; set; }
    public int? Employees { get; set; }
    /// <summary>Annual revenue in <see cref="RevenueCurrency"/>.</summary>
    public decimal? AnnualRevenue { get; set; }
    public string? RevenueCurrency { get; set; }
    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string? Country { get; set; }
    public string? Region { get; set; }
    public string? City { get; set; }
    public string? PostalCode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public long? OwnerId { get; set; }
}
