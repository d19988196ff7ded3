using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attain.Application.Segmentation;

internal sealed class SegmentationConfiguration : IEntityTypeConfiguration<SegmentationScheme>
{
    public void Configure(EntityTypeBuilder<SegmentationScheme> b)
    {
        b.ToTable("Segmentations");
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Key).HasMaxLength(50);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class AccountSegmentConfiguration : IEntityTypeConfiguration<AccountSegment>
{
    public void Configure(EntityTypeBuilder<AccountSegment> b)
    {
        b.HasIndex(x => new { x.SegmentationId, x.AccountId }).IsUnique();
        b.HasIndex(x => new { x.SegmentationId, x.SegmentKey });
        b.HasIndex(x => x.AccountId);
        b.Property(x => x.SegmentKey).HasMaxLength(50);
        b.Property(x => x.SegmentName).HasMaxLength(100);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasOne<SegmentationScheme>().WithMany().HasForeignKey(x => x.SegmentationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
