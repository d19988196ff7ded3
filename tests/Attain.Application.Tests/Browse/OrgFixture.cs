using Attain.Application.Accounts;
using Attain.Application.Activities;
using Attain.Application.Bookings;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;

namespace Attain.Application.Tests.Browse;

/// <summary>
/// A small hand-made organisation, as of 2026-11-27 (the test clock's today):
/// VP → managers North and South; North leads reps Ann and Bob; South leads Cal and Dee.
/// Cal moved from North to South on 2026-10-01 (past: North no longer sees Cal). Dee moves from South to
/// North on 2027-01-01 (future: North does not see Dee yet). Each rep owns one account, one opportunity with two
/// stage changes, one activity and one booking; one account has no owner.
/// </summary>
public sealed class OrgFixture
{
    public static readonly DateOnly Today = new(2026, 11, 27);

    public const string Vp = "vp";
    public const string North = "north";
    public const string South = "south";
    public const string Ann = "ann";
    public const string Bob = "bob";
    public const string Cal = "cal";
    public const string Dee = "dee";

    public static readonly IReadOnlyList<string> PersonKeys = [Vp, North, South, Ann, Bob, Cal, Dee];
    public static readonly IReadOnlyList<string> RepKeys = [Ann, Bob, Cal, Dee];

    public Dictionary<string, long> People { get; } = [];
    public long NorthTeam { get; private set; }
    public long SouthTeam { get; private set; }
    public long LeadershipTeam { get; private set; }
    public long Region { get; private set; }
    public long UnownedAccount { get; private set; }

    /// <summary>Record id → owner person id (null for the unowned account), per resource.</summary>
    public Dictionary<long, long?> AccountOwners { get; } = [];
    public Dictionary<long, long> OpportunityOwners { get; } = [];
    public Dictionary<long, long> ActivityOwners { get; } = [];
    public Dictionary<long, long> BookingOwners { get; } = [];

    /// <summary>The people each person key sees as a manager as of today (including themself).</summary>
    public IReadOnlySet<long> SubtreeOf(string key) => key switch
    {
        Vp => People.Values.ToHashSet(),
        North => new HashSet<long> { People[North], People[Ann], People[Bob] },
        South => new HashSet<long> { People[South], People[Cal], People[Dee] },
        _ => new HashSet<long> { People[key] },
    };

    public static async Task<OrgFixture> SeedAsync(AttainDbContext db, CancellationToken cancellationToken)
    {
        var f = new OrgFixture();
        db.OrganisationSettings.Add(new OrganisationSettings { Name = "Fixture Ltd", BaseCurrency = "EUR", TimeZone = "UTC" });
        db.Stages.AddRange(
            new StageDefinition { Name = "Qualify", Order = 1, Probability = 0.1m },
            new StageDefinition { Name = "Propose", Order = 2, Probability = 0.5m },
            new StageDefinition { Name = "Won", Order = 3, Probability = 1m, IsClosed = true, IsWon = true });
        var people = PersonKeys.ToDictionary(k => k, k => new Person
        {
            ExternalId = "P-" + k.ToUpperInvariant(),
            FirstName = char.ToUpperInvariant(k[0]) + k[1..],
            LastName = k == Ann ? "Ångström" : "Fixture",
            Email = $"{k}@fixture.example",
            PayCurrency = "EUR",
            HireDate = new DateOnly(2024, 1, 1),
        });
        db.People.AddRange(people.Values);
        var region = new Region { ExternalId = "R-EU", Name = "Europe" };
        db.Regions.Add(region);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (key, person) in people)
        {
            f.People[key] = person.Id;
        }

        var leadership = new Team { ExternalId = "T-LEAD", Name = "Leadership", RegionId = region.Id, LeaderId = f.People[Vp] };
        var north = new Team { ExternalId = "T-NORTH", Name = "North", RegionId = region.Id, LeaderId = f.People[North] };
        var south = new Team { ExternalId = "T-SOUTH", Name = "South", RegionId = region.Id, LeaderId = f.People[South] };
        db.Teams.AddRange(leadership, north, south);
        await db.SaveChangesAsync(cancellationToken);
        f.Region = region.Id;
        f.LeadershipTeam = leadership.Id;
        f.NorthTeam = north.Id;
        f.SouthTeam = south.Id;

        var start = new DateOnly(2024, 1, 1);
        var moved = new DateOnly(2026, 10, 1);
        var moves = new DateOnly(2027, 1, 1);
        void Line(string person, string? manager, long team, DateOnly from, DateOnly? to)
        {
            db.ReportingLines.Add(new ReportingLine { PersonId = f.People[person], ManagerId = manager is null ? null : f.People[manager], EffectiveFrom = from, EffectiveTo = to });
            db.TeamMemberships.Add(new TeamMembership { PersonId = f.People[person], TeamId = team, EffectiveFrom = from, EffectiveTo = to });
        }

        Line(Vp, null, leadership.Id, start, null);
        Line(North, Vp, leadership.Id, start, null);
        Line(South, Vp, leadership.Id, start, null);
        Line(Ann, North, north.Id, start, null);
        Line(Bob, North, north.Id, start, null);
        Line(Cal, North, north.Id, start, moved.AddDays(-1));
        Line(Cal, South, south.Id, moved, null);
        Line(Dee, South, south.Id, start, moves.AddDays(-1));
        Line(Dee, North, north.Id, moves, null);

        var unowned = new Account { ExternalId = "A-NOBODY", Name = "Nobody's Prospect", Country = "FR" };
        db.Accounts.Add(unowned);
        var day = 0;
        foreach (var rep in RepKeys)
        {
            var owner = f.People[rep];
            var account = new Account { ExternalId = $"A-{rep.ToUpperInvariant()}", Name = $"{rep} Industries", Country = "DE", Industry = "Retail", OwnerId = owner };
            db.Accounts.Add(account);
            await db.SaveChangesAsync(cancellationToken);
            f.AccountOwners[account.Id] = owner;
            var opportunity = new Opportunity
            {
                ExternalId = $"O-{rep.ToUpperInvariant()}",
                Name = $"{rep} renewal",
                OwnerId = owner,
                AccountId = account.Id,
                Amount = 1000m + day,
                Currency = "EUR",
                Stage = "Propose",
                CloseDate = new DateOnly(2026, 12, 1).AddDays(day),
                CreatedDate = new DateOnly(2026, 9, 1),
                Status = OpportunityStatus.Open,
            };
            db.Opportunities.Add(opportunity);
            await db.SaveChangesAsync(cancellationToken);
            f.OpportunityOwners[opportunity.Id] = owner;
            db.OpportunityStageChanges.AddRange(
                new OpportunityStageChange { OpportunityId = opportunity.Id, Stage = "Qualify", EnteredOn = new DateOnly(2026, 9, 1) },
                new OpportunityStageChange { OpportunityId = opportunity.Id, FromStage = "Qualify", Stage = "Propose", EnteredOn = new DateOnly(2026, 10, 15) });
            var activity = new Activity
            {
                ExternalId = $"ACT-{rep.ToUpperInvariant()}",
                Type = day % 2 == 0 ? ActivityType.Call : ActivityType.Meeting,
                OwnerId = owner,
                OccurredAt = new DateTime(2026, 11, 2 + day, 10, 0, 0, DateTimeKind.Utc),
                DurationMinutes = 30,
                AccountId = account.Id,
                OpportunityId = opportunity.Id,
                Subject = $"Call with {rep}",
                Outcome = ActivityOutcome.Completed,
            };
            var booking = new Booking
            {
                ExternalId = $"B-{rep.ToUpperInvariant()}",
                Kind = BookingKind.Order,
                OwnerId = owner,
                AccountId = account.Id,
                OpportunityId = opportunity.Id,
                Quantity = 1m,
                Amount = 500.25m + day,
                Currency = "EUR",
                BookingDate = new DateOnly(2026, 11, 2).AddDays(day),
            };
            db.Activities.Add(activity);
            db.Bookings.Add(booking);
            await db.SaveChangesAsync(cancellationToken);
            f.ActivityOwners[activity.Id] = owner;
            f.BookingOwners[booking.Id] = owner;
            day++;
        }

        f.UnownedAccount = unowned.Id;
        f.AccountOwners[unowned.Id] = null;
        return f;
    }
}
