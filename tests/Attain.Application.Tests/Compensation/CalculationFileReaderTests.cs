using Attain.Application.Compensation;

namespace Attain.Application.Tests.Compensation;

public sealed class CalculationFileReaderTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("attain-calc-reader-");

    public void Dispose() => folder.Delete(recursive: true);

    private async Task WriteAsync(string file, string csv) =>
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, file), csv, TestContext.Current.CancellationToken);

    private async Task WriteMinimalAsync()
    {
        await WriteAsync("people.csv", "external_id,pay_currency,hire_date,manager_external_id\nana,USD,2026-01-01,mia\nmia,USD,2025-01-01,\n");
        await WriteAsync("bookings.csv", "external_id,kind,owner_external_id,amount,currency,booking_date\nB-1,Order,ana,1000,USD,2026-02-01\n");
        await WriteAsync("plan-assignments.csv", "person_external_id,plan,effective_from\nana,ae,2026-01-01\n");
    }

    [Fact]
    public async Task ReadAsync_MinimalDirectory_ReadsParticipantsLinesAndDefaults()
    {
        await WriteMinimalAsync();

        var read = await CalculationFileReader.ReadAsync(folder.FullName, TestContext.Current.CancellationToken);

        Assert.Empty(read.Problems);
        Assert.Equal(1, read.Data!.Calendar.FirstMonth);
        Assert.Equal(0, read.Data.Crediting.RollUpLevels);
        var line = Assert.Single(read.Data.Hierarchy);
        Assert.Equal(("ana", "mia", new DateOnly(2026, 1, 1)), (line.PersonId, line.ManagerId, line.Effective.Start));
        Assert.Equal("Order", read.Data.Bookings.Single().Attributes["kind"]);
    }

    [Fact]
    public async Task ReadAsync_ProblemsInSeveralFiles_ListsEachWithFileRowAndColumnAndReturnsNoData()
    {
        await WriteMinimalAsync();
        await WriteAsync("settings.csv", "fiscal_year_start_month,roll_up_levels\n13,1\n");
        await WriteAsync("splits.csv", "booking_external_id,person_external_id,percent\nB-9,ana,100\nB-1,ana,100\nB-1,ana,50\n");
        await WriteAsync("bookings.csv", "external_id,kind,owner_external_id,amount,currency,booking_date\nB-1,Order,ana,1000.001,USD,2026-02-01\n");

        var read = await CalculationFileReader.ReadAsync(folder.FullName, TestContext.Current.CancellationToken);

        Assert.Null(read.Data);
        Assert.Equal(
        [
            "settings.csv row 2, column fiscal_year_start_month: '13' is not a month (1 to 12). (invalid_number)",
            "bookings.csv row 2, column amount: '1000.001' has more decimal places than USD has (2). (invalid_number)",
            "splits.csv row 2, column booking_external_id: No booking with external id 'B-9' in bookings.csv. (unknown_reference)",
            "splits.csv row 3, column booking_external_id: No booking with external id 'B-1' in bookings.csv. (unknown_reference)",
            "splits.csv row 4, column booking_external_id: 'B-1/ana/Revenue' already appears on row 3. (duplicate_id)",
        ], read.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task ReadAsync_RequiredFileMissing_NamesTheFile()
    {
        await WriteMinimalAsync();
        File.Delete(Path.Combine(folder.FullName, "plan-assignments.csv"));

        var read = await CalculationFileReader.ReadAsync(folder.FullName, TestContext.Current.CancellationToken);

        Assert.Equal("plan-assignments.csv: The data directory has no plan-assignments.csv. (missing_file)", Assert.Single(read.Problems).ToString());
    }
}
