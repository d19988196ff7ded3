using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Imports;

/// <summary>Keys to ids; a key shared by several records is ambiguous (stored as null).</summary>
internal sealed class KeyIndex(StringComparer comparer)
{
    private readonly Dictionary<string, long?> ids = new(comparer);

    public static KeyIndex From(IEnumerable<(string Key, long Id)> pairs, StringComparer comparer)
    {
        var index = new KeyIndex(comparer);
        foreach (var (key, id) in pairs)
        {
            index.Add(key, id);
        }

        return index;
    }

    public void Add(string key, long id) => ids[key] = ids.TryGetValue(key, out var existing) && existing != id ? null : id;

    public bool Contains(string key) => ids.ContainsKey(key);

    /// <summary>The id of an unambiguous key, or null.</summary>
    public long? Find(string key) => ids.GetValueOrDefault(key);

    /// <summary>Finds the id; records unknown_reference or ambiguous_reference against the row and column otherwise.</summary>
    public long? Resolve(ImportSession session, int row, string column, string key, string what)
    {
        if (!ids.TryGetValue(key, out var id))
        {
            session.Error(row, column, UnknownReference, $"No {what} '{key}'.");
            return null;
        }

        if (id is null)
        {
            session.Error(row, column, AmbiguousReference, $"More than one {what} matches '{key}'.");
        }

        return id;
    }
}

/// <summary>People by external id, by email and by full name ("First Last"), for owner columns.</summary>
internal sealed class PersonIndex
{
    private PersonIndex(KeyIndex byExternalId, KeyIndex byEmail, KeyIndex byName)
    {
        ByExternalId = byExternalId;
        ByEmail = byEmail;
        ByName = byName;
    }

    public KeyIndex ByExternalId { get; }
    public KeyIndex ByEmail { get; }
    public KeyIndex ByName { get; }

    public static async Task<PersonIndex> LoadAsync(AttainDbContext db, CancellationToken cancellationToken)
    {
        var people = await db.People.AsNoTracking()
            .Select(p => new { p.Id, p.ExternalId, p.Email, p.FirstName, p.LastName })
            .ToListAsync(cancellationToken);
        return new PersonIndex(
            KeyIndex.From(people.Select(p => (p.ExternalId, p.Id)), StringComparer.Ordinal),
            KeyIndex.From(people.Select(p => (p.Email, p.Id)), StringComparer.OrdinalIgnoreCase),
            KeyIndex.From(people.Select(p => ($"{p.FirstName} {p.LastName}", p.Id)), StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>The ways a row can name a person: external id, email, or "email or full name" (CRM owner columns).</summary>
internal sealed record PersonReference(string? ExternalId, string? Email, string? EmailOrName)
{
    public bool IsEmpty => ExternalId is null && Email is null && EmailOrName is null;

    public static PersonReference Read(Csv.RowReader row, string externalIdColumn, string? emailColumn, string? emailOrNameColumn) => new(
        row.Text(externalIdColumn, 100),
        emailColumn is null ? null : row.Text(emailColumn, 256),
        emailOrNameColumn is null ? null : row.Text(emailOrNameColumn, 256));

    /// <summary>The person's id, or null with an error recorded (or, when not required and empty, null silently).</summary>
    public long? Resolve(ImportSession session, PersonIndex people, int row, string externalIdColumn, string emailColumn, string emailOrNameColumn, bool required)
    {
        if (ExternalId is not null)
        {
            return people.ByExternalId.Resolve(session, row, externalIdColumn, ExternalId, "person with external id");
        }

        if (Email is not null)
        {
            return people.ByEmail.Resolve(session, row, emailColumn, Email, "person with email");
        }

        if (EmailOrName is not null)
        {
            return EmailOrName.Contains('@', StringComparison.Ordinal)
                ? people.ByEmail.Resolve(session, row, emailOrNameColumn, EmailOrName, "person with email")
                : people.ByName.Resolve(session, row, emailOrNameColumn, EmailOrName, "person named");
        }

        if (required)
        {
            var column = new[] { externalIdColumn, emailColumn, emailOrNameColumn }.FirstOrDefault(session.Columns.Has) ?? externalIdColumn;
            session.Error(row, column, MissingRequired, "A value is required.");
        }

        return null;
    }
}
