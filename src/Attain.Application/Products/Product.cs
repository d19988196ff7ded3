namespace Attain.Application.Products;

public class ProductFamily
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
}

public class Product
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
    public long? FamilyId { get; set; }
    public decimal? ListPrice { get; set; }
    public string? ListPriceCurrency { get; set; }
}
