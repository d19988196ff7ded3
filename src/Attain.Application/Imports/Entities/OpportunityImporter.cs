using Attain.Application.Imports.Csv;
using Attain.Application.Opportunities;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportColumns;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Imports.Entities;

/// <summary>
/// Opportunities. A changed stage appends a stage-history entry entered today; a close date moved later counts a push.
/// Status comes from won/closed flags (Salesforce), else the status column, else the stage's definition.
/// </summary>
internal sealed class OpportunityImporter : EntityImporter<OpportunityImporter.Row>
{
    internal sealed record Row(
        string ExternalId,
        string Name,
        PersonReference Owner,
        string? AccountExternalId,
        string? AccountName,
        decimal? Amount,
        string Currency,
        string Stage,
        ForecastCategory? ForecastCategory,
        DateOnly CloseDate,
        DateOnly CreatedDate,
        string? Source,
        OpportunityStatus? Status,
        bool? Won,
        bool? Closed,
        string? CloseReason);

    private static readonly Dictionary<string, ForecastCategory> ForecastSynonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Not forecasted"] = Opportunities.ForecastCategory.Omitted,
        ["Closed won"] = Opportunities.ForecastCategory.Closed,
    };

    private static readonly Dictionary<string, OpportunityStatus> StatusSynonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Closed Won"] = OpportunityStatus.Won,
        ["Closed Lost"] = OpportunityStatus.Lost,
    };

    public override ImportEntity Entity => ImportEntity.Opportunities;
    protected override string KeyColumn => ExternalId;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var id = row.Required(ExternalId, 100);
        var name = row.Required(Name, 300);
        var owner = PersonReference.Read(row, OwnerExternalId, OwnerEmail, Owner);
        var accountId = row.Text(AccountExternalId, 100);
        var accountName = row.Text(AccountName, 300);
        var amount = row.Decimal(Amount);
        var currency = row.Currency(Currency, required: true, fallback: session.Columns.Format == ImportFormat.Attain ? null : session.BaseCurrency);
        var stage = row.Required(Stage, 100);
        var forecast = row.Enum(ImportColumns.ForecastCategory, synonyms: ForecastSynonyms);
        var close = row.Date(CloseDate, required: true);
        var created = row.Date(CreatedDate, required: true);
        var source = row.Text(Source, 100);
        var status = row.Enum(Status, synonyms: StatusSynonyms);
        var won = row.Bool(Won);
        var closed = row.Bool(Closed);
        var reason = row.Text(CloseReason, 300);
        if (id is null || name is null || currency is null || stage is null || close is null || created is null)
        {
            return null;
        }

        return new Row(id, name, owner, accountId, accountName, amount, currency, stage, forecast, close.Value, created.Value,
            source, status, won, closed, reason);
    }

    protected override string KeyOf(Row row) => row.ExternalId;

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var people = await session.PeopleAsync(cancellationToken);
        var stages = await db.Stages.AsNoTracking().ToDictionaryAsync(s => s.Name, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var accountsById = await IndexAsync(db.Accounts, rows.Select(r => r.Value.AccountExternalId).OfType<string>(), x => (x.ExternalId, x.Id), cancellationToken);
        var accountsByName = new KeyIndex(StringComparer.Ordinal);
        foreach (var chunk in rows.Select(r => r.Value.AccountName).OfType<string>().Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            foreach (var account in await db.Accounts.AsNoTracking().Where(a => chunk.Contains(a.Name)).Select(a => new { a.Name, a.Id }).ToListAsync(cancellationToken))
            {
                accountsByName.Add(account.Name, account.Id);
            }
        }

        var existing = await LoadByKeyAsync(db.Opportunities, ExternalIdProperty, rows.Select(r => r.Value.ExternalId), x => x.ExternalId, cancellationToken);
        foreach (var (row, r) in rows)
        {
            var errors = session.Errors.Count;
            var ownerId = r.Owner.Resolve(session, people, row, OwnerExternalId, OwnerEmail, Owner, required: true);
            long? accountId = r.AccountExternalId is not null
                ? accountsById.Resolve(session, row, AccountExternalId, r.AccountExternalId, "account with external id")
                : r.AccountName is not null
                    ? accountsByName.Resolve(session, row, AccountName, r.AccountName, "account named")
                    : null;
            if (r.AccountExternalId is null && r.AccountName is null)
            {
                session.Error(row, session.Columns.Has(AccountExternalId) || !session.Columns.Has(AccountName) ? AccountExternalId : AccountName, MissingRequired, "A value is required.");
            }

            if (!stages.TryGetValue(r.Stage, out var stage))
            {
                session.Error(row, Stage, UnknownReference, $"No stage '{r.Stage}' (load stages.csv first).");
            }

            if (session.Errors.Count > errors || ownerId is null || accountId is null || stage is null)
            {
                continue;
            }

            var status = r.Closed is not null || r.Won is not null
                ? r.Closed == true || r.Won == true ? (r.Won == true ? OpportunityStatus.Won : OpportunityStatus.Lost) : OpportunityStatus.Open
                : r.Status ?? (stage.IsClosed ? (stage.IsWon ? OpportunityStatus.Won : OpportunityStatus.Lost) : OpportunityStatus.Open);
            var forecast = r.ForecastCategory ?? status switch
            {
                OpportunityStatus.Won => Opportunities.ForecastCategory.Closed,
                OpportunityStatus.Lost => Opportunities.ForecastCategory.Omitted,
                _ => Opportunities.ForecastCategory.Pipeline,
            };
            var opportunity = existing.GetValueOrDefault(r.ExternalId);
            var previousStage = opportunity?.Stage;
            var previousClose = opportunity?.CloseDate;
            var outcome = session.Upsert(
                opportunity,
                () => new Opportunity { ExternalId = r.ExternalId, Name = r.Name, Currency = r.Currency, Stage = stage.Name },
                x =>
                {
                    x.Name = r.Name;
                    x.OwnerId = ownerId.Value;
                    x.AccountId = accountId.Value;
                    x.Currency = r.Currency;
                    x.Stage = stage.Name;
                    x.CloseDate = r.CloseDate;
                    x.CreatedDate = r.CreatedDate;
                    x.Status = status;
                    SetIfPresent(session, Amount, () => x.Amount = r.Amount);
                    SetIfPresent(session, Source, () => x.Source = r.Source);
                    SetIfPresent(session, CloseReason, () => x.CloseReason = r.CloseReason);
                    if (session.Columns.Has(ImportColumns.ForecastCategory) || previousStage is null || previousStage != stage.Name)
                    {
                        x.ForecastCategory = forecast;
                    }

                    if (previousClose is { } before && r.CloseDate > before)
                    {
                        x.CloseDatePushCount++;
                    }
                });
            if (opportunity is not null && previousStage != stage.Name)
            {
                db.OpportunityStageChanges.Add(new OpportunityStageChange
                {
                    OpportunityId = opportunity.Id,
                    FromStage = previousStage,
                    Stage = stage.Name,
                    EnteredOn = session.Today,
                });
            }

            session.Count(outcome);
        }
    }
}
