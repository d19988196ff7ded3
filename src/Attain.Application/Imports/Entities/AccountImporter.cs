using Attain.Application.Accounts;
using Attain.Application.Imports.Csv;
using static Attain.Application.Imports.ImportColumns;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Imports.Entities;

internal sealed class AccountImporter : EntityImporter<AccountImporter.Row>
{
    internal sealed record Row(
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
        PersonReference Owner);

    public override ImportEntity Entity => ImportEntity.Accounts;
    protected override string KeyColumn => ExternalId;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var id = row.Required(ExternalId, 100);
        var name = row.Required(Name, 300);
        var revenue = row.Decimal(AnnualRevenue);
        var currency = row.Currency(RevenueCurrency, required: revenue is not null && session.Columns.Format == ImportFormat.Attain,
            fallback: revenue is null ? null : session.BaseCurrency);
        var country = row.Text(Country, 100)?.ToUpperInvariant();
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
        {
            row.Error(Country, InvalidValue, $"'{country}' is not an ISO 3166-1 alpha-2 country code (e.g. DE, US).");
        }

        var result = new Row(
            id ?? string.Empty,
            name ?? string.Empty,
            row.Text(Industry, 100),
            row.Int(Employees, min: 0),
            revenue,
            currency,
            country,
            row.Text(Region, 100),
            row.Text(City, 100),
            row.Text(PostalCode, 20),
            row.Double(Latitude, -90, 90),
            row.Double(Longitude, -180, 180),
            PersonReference.Read(row, OwnerExternalId, OwnerEmail, Owner));
        return id is null || name is null ? null : result;
    }

    protected override string KeyOf(Row row) => row.ExternalId;

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var people = await session.PeopleAsync(cancellationToken);
        var existing = await LoadByKeyAsync(session.Db.Accounts, ExternalIdProperty, rows.Select(r => r.Value.ExternalId), x => x.ExternalId, cancellationToken);
        var hasOwner = session.Columns.Has(OwnerExternalId) || session.Columns.Has(OwnerEmail) || session.Columns.Has(Owner);
        foreach (var (row, r) in rows)
        {
            var ownerId = r.Owner.Resolve(session, people, row, OwnerExternalId, OwnerEmail, Owner, required: false);
            if (ownerId is null && !r.Owner.IsEmpty)
            {
                continue;
            }

            session.Count(session.Upsert(
                existing.GetValueOrDefault(r.ExternalId),
                () => new Account { ExternalId = r.ExternalId, Name = r.Name },
                x =>
                {
                    x.Name = r.Name;
                    SetIfPresent(session, Industry, () => x.Industry = r.Industry);
                    SetIfPresent(session, Employees, () => x.Employees = r.Employees);
                    SetIfPresent(session, AnnualRevenue, () =>
                    {
                        x.AnnualRevenue = r.AnnualRevenue;
                        x.RevenueCurrency = r.RevenueCurrency;
                    });
                    SetIfPresent(session, Country, () => x.Country = r.Country);
                    SetIfPresent(session, Region, () => x.Region = r.Region);
                    SetIfPresent(session, City, () => x.City = r.City);
                    SetIfPresent(session, PostalCode, () => x.PostalCode = r.PostalCode);
                    SetIfPresent(session, Latitude, () => x.Latitude = r.Latitude);
                    SetIfPresent(session, Longitude, () => x.Longitude = r.Longitude);
                    if (hasOwner)
                    {
                        x.OwnerId = ownerId;
                    }
                }));
        }
    }
}
