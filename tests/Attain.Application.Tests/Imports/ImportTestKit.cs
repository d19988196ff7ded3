using System.Text;
using System.Text.RegularExpressions;
using Attain.Application.Bookings.BulkLoad;
using Attain.Application.Data;
using Attain.Application.Exports;
using Attain.Application.Imports;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Imports;

/// <summary>One CSV example from docs/import.md: the entity it imports as and its file name.</summary>
public sealed record DocExample(ImportEntity Entity, string FileName, string Csv)
{
    public bool IsAttainFile => FileName == Entity.FileName();
}

/// <summary>Imports and exports against a <see cref="TestStore"/>, each call on a fresh context.</summary>
internal static partial class ImportTestKit
{
    public static ImportService Importer(TestStore store, AttainDbContext db) => new(db, store.Clock, new BookingBulkWriter(store.Clock));

    public static async Task<ImportResult> ImportAsync(
        TestStore store, ImportEntity entity, string csv, string? fileName = null, ImportFormat format = ImportFormat.Auto, string actor = "importer")
    {
        await using var db = store.NewContext();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await Importer(store, db).ImportAsync(entity, stream, fileName ?? entity.FileName(), format, actor, TestContext.Current.CancellationToken);
    }

    public static async Task<ImportResult> ImportBytesAsync(TestStore store, ImportEntity entity, byte[] bytes, string fileName)
    {
        await using var db = store.NewContext();
        using var stream = new MemoryStream(bytes);
        return await Importer(store, db).ImportAsync(entity, stream, fileName, ImportFormat.Auto, "importer", TestContext.Current.CancellationToken);
    }

    public static async Task<byte[]> ExportAsync(TestStore store, ImportEntity entity, ExportFormat format = ExportFormat.Csv, Access.Scope? scope = null)
    {
        await using var db = store.NewContext();
        using var stream = new MemoryStream();
        await new ExportService(db).ExportAsync(entity, format, scope, stream, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }

    public static async Task<int> ChangeLogCountAsync(TestStore store)
    {
        await using var db = store.NewContext();
        return await db.ChangeLog.CountAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Every fenced csv block of docs/import.md marked <c>&lt;!-- import: [entity as] file.csv --&gt;</c>, in page order.</summary>
    public static IReadOnlyList<DocExample> DocExamples()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "import.md"));
        return ExampleBlock().Matches(text).Select(m =>
        {
            var file = m.Groups["file"].Value;
            var entityName = m.Groups["entity"].Success ? m.Groups["entity"].Value : Path.GetFileNameWithoutExtension(file);
            Assert.True(ImportEntities.TryParse(entityName, out var entity), $"docs/import.md names unknown entity '{entityName}'");
            return new DocExample(entity, file, m.Groups["csv"].Value.ReplaceLineEndings("\n"));
        }).ToList();
    }

    /// <summary>Loads every example of docs/import.md: Attain files through a directory import, then the CRM ones.</summary>
    public static async Task<IReadOnlyList<ImportResult>> SeedFromDocsAsync(TestStore store)
    {
        var examples = DocExamples();
        var directory = Directory.CreateTempSubdirectory("attain-import-");
        try
        {
            foreach (var example in examples.Where(e => e.IsAttainFile))
            {
                await File.WriteAllTextAsync(Path.Combine(directory.FullName, example.FileName), example.Csv, TestContext.Current.CancellationToken);
            }

            var results = new List<ImportResult>();
            await using (var db = store.NewContext())
            {
                results.AddRange(await Importer(store, db).ImportDirectoryAsync(directory.FullName, ImportFormat.Auto, "importer", cancellationToken: TestContext.Current.CancellationToken));
            }

            foreach (var example in examples.Where(e => !e.IsAttainFile))
            {
                results.Add(await ImportAsync(store, example.Entity, example.Csv, example.FileName));
            }

            return results;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Attain.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Attain.slnx not found above the test binaries.");
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Imports", "Fixtures", name);

    [GeneratedRegex(@"<!-- import: (?:(?<entity>[a-z-]+) as )?(?<file>[\w.-]+\.csv) -->\s*```csv\n(?<csv>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
