using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Compensation;

/// <summary>Display names ("First Last") of people by id, for responses that name their participant.</summary>
internal static class PersonNames
{
    public static Task<Dictionary<long, string>> OfAsync(AttainDbContext db, IEnumerable<long> personIds, CancellationToken cancellationToken)
    {
        var ids = personIds.Distinct().ToList();
        return db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FirstName + " " + p.LastName, cancellationToken);
    }
}
