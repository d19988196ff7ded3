using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Demo;

public class DemoCompanyLoaderTests
{
    private static readonly DemoOptions Options = new(DemoCompanyGeneratorTests.AsOf);

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task LoadAsync_EmptyStore_EveryGeneratedRowWithItsChangeLogEntry(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        var company = DemoCompanyGenerator.Generate(Options);
        var steps = new List<DemoProgress>();
        await using var db = store.NewContext();
        var loadedBefore = await DemoCompanyLoader.IsLoadedAsync(db, ct);

        var result = await DemoCompanyLoader.LoadAsync(db, company, new SynchronousProgress(steps.Add), ct);

        await using var read = store.NewContext();
        Assert.False(loadedBefore);
        Assert.True(await DemoCompanyLoader.IsLoadedAsync(read, ct));
        Assert.Equal(company.People.Count, await read.People.CountAsync(ct));
        Assert.Equal(company.ReportingLines.Count, await read.ReportingLines.CountAsync(ct));
        Assert.Equal(company.TeamMemberships.Count, await read.TeamMemberships.CountAsync(ct));
        Assert.Equal(company.Teams.Count, await read.Teams.CountAsync(ct));
        Assert.Equal(company.FxRates.Count, await read.FxRates.CountAsync(ct));
        Assert.Equal(company.Accounts.Count, await read.Accounts.CountAsync(ct));
        Assert.Equal(company.Products.Count, await read.Products.CountAsync(ct));
        Assert.Equal(company.Stages.Count, await read.Stages.CountAsync(ct));
        Assert.Equal(company.Opportunities.Count, await read.Opportunities.CountAsync(ct));
        Assert.Equal(company.StageChanges.Count, await read.OpportunityStageChanges.CountAsync(ct));
        Assert.Equal(company.Activities.Count, await read.Activities.CountAsync(ct));
        Assert.Equal(company.Bookings.Count, await read.Bookings.CountAsync(ct));
        Assert.Equal(company.Bookings.Sum(b => b.Amount), (await read.Bookings.Select(b => b.Amount).ToListAsync(ct)).Sum());
        Assert.Equal(company.Quotas.Count, await read.Quotas.CountAsync(ct));
        Assert.Equal(company.Plans.Count, await read.Plans.CountAsync(ct));
        Assert.Equal(company.PlanAssignments.Count, await read.PlanAssignments.CountAsync(ct));
        Assert.Equal(result.Rows, await read.ChangeLog.CountAsync(ct));
        Assert.Equal(result.Rows, await read.ChangeLog.CountAsync(e => e.Actor == DemoCompanyLoader.Actor && e.Reason == DemoCompanyLoader.Reason && e.Operation == ChangeOperation.Insert, ct));
        Assert.Equal(("Plan assignments", company.PlanAssignments.Count, company.PlanAssignments.Count), (steps[^1].Step, steps[^1].Done, steps[^1].Total));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task LoadAsync_ThenAppAddsPerson_GetsNextFreeId(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        await using (var db = store.NewContext())
        {
            await DemoCompanyLoader.LoadAsync(db, Options, progress: null, ct);
        }

        await using var write = store.NewContext();
        var person = new Person { ExternalId = "NEW-1", FirstName = "New", LastName = "Hire", Email = "new@example.com", PayCurrency = "USD", HireDate = Options.AsOf };
        write.People.Add(person);
        await write.SaveChangesAsync(ct);

        Assert.Equal(await write.People.CountAsync(ct), person.Id);
    }

    [Fact]
    public async Task LoadAsync_StoreWithData_ThrowsAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using var db = store.NewContext();
        db.People.Add(new Person { ExternalId = "P1", FirstName = "Ada", LastName = "Lovelace", Email = "ada@example.com", PayCurrency = "EUR", HireDate = Options.AsOf });
        await db.SaveChangesAsync(ct);

        var load = () => DemoCompanyLoader.LoadAsync(db, Options, progress: null, ct);

        await Assert.ThrowsAsync<InvalidOperationException>(load);
        Assert.Equal(1, await db.People.CountAsync(ct));
        Assert.False(await DemoCompanyLoader.IsLoadedAsync(db, ct));
    }

    /// <summary>Reports on the caller's thread; <see cref="Progress{T}"/> would post to the thread pool and race the asserts.</summary>
    private sealed class SynchronousProgress(Action<DemoProgress> report) : IProgress<DemoProgress>
    {
        public void Report(DemoProgress value) => report(value);
    }
}
