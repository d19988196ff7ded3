using Attain.Application.Data;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attain.Application.Compensation;

internal sealed class PlanRecordConfiguration : IEntityTypeConfiguration<PlanRecord>
{
    public void Configure(EntityTypeBuilder<PlanRecord> b)
    {
        b.ToTable("Plans");
        b.HasIndex(x => new { x.Key, x.Version }).IsUnique();
        b.Property(x => x.Key).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class PlanAssignmentRecordConfiguration : IEntityTypeConfiguration<PlanAssignmentRecord>
{
    public void Configure(EntityTypeBuilder<PlanAssignmentRecord> b)
    {
        b.ToTable("PlanAssignments");
        b.HasIndex(x => new { x.PersonId, x.EffectiveFrom });
        b.HasIndex(x => x.PlanKey);
        b.Property(x => x.PlanKey).HasMaxLength(100);
        b.Property(x => x.Basis).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CalculationRunConfiguration : IEntityTypeConfiguration<CalculationRun>
{
    public void Configure(EntityTypeBuilder<CalculationRun> b)
    {
        b.HasIndex(x => new { x.PeriodKey, x.Number }).IsUnique();

        // At most one active run per period, enforced by the store (docs/compensation.md): a second start fails here
        // even when two starts race. The filter's SQL is the same on SQLite and PostgreSQL.
        b.HasIndex(x => x.PeriodKey).IsUnique().HasFilter("\"Status\" = 'Running'").HasDatabaseName("IX_CalculationRuns_PeriodKey_Running");
        b.Property(x => x.PeriodKey).HasMaxLength(16);
        b.Property(x => x.Phase).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.StartedBy).HasMaxLength(256);
        b.Property(x => x.Checksum).HasMaxLength(64);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ApprovalStatus).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class CompensationPeriodConfiguration : IEntityTypeConfiguration<CompensationPeriod>
{
    public void Configure(EntityTypeBuilder<CompensationPeriod> b)
    {
        b.HasKey(x => x.PeriodKey);
        b.Property(x => x.PeriodKey).HasMaxLength(16);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ClosedBy).HasMaxLength(256);
        b.HasOne<CalculationRun>().WithMany().HasForeignKey(x => x.PublishedRunId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RunLineConfiguration : IEntityTypeConfiguration<RunLine>
{
    public void Configure(EntityTypeBuilder<RunLine> b)
    {
        b.HasKey(x => new { x.RunId, x.PersonId, x.Number });
        foreach (var exact in new[] { nameof(RunLine.CreditValue), nameof(RunLine.MeasureBefore), nameof(RunLine.MeasureAfter), nameof(RunLine.Quota), nameof(RunLine.AttainmentPercent), nameof(RunLine.Rate), nameof(RunLine.Base) })
        {
            b.Property(exact).HasConversion<ExactDecimalConverter>().HasMaxLength(40);
        }

        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.PlanKey).HasMaxLength(100);
        b.Property(x => x.ComponentId).HasMaxLength(100);
        b.Property(x => x.PeriodKey).HasMaxLength(16);
        b.Property(x => x.Currency).HasMaxLength(3);
    }
}

internal sealed class RunMeasureConfiguration : IEntityTypeConfiguration<RunMeasure>
{
    public void Configure(EntityTypeBuilder<RunMeasure> b)
    {
        b.HasIndex(x => new { x.RunId, x.PersonId });
        foreach (var exact in new[] { nameof(RunMeasure.ProrationFactor), nameof(RunMeasure.Value), nameof(RunMeasure.Quota), nameof(RunMeasure.TargetIncentive), nameof(RunMeasure.AttainmentPercent) })
        {
            b.Property(exact).HasConversion<ExactDecimalConverter>().HasMaxLength(40);
        }

        b.Property(x => x.PlanKey).HasMaxLength(100);
        b.Property(x => x.ComponentId).HasMaxLength(100);
        b.Property(x => x.PeriodKey).HasMaxLength(16);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.HasOne<CalculationRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RunPayoutConfiguration : IEntityTypeConfiguration<RunPayout>
{
    public void Configure(EntityTypeBuilder<RunPayout> b)
    {
        b.HasIndex(x => new { x.RunId, x.PersonId, x.PlanKey }).IsUnique();
        b.Property(x => x.PlanKey).HasMaxLength(100);
        b.Property(x => x.PeriodKey).HasMaxLength(16);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.HasOne<CalculationRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AdjustmentConfiguration : IEntityTypeConfiguration<Adjustment>
{
    public void Configure(EntityTypeBuilder<Adjustment> b)
    {
        b.HasIndex(x => new { x.PeriodKey, x.PersonId });
        b.Property(x => x.PeriodKey).HasMaxLength(16);
        b.Property(x => x.SourcePeriodKey).HasMaxLength(16);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.ComponentId).HasMaxLength(100);
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.DecisionReason).HasMaxLength(2000);
        b.Property(x => x.RequestedBy).HasMaxLength(256);
        b.Property(x => x.DecidedBy).HasMaxLength(256);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
