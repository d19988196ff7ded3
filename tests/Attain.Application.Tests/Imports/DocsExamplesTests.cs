using Attain.Application.Data;
using Attain.Application.Imports;
using Attain.Testing.Stores;

namespace Attain.Application.Tests.Imports;

public class DocsExamplesTests
{
    [Fact]
    public void DocExamples_ImportPage_CoversEveryEntityAndBothDialects()
    {
        var examples = ImportTestKit.DocExamples();

        Assert.Equal(ImportEntities.DependencyOrder, examples.Where(e => e.IsAttainFile).Select(e => e.Entity));
        Assert.Contains(examples, e => e.FileName.StartsWith("salesforce-", StringComparison.Ordinal));
        Assert.Contains(examples, e => e.FileName.StartsWith("hubspot-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ImportDirectoryAsync_EveryDocsExample_LoadsWithoutErrors(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);

        var results = await ImportTestKit.SeedFromDocsAsync(store);

        Assert.All(results, r => Assert.Empty(r.Errors));
        Assert.All(results.Where(r => r.Entity != ImportEntity.Teams), r => Assert.True(r.Inserted > 0, $"{r.File} inserted nothing"));
        Assert.Equal(ImportFormat.Salesforce, Assert.Single(results, r => r.File == "salesforce-opportunities.csv").Format);
        Assert.Equal(ImportFormat.HubSpot, Assert.Single(results, r => r.File == "hubspot-deals.csv").Format);
    }
}
