using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attain.Application.Compensation;

/// <summary>
/// A person's electronic acceptance of their plan document: which assignment and plan version, when and by which user,
/// and the SHA-256 (hex) of the document text they accepted. A new plan version needs a new acceptance.
/// </summary>
public class PlanAcceptance
{
    public long Id { get; set; }
    public long AssignmentId { get; set; }
    public long PersonId { get; set; }
    public required string PlanKey { get; set; }
    public int PlanVersion { get; set; }

    /// <summary>When it was accepted (UTC).</summary>
    public DateTime AcceptedAt { get; set; }

    /// <summary>The user name that accepted.</summary>
    public required string AcceptedBy { get; set; }

    /// <summary>SHA-256 of the document text (UTF-8), lower-case hex.</summary>
    public required string DocumentSha256 { get; set; }
}

internal sealed class PlanAcceptanceConfiguration : IEntityTypeConfiguration<PlanAcceptance>
{
    public void Configure(EntityTypeBuilder<PlanAcceptance> b)
    {
        b.HasIndex(x => new { x.AssignmentId, x.PlanVersion }).IsUnique();
        b.HasIndex(x => x.PersonId);
        b.Property(x => x.PlanKey).HasMaxLength(100);
        b.Property(x => x.AcceptedBy).HasMaxLength(256);
        b.Property(x => x.DocumentSha256).HasMaxLength(64);
        b.HasOne<PlanAssignmentRecord>().WithMany().HasForeignKey(x => x.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A section of a plan document: a heading with paragraphs, facts (label, value) or a table.</summary>
public sealed record PlanDocumentSection(
    string Heading, IReadOnlyList<string> Paragraphs, IReadOnlyList<PlanDocumentFact> Facts,
    IReadOnlyList<string> TableHeader, IReadOnlyList<IReadOnlyList<string>> TableRows);

/// <summary>A label and its value.</summary>
public sealed record PlanDocumentFact(string Label, string Value);

/// <summary>A worked example computed by the engine: a booking total in a component period and what it earns.</summary>
public sealed record PlanDocumentExample(string PeriodKey, decimal Booked, decimal? Quota, decimal? AttainmentPercent, string ComponentId, decimal Earned, string Currency)
{
    /// <summary>What the example shows: <c>commission</c>, <c>quota bonus</c>, <c>SPIFF</c>, <c>objectives</c> (MBO), <c>clawback</c>, or another component kind.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>Caps, gates or guarantees that changed the amount, or the clawback in words; null when none.</summary>
    public string? Note { get; init; }

    /// <summary>What is paid for the period after the payment stage (holds, draws), when the plan has a hold or a draw; otherwise null.</summary>
    public decimal? Payable { get; init; }

    /// <summary>For a clawback example: what the next period claws back (negative).</summary>
    public decimal? ClawedBack { get; init; }
}

/// <summary>
/// A person's plan document for one assignment, filled with their own targets, the plan's components in plain words and
/// worked examples; <see cref="Sha256"/> is the hash of <see cref="Text"/>, which an acceptance records.
/// </summary>
public sealed record PlanDocumentResponse(
    long AssignmentId, long PersonId, string PersonName, string PlanKey, int PlanVersion, string PlanName, string Title,
    IReadOnlyList<PlanDocumentSection> Sections, IReadOnlyList<PlanDocumentExample> Examples, string Text, string Sha256,
    PlanAcceptanceResponse? Acceptance);

/// <summary>An acceptance as stored; <see cref="CurrentText"/> says whether it was of the text shown now.</summary>
public sealed record PlanAcceptanceResponse(long Id, int PlanVersion, DateTime AcceptedAt, string AcceptedBy, string DocumentSha256, bool CurrentText);

/// <summary>Accepting a document: the SHA-256 of the text the person read (from the document response).</summary>
public sealed record PlanAcceptRequest(string Sha256);

/// <summary>One current assignment and whether its person has accepted the plan's published version.</summary>
public sealed record PlanAcceptanceStatus(
    long AssignmentId, long PersonId, string PersonName, string PlanKey, int? PlanVersion, DateOnly EffectiveFrom, DateOnly? EffectiveTo,
    bool Accepted, DateTime? AcceptedAt, string? AcceptedBy);
