using Attain.Application.Imports.Csv;
using Attain.Application.Opportunities;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportColumns;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Imports.Entities;

/// <summary>Opportunity stage history; an entry is identified by opportunity, stage and the date it was entered.</summary>
internal sealed class StageHistoryImporter : EntityImporter<StageHistoryImporter.Row>
{
    internal sealed record Row(string OpportunityExternalId, string Stage, DateOnly EnteredOn, string? FromStage);

    public override ImportEntity Entity => ImportEntity.OpportunityStageHistory;
    protected override string KeyColumn => EnteredOn;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var opportunity = row.Required(OpportunityExternalId, 100);
        var stage = row.Required(Stage, 100);
        var entered = row.Date(EnteredOn, required: true);
        var from = row.Text(FromStage, 100);
        return opportunity is null || stage is null || entered is null ? null : new Row(opportunity, stage, entered.Value, from);
    }

    protected override string KeyOf(Row row) => $"{row.OpportunityExternalId}/{row.Stage}/{CsvValues.Format(row.EnteredOn)}";

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var stages = await db.Stages.AsNoTracking().Select(s => s.Name).ToListAsync(cancellationToken);
        var stageNames = stages.ToDictionary(s => s, StringComparer.OrdinalIgnoreCase);
        var opportunities = await IndexAsync(db.Opportunities, rows.Select(r => r.Value.OpportunityExternalId), x => (x.ExternalId, x.Id), cancellationToken);
        var ids = rows.Select(r => opportunities.Find(r.Value.OpportunityExternalId)).OfType<long>().Distinct().ToList();
        var existing = new List<OpportunityStageChange>();
        foreach (var chunk in ids.Chunk(1000))
        {
            existing.AddRange(await db.OpportunityStageChanges.Where(c => chunk.Contains(c.OpportunityId)).ToListAsync(cancellationToken));
        }

        var byKey = existing
            .GroupBy(c => (c.OpportunityId, c.Stage, c.EnteredOn))
            .ToDictionary(g => g.Key, g => g.First());
        foreach (var (row, r) in rows)
        {
            var opportunityId = opportunities.Resolve(session, row, OpportunityExternalId, r.OpportunityExternalId, "opportunity with external id");
            string? stage = null;
            if (!stageNames.TryGetValue(r.Stage, out stage))
            {
                session.Error(row, Stage, UnknownReference, $"No stage '{r.Stage}'.");
            }

            if (opportunityId is null || stage is null)
            {
                continue;
            }

            session.Count(session.Upsert(
                byKey.GetValueOrDefault((opportunityId.Value, stage, r.EnteredOn)),
                () => new OpportunityStageChange { OpportunityId = opportunityId.Value, Stage = stage, EnteredOn = r.EnteredOn },
                x => SetIfPresent(session, FromStage, () => x.FromStage = r.FromStage)));
        }
    }
}
