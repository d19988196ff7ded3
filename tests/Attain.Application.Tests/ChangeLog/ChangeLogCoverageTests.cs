using System.Text.RegularExpressions;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Tests.Imports;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.ChangeLog;

/// <summary>
/// Proof that no change path skips the change log. Every entity type in the EF model must be decided: recorded
/// (listed in <see cref="Recorded"/>) or excluded with a reason (<see cref="ChangeLogRules.Excluded"/>). Every code
/// path that writes without change tracking (ExecuteDelete/ExecuteUpdate, raw SQL, COPY) must be listed in
/// <see cref="UntrackedWriters"/> with how it keeps the log whole.
/// </summary>
public partial class ChangeLogCoverageTests
{
    /// <summary>
    /// The entity types whose every tracked change is written to the log (by the generic recorder). Adding an entity
    /// type means adding it here or to <see cref="ChangeLogRules.Excluded"/> with a reason.
    /// </summary>
    private static readonly HashSet<string> Recorded =
    [
        "OrganisationSettings", "Person", "ReportingLine", "Region", "Team", "TeamMembership",
        "CurrencyRecord", "FxRate", "Account", "ProductFamily", "Product", "StageDefinition",
        "Opportunity", "OpportunityStageChange", "Activity", "Booking", "Quota", "SegmentationScheme",
        "PlanRecord", "PlanAssignmentRecord", "CalculationRun", "CompensationPeriod", "Adjustment",
        "CompensationSettings", "ApprovalDecision", "Dispute", "DisputeComment", "PlanAcceptance",
        "ApiToken", "AttainUser", "IdentityRole", "IdentityUserRole`1", "IdentityUserClaim`1", "IdentityUserLogin`1",
        "IdentityUserToken`1", "IdentityRoleClaim`1",
    ];

    /// <summary>Source files that write without change tracking, and how each keeps the log whole.</summary>
    private static readonly Dictionary<string, string> UntrackedWriters = new(StringComparer.Ordinal)
    {
        ["src/Attain.Application/Bookings/BulkLoad/BookingBulkWriter.cs"] = "writes one BulkInsert entry per load in the load's transaction (ADR 0002).",
        ["src/Attain.Application/Segmentation/SegmentationService.cs"] = "ExecuteDelete only on AccountSegments, which are excluded as derived data.",
        ["src/Attain.Application/Compensation/CalculationRunService.cs"] = "ExecuteUpdate writes only a running run's progress (phase, counts, heartbeat; status changes go through SaveChanges); ExecuteDelete removes a failed run's result rows, which are excluded run results (ADR 0014).",
        ["src/Attain.Application/Compensation/CompensationInputs.cs"] = "a data reader that only reads bookings; it writes nothing.",
        ["src/Attain.Application/Data/BulkTable.cs"] = "the bulk writer; its callers (BookingBulkWriter, RunResultWriter) write one BulkInsert entry per load in the same transaction.",
        ["src/Attain.Application/Compensation/NotificationsService.cs"] = "ExecuteDelete only prunes expired Notifications, which are excluded as the recipient's own messages.",
        ["src/Attain.Application/Demo/DemoCompanyLoader.cs"] = "raw SQL only moves PostgreSQL id sequences past loaded rows; no row changes.",
    };

    [Fact]
    public void Model_EveryEntityType_IsRecordedOrExcludedWithAReason()
    {
        using var db = new AttainDbContext(new DbContextOptionsBuilder<AttainDbContext>().UseSqlite("Data Source=:memory:").Options);

        var types = db.Model.GetEntityTypes().Select(t => t.ClrType).Distinct().ToList();

        var undecided = types.Where(t => !Recorded.Contains(t.Name) && !ChangeLogRules.Excluded.ContainsKey(t)).Select(t => t.Name).ToList();
        Assert.True(undecided.Count == 0, $"Entity types with no change-log decision: {string.Join(", ", undecided)}. "
            + "Add each to Recorded in this test, or to ChangeLogRules.Excluded with the reason it need not be audited.");
        Assert.DoesNotContain(types, t => Recorded.Contains(t.Name) && !ChangeLogRules.IsRecorded(t));
        Assert.All(ChangeLogRules.Excluded, e => Assert.True(e.Value.Length > 20, $"{e.Key.Name} needs a real reason."));
        Assert.DoesNotContain(Recorded, name => types.All(t => t.Name != name));
    }

    [Fact]
    public void Model_EveryRecordedType_HasAPrimaryKeyForEntityKey()
    {
        using var db = new AttainDbContext(new DbContextOptionsBuilder<AttainDbContext>().UseSqlite("Data Source=:memory:").Options);

        var keyless = db.Model.GetEntityTypes().Where(t => ChangeLogRules.IsRecorded(t.ClrType) && t.FindPrimaryKey() is null).Select(t => t.Name);

        Assert.Empty(keyless);
    }

    [Fact]
    public void Sources_WritesWithoutChangeTracking_OnlyInListedFiles()
    {
        var root = ImportTestKit.RepositoryRoot();
        var sources = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)
                && !f.StartsWith("src/Attain.Migrations.", StringComparison.Ordinal));

        var writers = sources.Where(f => UntrackedWrite().IsMatch(File.ReadAllText(Path.Combine(root, f)))).Order(StringComparer.Ordinal).ToList();

        var unlisted = writers.Where(f => !UntrackedWriters.ContainsKey(f)).ToList();
        Assert.True(unlisted.Count == 0, $"Files writing without change tracking, so skipping the change log: {string.Join(", ", unlisted)}. "
            + "Write through SaveChanges, or write a ChangeLogEntry in the same transaction and list the file in UntrackedWriters.");
        Assert.Contains("src/Attain.Application/Bookings/BulkLoad/BookingBulkWriter.cs", writers);
    }

    [GeneratedRegex(@"\b(ExecuteDelete|ExecuteUpdate|ExecuteSql|BeginBinaryImport|BeginTextImport|BeginRawBinaryCopy|CreateCommand)\w*\(")]
    private static partial Regex UntrackedWrite();
}
