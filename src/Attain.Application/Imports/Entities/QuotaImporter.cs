using Attain.Application.Imports.Csv;
using Attain.Application.Quotas;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportColumns;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Imports.Entities;

/// <summary>Quotas: one per person and fiscal period (a month, quarter or year key of the organisation's calendar).</summary>
internal sealed class QuotaImporter : EntityImporter<QuotaImporter.Row>
{
    internal sealed record Row(string PersonExternalId, Engine.Periods.Period Period, decimal Amount, string Currency);

    public override ImportEntity Entity => ImportEntity.Quotas;
    protected override string KeyColumn => Period;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var person = row.Required(PersonExternalId, 100);
        var key = row.Required(Period, 16);
        Engine.Periods.Period? period = null;
        if (key is not null && !session.Calendar.TryParse(key.ToUpperInvariant(), out period))
        {
            row.Error(Period, InvalidValue, $"'{key}' is not a fiscal period key: FY2026, FY2026-Q1 or FY2026-M03.");
        }

        var amount = row.Decimal(Amount, required: true);
        if (amount < 0)
        {
            row.Error(Amount, InvalidNumber, "A quota cannot be negative.");
        }

        var currency = row.Currency(Currency, required: true, fallback: session.Columns.Format == ImportFormat.Attain ? null : session.BaseCurrency);
        return person is null || period is null || amount is null || currency is null ? null : new Row(person, period, amount.Value, currency);
    }

    protected override string KeyOf(Row row) => $"{row.PersonExternalId}/{row.Period.Key}";

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var people = (await session.PeopleAsync(cancellationToken)).ByExternalId;
        var ids = rows.Select(r => people.Find(r.Value.PersonExternalId)).OfType<long>().Distinct().ToList();
        var existing = new Dictionary<(long, string), Quota>();
        foreach (var chunk in ids.Chunk(1000))
        {
            foreach (var quota in await db.Quotas.Where(q => chunk.Contains(q.PersonId)).ToListAsync(cancellationToken))
            {
                existing[(quota.PersonId, quota.Period)] = quota;
            }
        }

        foreach (var (row, r) in rows)
        {
            if (people.Resolve(session, row, PersonExternalId, r.PersonExternalId, "person with external id") is not { } personId)
            {
                continue;
            }

            session.Count(session.Upsert(
                existing.GetValueOrDefault((personId, r.Period.Key)),
                () => new Quota { PersonId = personId, Period = r.Period.Key, Currency = r.Currency },
                q =>
                {
                    q.PeriodStart = r.Period.Start;
                    q.PeriodEnd = r.Period.End;
                    q.Amount = r.Amount;
                    q.Currency = r.Currency;
                }));
        }
    }
}
