using System.Text;
using Attain.Application.Access;
using Attain.Application.Analytics;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Application.Exports;
using Attain.Application.Imports;
using Attain.Application.Segmentation;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Segmentation;

/// <summary>
/// The hand-made organisation (<see cref="OrgFixture"/>) with head counts: Ann's account 5,000, Bob's 300, Cal's 20,
/// Dee's unknown, the unowned account 2,000. Each rep's account has one booking in November 2026 (500.25 + i EUR) and
/// one open opportunity at Propose (1000 + i EUR, probability 0.5), i = 0..3 for Ann, Bob, Cal, Dee.
/// </summary>
public class SegmentationServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SegmentationRequest Size = new("size", "Company size", "rules", new SegmentationParameters
    {
        Segments = [new("enterprise", "Enterprise", "employees >= 1000"), new("mid-market", "Mid-market", "employees >= 100")],
        Default = new("smb", "SMB"),
    });

    private static SegmentationService Service(AttainDbContext db, TestStore store) => new(db, new OrganisationTime(db, store.Clock), store.Clock);

    private static async Task<OrgFixture> SeedAsync(TestStore store)
    {
        await using var db = store.NewContext();
        var org = await OrgFixture.SeedAsync(db, Ct);
        var employees = new Dictionary<string, int?> { ["A-ANN"] = 5000, ["A-BOB"] = 300, ["A-CAL"] = 20, ["A-DEE"] = null, ["A-NOBODY"] = 2000 };
        foreach (var account in await db.Accounts.ToListAsync(Ct))
        {
            account.Employees = employees[account.ExternalId];
        }

        await db.SaveChangesAsync(Ct);
        return org;
    }

    private static async Task<long> CreateAndRecomputeAsync(TestStore store, SegmentationRequest request)
    {
        await using var db = store.NewContext();
        var service = Service(db, store);
        var created = await service.CreateAsync(request, Ct);
        Assert.True(created.Succeeded, string.Join("; ", created.Issues));
        var recomputed = await service.RecomputeAsync(created.Value!.Id, Ct);
        Assert.True(recomputed.Succeeded, string.Join("; ", recomputed.Issues));
        return created.Value.Id;
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task RecomputeAsync_SizeRules_OneStoredSegmentPerAccount(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);

        var id = await CreateAndRecomputeAsync(store, Size);

        await using var db = store.NewContext();
        var stored = await db.AccountSegments.Where(s => s.SegmentationId == id)
            .Join(db.Accounts, s => s.AccountId, a => a.Id, (s, a) => new { a.ExternalId, s.SegmentKey })
            .ToDictionaryAsync(x => x.ExternalId, x => x.SegmentKey, Ct);
        Assert.Equal(
            new Dictionary<string, string> { ["A-ANN"] = "enterprise", ["A-BOB"] = "mid-market", ["A-CAL"] = "smb", ["A-DEE"] = "smb", ["A-NOBODY"] = "enterprise" },
            stored);
        var scheme = await Service(db, store).GetAsync(id, Ct);
        Assert.Equal(["enterprise", "mid-market", "smb"], scheme!.Segments.Select(s => s.Key));
        Assert.Equal(store.Clock.GetUtcNow().UtcDateTime, scheme.ComputedAt);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task RecomputeAsync_AfterChange_ReplacesAssignments(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);
        var id = await CreateAndRecomputeAsync(store, Size);

        await using (var db = store.NewContext())
        {
            var bob = await db.Accounts.SingleAsync(a => a.ExternalId == "A-BOB", Ct);
            bob.Employees = 1500;
            await db.SaveChangesAsync(Ct);
            Assert.True((await Service(db, store).RecomputeAsync(id, Ct)).Succeeded);
        }

        await using var check = store.NewContext();
        Assert.Equal(5, await check.AccountSegments.CountAsync(s => s.SegmentationId == id, Ct));
        Assert.Equal(3, await check.AccountSegments.CountAsync(s => s.SegmentationId == id && s.SegmentKey == "enterprise", Ct));
        Assert.False(await check.ChangeLog.AnyAsync(c => c.Entity == nameof(AccountSegment), Ct));
    }

    /// <summary>
    /// Potentials (bookings + pipeline × 0.5): Ann 1000.25, Bob 1001.75, Cal 1003.25, Dee 1004.75, unowned 0; total 4010.
    /// With A = 0.5 and B = 0.8: Dee (0 before) and Cal (0.2506) are A, Bob (0.5008) and Ann (0.7509) are B, the unowned C.
    /// North (Ann, Bob) sees only B: 2 accounts, bookings 500.25 + 501.25, pipeline 500 + 500.5.
    /// </summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task SummaryAsync_AbcForManager_ScopedFigures(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var org = await SeedAsync(store);
        var id = await CreateAndRecomputeAsync(store, new("abc", "ABC", "abc", new SegmentationParameters { Thresholds = new(0.5m, 0.8m) }));

        await using var db = store.NewContext();
        var all = await Service(db, store).SummaryAsync(Scope.All, id, Ct);
        var north = await Service(db, store).SummaryAsync(Scope.Only(org.SubtreeOf(OrgFixture.North)), id, Ct);

        Assert.Equal([2, 2, 1], all!.Segments.Select(s => s.Accounts));
        Assert.Equal(["a", "b", "c"], north!.Segments.Select(s => s.Key));
        Assert.Equal([0, 2, 0], north.Segments.Select(s => s.Accounts));
        var b = north.Segments[1];
        Assert.Equal(1001.50m, b.Bookings12Months);
        Assert.Equal(1000.5m, b.WeightedPipeline);
        Assert.Null(b.WinRate);
        Assert.Equal("EUR", north.Currency);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Browse_SegmentFilter_KeepsAccountsOpportunitiesAndBookingsOfTheSegment(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);
        await CreateAndRecomputeAsync(store, Size);

        await using var db = store.NewContext();
        var accounts = await new AccountBrowser(db).ListAsync(Scope.All, new AccountsQuery { Segment = "size:smb" }, Ct);
        var opportunities = await new OpportunityBrowser(db).ListAsync(Scope.All, new OpportunitiesQuery { Segment = "size:enterprise" }, Ct);
        var bookings = await new BookingBrowser(db).ListAsync(Scope.All, new BookingsQuery { Segment = "size:mid-market" }, Ct);
        var unknown = await new AccountBrowser(db).ListAsync(Scope.All, new AccountsQuery { Segment = "size:giant" }, Ct);

        Assert.Equal(["A-CAL", "A-DEE"], accounts.Items.Select(a => a.ExternalId).Order());
        Assert.All(accounts.Items, a => Assert.Equal(new AccountSegmentResponse("size", "smb", "SMB"), Assert.Single(a.Segments)));
        Assert.Equal(["O-ANN"], opportunities.Items.Select(o => o.ExternalId));
        Assert.Equal(["B-BOB"], bookings.Items.Select(b => b.ExternalId));
        Assert.Empty(unknown.Items);
        Assert.Equal("segment", Assert.Single(new AccountsQuery { Segment = "size" }.Validate()).Path);
    }

    /// <summary>FY2026-Q4 holds every booking: enterprise Ann 500.25, mid-market Bob 501.25, SMB Cal + Dee 1005.50.</summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task KpiService_GroupBySegmentAndFilter_SplitsBookings(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);
        await CreateAndRecomputeAsync(store, Size);

        await using var db = store.NewContext();
        var kpis = new KpiService(db, new OrganisationTime(db, store.Clock));
        var grouped = (await kpis.ComputeAsync(Scope.All, new KpiQuery("bookings", "FY2026-Q4", "segment", Segmentation: "size"), Ct)).Result!;
        var filtered = (await kpis.ComputeAsync(Scope.All, new KpiQuery("bookings", "FY2026-Q4", Segment: "size:smb"), Ct)).Result!;
        var missing = await kpis.ComputeAsync(Scope.All, new KpiQuery("bookings", "FY2026-Q4", "segment"), Ct);

        Assert.Equal(
            [("enterprise", "Enterprise", 500.25m), ("mid-market", "Mid-market", 501.25m), ("smb", "SMB", 1005.50m)],
            grouped.Groups.Select(g => (g.Key, g.Name!, g.Value.Current.Value!.Value)));
        Assert.Equal(1005.50m, filtered.Total.Current.Value);
        Assert.Equal("segmentation", Assert.Single(missing.Issues).Path);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task CreateAsync_InvalidRequest_IssuesNameFieldPathsAndNothingWritten(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var service = Service(db, store);

        var bad = await service.CreateAsync(new("Size!", "", "rules", new SegmentationParameters
        {
            Segments = [new("big", "Big", "employees >= \"many\"")],
            Default = new("big", "Default"),
            K = 3,
        }), Ct);
        var badKind = await service.CreateAsync(new("clusters", "Clusters", "kmeans", new SegmentationParameters { K = 50 }), Ct);

        Assert.False(bad.Succeeded);
        Assert.Equal(
            ["key", "name", "parameters.default.key", "parameters.k", "parameters.segments[0].condition"],
            bad.Issues.Select(i => i.Path).Order(StringComparer.Ordinal));
        Assert.Equal("parameters.k", Assert.Single(badKind.Issues).Path);
        Assert.Equal(0, await db.Segmentations.CountAsync(Ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task UpdateAsync_KeyChangeAndDuplicate_Refused(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);
        var id = await CreateAndRecomputeAsync(store, Size);
        await using var db = store.NewContext();
        var service = Service(db, store);

        var duplicate = await service.CreateAsync(Size, Ct);
        var renamedKey = await service.UpdateAsync(id, Size with { Key = "other" }, Ct);
        var renamed = await service.UpdateAsync(id, Size with { Name = "Size band" }, Ct);
        var missing = await service.UpdateAsync(999, Size, Ct);

        Assert.Equal("key.taken", Assert.Single(duplicate.Issues).Code);
        Assert.Equal("key.immutable", Assert.Single(renamedKey.Issues).Code);
        Assert.Equal("Size band", renamed.Value!.Name);
        Assert.True(missing.NotFound);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task RecomputeAsync_KMeans_EveryAccountClusteredAndExported(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);
        await CreateAndRecomputeAsync(store, Size);
        var id = await CreateAndRecomputeAsync(store, new("clusters", "Clusters", "kmeans", new SegmentationParameters { K = 2, Seed = 3 }));

        await using var db = store.NewContext();
        var accountIds = await db.Accounts.Select(a => a.Id).ToListAsync(Ct);
        var attributes = await Service(db, store).RuleAttributesAsync(accountIds, Ct);
        using var csv = new MemoryStream();
        await new ExportService(db).ExportAsync(ImportEntity.Accounts, ExportFormat.Csv, Scope.All, csv, Ct);
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(5, await db.AccountSegments.CountAsync(s => s.SegmentationId == id, Ct));
        Assert.All(attributes.Values, a => Assert.Equal(["segment.clusters", "segment.size"], a.Keys.Order(StringComparer.Ordinal)));
        Assert.EndsWith(",segment.clusters,segment.size", lines[0].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("A-CAL,", StringComparison.Ordinal) && l.TrimEnd('\r').EndsWith(",smb", StringComparison.Ordinal));
    }
}
