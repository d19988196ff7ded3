using Attain.Application.Currencies;
using Attain.Application.Data;
using Attain.Application.Imports.Csv;
using Attain.Application.Opportunities;
using Attain.Application.Organisation;
using Attain.Application.Products;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportColumns;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Imports.Entities;

internal sealed class CurrencyImporter : EntityImporter<CurrencyImporter.Row>
{
    internal sealed record Row(string Code, string Name, int MinorUnits);

    public override ImportEntity Entity => ImportEntity.Currencies;
    protected override string KeyColumn => Code;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var code = row.Required(Code, 3)?.ToUpperInvariant();
        if (code is not null && (code.Length != 3 || !code.All(char.IsAsciiLetterUpper)))
        {
            row.Error(Code, InvalidValue, $"'{code}' is not a three-letter ISO 4217 code.");
        }

        var name = row.Required(Name, 100);
        var minorUnits = row.Int(MinorUnits, required: true, min: 0);
        if (minorUnits > 4)
        {
            row.Error(MinorUnits, InvalidNumber, "Minor units must be between 0 and 4.");
        }

        return code is null || name is null || minorUnits is null ? null : new Row(code, name, minorUnits.Value);
    }

    protected override string KeyOf(Row row) => row.Code;

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var existing = await session.Db.Currencies.ToDictionaryAsync(c => c.Code, cancellationToken);
        foreach (var (_, r) in rows)
        {
            session.Count(session.Upsert(
                existing.GetValueOrDefault(r.Code),
                () => new CurrencyRecord { Code = r.Code, Name = r.Name },
                c =>
                {
                    c.Name = r.Name;
                    c.MinorUnits = r.MinorUnits;
                }));
        }
    }
}

internal sealed class FxRateImporter : EntityImporter<FxRateImporter.Row>
{
    internal sealed record Row(string From, string To, DateOnly Date, decimal Rate);

    /// <summary>Rates at rest keep 10 decimal places in a 64-bit count.</summary>
    private const decimal MaxRate = 922_337_203m;

    public override ImportEntity Entity => ImportEntity.FxRates;
    protected override string KeyColumn => Date;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var from = row.Currency(FromCurrency, required: true);
        var to = row.Currency(ToCurrency, required: true);
        var date = row.Date(Date, required: true);
        var rate = row.Decimal(Rate, required: true, maxDecimals: 10);
        if (rate is <= 0 or > MaxRate)
        {
            row.Error(Rate, InvalidNumber, $"A rate must be above 0 and at most {MaxRate}.");
        }

        if (from is not null && from == to)
        {
            row.Error(ToCurrency, InvalidValue, "A rate converts between two different currencies.");
        }

        return from is null || to is null || date is null || rate is null ? null : new Row(from, to, date.Value, rate.Value);
    }

    protected override string KeyOf(Row row) => $"{row.From}/{row.To}/{CsvValues.Format(row.Date)}";

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var dates = rows.Select(r => r.Value.Date).Distinct().ToList();
        var existing = new Dictionary<string, FxRate>(StringComparer.Ordinal);
        foreach (var chunk in dates.Chunk(500))
        {
            foreach (var rate in await session.Db.FxRates.Where(x => chunk.Contains(x.Date)).ToListAsync(cancellationToken))
            {
                existing[$"{rate.FromCurrency}/{rate.ToCurrency}/{CsvValues.Format(rate.Date)}"] = rate;
            }
        }

        foreach (var (_, r) in rows)
        {
            session.Count(session.Upsert(
                existing.GetValueOrDefault(KeyOf(r)),
                () => new FxRate { FromCurrency = r.From, ToCurrency = r.To, Date = r.Date },
                x => x.Rate = r.Rate));
        }
    }
}

/// <summary>
/// Reference data that is nothing but an external id and a name (regions, product families): one importer,
/// told which entity, which table and how to make and rename a record.
/// </summary>
internal sealed class NamedRecordImporter<TEntity>(
    ImportEntity entity,
    Func<AttainDbContext, IQueryable<TEntity>> set,
    Func<TEntity, string> externalIdOf,
    Func<string, string, TEntity> create,
    Action<TEntity, string> rename) : EntityImporter<NamedRecordImporter<TEntity>.Row>
    where TEntity : class
{
    internal sealed record Row(string ExternalId, string Name);

    public override ImportEntity Entity => entity;
    protected override string KeyColumn => ExternalId;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var id = row.Required(ExternalId, 100);
        var name = row.Required(Name, 200);
        return id is null || name is null ? null : new Row(id, name);
    }

    protected override string KeyOf(Row row) => row.ExternalId;

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var existing = await LoadByKeyAsync(set(session.Db), ExternalIdProperty, rows.Select(r => r.Value.ExternalId), externalIdOf, cancellationToken);
        foreach (var (_, r) in rows)
        {
            session.Count(session.Upsert(existing.GetValueOrDefault(r.ExternalId), () => create(r.ExternalId, r.Name), x => rename(x, r.Name)));
        }
    }
}

internal sealed class TeamImporter : EntityImporter<TeamImporter.Row>
{
    internal sealed record Row(string ExternalId, string Name, string? RegionExternalId, string? LeaderExternalId);

    public override ImportEntity Entity => ImportEntity.Teams;
    protected override string KeyColumn => ExternalId;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var id = row.Required(ExternalId, 100);
        var name = row.Required(Name, 200);
        return id is null || name is null
            ? null
            : new Row(id, name, row.Text(RegionExternalId, 100), row.Text(LeaderExternalId, 100));
    }

    protected override string KeyOf(Row row) => row.ExternalId;

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var regions = await IndexAsync(session.Db.Regions, rows.Select(r => r.Value.RegionExternalId).OfType<string>(), x => (x.ExternalId, x.Id), cancellationToken);
        var people = await session.PeopleAsync(cancellationToken);
        var existing = await LoadByKeyAsync(session.Db.Teams, ExternalIdProperty, rows.Select(r => r.Value.ExternalId), x => x.ExternalId, cancellationToken);
        foreach (var (row, r) in rows)
        {
            var errors = session.Errors.Count;
            var regionId = r.RegionExternalId is null ? null : regions.Resolve(session, row, RegionExternalId, r.RegionExternalId, "region");
            var team = existing.GetValueOrDefault(r.ExternalId);
            long? leaderId = null;
            var keepLeader = false;
            if (r.LeaderExternalId is not null)
            {
                if (session.DeferUnknownLeaders && !people.ByExternalId.Contains(r.LeaderExternalId))
                {
                    keepLeader = true;
                }
                else
                {
                    leaderId = people.ByExternalId.Resolve(session, row, LeaderExternalId, r.LeaderExternalId, "person with external id");
                }
            }

            if (session.Errors.Count > errors)
            {
                continue;
            }

            session.Count(session.Upsert(
                team,
                () => new Team { ExternalId = r.ExternalId, Name = r.Name },
                x =>
                {
                    x.Name = r.Name;
                    if (session.Columns.Has(RegionExternalId))
                    {
                        x.RegionId = regionId;
                    }

                    if (session.Columns.Has(LeaderExternalId) && !keepLeader)
                    {
                        x.LeaderId = leaderId;
                    }
                }));
        }
    }
}

internal sealed class ProductImporter : EntityImporter<ProductImporter.Row>
{
    internal sealed record Row(string ExternalId, string Name, string? FamilyExternalId, decimal? ListPrice, string? ListPriceCurrency);

    public override ImportEntity Entity => ImportEntity.Products;
    protected override string KeyColumn => ExternalId;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var id = row.Required(ExternalId, 100);
        var name = row.Required(Name, 200);
        var family = row.Text(FamilyExternalId, 100);
        var price = row.Decimal(ListPrice);
        var currency = row.Currency(ListPriceCurrency, required: price is not null);
        return id is null || name is null ? null : new Row(id, name, family, price, currency);
    }

    protected override string KeyOf(Row row) => row.ExternalId;

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var families = await IndexAsync(session.Db.ProductFamilies, rows.Select(r => r.Value.FamilyExternalId).OfType<string>(), x => (x.ExternalId, x.Id), cancellationToken);
        var existing = await LoadByKeyAsync(session.Db.Products, ExternalIdProperty, rows.Select(r => r.Value.ExternalId), x => x.ExternalId, cancellationToken);
        foreach (var (row, r) in rows)
        {
            long? familyId = null;
            if (r.FamilyExternalId is not null)
            {
                familyId = families.Resolve(session, row, FamilyExternalId, r.FamilyExternalId, "product family");
                if (familyId is null)
                {
                    continue;
                }
            }

            session.Count(session.Upsert(
                existing.GetValueOrDefault(r.ExternalId),
                () => new Product { ExternalId = r.ExternalId, Name = r.Name },
                x =>
                {
                    x.Name = r.Name;
                    if (session.Columns.Has(FamilyExternalId))
                    {
                        x.FamilyId = familyId;
                    }

                    if (session.Columns.Has(ListPrice))
                    {
                        x.ListPrice = r.ListPrice;
                        x.ListPriceCurrency = r.ListPriceCurrency;
                    }
                }));
        }
    }
}

internal sealed class StageImporter : EntityImporter<StageImporter.Row>
{
    internal sealed record Row(string Name, int Order, decimal Probability, bool IsClosed, bool IsWon);

    public override ImportEntity Entity => ImportEntity.Stages;
    protected override string KeyColumn => Name;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var name = row.Required(Name, 100);
        var order = row.Int(Order, required: true);
        var probability = row.Decimal(Probability, required: true);
        if (probability is < 0 or > 1)
        {
            row.Error(Probability, InvalidNumber, "A probability is between 0 and 1 (0.25 for 25 %).");
        }

        var isClosed = row.Bool(IsClosed) ?? false;
        var isWon = row.Bool(IsWon) ?? false;
        if (isWon && !isClosed)
        {
            row.Error(IsWon, InvalidValue, "A won stage must also be closed.");
        }

        return name is null || order is null || probability is null ? null : new Row(name, order.Value, probability.Value, isClosed, isWon);
    }

    protected override string KeyOf(Row row) => row.Name;

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var existing = await session.Db.Stages.ToDictionaryAsync(s => s.Name, StringComparer.Ordinal, cancellationToken);
        foreach (var (_, r) in rows)
        {
            session.Count(session.Upsert(
                existing.GetValueOrDefault(r.Name),
                () => new StageDefinition { Name = r.Name },
                x =>
                {
                    x.Order = r.Order;
                    x.Probability = r.Probability;
                    x.IsClosed = r.IsClosed;
                    x.IsWon = r.IsWon;
                }));
        }
    }
}
