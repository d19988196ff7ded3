using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Segmentation;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Segmentation;

public class DemoSegmentationTests
{
    [Fact]
    public async Task LoadAsync_DemoCompany_SizeAndAbcComputedForEveryAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        var company = DemoCompanyGenerator.Generate(new DemoOptions(new DateOnly(2026, 11, 27)));
        await using (var load = store.NewContext())
        {
            await DemoCompanyLoader.LoadAsync(load, company, progress: null, ct);
        }

        await using var db = store.NewContext();
        var schemes = await db.Segmentations.OrderBy(s => s.Key).ToListAsync(ct);
        var size = await db.AccountSegments.Where(s => s.SegmentationId == schemes[1].Id)
            .GroupBy(s => s.SegmentKey).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var abc = await db.AccountSegments.Where(s => s.SegmentationId == schemes[0].Id).CountAsync(ct);
        var expected = company.Accounts.GroupBy(a => Segments.Of(a.Employees!.Value)).ToDictionary(
            g => g.Key switch { Segment.Enterprise => "enterprise", Segment.MidMarket => "mid-market", _ => "smb" }, g => g.Count());

        Assert.Equal(["abc", "size"], schemes.Select(s => s.Key));
        Assert.All(schemes, s => Assert.Equal(new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc), s.ComputedAt));
        Assert.Equal(expected, size);
        Assert.Equal(company.Accounts.Count, abc);
        var summary = await new SegmentationService(db, new Calendar.OrganisationTime(db, store.Clock), store.Clock).SummaryAsync(Access.Scope.All, schemes[0].Id, ct);
        var (a, b, c) = (summary!.Segments[0], summary.Segments[1], summary.Segments[2]);
        Assert.True(a.Accounts < c.Accounts, "A should hold fewer accounts than C");
        Assert.True(a.Bookings12Months + a.WeightedPipeline > b.Bookings12Months + b.WeightedPipeline, "A should hold more potential than B");
    }
}
