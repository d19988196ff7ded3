using Attain.Application.Access;
using Attain.Application.Accounts;
using Attain.Application.Activities;
using Attain.Application.Bookings;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Application.Pipeline;
using Attain.Application.Quotas;
using Attain.Engine.Pipeline;
using Attain.Testing.Stores;

namespace Attain.Application.Tests.Pipeline;

/// <summary>
/// Today is 2026-11-27 (the test clock); calendar fiscal year, EUR; FY2026-Q4 is 2026-10-01..2026-12-31; stalled after
/// 30 days. Stages Qualify (p 0.1) → Propose (0.5) → Negotiate (0.8), Won closed. Mia manages Ann (team Alpha) and Bob
/// (team Beta).
/// A1 (Ann, open, Qualify since 2026-10-01, untouched 57 days, 1000, closes 2026-12-15): stalled.
/// A2 (Ann, open, Qualify 2026-11-01 → Negotiate 2026-11-20, no amount, pushed 3 times, closed-by 2026-11-20, a call on
/// 2026-11-25): close date past, missing amount, pushed, stage skipped.
/// A3 (Ann, won 2026-11-10; Qualify 2026-10-05 → Propose 2026-10-20). B1 (Bob, open, Propose since 2026-10-28 — exactly
/// 30 days —, 500, closes 2026-12-31): stalled. A booking of 200 for Ann on 2026-11-05.
/// </summary>
public class PipelineHealthServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Org(long Ann, long Bob, long Mia, long Alpha, long A1, long A2, long A3, long B1, long Booking);

    private static async Task<Org> SeedAsync(AttainDbContext db)
    {
        db.OrganisationSettings.Add(new OrganisationSettings { Name = "Pipe Ltd", BaseCurrency = "EUR", TimeZone = "UTC" });
        db.Stages.AddRange(
            new StageDefinition { Name = "Qualify", Order = 1, Probability = 0.1m },
            new StageDefinition { Name = "Propose", Order = 2, Probability = 0.5m },
            new StageDefinition { Name = "Negotiate", Order = 3, Probability = 0.8m },
            new StageDefinition { Name = "Won", Order = 4, Probability = 1m, IsClosed = true, IsWon = true });
        Person Person(string name) => new() { ExternalId = "P-" + name, FirstName = name, LastName = "Pipe", Email = name + "@pipe.example", PayCurrency = "EUR", HireDate = new DateOnly(2024, 1, 1) };
        var (ann, bob, mia) = (Person("Ann"), Person("Bob"), Person("Mia"));
        db.People.AddRange(ann, bob, mia);
        var region = new Region { ExternalId = "R", Name = "Region" };
        db.Regions.Add(region);
        var account = new Account { ExternalId = "A", Name = "Acme" };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        var (alpha, beta) = (new Team { ExternalId = "T-A", Name = "Alpha", RegionId = region.Id }, new Team { ExternalId = "T-B", Name = "Beta", RegionId = region.Id });
        db.Teams.AddRange(alpha, beta);
        await db.SaveChangesAsync(Ct);
        var start = new DateOnly(2024, 1, 1);
        db.ReportingLines.AddRange(
            new ReportingLine { PersonId = ann.Id, ManagerId = mia.Id, EffectiveFrom = start },
            new ReportingLine { PersonId = bob.Id, ManagerId = mia.Id, EffectiveFrom = start },
            new ReportingLine { PersonId = mia.Id, EffectiveFrom = start });
        db.TeamMemberships.AddRange(
            new TeamMembership { PersonId = ann.Id, TeamId = alpha.Id, EffectiveFrom = start },
            new TeamMembership { PersonId = bob.Id, TeamId = beta.Id, EffectiveFrom = start });

        Opportunity Deal(string key, Person owner, OpportunityStatus status, decimal? amount, string stage, DateOnly created, DateOnly close, int pushes = 0) =>
            new()
            {
                ExternalId = key,
                Name = "Deal " + key,
                OwnerId = owner.Id,
                AccountId = account.Id,
                Amount = amount,
                Currency = "EUR",
                Stage = stage,
                CreatedDate = created,
                CloseDate = close,
                Status = status,
                CloseDatePushCount = pushes,
            };
        var a1 = Deal("A1", ann, OpportunityStatus.Open, 1000m, "Qualify", new(2026, 10, 1), new(2026, 12, 15));
        var a2 = Deal("A2", ann, OpportunityStatus.Open, null, "Negotiate", new(2026, 11, 1), new(2026, 11, 20), pushes: 3);
        var a3 = Deal("A3", ann, OpportunityStatus.Won, 300m, "Won", new(2026, 10, 5), new(2026, 11, 10));
        var b1 = Deal("B1", bob, OpportunityStatus.Open, 500m, "Propose", new(2026, 10, 28), new(2026, 12, 31));
        db.Opportunities.AddRange(a1, a2, a3, b1);
        await db.SaveChangesAsync(Ct);
        OpportunityStageChange Change(Opportunity o, string stage, DateOnly on) => new() { OpportunityId = o.Id, Stage = stage, EnteredOn = on };
        db.OpportunityStageChanges.AddRange(
            Change(a1, "Qualify", new(2026, 10, 1)),
            Change(a2, "Qualify", new(2026, 11, 1)),
            Change(a2, "Negotiate", new(2026, 11, 20)),
            Change(a3, "Qualify", new(2026, 10, 5)),
            Change(a3, "Propose", new(2026, 10, 20)),
            Change(b1, "Qualify", new(2026, 10, 28)),
            Change(b1, "Propose", new(2026, 10, 28)));
        db.Activities.Add(new Activity
        {
            ExternalId = "C1",
            Type = ActivityType.Call,
            OwnerId = ann.Id,
            OccurredAt = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc),
            OpportunityId = a2.Id,
            AccountId = account.Id,
        });
        var booking = new Booking
        {
            ExternalId = "K1",
            Kind = BookingKind.Order,
            OwnerId = ann.Id,
            Quantity = 1m,
            Amount = 200m,
            Currency = "EUR",
            BookingDate = new(2026, 11, 5),
        };
        db.Bookings.Add(booking);
        await db.SaveChangesAsync(Ct);
        return new Org(ann.Id, bob.Id, mia.Id, alpha.Id, a1.Id, a2.Id, a3.Id, b1.Id, booking.Id);
    }

    private static PipelineHealthService Service(AttainDbContext db, TestStore store) => new(db, new OrganisationTime(db, store.Clock));

    private static Task<Scope> ScopeOfAsync(AttainDbContext db, TestStore store, long person, string role) =>
        new ScopeResolver(db, new OrganisationTime(db, store.Clock)).ResolveAsync(new Viewer("u", "u", person, new HashSet<string> { role }), Ct);

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetFunnelAsync_CurrentQuarter_CountsValuesAndConversionPerOpenStage(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);

        var funnel = (await Service(db, store).GetFunnelAsync(Scope.All, new PipelineFilter(), Ct)).Result!;

        Assert.Equal("FY2026-Q4", funnel.Period);
        Assert.Equal(["Qualify", "Propose", "Negotiate"], funnel.Stages.Select(s => s.Stage));
        Assert.Equal([1, 1, 1], funnel.Stages.Select(s => s.Count));
        Assert.Equal([1000m, 500m, 0m], funnel.Stages.Select(s => s.Value));
        Assert.Equal(1500m, funnel.TotalValue);
        Assert.Equal([org.A1], funnel.Stages[0].OpportunityIds);
        // Qualify entered in Q4 by A1 (still there), A2, A3 and B1 (moved on): 3 ÷ 4. Propose: A3 won, B1 still there.
        Assert.Equal(0.75m, funnel.Stages[0].Conversion.Value);
        Assert.Equal((3m, 4m), (funnel.Stages[0].Conversion.Converted, funnel.Stages[0].Conversion.Entered));
        Assert.Equal(new[] { org.A1, org.A2, org.A3, org.B1 }.Order(), funnel.Stages[0].Conversion.OpportunityIds);
        Assert.Equal(0.5m, funnel.Stages[1].Conversion.Value);
        Assert.Equal(0m, funnel.Stages[2].Conversion.Value);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ListFlagsAsync_Admin_FlagsEvidenceAndCountsMostIdleFirst(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);

        var flags = (await Service(db, store).ListFlagsAsync(Scope.All, new PipelineFlagsQuery(), Ct)).Result!;

        Assert.Equal([org.A1, org.B1, org.A2], flags.Items.Select(i => i.OpportunityId));
        Assert.Equal([57, 30, 2], flags.Items.Select(i => i.DaysSinceTouch));
        Assert.Equal([PipelineFlagCodes.Stalled], flags.Items[1].Flags.Select(f => f.Code));
        var a2 = flags.Items[2];
        Assert.Equal([PipelineFlagCodes.CloseDatePast, PipelineFlagCodes.MissingAmount, PipelineFlagCodes.CloseDatePushed, PipelineFlagCodes.StageSkipped], a2.Flags.Select(f => f.Code));
        Assert.Equal(new DateOnly(2026, 11, 25), a2.LastActivity);
        Assert.Equal("Acme", a2.AccountName);
        Assert.Equal("Ann Pipe", a2.OwnerName);
        Assert.Contains(new FlagEvidenceResponse("days overdue", "7"), a2.Flags[0].Evidence);
        Assert.Equal([2, 1, 1, 1, 1], flags.Counts.Select(c => c.Count));
        Assert.Equal((3, 3, 30, new DateOnly(2026, 11, 27)), (flags.Total, flags.OpenCount, flags.StalledAfterDays, flags.AsOf));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ListFlagsAsync_RepAndTeamFilter_OnlyTheirOwnDeals(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);
        var service = Service(db, store);

        var bob = (await service.ListFlagsAsync(await ScopeOfAsync(db, store, org.Bob, Roles.Rep), new PipelineFlagsQuery(), Ct)).Result!;
        var alpha = (await service.ListFlagsAsync(Scope.All, new PipelineFlagsQuery { Filter = new() { TeamId = org.Alpha }, Code = PipelineFlagCodes.Stalled }, Ct)).Result!;

        Assert.Equal([org.B1], bob.Items.Select(i => i.OpportunityId));
        Assert.Equal(1, bob.OpenCount);
        Assert.Equal([org.A1], alpha.Items.Select(i => i.OpportunityId));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ListFlagsAsync_UnknownCodeAndPeriod_Issues(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        await SeedAsync(db);

        var answer = await Service(db, store).ListFlagsAsync(Scope.All, new PipelineFlagsQuery { Code = "late", Filter = new() { Period = "2026-Q4" } }, Ct);

        Assert.Null(answer.Result);
        Assert.Equal(["code", "period"], answer.Issues.Select(i => i.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetCoverageGapsAsync_NoQuotasStored_PipelineWeightedAndNoGap(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);

        var gaps = (await Service(db, store).GetCoverageGapsAsync(Scope.All, new PipelineFilter(), Ct)).Result!;

        Assert.Equal(["Ann Pipe", "Bob Pipe"], gaps.Gaps.Select(g => g.Name));
        var ann = gaps.Gaps[0];
        // Open in Q4: A1 1000 × 0.1 and A2 (no amount); booked 200.
        Assert.Equal((1000m, 100m, 200m, -200m), (ann.Pipeline, ann.WeightedPipeline, ann.NetBookings, ann.Remaining));
        Assert.Null(ann.Gap);
        Assert.Equal("No quota in the period: no gap to measure.", ann.NoValueReason);
        Assert.Contains(ann.Records, r => r.Type == "Booking" && r.Id == org.Booking);
        Assert.Equal(250m, gaps.Gaps[1].WeightedPipeline);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetCoverageGapsAsync_QuarterQuotaAndItsMonths_GapFromTheQuarterQuotaOnly(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);
        Quota Quota(string period, DateOnly start, DateOnly end, decimal amount) =>
            new() { PersonId = org.Ann, Period = period, PeriodStart = start, PeriodEnd = end, Amount = amount, Currency = "EUR" };
        db.Quotas.AddRange(
            Quota("FY2026-Q4", new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31), 1500m),
            Quota("FY2026-M10", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), 400m));
        await db.SaveChangesAsync(Ct);

        var gaps = (await Service(db, store).GetCoverageGapsAsync(Scope.All, new PipelineFilter(), Ct)).Result!;

        // Ann: quota 1500 (the October quota lies inside the quarter's and is not counted again), booked 200, so
        // remaining 1300; pipeline 1000 leaves a gap of 300, weighted pipeline 100 a weighted gap of 1200.
        var ann = gaps.Gaps.Single(g => g.Name == "Ann Pipe");
        Assert.Equal((1500m, 1300m, 300m, 1200m), (ann.Quota, ann.Remaining, ann.Gap, ann.WeightedGap));
        Assert.Null(gaps.Gaps.Single(g => g.Name == "Bob Pipe").Gap);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetReviewAsync_ManagerAndRep_WorstDealFirstAndScoped(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var org = await SeedAsync(db);
        var service = Service(db, store);
        var mia = await ScopeOfAsync(db, store, org.Mia, Roles.Manager);
        var ann = await ScopeOfAsync(db, store, org.Ann, Roles.Rep);

        var review = (await service.GetReviewAsync(mia, org.Ann, null, Ct))!.Result!;
        var outside = await service.GetReviewAsync(ann, org.Bob, null, Ct);
        var reviewable = await service.ListReviewableAsync(mia, Ct);

        Assert.Equal([org.A2, org.A1], review.Deals.Select(d => d.OpportunityId));
        Assert.Equal("Ann Pipe", review.Name);
        Assert.Equal(1000m, review.CoverageGap!.Pipeline);
        Assert.Null(outside);
        Assert.Equal([("Ann Pipe", 2), ("Bob Pipe", 1)], reviewable.Select(r => (r.Name, r.OpenDeals)));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task UpdateSettingsAsync_SixtyDays_NothingStalledAndZeroRefused(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        await SeedAsync(db);
        var service = Service(db, store);

        var refused = await service.UpdateSettingsAsync(0, Ct);
        var saved = await service.UpdateSettingsAsync(60, Ct);
        var flags = (await service.ListFlagsAsync(Scope.All, new PipelineFlagsQuery { Code = PipelineFlagCodes.Stalled }, Ct)).Result!;

        Assert.Equal("stalled_after_days.out_of_range", Assert.Single(refused.Issues).Code);
        Assert.Equal(60, saved.Result!.StalledAfterDays);
        Assert.Equal(60, (await service.GetSettingsAsync(Ct)).StalledAfterDays);
        Assert.Empty(flags.Items);
    }
}
