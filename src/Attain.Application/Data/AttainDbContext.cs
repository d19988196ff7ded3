using Attain.Application.Accounts;
using Attain.Application.Activities;
using Attain.Application.Bookings;
using Attain.Application.Calendar;
using Attain.Application.ChangeLog;
using Attain.Application.Compensation;
using Attain.Application.Currencies;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Application.Products;
using Attain.Application.Quotas;
using Attain.Application.Segmentation;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Data;

/// <summary>
/// The one DbContext. Every save writes the change log in the same transaction (see <see cref="ChangeRecorder"/>).
/// </summary>
public class AttainDbContext(DbContextOptions<AttainDbContext> options, ChangeContext? changeContext = null, TimeProvider? clock = null)
    : IdentityDbContext<AttainUser>(options)
{
    private readonly ChangeContext changeContext = changeContext ?? new ChangeContext();
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public DbSet<OrganisationSettings> OrganisationSettings => Set<OrganisationSettings>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<ReportingLine> ReportingLines => Set<ReportingLine>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<CurrencyRecord> Currencies => Set<CurrencyRecord>();
    public DbSet<FxRate> FxRates => Set<FxRate>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ProductFamily> ProductFamilies => Set<ProductFamily>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<StageDefinition> Stages => Set<StageDefinition>();
    public DbSet<Opportunity> Opportunities => Set<Opportunity>();
    public DbSet<OpportunityStageChange> OpportunityStageChanges => Set<OpportunityStageChange>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<Booking> Bookings => Set<Booking>();
    public DbSet<Quota> Quotas => Set<Quota>();
    public DbSet<ChangeLogEntry> ChangeLog => Set<ChangeLogEntry>();
    public DbSet<SegmentationScheme> Segmentations => Set<SegmentationScheme>();
    public DbSet<AccountSegment> AccountSegments => Set<AccountSegment>();
    public DbSet<PlanRecord> Plans => Set<PlanRecord>();
    public DbSet<PlanAssignmentRecord> PlanAssignments => Set<PlanAssignmentRecord>();
    public DbSet<CalculationRun> CalculationRuns => Set<CalculationRun>();
    public DbSet<CompensationPeriod> CompensationPeriods => Set<CompensationPeriod>();
    public DbSet<RunLine> RunLines => Set<RunLine>();
    public DbSet<RunMeasure> RunMeasures => Set<RunMeasure>();
    public DbSet<RunPayout> RunPayouts => Set<RunPayout>();
    public DbSet<Adjustment> Adjustments => Set<Adjustment>();
    public DbSet<CompensationSettings> CompensationSettings => Set<CompensationSettings>();
    public DbSet<ApprovalDecision> ApprovalDecisions => Set<ApprovalDecision>();
    public DbSet<Dispute> Disputes => Set<Dispute>();
    public DbSet<DisputeComment> DisputeComments => Set<DisputeComment>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<PlanAcceptance> PlanAcceptances => Set<PlanAcceptance>();

    /// <summary>The actor and reason recorded with every change saved through this context.</summary>
    public ChangeContext ChangeContext => changeContext;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HaveConversion<StorageDecimalConverter>();
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<OpportunityStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ForecastCategory>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ActivityType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ActivityOutcome>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<BookingKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ChangeOperation>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AttainDbContext).Assembly);
    }

    /// <summary>The synchronous twin of <see cref="SaveChangesAsync(bool, CancellationToken)"/> (no sync-over-async, which can deadlock under a synchronization context).</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        ChangeTracker.DetectChanges();
        var recorder = ChangeRecorder.Capture(ChangeTracker);
        if (recorder.IsEmpty)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        using var ownTransaction = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        var count = base.SaveChanges(acceptAllChangesOnSuccess);
        ChangeLog.AddRange(recorder.Complete(changeContext, clock.GetUtcNow().UtcDateTime));
        base.SaveChanges(acceptAllChangesOnSuccess);
        ownTransaction?.Commit();
        return count;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var recorder = ChangeRecorder.Capture(ChangeTracker);
        if (recorder.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            ChangeLog.AddRange(recorder.Complete(changeContext, clock.GetUtcNow().UtcDateTime));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return count;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }
}
