namespace Attain.Application.Organisation;

/// <summary>The roles a user account can hold. Names are stable: they appear in tokens, the API and docs.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string CompAdmin = "comp-admin";
    public const string Finance = "finance";
    public const string SalesOps = "sales-ops";
    public const string Manager = "manager";
    public const string Rep = "rep";

    public static readonly IReadOnlyList<string> All = [Admin, CompAdmin, Finance, SalesOps, Manager, Rep];

    /// <summary>Roles that load and administer data: imports, reference data, settings.</summary>
    public static readonly IReadOnlyList<string> DataAdmins = [Admin, SalesOps];

    /// <summary>Roles that read the audit trail: who changed what, when (docs/audit.md).</summary>
    public static readonly IReadOnlyList<string> Auditors = [Admin, CompAdmin, Finance];

    /// <summary>Roles that see every row of business data.</summary>
    public static readonly IReadOnlyList<string> SeeEverything = [Admin, CompAdmin, Finance, SalesOps];
}
