using Attain.Application.Access;
using Attain.Application.Calendar;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;
using Microsoft.AspNetCore.Identity;

namespace Attain.Application.Tests.Compensation;

/// <summary>
/// The hand-made organisation (<see cref="OrgFixture"/>) with logins and a published run of FY2026-M10 (October 2026,
/// calendar fiscal year) started by <c>analyst</c>: Ann has lines 1 (bonus 100.00 EUR) and 2 (bonus 50.00 EUR), Bob
/// line 1 (bonus 70.00 EUR). Logins: admin; analyst, carla (comp-admin); fiona (finance); north (manager, person North);
/// ann and bob (reps, their persons).
/// </summary>
public sealed class OperationsWorld
{
    public const string Period = "FY2026-M10";

    private OperationsWorld(TestStore store, OrgFixture org)
    {
        Store = store;
        Org = org;
    }

    public TestStore Store { get; }
    public OrgFixture Org { get; }
    public long RunId { get; private set; }
    public Dictionary<string, Viewer> Viewers { get; } = new(StringComparer.Ordinal);

    public Viewer Admin => Viewers["admin"];
    public Viewer Analyst => Viewers["analyst"];
    public Viewer Carla => Viewers["carla"];
    public Viewer Fiona => Viewers["fiona"];
    public Viewer North => Viewers["north"];
    public Viewer Ann => Viewers["ann"];
    public Viewer Bob => Viewers["bob"];

    public static async Task<OperationsWorld> CreateAsync(StoreProvider provider, CancellationToken ct)
    {
        var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var world = new OperationsWorld(store, await OrgFixture.SeedAsync(db, ct));
        foreach (var role in Roles.All)
        {
            db.Roles.Add(new IdentityRole(role) { Id = "role-" + role, NormalizedName = role.ToUpperInvariant() });
        }

        world.AddLogin(db, "admin", Roles.Admin, null);
        world.AddLogin(db, "analyst", Roles.CompAdmin, null);
        world.AddLogin(db, "carla", Roles.CompAdmin, null);
        world.AddLogin(db, "fiona", Roles.Finance, null);
        world.AddLogin(db, "north", Roles.Manager, world.Org.People[OrgFixture.North]);
        world.AddLogin(db, "ann", Roles.Rep, world.Org.People[OrgFixture.Ann]);
        world.AddLogin(db, "bob", Roles.Rep, world.Org.People[OrgFixture.Bob]);
        await db.SaveChangesAsync(ct);
        world.RunId = await world.PublishRunAsync(db, ct);
        return world;
    }

    /// <summary>Publishes a new run of <see cref="Period"/> as the run service would (superseding the previous one), started by <c>analyst</c>.</summary>
    public async Task<long> PublishRunAsync(AttainDbContext db, CancellationToken ct)
    {
        var period = await db.CompensationPeriods.FindAsync([Period], ct);
        var number = db.CalculationRuns.Count(r => r.PeriodKey == Period) + 1;
        var run = new CalculationRun { PeriodKey = Period, Number = number, Status = RunStatus.Published, StartedBy = "analyst", StartedAt = Store.Clock.GetUtcNow().UtcDateTime };
        db.CalculationRuns.Add(run);
        await db.SaveChangesAsync(ct);
        RunLine Line(string person, int n, decimal amount) => new()
        {
            RunId = run.Id,
            PersonId = Org.People[person],
            Number = n,
            Source = RunLineSource.Earning,
            Kind = "Commission",
            PlanKey = "ae",
            PlanVersion = 1,
            ComponentId = "bonus",
            PeriodKey = Period,
            Date = new DateOnly(2026, 10, 31),
            Rule = "rate",
            Amount = amount,
            Currency = "EUR",
        };
        db.RunLines.AddRange(Line(OrgFixture.Ann, 1, 100m), Line(OrgFixture.Ann, 2, 50m), Line(OrgFixture.Bob, 1, 70m));
        if (period is null)
        {
            db.CompensationPeriods.Add(new CompensationPeriod { PeriodKey = Period, State = PeriodState.Open, PublishedRunId = run.Id });
        }
        else
        {
            var previous = await db.CalculationRuns.FindAsync([period.PublishedRunId], ct);
            previous!.Status = RunStatus.Superseded;
            period.PublishedRunId = run.Id;
        }

        await db.SaveChangesAsync(ct);
        return run.Id;
    }

    public async Task ClosePeriodAsync(CancellationToken ct)
    {
        await using var db = Store.NewContext();
        var period = await db.CompensationPeriods.FindAsync([Period], ct);
        period!.State = PeriodState.Closed;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The services on a new context, changes recorded as <paramref name="actor"/>.</summary>
    public Services For(string actor = "test")
    {
        var db = Store.NewContext(actor);
        var notifications = new NotificationService(db, Store.Clock);
        var adjustments = new AdjustmentService(db, Store.Clock);
        return new Services(db, new ApprovalService(db, Store.Clock, notifications), adjustments,
            new DisputeService(db, Store.Clock, new OrganisationTime(db, Store.Clock), adjustments, notifications), notifications);
    }

    public async Task<Scope> ScopeOfAsync(Viewer viewer)
    {
        await using var db = Store.NewContext();
        return await new ScopeResolver(db, new OrganisationTime(db, Store.Clock)).ResolveAsync(viewer);
    }

    private void AddLogin(AttainDbContext db, string name, string role, long? personId)
    {
        var id = "user-" + name;
        db.Users.Add(new AttainUser { Id = id, UserName = name, NormalizedUserName = name.ToUpperInvariant(), PersonId = personId });
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = "role-" + role });
        Viewers[name] = new Viewer(id, name, personId, new HashSet<string> { role });
    }

    public sealed record Services(AttainDbContext Db, ApprovalService Approvals, AdjustmentService Adjustments, DisputeService Disputes, NotificationService Notifications) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }
}
