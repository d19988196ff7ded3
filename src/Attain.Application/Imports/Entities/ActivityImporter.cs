using Attain.Application.Activities;
using Attain.Application.Imports.Csv;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportColumns;

namespace Attain.Application.Imports.Entities;

internal sealed class ActivityImporter : EntityImporter<ActivityImporter.Row>
{
    internal sealed record Row(
        string ExternalId,
        ActivityType Type,
        PersonReference Owner,
        DateTime OccurredAt,
        int? DurationMinutes,
        string? AccountExternalId,
        string? AccountName,
        string? OpportunityExternalId,
        string? ContactName,
        string? Subject,
        ActivityOutcome? Outcome);

    private static readonly Dictionary<string, ActivityType> TypeSynonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Phone"] = ActivityType.Call,
        ["Phone Call"] = ActivityType.Call,
        ["Video Call"] = ActivityType.Meeting,
        ["Event"] = ActivityType.Meeting,
        ["Web Demo"] = ActivityType.Demo,
    };

    private static readonly Dictionary<string, ActivityOutcome> OutcomeSynonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Connected"] = ActivityOutcome.Completed,
        ["Left voicemail"] = ActivityOutcome.NoAnswer,
        ["Left live message"] = ActivityOutcome.FollowUp,
        ["Busy"] = ActivityOutcome.NoAnswer,
        ["Wrong number"] = ActivityOutcome.Negative,
        ["Scheduled"] = ActivityOutcome.None,
    };

    public override ImportEntity Entity => ImportEntity.Activities;
    protected override string KeyColumn => ExternalId;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var id = row.Required(ExternalId, 100);
        var type = row.Enum(ImportColumns.Type, required: true, synonyms: TypeSynonyms);
        var owner = PersonReference.Read(row, OwnerExternalId, OwnerEmail, Owner);
        var occurred = row.Instant(OccurredAt, required: true);
        var duration = row.Int(DurationMinutes, min: 0);
        var account = row.Text(AccountExternalId, 100);
        var accountName = row.Text(AccountName, 300);
        var opportunity = row.Text(OpportunityExternalId, 100);
        var contact = row.Text(ContactName, 200);
        var subject = row.Text(Subject, 300);
        var outcome = row.Enum(Outcome, synonyms: OutcomeSynonyms);
        return id is null || type is null || occurred is null
            ? null
            : new Row(id, type.Value, owner, occurred.Value, duration, account, accountName, opportunity, contact, subject, outcome);
    }

    protected override string KeyOf(Row row) => row.ExternalId;

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var people = await session.PeopleAsync(cancellationToken);
        var accounts = await IndexAsync(db.Accounts, rows.Select(r => r.Value.AccountExternalId).OfType<string>(), x => (x.ExternalId, x.Id), cancellationToken);
        var accountsByName = new KeyIndex(StringComparer.Ordinal);
        foreach (var chunk in rows.Select(r => r.Value.AccountName).OfType<string>().Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            foreach (var account in await db.Accounts.AsNoTracking().Where(a => chunk.Contains(a.Name)).Select(a => new { a.Name, a.Id }).ToListAsync(cancellationToken))
            {
                accountsByName.Add(account.Name, account.Id);
            }
        }

        var opportunities = await IndexAsync(db.Opportunities, rows.Select(r => r.Value.OpportunityExternalId).OfType<string>(), x => (x.ExternalId, x.Id), cancellationToken);
        var existing = await LoadByKeyAsync(db.Activities, ExternalIdProperty, rows.Select(r => r.Value.ExternalId), x => x.ExternalId, cancellationToken);
        var hasAccount = session.Columns.Has(AccountExternalId) || session.Columns.Has(AccountName);
        foreach (var (row, r) in rows)
        {
            var errors = session.Errors.Count;
            var ownerId = r.Owner.Resolve(session, people, row, OwnerExternalId, OwnerEmail, Owner, required: true);
            var accountId = r.AccountExternalId is not null
                ? accounts.Resolve(session, row, AccountExternalId, r.AccountExternalId, "account with external id")
                : r.AccountName is not null ? accountsByName.Resolve(session, row, AccountName, r.AccountName, "account named") : null;
            var opportunityId = r.OpportunityExternalId is null
                ? null
                : opportunities.Resolve(session, row, OpportunityExternalId, r.OpportunityExternalId, "opportunity with external id");
            if (session.Errors.Count > errors || ownerId is null)
            {
                continue;
            }

            session.Count(session.Upsert(
                existing.GetValueOrDefault(r.ExternalId),
                () => new Activity { ExternalId = r.ExternalId },
                x =>
                {
                    x.Type = r.Type;
                    x.OwnerId = ownerId.Value;
                    x.OccurredAt = r.OccurredAt;
                    SetIfPresent(session, DurationMinutes, () => x.DurationMinutes = r.DurationMinutes ?? 0);
                    if (hasAccount)
                    {
                        x.AccountId = accountId;
                    }

                    SetIfPresent(session, OpportunityExternalId, () => x.OpportunityId = opportunityId);
                    SetIfPresent(session, ContactName, () => x.ContactName = r.ContactName);
                    SetIfPresent(session, Subject, () => x.Subject = r.Subject);
                    SetIfPresent(session, Outcome, () => x.Outcome = r.Outcome ?? ActivityOutcome.None);
                }));
        }
    }
}
