using Attain.Application.Organisation;

namespace Attain.Application.Access;

/// <summary>The signed-in user a query runs for: their account, the person they are, and their roles.</summary>
public sealed record Viewer(string UserId, string UserName, long? PersonId, IReadOnlySet<string> Roles)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    public bool SeesEverything => Roles.Overlaps(Organisation.Roles.SeeEverything);

    public static Viewer System { get; } = new("system", "system", null, new HashSet<string> { Organisation.Roles.Admin });
}

/// <summary>
/// Which people's records a viewer may see: everyone (admins, comp admins, finance, sales ops),
/// a manager's reporting subtree as of today including themself, or only a rep's own.
/// </summary>
public sealed class Scope
{
    private Scope(bool everyone, IReadOnlySet<long> people)
    {
        Everyone = everyone;
        People = people;
    }

    public bool Everyone { get; }

    /// <summary>The visible people when <see cref="Everyone"/> is false.</summary>
    public IReadOnlySet<long> People { get; }

    public static Scope All { get; } = new(true, new HashSet<long>());

    public static Scope Only(IEnumerable<long> people) => new(false, people.ToHashSet());

    public bool CanSee(long? personId) => Everyone || (personId is { } id && People.Contains(id));
}
