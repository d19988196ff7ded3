namespace Attain.Application.Imports;

/// <summary>Which header names a file uses. <see cref="Auto"/> detects the dialect from the header row.</summary>
public enum ImportFormat
{
    Auto,
    Attain,
    Salesforce,
    HubSpot,
}

public static class ImportFormats
{
    /// <summary>Parses <c>auto</c>, <c>attain</c>, <c>salesforce</c> or <c>hubspot</c> (any case).</summary>
    public static bool TryParse(string? name, out ImportFormat format)
    {
        format = (name ?? "auto").ToLowerInvariant() switch
        {
            "auto" or "" => ImportFormat.Auto,
            "attain" => ImportFormat.Attain,
            "salesforce" => ImportFormat.Salesforce,
            "hubspot" => ImportFormat.HubSpot,
            _ => (ImportFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    public static string Name(this ImportFormat format) => format.ToString().ToLowerInvariant();
}
