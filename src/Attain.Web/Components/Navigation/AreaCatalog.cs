using Attain.Application.Organisation;
using MudBlazor;

namespace Attain.Web.Components.Navigation;

/// <summary>
/// One page of the product in the navigation: where it lives, what it is for and who may use it.
/// </summary>
/// <param name="Title">The label in the navigation, in the glossary's words.</param>
/// <param name="Name">The name used in sentences ("Compensation statements is not available yet").</param>
/// <param name="Href">The page's address, without a leading slash; it stays the same when the page gets built.</param>
/// <param name="Purpose">One sentence on what the page does (or will do).</param>
/// <param name="Roles">The roles that may use it; null means every signed-in user.</param>
/// <param name="Built">False while the page is only the shared "not available yet" page.</param>
public sealed record AreaEntry(string Title, string Name, string Href, string Icon, string Purpose, IReadOnlySet<string>? Roles, bool Built)
{
    public bool AllowedFor(IReadOnlySet<string> roles) => Roles is null || Roles.Overlaps(roles);
}

/// <summary>A group in the navigation (Data, Compensation …) or a single top-level entry when it has one page.</summary>
public sealed record AreaGroup(string Title, string Icon, IReadOnlyList<AreaEntry> Entries)
{
    public IReadOnlyList<AreaEntry> EntriesFor(IReadOnlySet<string> roles) => [.. Entries.Where(e => e.AllowedFor(roles))];
}

/// <summary>
/// Every capability area of the product map (docs: PRODUCT.md), in navigation order. The navigation, the
/// shared "not available yet" page and the UI tests all read this one list.
/// </summary>
public static class AreaCatalog
{
    private static readonly HashSet<string> DataAdmins = [.. Roles.DataAdmins];
    private static readonly HashSet<string> AdminOnly = [Roles.Admin];
    private static readonly HashSet<string> CompensationOffice = [Roles.Admin, Roles.CompAdmin, Roles.Finance];
    private static readonly HashSet<string> Planners = [Roles.Admin, Roles.SalesOps, Roles.Manager];
    private static readonly HashSet<string> FieldAndPlanners = [Roles.Admin, Roles.SalesOps, Roles.Manager, Roles.Rep];
    private static readonly HashSet<string> Territory = [Roles.Admin, Roles.SalesOps, Roles.CompAdmin, Roles.Manager, Roles.Rep];
    private static readonly HashSet<string> Forecasters = [Roles.Admin, Roles.SalesOps, Roles.Finance, Roles.Manager, Roles.Rep];
    private static readonly HashSet<string> Development = [Roles.Admin, Roles.Manager, Roles.Rep];
    private static readonly HashSet<string> Estimators = [Roles.Admin, Roles.CompAdmin, Roles.Manager, Roles.Rep];
    private static readonly HashSet<string> PlanAdmins = [Roles.Admin, Roles.CompAdmin];
    private static readonly HashSet<string> PlanReaders = [Roles.Manager, Roles.Rep];
    private static readonly HashSet<string> Automators = [Roles.Admin, Roles.SalesOps, Roles.CompAdmin];
    private static readonly HashSet<string> Auditors = [.. Roles.Auditors];
    private static readonly HashSet<string> Leaders = [.. Roles.SeeEverything, Roles.Manager];

    public static AreaEntry Home { get; } = new("Home", "Home", "", Icons.Material.Filled.Home,
        "Your numbers at a glance.", null, Built: true);

    /// <summary>The rep's dashboard: every signed-in user may open their own (a user without a person is told so).</summary>
    public static AreaEntry RepDashboard { get; } = new("My dashboard", "My dashboard", "dashboards/rep", Icons.Material.Filled.Dashboard,
        "Your attainment, your pipeline by stage, your activities this week and your trend, each number linked to its records.", FieldAndPlanners, Built: true);

    public static AreaEntry ApiTokens { get; } = new("API tokens", "API tokens", "profile/api-tokens", Icons.Material.Filled.Key,
        "Create and revoke your personal tokens for the REST API.", null, Built: true);

    public static IReadOnlyList<AreaGroup> Groups { get; } =
    [
        Single(Home),
        new("Data", Icons.Material.Filled.Storage,
        [
            new("People", "People", "people", Icons.Material.Filled.People,
                "The people of the sales organisation and who they report to.", null, true),
            new("Teams", "Teams", "teams", Icons.Material.Filled.Groups,
                "Teams, their regions, leaders and members.", null, true),
            new("Accounts", "Accounts", "accounts", Icons.Material.Filled.Business,
                "Customer and prospect companies with their firmographics and owner.", null, true),
            new("Opportunities", "Opportunities", "opportunities", Icons.Material.Filled.TrendingUp,
                "Potential sales with their stage history.", null, true),
            new("Activities", "Activities", "activities", Icons.Material.Filled.Forum,
                "Client conversations: calls, meetings, emails and demos.", null, true),
            new("Bookings", "Bookings", "bookings", Icons.Material.Filled.ReceiptLong,
                "Credited orders, cancellations and returns.", null, true),
            new("Import & export", "Import & export", "data/import-export", Icons.Material.Filled.ImportExport,
                "Load people, accounts, opportunities, activities and bookings from CSV files (admins and sales ops), and export the records you may see as CSV or Excel.", null, true),
        ]),
        new("Analytics", Icons.Material.Filled.Insights,
        [
            RepDashboard,
            new("Team dashboard", "The team dashboard", "dashboards/manager", Icons.Material.Filled.Groups,
                "Your team's attainment distribution, coverage per rep, who is behind and why, and the activity mix.", Leaders, true),
            new("Executive dashboard", "The executive dashboard", "dashboards/executive", Icons.Material.Filled.Insights,
                "Company attainment, the bookings trend, pipeline by stage and the regions side by side.", Leaders, true),
        ]),
        new("Pipeline", Icons.Material.Filled.FilterAlt,
        [
            new("Pipeline health", "Pipeline health", "pipeline", Icons.Material.Filled.FilterAlt,
                "Funnel and stage conversion, stalled deals, hygiene flags and coverage gaps.", FieldAndPlanners, true),
            new("Pipeline review", "Pipeline review", "pipeline/review", Icons.Material.Filled.FactCheck,
                "Walk a person's open deals one by one with their flags and the evidence.", Planners, true),
        ]),
        Single(new("Segmentation", "Segmentation", "segmentation", Icons.Material.Filled.Category,
            "Rule-based and data-driven account segments usable as filters and in plan, credit and territory rules.", null, true)),
        Single(new("Territories", "Territories", "territories", Icons.Material.Filled.Map,
            "Rule-defined territories, account and rep assignment over time, balancing and an interactive map.", Territory, false)),
        Single(new("Quotas", "Quotas", "quotas", Icons.Material.Filled.Flag,
            "Quota setting top-down and bottom-up with ramp and seasonality, a fairness report, approval and rep comments.", null, false)),
        Single(new("Forecasting", "Forecasting", "forecasting", Icons.Material.Filled.QueryStats,
            "Forecast calls rolled up the hierarchy with manager overrides, weighted pipeline and backtested models.", Forecasters, false)),
        new("Compensation", Icons.Material.Filled.Payments,
        [
            new("Plans", "Compensation plans", "compensation/plans", Icons.Material.Filled.Description,
                "Plan versions as code: drafts validated on save, what-if modelling against the live plan, publishing, and who has not accepted their plan document.", PlanAdmins, true),
            new("My plan", "My plan", "compensation/my-plan", Icons.Material.Filled.AssignmentTurnedIn,
                "Your plan document with your own quota, rates and worked examples; read it and accept it.", PlanReaders, true),
            new("Calculation runs", "Calculation runs", "compensation/runs", Icons.Material.Filled.Calculate,
                "Calculation runs per period with their progress, who started them and their checksum; start a run and compare any two.", CompensationOffice, true),
            new("Periods", "Periods", "compensation/periods", Icons.Material.Filled.EventAvailable,
                "Close periods, recalculate a closed period into prior-period adjustments, download payroll and accruals.", CompensationOffice, true),
            new("Why did my pay change?", "Why did my pay change", "compensation/pay-changes", Icons.Material.Filled.CompareArrows,
                "The difference between two periods' pay, line by line, with its cause.", null, true),
            new("Statements", "Compensation statements", "compensation/statements", Icons.Material.Filled.Article,
                "Statements of each participant's earnings, adjustments and payouts, on the web, as CSV and as PDF.", null, true),
            new("Approvals", "Approvals", "compensation/approvals", Icons.Material.Filled.FactCheck,
                "Published runs waiting for approval: submit, approve or reject each step of the chain with a reason.", Leaders, true),
            new("Adjustments", "Adjustments", "compensation/adjustments", Icons.Material.Filled.Tune,
                "Manual adjustments with their reasons, requested and approved by different people.", null, true),
            new("Disputes", "Compensation disputes", "compensation/disputes", Icons.Material.Filled.Gavel,
                "Disputes raised on statements, their comments, age against the SLA and resolution.", null, true),
            new("Payouts", "Payouts", "compensation/payouts", Icons.Material.Filled.AccountBalance,
                "Payouts that reconcile to the cent, and the payroll export.", CompensationOffice, false),
            new("Estimator", "The earnings estimator", "compensation/estimator", Icons.Material.Filled.Tune,
                "What a deal would pay: tick open opportunities or type a deal and see the extra earnings and attainment on your own plan.", Estimators, true),
        ]),
        Single(new("Goals", "Goals", "goals", Icons.Material.Filled.TrackChanges,
            "Company objectives cascading to teams and reps, with owners and dates, and reps' own development goals.", null, false)),
        Single(new("Coaching", "Coaching", "coaching", Icons.Material.Filled.School,
            "Check-ins, training sessions and attendance, a skills matrix, mentor matching and a development timeline per rep.", Development, false)),
        Single(new("Reviews", "Reviews", "reviews", Icons.Material.Filled.RateReview,
            "Performance reviews drafted from the data for the manager to edit and acknowledged by the rep.", Development, false)),
        new("Gamification", Icons.Material.Filled.EmojiEvents,
        [
            new("Leaderboards", "Leaderboards", "gamification/leaderboards", Icons.Material.Filled.Leaderboard,
                "Leaderboards on any KPI, updated live.", null, false),
            new("Contests", "Contests", "gamification/contests", Icons.Material.Filled.SportsScore,
                "Contests with rules, standings and prizes.", null, false),
            new("Badges", "Badges", "gamification/badges", Icons.Material.Filled.MilitaryTech,
                "Badges and streaks earned from the data.", null, false),
        ]),
        Single(new("Automations", "Automations", "automations", Icons.Material.Filled.AutoMode,
            "Trigger, condition and action rules with schedules, dry runs, templates and a run log.", Automators, false)),
        new("Admin", Icons.Material.Filled.AdminPanelSettings,
        [
            new("Users & API tokens", "Users & API tokens", "admin/users", Icons.Material.Filled.ManageAccounts,
                "User accounts, their roles and the person each belongs to, and every user's API tokens.", AdminOnly, false),
            new("Settings", "Settings", "admin/settings", Icons.Material.Filled.Settings,
                "The organisation's name, fiscal calendar, currencies, exchange rates and stages.", DataAdmins, false),
            new("Audit", "Audit", "admin/audit", Icons.Material.Filled.History,
                "The append-only change log: who changed what, when, why, and each field before and after.", Auditors, true),
        ]),
        new("Your account", Icons.Material.Filled.AccountCircle, [ApiTokens]),
    ];

    /// <summary>Every entry, in navigation order.</summary>
    public static IEnumerable<AreaEntry> Entries => Groups.SelectMany(g => g.Entries);

    /// <summary>The entries still served by the shared "not available yet" page.</summary>
    public static IEnumerable<AreaEntry> Unbuilt => Entries.Where(e => !e.Built);

    /// <summary>The entry at <paramref name="href"/> (no leading slash, case-insensitive), if any.</summary>
    public static AreaEntry? Find(string href) =>
        Entries.FirstOrDefault(e => string.Equals(e.Href, href.Trim('/'), StringComparison.OrdinalIgnoreCase));

    /// <summary>The groups a user with <paramref name="roles"/> sees, each with only the entries they may use.</summary>
    public static IReadOnlyList<AreaGroup> For(IReadOnlySet<string> roles) =>
        [.. Groups.Select(g => g with { Entries = g.EntriesFor(roles) }).Where(g => g.Entries.Count > 0)];

    private static AreaGroup Single(AreaEntry entry) => new(entry.Title, entry.Icon, [entry]);
}
