using Attain.Application.Access;
using Attain.Application.Accounts;
using Attain.Application.Data;
using Attain.Application.Segmentation;
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
    string? OwnerName,
    IReadOnlyList<AccountSegmentResponse> Segments);

/// <summary>Account filters: owner, ISO country code and industry (both exact), and a stored segment (<c>SCHEME:SEGMENT</c>).</summary>
public sealed record AccountsQuery : ListQuery
{
    public static readonly IReadOnlyList<string> Keys = ["name", "externalId", "country", "employees"];

    public long? OwnerId { get; init; }
    public string? Country { get; init; }
    public string? Industry { get; init; }
    /// <summary><c>SCHEME:SEGMENT</c>, for example <c>size:enterprise</c>.</summary>
    public string? Segment { get; init; }

    public override IReadOnlyList<string> SortKeys => Keys;

    protected override void AddIssues(List<QueryIssue> issues) => SegmentFilter.Check(Segment, "segment", issues);
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

        if (SegmentFilter.TryParse(query.Segment, out var segment))
        {
            var ids = segment!.AccountIds(db);
            accounts = accounts.Where(a => ids.Contains(a.Id));
        }

        var (key, descending) = query.SortOrder();
        var ordered = key switch
        {
            "externalId" => accounts.OrderStable(a => a.ExternalId, descending, a => a.Id),
            "country" => accounts.OrderStable(a => a.Country, descending, a => a.Id),
            "employees" => accounts.OrderStable(a => a.Employees, descending, a => a.Id),
            _ => accounts.OrderStable(a => a.Name, descending, a => a.Id),
        };
        var page = await Project(ordered).PageAsync(query, cancellationToken);
        var segments = await AccountSegmentReads.ForAccountsAsync(db, [.. page.Items.Select(a => a.Id)], cancellationToken);
        return page with { Items = [.. page.Items.Select(a => a with { Segments = segments.GetValueOrDefault(a.Id) ?? [] })] };
    }

    public async Task<AccountResponse?> GetAsync(Scope scope, long id, CancellationToken cancellationToken = default)
    {
        var account = await Project(db.Accounts.AsNoTracking().VisibleTo(scope, a => a.OwnerId).Where(a => a.Id == id)).FirstOrDefaultAsync(cancellationToken);
        return account is null ? null : account with { Segments = (await AccountSegmentReads.ForAccountsAsync(db, [id], cancellationToken)).GetValueOrDefault(id) ?? [] };
    }

    private IQueryable<AccountResponse> Project(IQueryable<Account> accounts) =>
        accounts.Select(a => new AccountResponse(
            a.Id, a.ExternalId, a.Name, a.Industry, a.Employees, a.AnnualRevenue, a.RevenueCurrency, a.Country, a.Region, a.City,
            a.PostalCode, a.Latitude, a.Longitude, a.OwnerId,
            db.People.Where(p => p.Id == a.OwnerId).Select(p => p.FirstName + " " + p.LastName).FirstOrDefault(),
            Array.Empty<AccountSegmentResponse>()));
}
