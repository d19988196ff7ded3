using Attain.Application.Access;
using Attain.Application.Accounts;
using Attain.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Browse;

public sealed record AccountResponse(
    long Id,
    string ExternalId,
    string Name,
    string? Industry,
    int? Employees,
    decimal? AnnualRevenue,
    string? RevenueCurrency,
    string? Country,
    string? Region,
    string? City,
    string? PostalCode,
    double? Latitude,
    double? Longitude,
    long? OwnerId,
    string? OwnerName);

/// <summary>Account filters: owner, ISO country code and industry (both exact).</summary>
public sealed record AccountsQuery : ListQuery
{
    public static readonly IReadOnlyList<string> Keys = ["name", "externalId", "country", "employees"];

    public long? OwnerId { get; init; }
    public string? Country { get; init; }
    public string? Industry { get; init; }

    public override IReadOnlyList<string> SortKeys => Keys;
}

/// <summary>Accounts whose owner the viewer may see. Unowned accounts are visible only to roles that see everything.</summary>
public sealed class AccountBrowser(AttainDbContext db)
{
    public async Task<Paged<AccountResponse>> ListAsync(Scope scope, AccountsQuery query, CancellationToken cancellationToken = default)
    {
        query.EnsureValid();
        var accounts = db.Accounts.AsNoTracking().VisibleTo(scope, a => a.OwnerId)
            .Search(query.Search, a => a.Name, a => a.ExternalId, a => a.City);
        if (query.OwnerId is { } ownerId)
        {
            accounts = accounts.Where(a => a.OwnerId == ownerId);
        }

        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            var country = query.Country.Trim().ToUpperInvariant();
            accounts = accounts.Where(a => a.Country == country);
        }

        if (!string.IsNullOrWhiteSpace(query.Industry))
        {
            var industry = query.Industry.Trim();
            accounts = accounts.Where(a => a.Industry == industry);
        }

        var (key, descending) = query.SortOrder();
        var ordered = key switch
        {
            "externalId" => accounts.OrderStable(a => a.ExternalId, descending, a => a.Id),
            "country" => accounts.OrderStable(a => a.Country, descending, a => a.Id),
            "employees" => accounts.OrderStable(a => a.Employees, descending, a => a.Id),
            _ => accounts.OrderStable(a => a.Name, descending, a => a.Id),
        };
        return await Project(ordered).PageAsync(query, cancellationToken);
    }

    public Task<AccountResponse?> GetAsync(Scope scope, long id, CancellationToken cancellationToken = default) =>
        Project(db.Accounts.AsNoTracking().VisibleTo(scope, a => a.OwnerId).Where(a => a.Id == id)).FirstOrDefaultAsync(cancellationToken);

    private IQueryable<AccountResponse> Project(IQueryable<Account> accounts) =>
        accounts.Select(a => new AccountResponse(
            a.Id, a.ExternalId, a.Name, a.Industry, a.Employees, a.AnnualRevenue, a.RevenueCurrency, a.Country, a.Region, a.City,
            a.PostalCode, a.Latitude, a.Longitude, a.OwnerId,
            db.People.Where(p => p.Id == a.OwnerId).Select(p => p.FirstName + " " + p.LastName).FirstOrDefault()));
}
