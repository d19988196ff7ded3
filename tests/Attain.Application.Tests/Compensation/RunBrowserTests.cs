using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Testing.Stores;

namespace Attain.Application.Tests.Compensation;

public class RunBrowserTests
{
    private const string Period = "FY2027-M09";

    /// <summary>
    /// Ann (EUR) is paid under two plans: 100.10 earned and −20.05 clawed back under <c>ae</c> (payable 80.05) and 12.345
    /// under <c>spiff</c>: her row adds them to 92.395 EUR. Bo (USD) has one payout of 50.00 with 10.00 held (payable
    /// 40.00). Rows come by name; the per-currency totals of the run's summary are the sums of the rows.
    /// </summary>
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ParticipantPayoutsAsync_TwoPlansForOnePerson_AddedUpPerPersonAndCurrencyByName(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();
        var ann = new Person { ExternalId = "EMP-1", FirstName = "Ann", LastName = "Lee", Email = "ann@example.com", PayCurrency = "EUR" };
        var bo = new Person { ExternalId = "EMP-2", FirstName = "Bo", LastName = "Berg", Email = "bo@example.com", PayCurrency = "USD" };
        db.People.AddRange(ann, bo);
        var run = new CalculationRun { PeriodKey = Period, Number = 1, Status = RunStatus.Published, StartedBy = "a" };
        var other = new CalculationRun { PeriodKey = Period, Number = 2, Status = RunStatus.Staged, StartedBy = "a" };
        db.CalculationRuns.AddRange(run, other);
        await db.SaveChangesAsync(ct);
        db.RunPayouts.AddRange(
            new RunPayout { RunId = run.Id, PersonId = ann.Id, PlanKey = "spiff", PeriodKey = Period, Currency = "EUR", Earned = 12.345m, Payable = 12.345m },
            new RunPayout { RunId = run.Id, PersonId = ann.Id, PlanKey = "ae", PeriodKey = Period, Currency = "EUR", Earned = 100.10m, ClawedBack = -20.05m, Payable = 80.05m },
            new RunPayout { RunId = run.Id, PersonId = bo.Id, PlanKey = "ae", PeriodKey = Period, Currency = "USD", Earned = 50m, Held = -10m, Payable = 40m },
            new RunPayout { RunId = other.Id, PersonId = bo.Id, PlanKey = "ae", PeriodKey = Period, Currency = "USD", Earned = 999m, Payable = 999m });
        await db.SaveChangesAsync(ct);
        var browser = new RunBrowser(db);

        var rows = await browser.ParticipantPayoutsAsync(run.Id, ct);
        var summary = await browser.PayoutSummaryAsync(run.Id, ct);
        var none = await browser.ParticipantPayoutsAsync(other.Id + 1, ct);

        Assert.Equal(
            [
                new ParticipantPayoutTotal(ann.Id, "EMP-1", "Ann Lee", "ae, spiff", "EUR", 112.445m, -20.05m, 0m, 0m, 92.395m),
                new ParticipantPayoutTotal(bo.Id, "EMP-2", "Bo Berg", "ae", "USD", 50m, 0m, -10m, 0m, 40m),
            ],
            rows);
        Assert.Equal(summary!.Totals, rows.GroupBy(r => r.Currency).Select(g => new CurrencyTotal(g.Key, g.Sum(r => r.Payable))));
        Assert.Empty(none);
    }
}
