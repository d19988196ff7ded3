namespace Attain.Application.Imports;

/// <summary>
/// What a CSV file holds. The declaration order is the dependency order: a file may refer only to
/// entities declared before its own (teams' leaders are the one exception, see <see cref="ImportService.ImportDirectoryAsync"/>).
/// </summary>
public enum ImportEntity
{
    Currencies,
    FxRates,
    Regions,
    Teams,
    People,
    ProductFamilies,
    Products,
    Stages,
    Accounts,
    Opportunities,
    OpportunityStageHistory,
    Activities,
    Bookings,
    Quotas,
}

/// <summary>Stable lowercase names (used in file names, the API, the CLI and docs) and the dependency order.</summary>
public static class ImportEntities
{
    private static readonly Dictionary<ImportEntity, string> Names = new()
    {
        [ImportEntity.Currencies] = "currencies",
        [ImportEntity.FxRates] = "fx-rates",
        [ImportEntity.Regions] = "regions",
        [ImportEntity.Teams] = "teams",
        [ImportEntity.People] = "people",
        [ImportEntity.ProductFamilies] = "product-families",
        [ImportEntity.Products] = "products",
        [ImportEntity.Stages] = "stages",
        [ImportEntity.Accounts] = "accounts",
        [ImportEntity.Opportunities] = "opportunities",
        [ImportEntity.OpportunityStageHistory] = "opportunity-stage-history",
        [ImportEntity.Activities] = "activities",
        [ImportEntity.Bookings] = "bookings",
        [ImportEntity.Quotas] = "quotas",
    };

    /// <summary>Every entity, in the order files must be loaded.</summary>
    public static IReadOnlyList<ImportEntity> DependencyOrder { get; } = Enum.GetValues<ImportEntity>();

    /// <summary>The stable lowercase name, e.g. <c>fx-rates</c>.</summary>
    public static string Name(this ImportEntity entity) => Names[entity];

    /// <summary>The file name a directory import looks for: <c>&lt;name&gt;.csv</c>.</summary>
    public static string FileName(this ImportEntity entity) => Names[entity] + ".csv";

    public static bool TryParse(string name, out ImportEntity entity)
    {
        foreach (var (key, value) in Names)
        {
            if (string.Equals(value, name, StringComparison.OrdinalIgnoreCase))
            {
                entity = key;
                return true;
            }
        }

        entity = default;
        return false;
    }
}
