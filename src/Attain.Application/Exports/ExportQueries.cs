using Attain.Application.Access;
using Attain.Application.Data;
using Attain.Application.Imports;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Exports;

/// <summary>One query per entity, writing references as external ids, in Attain's import column order.</summary>
internal sealed class ExportQueries(AttainDbContext db, Scope scope)
{
    public async Task<ExportTable> ReadAsync(ImportEntity entity, CancellationToken ct)
    {
        var rows = entity switch
        {
            ImportEntity.Currencies => await CurrenciesAsync(ct),
            ImportEntity.FxRates => await FxRatesAsync(ct),
            ImportEntity.Regions => await RegionsAsync(ct),
            ImportEntity.Teams => await TeamsAsync(ct),
            ImportEntity.People => await PeopleAsync(ct),
            ImportEntity.ProductFamilies => await ProductFamiliesAsync(ct),
            ImportEntity.Products => await ProductsAsync(ct),
            ImportEntity.Stages => await StagesAsync(ct),
            ImportEntity.Accounts => await AccountsAsync(ct),
            ImportEntity.Opportunities => await OpportunitiesAsync(ct),
            ImportEntity.OpportunityStageHistory => await StageHistoryAsync(ct),
            ImportEntity.Activities => await ActivitiesAsync(ct),
            ImportEntity.Bookings => await BookingsAsync(ct),
            ImportEntity.Quotas => await QuotasAsync(ct),
            _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, null),
        };
        var columns = ImportColumns.For(entity).Select(c => c.Name).ToList();
        if (entity == ImportEntity.Accounts)
        {
            await AddSegmentColumnsAsync(columns, rows, ct);
        }

        return new ExportTable(entity, columns, rows);
    }

    /// <summary>
    /// One column <c>segment.SCHEME</c> per segmentation (by key) holding each account's stored segment key. Imports
    /// ignore these columns: segments are computed, never imported.
    /// </summary>
    private async Task AddSegmentColumnsAsync(List<string> columns, List<object?[]> rows, CancellationToken ct)
    {
        var schemes = await db.Segmentations.AsNoTracking().OrderBy(s => s.Key).Select(s => new { s.Id, s.Key }).ToListAsync(ct);
        if (schemes.Count == 0)
        {
            return;
        }

        var byExternalId = await db.AccountSegments.AsNoTracking()
            .Join(db.Accounts, s => s.AccountId, a => a.Id, (s, a) => new { a.ExternalId, s.SegmentationId, s.SegmentKey })
            .ToListAsync(ct);
        var lookup = byExternalId.ToDictionary(r => (r.ExternalId, r.SegmentationId), r => r.SegmentKey);
        columns.AddRange(schemes.Select(s => "segment." + s.Key));
        for (var i = 0; i < rows.Count; i++)
        {
            var externalId = (string)rows[i][0]!;
            rows[i] = [.. rows[i], .. schemes.Select(s => (object?)lookup.GetValueOrDefault((externalId, s.Id)))];
        }
    }

    private async Task<List<object?[]>> CurrenciesAsync(CancellationToken ct) =>
        (await db.Currencies.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct))
        .Select(c => new object?[] { c.Code, c.Name, c.MinorUnits }).ToList();

    private async Task<List<object?[]>> FxRatesAsync(CancellationToken ct) =>
        (await db.FxRates.AsNoTracking().OrderBy(r => r.FromCurrency).ThenBy(r => r.ToCurrency).ThenBy(r => r.Date).ToListAsync(ct))
        .Select(r => new object?[] { r.FromCurrency, r.ToCurrency, r.Date, r.Rate }).ToList();

    private async Task<List<object?[]>> RegionsAsync(CancellationToken ct) =>
        (await db.Regions.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct))
        .Select(r => new object?[] { r.ExternalId, r.Name }).ToList();

    private async Task<List<object?[]>> TeamsAsync(CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.ExternalId, ct);
        var people = await PeopleIdsAsync(ct);
        return (await db.Teams.AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct))
            .Select(t => new object?[] { t.ExternalId, t.Name, Ref(regions, t.RegionId), Ref(people, t.LeaderId) }).ToList();
    }

    private async Task<List<object?[]>> PeopleAsync(CancellationToken ct)
    {
        var ids = await PeopleIdsAsync(ct);
        var teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.ExternalId, ct);
        var people = await db.People.AsNoTracking().VisibleTo(scope, p => p.Id).OrderBy(p => p.Id).ToListAsync(ct);
        var lines = (await db.ReportingLines.AsNoTracking().Where(l => l.ManagerId != null).ToListAsync(ct))
            .GroupBy(l => l.PersonId).ToDictionary(g => g.Key, g => g.MaxBy(l => l.EffectiveFrom)!);
        var memberships = (await db.TeamMemberships.AsNoTracking().ToListAsync(ct))
            .GroupBy(m => m.PersonId).ToDictionary(g => g.Key, g => g.MaxBy(m => m.EffectiveFrom)!);
        return people.Select(p =>
        {
            var line = lines.GetValueOrDefault(p.Id);
            var membership = memberships.GetValueOrDefault(p.Id);
            return new object?[]
            {
                p.ExternalId, p.FirstName, p.LastName, p.Email, p.EmployeeNumber, p.Title, p.HireDate, p.TerminationDate,
                p.PayCurrency, p.CostCentre, Ref(ids, line?.ManagerId), line?.EffectiveFrom,
                membership is null ? null : teams[membership.TeamId], membership?.EffectiveFrom,
            };
        }).ToList();
    }

    private async Task<List<object?[]>> ProductFamiliesAsync(CancellationToken ct) =>
        (await db.ProductFamilies.AsNoTracking().OrderBy(f => f.Id).ToListAsync(ct))
        .Select(f => new object?[] { f.ExternalId, f.Name }).ToList();

    private async Task<List<object?[]>> ProductsAsync(CancellationToken ct)
    {
        var families = await db.ProductFamilies.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.ExternalId, ct);
        return (await db.Products.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct))
            .Select(p => new object?[] { p.ExternalId, p.Name, Ref(families, p.FamilyId), p.ListPrice, p.ListPriceCurrency }).ToList();
    }

    private async Task<List<object?[]>> StagesAsync(CancellationToken ct) =>
        (await db.Stages.AsNoTracking().OrderBy(s => s.Order).ThenBy(s => s.Name).ToListAsync(ct))
        .Select(s => new object?[] { s.Name, s.Order, s.Probability, s.IsClosed, s.IsWon }).ToList();

    private async Task<List<object?[]>> AccountsAsync(CancellationToken ct)
    {
        var people = await PeopleIdsAsync(ct);
        return (await db.Accounts.AsNoTracking().VisibleTo(scope, a => a.OwnerId).OrderBy(a => a.Id).ToListAsync(ct))
            .Select(a => new object?[]
            {
                a.ExternalId, a.Name, a.Industry, a.Employees, a.AnnualRevenue, a.RevenueCurrency, a.Country, a.Region, a.City,
                a.PostalCode, a.Latitude, a.Longitude, Ref(people, a.OwnerId),
            }).ToList();
    }

    private async Task<List<object?[]>> OpportunitiesAsync(CancellationToken ct)
    {
        var people = await PeopleIdsAsync(ct);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.ExternalId, ct);
        return (await db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId).OrderBy(o => o.Id).ToListAsync(ct))
            .Select(o => new object?[]
            {
                o.ExternalId, o.Name, people[o.OwnerId], accounts[o.AccountId], o.Amount, o.Currency, o.Stage, o.ForecastCategory,
                o.CloseDate, o.CreatedDate, o.Source, o.Status, o.CloseReason,
            }).ToList();
    }

    private async Task<List<object?[]>> StageHistoryAsync(CancellationToken ct)
    {
        var opportunities = db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId);
        var changes = await (
                from c in db.OpportunityStageChanges.AsNoTracking()
                join o in opportunities on c.OpportunityId equals o.Id
                orderby c.OpportunityId, c.EnteredOn, c.Id
                select new { o.ExternalId, c.Stage, c.EnteredOn, c.FromStage })
            .ToListAsync(ct);
        return changes.Select(c => new object?[] { c.ExternalId, c.Stage, c.EnteredOn, c.FromStage }).ToList();
    }

    private async Task<List<object?[]>> ActivitiesAsync(CancellationToken ct)
    {
        var people = await PeopleIdsAsync(ct);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.ExternalId, ct);
        var opportunities = await db.Opportunities.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.ExternalId, ct);
        return (await db.Activities.AsNoTracking().VisibleTo(scope, a => a.OwnerId).OrderBy(a => a.Id).ToListAsync(ct))
            .Select(a => new object?[]
            {
                a.ExternalId, a.Type, people[a.OwnerId], a.OccurredAt, a.DurationMinutes, Ref(accounts, a.AccountId),
                Ref(opportunities, a.OpportunityId), a.ContactName, a.Subject, a.Outcome,
            }).ToList();
    }

    private async Task<List<object?[]>> BookingsAsync(CancellationToken ct)
    {
        var people = await PeopleIdsAsync(ct);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.ExternalId, ct);
        var opportunities = await db.Opportunities.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.ExternalId, ct);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.ExternalId, ct);
        var bookings = await db.Bookings.AsNoTracking().VisibleTo(scope, b => b.OwnerId).OrderBy(b => b.Id).ToListAsync(ct);
        var originalIds = bookings.Select(b => b.OriginalBookingId).OfType<long>().Distinct().ToList();
        var originals = new Dictionary<long, string>();
        foreach (var chunk in originalIds.Chunk(1000))
        {
            foreach (var o in await db.Bookings.AsNoTracking().Where(b => chunk.Contains(b.Id)).Select(b => new { b.Id, b.ExternalId }).ToListAsync(ct))
            {
                originals[o.Id] = o.ExternalId;
            }
        }

        return bookings.Select(b => new object?[]
        {
            b.ExternalId, b.Kind, people[b.OwnerId], Ref(accounts, b.AccountId), Ref(opportunities, b.OpportunityId),
            Ref(products, b.ProductId), b.Quantity, b.Amount, b.Currency, b.BookingDate, b.Margin, b.ListAmount,
            Ref(originals, b.OriginalBookingId),
        }).ToList();
    }

    private async Task<List<object?[]>> QuotasAsync(CancellationToken ct)
    {
        var people = await PeopleIdsAsync(ct);
        return (await db.Quotas.AsNoTracking().VisibleTo(scope, q => q.PersonId).OrderBy(q => q.PersonId).ThenBy(q => q.PeriodStart).ThenBy(q => q.Period).ToListAsync(ct))
            .Select(q => new object?[] { people[q.PersonId], q.Period, q.Amount, q.Currency }).ToList();
    }

    private Task<Dictionary<long, string>> PeopleIdsAsync(CancellationToken ct) =>
        db.People.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.ExternalId, ct);

    private static string? Ref(Dictionary<long, string> ids, long? id) => id is { } key ? ids[key] : null;
}
