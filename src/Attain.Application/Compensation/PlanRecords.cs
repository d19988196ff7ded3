namespace Attain.Application.Compensation;

/// <summary>Where a plan version is in its life: drafted, published for calculation, or retired.</summary>
public enum PlanStatus
{
    /// <summary>Being written: used only by what-if modelling, never by a calc run.</summary>
    Draft,

    /// <summary>Live: calc runs use the highest published version of each plan.</summary>
    Published,

    /// <summary>Replaced by a later version; kept because published runs and documents refer to it.</summary>
    Retired,
}

/// <summary>
/// One version of a plan, its JSON document (docs/plans.md) stored as written. The document's own <c>id</c> and
/// <c>version</c> equal <see cref="Key"/> and <see cref="Version"/>. A published version is never edited: a change is a
/// new version.
/// </summary>
public class PlanRecord
{
    public long Id { get; set; }

    /// <summary>The plan id of the document (<c>ae-quarterly</c>); assignments refer to it.</summary>
    public required string Key { get; set; }

    public int Version { get; set; }

    /// <summary>The name shown to people (defaults to the key).</summary>
    public required string Name { get; set; }

    /// <summary>The plan document as JSON text.</summary>
    public required string Document { get; set; }

    public PlanStatus Status { get; set; }

    /// <summary>When the version was saved (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>When it was published (UTC), or null.</summary>
    public DateTime? PublishedAt { get; set; }
}

/// <summary>
/// A plan assigned to a person, effective from a date (inclusive) to an optional date (inclusive), with the person's
/// parameters. Quotas come from <see cref="Quotas.Quota"/> rows of the person.
/// </summary>
public class PlanAssignmentRecord
{
    public long Id { get; set; }
    public long PersonId { get; set; }

    /// <summary>The assigned plan's key; the calculation uses its highest published version.</summary>
    public required string PlanKey { get; set; }

    public DateOnly EffectiveFrom { get; set; }
    public DateOnly? EffectiveTo { get; set; }

    /// <summary>The target incentive per <see cref="Basis"/> in the pay currency (null: none, quota bonuses pay 0).</summary>
    public decimal? TargetIncentive { get; set; }

    public TargetIncentiveBasis Basis { get; set; } = TargetIncentiveBasis.Year;

    /// <summary>Per-person rate overrides as JSON (<c>[{"component":"commission","rate":0.06}]</c>), or null.</summary>
    public string? RateOverrides { get; set; }
}
