using static Attain.Application.Imports.ImportColumns;

namespace Attain.Application.Imports.Dialects;

/// <summary>
/// Header names of Salesforce and HubSpot report exports, mapped to Attain's columns (docs/import.md lists them).
/// Several file columns may map to one Attain column; the first non-empty one wins.
/// </summary>
public static class HeaderMappings
{
    private static readonly Dictionary<string, string> Empty = new(StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<(ImportEntity, ImportFormat), Dictionary<string, string>> Mappings = new()
    {
        [(ImportEntity.Accounts, ImportFormat.Salesforce)] = Map(
            ("Account ID", ExternalId),
            ("Account Name", Name),
            ("Industry", Industry),
            ("Employees", Employees),
            ("Annual Revenue", AnnualRevenue),
            ("Annual Revenue Currency", RevenueCurrency),
            ("Billing Country Code", Country),
            ("Billing Country", Country),
            ("Billing State/Province", Region),
            ("Billing City", City),
            ("Billing Zip/Postal Code", PostalCode),
            ("Billing Latitude", Latitude),
            ("Billing Longitude", Longitude),
            ("Account Owner Email", OwnerEmail),
            ("Account Owner", Owner)),
        [(ImportEntity.Accounts, ImportFormat.HubSpot)] = Map(
            ("Record ID", ExternalId),
            ("Company name", Name),
            ("Industry", Industry),
            ("Number of Employees", Employees),
            ("Annual Revenue", AnnualRevenue),
            ("Country/Region", Country),
            ("State/Region", Region),
            ("City", City),
            ("Postal Code", PostalCode),
            ("Company owner", Owner)),
        [(ImportEntity.Opportunities, ImportFormat.Salesforce)] = Map(
            ("Opportunity ID", ExternalId),
            ("Opportunity Name", Name),
            ("Account ID", AccountExternalId),
            ("Account Name", AccountName),
            ("Owner Email", OwnerEmail),
            ("Opportunity Owner", Owner),
            ("Amount", Amount),
            ("Amount Currency", Currency),
            ("Opportunity Currency", Currency),
            ("Stage", Stage),
            ("Forecast Category", ForecastCategory),
            ("Close Date", CloseDate),
            ("Created Date", CreatedDate),
            ("Lead Source", Source),
            ("Won", Won),
            ("Closed", Closed),
            ("Closed Lost Reason", CloseReason),
            ("Loss Reason", CloseReason)),
        [(ImportEntity.Opportunities, ImportFormat.HubSpot)] = Map(
            ("Record ID", ExternalId),
            ("Deal Name", Name),
            ("Associated Company IDs", AccountExternalId),
            ("Associated Company", AccountName),
            ("Deal owner", Owner),
            ("Amount", Amount),
            ("Currency", Currency),
            ("Deal Stage", Stage),
            ("Forecast category", ForecastCategory),
            ("Close Date", CloseDate),
            ("Create Date", CreatedDate),
            ("Original Source Type", Source),
            ("Original Traffic Source", Source),
            ("Closed Lost Reason", CloseReason),
            ("Closed Won Reason", CloseReason)),
        [(ImportEntity.Activities, ImportFormat.Salesforce)] = Map(
            ("Activity ID", ExternalId),
            ("Type", ImportColumns.Type),
            ("Subject", Subject),
            ("Date", OccurredAt),
            ("Activity Date", OccurredAt),
            ("Assigned", Owner),
            ("Assigned To", Owner),
            ("Account ID", AccountExternalId),
            ("Company / Account", AccountName),
            ("Opportunity ID", OpportunityExternalId),
            ("Contact", ContactName),
            ("Duration", DurationMinutes),
            ("Call Result", Outcome)),
        [(ImportEntity.Activities, ImportFormat.HubSpot)] = Map(
            ("Record ID", ExternalId),
            ("Activity type", ImportColumns.Type),
            ("Activity date", OccurredAt),
            ("Activity assigned to", Owner),
            ("Assigned to", Owner),
            ("Subject", Subject),
            ("Call title", Subject),
            ("Meeting name", Subject),
            ("Associated Company IDs", AccountExternalId),
            ("Associated Company", AccountName),
            ("Associated Deal IDs", OpportunityExternalId),
            ("Associated Contact", ContactName),
            ("Duration (minutes)", DurationMinutes),
            ("Call outcome", Outcome),
            ("Outcome", Outcome)),
    };

    /// <summary>File header → Attain column for an entity in a dialect; empty for Attain's own format.</summary>
    public static IReadOnlyDictionary<string, string> For(ImportEntity entity, ImportFormat format) =>
        Mappings.TryGetValue((entity, format), out var map) ? map : Empty;

    /// <summary>
    /// Picks the dialect whose header names match the most columns; Attain's format when the file uses
    /// Attain's key column or when no dialect matches better.
    /// </summary>
    public static ImportFormat Detect(ImportEntity entity, IReadOnlyList<string> header)
    {
        var key = ImportColumns.For(entity)[0].Name;
        if (header.Any(h => string.Equals(h, key, StringComparison.OrdinalIgnoreCase)))
        {
            return ImportFormat.Attain;
        }

        var best = ImportFormat.Attain;
        var bestScore = 0;
        foreach (var format in new[] { ImportFormat.Salesforce, ImportFormat.HubSpot })
        {
            var map = For(entity, format);
            var score = header.Count(map.ContainsKey);
            if (score > bestScore)
            {
                best = format;
                bestScore = score;
            }
        }

        return best;
    }

    private static Dictionary<string, string> Map(params (string Header, string Column)[] pairs) =>
        pairs.ToDictionary(p => p.Header, p => p.Column, StringComparer.OrdinalIgnoreCase);
}
