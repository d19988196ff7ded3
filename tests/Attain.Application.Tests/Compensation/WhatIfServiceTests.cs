using Attain.Application.Calendar;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Compensation;

public class WhatIfServiceTests
{
    /// <summary>
    /// A draft of the account executives' plan with 6 % and 10 % commission: modelled on FY2027-M09 it costs what a calc
    /// run costs once the draft is published, and the live side equals the run before.
    /// </summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ModelAsync_DemoDraft_TotalsEqualRunsBeforeAndAfterPublishing(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await DemoCompanyStores.CreateAsync(provider, ct);
        await using var db = store.NewContext();
        const string period = "FY2027-M09";
        var plans = new PlanService(db, store.Clock);
        var document = DemoPlans.AccountExecutiveDocument
            .Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal)
            .Replace("\"rate\": 0.05", "\"rate\": 0.06", StringComparison.Ordinal)
            .Replace("\"rate\": 0.08", "\"rate\": 0.10", StringComparison.Ordinal);
        Assert.NotNull((await plans.CreateDraftAsync(new PlanDraftRequest(document, null, "richer accelerator"), ct)).Value);
        var live = await new CalculationRunService(db, store.Clock).RunAsync(period, "live", ct);

        var model = (await new WhatIfService(db, new OrganisationTime(db, store.Clock)).ModelAsync(DemoPlans.AccountExecutive, 2, null, ct)).Value!;

        await plans.PublishAsync(DemoPlans.AccountExecutive, 2, new PlanPublishRequest("modelled"), ct);
        var published = await new CalculationRunService(db, store.Clock).RunAsync(period, "draft published", ct);
        Assert.Equal(period, model.PeriodKey);
        Assert.Equal(1, model.LiveVersion);
        foreach (var total in model.Totals)
        {
            Assert.Equal(await PayableAsync(db, live.Run!.Id, total.Currency, ct), total.Live);
            Assert.Equal(await PayableAsync(db, published.Run!.Id, total.Currency, ct), total.Draft);
            Assert.Equal(total.Draft - total.Live, total.Difference);
            Assert.Equal(total.Participants, model.Participants.Count(p => p.Currency == total.Currency));
            Assert.True(total.DraftDistribution.Min <= total.DraftDistribution.Median && total.DraftDistribution.Median <= total.DraftDistribution.Max);
        }

        // Higher rates raise pay; they also raise what a cancellation claws back, so a few may fall.
        Assert.True(model.Totals.Sum(t => t.Rises) > model.Totals.Sum(t => t.Falls), "higher rates should raise more people's pay than they lower");
        Assert.Equal(model.Components.Where(c => c.ComponentId == "bonus").Sum(c => c.Live), model.Components.Where(c => c.ComponentId == "bonus").Sum(c => c.Draft));
    }

    [Fact]
    public void Distribution_FiveValues_QuartilesInterpolated()
    {
        var distribution = WhatIfService.Distribution([40m, 10m, 30m, 20m, 100m]);

        Assert.Equal(new WhatIfDistribution(10m, 20m, 30m, 40m, 100m), distribution);
    }

    private static async Task<decimal> PayableAsync(AttainDbContext db, long run, string currency, CancellationToken ct) =>
        (await db.RunPayouts.AsNoTracking().Where(p => p.RunId == run && p.PlanKey == DemoPlans.AccountExecutive && p.Currency == currency).Select(p => p.Payable).ToListAsync(ct)).Sum();
}
