using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attain.Application.Compensation;

/// <summary>A message to one user (a dispute changed, a run waits for their approval), with a link and a read flag.</summary>
public class Notification
{
    public long Id { get; set; }

    /// <summary>The recipient's user id.</summary>
    public required string UserId { get; set; }

    public required string Text { get; set; }

    /// <summary>The UI page it is about, relative to the app root (<c>compensation/disputes/12</c>).</summary>
    public required string Link { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the recipient marked it read; null while unread.</summary>
    public DateTime? ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.HasIndex(x => new { x.UserId, x.ReadAt });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Text).HasMaxLength(1000);
        b.Property(x => x.Link).HasMaxLength(500);
        b.HasOne<AttainUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
