using Microsoft.Data.Sqlite;

namespace Attain.Cli.Tests;

public class AttainCommandTests
{
    [Fact]
    public async Task RunAsync_UnknownCommand_ExitsWithUsageCode()
    {
        var error = new StringWriter();

        var exit = await AttainCommand.RunAsync(["frobnicate"], new StringWriter(), error, TestContext.Current.CancellationToken);

        Assert.Equal(AttainCommand.Usage, exit);
        Assert.Contains("frobnicate", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    public async Task RunAsync_DemoBookingsNotACountOrNegative_ExitsWithUsageCodeNamingTheOption(string value)
    {
        var error = new StringWriter();

        var exit = await AttainCommand.RunAsync(["demo", "--scale", "--bookings", value], new StringWriter(), error, TestContext.Current.CancellationToken);

        Assert.Equal(AttainCommand.Usage, exit);
        Assert.Contains("--bookings", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MigrateOnNewSqliteFile_CreatesSchemaAndSaysSo()
    {
        var file = Path.Combine(Path.GetTempPath(), $"attain-cli-{Guid.NewGuid():N}.db");
        var output = new StringWriter();
        try
        {
            var exit = await AttainCommand.RunAsync(["migrate", "--connection", $"Data Source={file};Pooling=False"], output, new StringWriter(), TestContext.Current.CancellationToken);

            Assert.Equal(AttainCommand.Ok, exit);
            Assert.Contains("Applied", output.ToString(), StringComparison.Ordinal);
            await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "select count(*) from sqlite_master where name = 'Bookings'";
            Assert.Equal(1L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
