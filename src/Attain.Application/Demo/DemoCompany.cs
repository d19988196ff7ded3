using Attain.Application.Accounts;
using Attain.Application.Activities;
using Attain.Application.Bookings;
using Attain.Application.Calendar;
using Attain.Application.Currencies;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Application.Products;
using Attain.Application.Quotas;

namespace Attain.Application.Demo;

/// <summary>What to generate: the seed and the day the data ends on ("today" for the demo).</summary>
/// <param name="AsOf">The last day with data; opportunities close up to it and the open pipeline runs past it.</param>
/// <param name="Seed">The seed of the one <see cref="Random"/>; the same seed and date give identical rows.</param>
public sealed record DemoOptions(DateOnly AsOf, int Seed = DemoOptions.DefaultSeed)
{
    public const int DefaultSeed = 20260201;

    /// <summary>Options for "today" in <paramref name="timeZoneId"/> on <paramref name="clock"/>, with the default seed.</summary>
    public static DemoOptions Today(TimeProvider clock, string timeZoneId = DemoCompany.TimeZone)
    {
        return new DemoOptions(OrganisationTime.TodayIn(clock, OrganisationTime.ZoneOf(timeZoneId)));
    }
}

/// <summary>A login the host creates for the demo: user name, email, one role, and the person it is (null for admin).</summary>
public sealed record DemoUser(string UserName, string Email, string Role, string? PersonExternalId, string Description);

/// <summary>How far a demo load has got: the step (entity) and rows written of the step's total.</summary>
public sealed record DemoProgress(string Step, int Done, int Total);

/// <summary>
/// The generated demo company, Northwind Analytics: every row with its id already set, so rows refer to each other
/// by id and load in dependency order. Produced by <see cref="DemoCompanyGenerator"/>.
/// </summary>
public sealed class DemoCompany
{
    public const string Name = "Northwind Analytics";
    public const string TimeZone = "America/New_York";
    public const string EmailDomain = "northwind-analytics.example";

    /// <summary>The one password of every demo login. It is public: never load the demo into a store that matters.</summary>
    public const string Password = "Demo!2345";

    /// <summary>External ids of the people the demo logins and tests refer to; stable whatever the seed.</summary>
    public static class Ids
    {
        public const string HeadOfRevenueOperations = "EMP-0001";
        public const string CompensationAnalyst = "EMP-0002";
        public const string SalesOperationsAnalyst = "EMP-0003";
        public const string FinanceController = "EMP-0004";
        public const string VicePresident = "EMP-0010";
        public const string DirectorNorthAmericaEast = "EMP-0011";
        public const string ManagerNorthAmericaEast1 = "EMP-0021";
        public const string ManagerNorthAmericaEast2 = "EMP-0022";

        /// <summary>The first rep of team NAE-1, reporting to <see cref="ManagerNorthAmericaEast1"/>.</summary>
        public const string Rep = "EMP-0101";

        /// <summary>The rep hired half-way through the last full fiscal year (no data before the hire date).</summary>
        public const string MidYearHire = "EMP-0160";

        /// <summary>The rep who moved from team NAE-1 to NAE-2 (two memberships and two reporting lines).</summary>
        public const string TeamChanger = "EMP-0102";
    }

    /// <summary>The demo logins, one per role, all with <see cref="Password"/>. Every person id exists in any generated company.</summary>
    public static IReadOnlyList<DemoUser> Users { get; } =
    [
        new("admin", $"admin@{EmailDomain}", Roles.Admin, null, "Administrator, not a person in the organisation"),
        new("comp-admin", $"comp-admin@{EmailDomain}", Roles.CompAdmin, Ids.CompensationAnalyst, "Compensation analyst in Revenue Operations"),
        new("finance", $"finance@{EmailDomain}", Roles.Finance, Ids.FinanceController, "Finance controller"),
        new("sales-ops", $"sales-ops@{EmailDomain}", Roles.SalesOps, Ids.SalesOperationsAnalyst, "Sales operations analyst in Revenue Operations"),
        new("vp", $"vp@{EmailDomain}", Roles.Manager, Ids.VicePresident, "VP of Sales, top of the sales hierarchy"),
        new("director", $"director@{EmailDomain}", Roles.Manager, Ids.DirectorNorthAmericaEast, "Regional director, North America East"),
        new("manager", $"manager@{EmailDomain}", Roles.Manager, Ids.ManagerNorthAmericaEast1, "Team manager, North America East 1"),
        new("rep", $"rep@{EmailDomain}", Roles.Rep, Ids.Rep, "Account executive in team North America East 1"),
    ];

    public required DemoOptions Options { get; init; }
    public required OrganisationSettings Settings { get; init; }
    public required IReadOnlyList<CurrencyRecord> Currencies { get; init; }
    public required IReadOnlyList<FxRate> FxRates { get; init; }
    public required IReadOnlyList<Person> People { get; init; }
    public required IReadOnlyList<Region> Regions { get; init; }
    public required IReadOnlyList<Team> Teams { get; init; }
    public required IReadOnlyList<ReportingLine> ReportingLines { get; init; }
    public required IReadOnlyList<TeamMembership> TeamMemberships { get; init; }
    public required IReadOnlyList<Account> Accounts { get; init; }
    public required IReadOnlyList<ProductFamily> ProductFamilies { get; init; }
    public required IReadOnlyList<Product> Products { get; init; }
    public required IReadOnlyList<StageDefinition> Stages { get; init; }
    public required IReadOnlyList<Opportunity> Opportunities { get; init; }
    public required IReadOnlyList<OpportunityStageChange> StageChanges { get; init; }
    public required IReadOnlyList<Activity> Activities { get; init; }
    public required IReadOnlyList<Booking> Bookings { get; init; }

    /// <summary>Monthly and quarterly quotas of every rep and manager (a quarter's is the sum of its months).</summary>
    public required IReadOnlyList<Quota> Quotas { get; init; }

    /// <summary>The published compensation plans (<see cref="DemoPlans"/>).</summary>
    public required IReadOnlyList<Compensation.PlanRecord> Plans { get; init; }

    /// <summary>Every rep on the account executive plan and every front-line manager on the override, from their hire date (or the data's start).</summary>
    public required IReadOnlyList<Compensation.PlanAssignmentRecord> PlanAssignments { get; init; }

    /// <summary>The first day with data: <see cref="DemoOptions.AsOf"/> minus 24 months, plus one day.</summary>
    public DateOnly Start => Options.AsOf.AddMonths(-24).AddDays(1);
}

/// <summary>Account size bands by head count, as sales organisations usually segment them.</summary>
public enum Segment
{
    /// <summary>Fewer than 200 employees.</summary>
    Smb,

    /// <summary>200 to 1,999 employees.</summary>
    MidMarket,

    /// <summary>2,000 employees or more.</summary>
    Enterprise,
}

public static class Segments
{
    public static Segment Of(int employees) => employees switch
    {
        < 200 => Segment.Smb,
        < 2_000 => Segment.MidMarket,
        _ => Segment.Enterprise,
    };
}
