using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attain.Application.Compensation;

/// <summary>Where a dispute is: open → in review → resolved (with an adjustment) or rejected.</summary>
public enum DisputeStatus
{
    Open,
    InReview,
    Resolved,
    Rejected,
}

/// <summary>
/// A question a participant raises about a statement line (or the statement as a whole) of a run, and its resolution.
/// </summary>
public class Dispute
{
    public long Id { get; set; }

    /// <summary>The participant whose statement it is (always the person who raised it).</summary>
    public long PersonId { get; set; }

    /// <summary>The run whose statement it questions, and its period.</summary>
    public long RunId { get; set; }

    public required string PeriodKey { get; set; }

    /// <summary>The statement line (<see cref="RunLine.Number"/>), or null for the statement as a whole.</summary>
    public int? LineNumber { get; set; }

    /// <summary>The participant's question, in their words.</summary>
    public required string Text { get; set; }

    public DisputeStatus Status { get; set; }

    /// <summary>The user name who raised it.</summary>
    public required string RaisedBy { get; set; }

    public DateTime RaisedAt { get; set; }

    /// <summary>The user name who took it into review: the office side that is notified from then on.</summary>
    public string? ReviewedBy { get; set; }

    /// <summary>When it was resolved or rejected.</summary>
    public DateTime? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    /// <summary>Why it was resolved or rejected, in plain words for the participant.</summary>
    public string? Resolution { get; set; }

    /// <summary>The adjustment a resolution created.</summary>
    public long? AdjustmentId { get; set; }
}

/// <summary>A comment on a dispute, by the participant or by the compensation office.</summary>
public class DisputeComment
{
    public long Id { get; set; }
    public long DisputeId { get; set; }

    /// <summary>The user name who wrote it.</summary>
    public required string Author { get; set; }

    /// <summary>True when written by the compensation office, false when by the participant.</summary>
    public bool ByOffice { get; set; }

    public required string Text { get; set; }
    public DateTime At { get; set; }
}

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> b)
    {
        b.HasIndex(x => new { x.PersonId, x.Status });
        b.HasIndex(x => x.PeriodKey);
        b.Property(x => x.PeriodKey).HasMaxLength(16);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.RaisedBy).HasMaxLength(256);
        b.Property(x => x.ReviewedBy).HasMaxLength(256);
        b.Property(x => x.ClosedBy).HasMaxLength(256);
        b.Property(x => x.Resolution).HasMaxLength(2000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CalculationRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DisputeCommentConfiguration : IEntityTypeConfiguration<DisputeComment>
{
    public void Configure(EntityTypeBuilder<DisputeComment> b)
    {
        b.HasIndex(x => x.DisputeId);
        b.Property(x => x.Author).HasMaxLength(256);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}
