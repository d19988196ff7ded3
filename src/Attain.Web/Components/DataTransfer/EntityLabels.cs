using Attain.Application.Imports;

namespace Attain.Web.Components.DataTransfer;

/// <summary>What the UI calls each importable entity, in the glossary's words.</summary>
public static class EntityLabels
{
    public static string Label(this ImportEntity entity) => entity switch
    {
        ImportEntity.Currencies => "Currencies",
        ImportEntity.FxRates => "FX rates",
        ImportEntity.Regions => "Regions",
        ImportEntity.Teams => "Teams",
        ImportEntity.People => "People",
        ImportEntity.ProductFamilies => "Product families",
        ImportEntity.Products => "Products",
        ImportEntity.Stages => "Stages",
        ImportEntity.Accounts => "Accounts",
        ImportEntity.Opportunities => "Opportunities",
        ImportEntity.OpportunityStageHistory => "Opportunity stage history",
        ImportEntity.Activities => "Activities",
        ImportEntity.Bookings => "Bookings",
        ImportEntity.Quotas => "Quotas",
        _ => entity.Name(),
    };

    public static string Label(this ImportFormat format) => format switch
    {
        ImportFormat.Auto => "Detect from the header row",
        ImportFormat.Attain => "Attain",
        ImportFormat.Salesforce => "Salesforce",
        ImportFormat.HubSpot => "HubSpot",
        _ => format.Name(),
    };
}
