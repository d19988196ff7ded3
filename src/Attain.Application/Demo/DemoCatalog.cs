using Attain.Application.Products;

namespace Attain.Application.Demo;

/// <summary>A product the demo sells: its id, list price in USD per unit and the gross margin rate of its sales.</summary>
internal sealed record ProductSpec(long Id, string ExternalId, string Name, long FamilyId, decimal ListPrice, decimal MarginRate);

/// <summary>Northwind Analytics' price list, shared by the demo company and the scale generator.</summary>
internal static class DemoCatalog
{
    public static readonly IReadOnlyList<(long Id, string ExternalId, string Name)> Families =
    [
        (1, "FAM-PLATFORM", "Analytics Platform"),
        (2, "FAM-ADDONS", "Add-ons"),
        (3, "FAM-SERVICES", "Professional Services"),
        (4, "FAM-SUPPORT", "Support"),
    ];

    /// <summary>Platform editions and add-ons are priced per seat per year, services per day or session.</summary>
    public static readonly IReadOnlyList<ProductSpec> Products =
    [
        new(1, "NW-PLT-STD", "Platform Standard", 1, 600m, 0.88m),
        new(2, "NW-PLT-PRO", "Platform Professional", 1, 1_100m, 0.88m),
        new(3, "NW-PLT-ENT", "Platform Enterprise", 1, 1_800m, 0.86m),
        new(4, "NW-ADD-FCST", "Forecasting Add-on", 2, 240m, 0.90m),
        new(5, "NW-ADD-GOV", "Governance Suite", 2, 300m, 0.90m),
        new(6, "NW-ADD-CONN", "Data Connectors Pack", 2, 6_000m, 0.80m),
        new(7, "NW-SVC-IMPL", "Implementation Services (day)", 3, 1_800m, 0.35m),
        new(8, "NW-SVC-TRAIN", "Training Workshop", 3, 3_500m, 0.45m),
        new(9, "NW-SUP-PREM", "Premium Support (year)", 4, 9_500m, 0.70m),
    ];

    public static List<ProductFamily> NewProductFamilies() =>
        [.. Families.Select(f => new ProductFamily { Id = f.Id, ExternalId = f.ExternalId, Name = f.Name })];

    public static List<Product> NewProducts() =>
        [.. Products.Select(p => new Product
        {
            Id = p.Id,
            ExternalId = p.ExternalId,
            Name = p.Name,
            FamilyId = p.FamilyId,
            ListPrice = p.ListPrice,
            ListPriceCurrency = "USD",
        })];
}
