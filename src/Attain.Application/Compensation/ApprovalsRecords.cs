using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attain.Application.Compensation;

/// <summary>
/// The organisation's settings for compensation operations (one row, id 1): the approval chain a published run goes
/// through and the dispute SLA. Read with defaults when the row does not exist yet.
/// </summary>
public class CompensationSettings
{
    /// <summary>The default chain: manager, then comp-admin, then finance.</summary>
    public static readonly IReadOnlyList<string> DefaultChain = [Roles.Manager, Roles.CompAdmin, Roles.Finance];

    public const int DefaultDisputeSlaDays = 10;

    public int Id { get; set; } = 1;

    /// <summary>The approval chain: roles separated by commas, in order (<c>manager,comp-admin,finance</c>).</summary>
    public required string ApprovalChain { get; set; }

    /// <summary>Days a dispute may stay open or in review before it is overdue.</summary>
    public int DisputeSlaDays { get; set; } = DefaultDisputeSlaDays;
}

/// <summary>What a step of the approval history records.</summary>
public enum ApprovalAction
{
    /// <summary>The run was submitted into the chain (step 0 is waited for next).</summary>
    Submitted,

    /// <summary>A step was approved.</summary>
    Approved,

    /// <summary>A step was rejected: the run is returned with the reason.</summary>
    Rejected,
}

/// <summary>
/// One entry of a run's approval history: who submitted, approved or rejected which step, when and why. Append-only.
/// A submission stores the chain in force (<see cref="Chain"/>), so a later change to the chain never changes the
/// steps of a run already submitted.
/// </summary>
public class ApprovalDecision
{
    public long Id { get; set; }
    public long RunId { get; set; }

    /// <summary>The step (from 0) approved or rejected; 0 for a submission.</summary>
    public int Step { get; set; }

    /// <summary>The role of the step; null for a submission.</summary>
    public string? Role { get; set; }

    public ApprovalAction Action { get; set; }

    /// <summary>The user name who acted.</summary>
    public required string Actor { get; set; }

    public DateTime At { get; set; }
    public string? Reason { get; set; }

    /// <summary>For a submission: the chain it goes through, roles separated by commas.</summary>
    public string? Chain { get; set; }
}

internal sealed class CompensationSettingsConfiguration : IEntityTypeConfiguration<CompensationSettings>
{
    public void Configure(EntityTypeBuilder<CompensationSettings> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.ApprovalChain).HasMaxLength(500);
    }
}

internal sealed class ApprovalDecisionConfiguration : IEntityTypeConfiguration<ApprovalDecision>
{
    public void Configure(EntityTypeBuilder<ApprovalDecision> b)
    {
        b.HasIndex(x => x.RunId);
        b.Property(x => x.Role).HasMaxLength(32);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.Chain).HasMaxLength(500);
        b.Property(x => x.Action).HasConversion<string>().HasMaxLength(16);
        b.HasOne<CalculationRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
