using System.Runtime.CompilerServices;
using Attain.Application.Bookings;
using Attain.Application.Imports.Csv;
using Microsoft.EntityFrameworkCore;
using static Attain.Application.Imports.ImportColumns;
using static Attain.Application.Imports.ImportErrorCodes;

namespace Attain.Application.Imports.Entities;

/// <summary>
/// Bookings. New bookings go through <see cref="Bookings.BulkLoad.BookingBulkWriter"/> (no change tracking, one
/// change-log entry for the load); existing ones are updated through tracked entities, field by field.
/// A cancellation or return names the order it reverses, in the store or in the same file.
/// </summary>
internal sealed class BookingImporter : EntityImporter<BookingImporter.Row>
{
    internal sealed record Row(
        string ExternalId,
        BookingKind Kind,
        PersonReference Owner,
        string? AccountExternalId,
        string? OpportunityExternalId,
        string? ProductExternalId,
        decimal? Quantity,
        decimal Amount,
        string Currency,
        DateOnly BookingDate,
        decimal? Margin,
        decimal? ListAmount,
        string? OriginalExternalId);

    private sealed record Resolved(int Row, Row Value, long OwnerId, long? AccountId, long? OpportunityId, long? ProductId, long? OriginalId);

    public override ImportEntity Entity => ImportEntity.Bookings;
    protected override string KeyColumn => ExternalId;

    protected override Row? Parse(RowReader row, ImportSession session)
    {
        var id = row.Required(ExternalId, 100);
        var kind = row.Enum<BookingKind>(Kind, required: true);
        var owner = PersonReference.Read(row, OwnerExternalId, OwnerEmail, Owner);
        var account = row.Text(AccountExternalId, 100);
        var opportunity = row.Text(OpportunityExternalId, 100);
        var product = row.Text(ProductExternalId, 100);
        var quantity = row.Decimal(Quantity);
        var amount = row.Decimal(Amount, required: true);
        var currency = row.Currency(Currency, required: true);
        var date = row.Date(BookingDate, required: true);
        var margin = row.Decimal(Margin);
        var listAmount = row.Decimal(ListAmount);
        var original = row.Text(OriginalBookingExternalId, 100);
        if (kind == BookingKind.Order && original is not null)
        {
            row.Error(OriginalBookingExternalId, InvalidValue, "An order does not reverse another booking; leave this empty.");
        }

        if (kind is BookingKind.Cancellation or BookingKind.Return && original is null)
        {
            row.Error(OriginalBookingExternalId, MissingRequired, $"A {kind.Value.ToString().ToLowerInvariant()} must name the order it reverses.");
        }

        if ((kind == BookingKind.Order && amount < 0) || (kind is BookingKind.Cancellation or BookingKind.Return && amount > 0))
        {
            row.Error(Amount, InvalidValue, "An order's amount is positive; a cancellation's or return's is negative.");
        }

        if (id is null || kind is null || amount is null || currency is null || date is null)
        {
            return null;
        }

        return new Row(id, kind.Value, owner, account, opportunity, product, quantity, amount.Value, currency, date.Value, margin, listAmount, original);
    }

    protected override string KeyOf(Row row) => row.ExternalId;

    protected override async Task ApplyAsync(ImportSession session, IReadOnlyList<Parsed<Row>> rows, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var people = await session.PeopleAsync(cancellationToken);
        var accounts = await IndexAsync(db.Accounts, rows.Select(r => r.Value.AccountExternalId).OfType<string>(), x => (x.ExternalId, x.Id), cancellationToken);
        var opportunities = await IndexAsync(db.Opportunities, rows.Select(r => r.Value.OpportunityExternalId).OfType<string>(), x => (x.ExternalId, x.Id), cancellationToken);
        var products = await IndexAsync(db.Products, rows.Select(r => r.Value.ProductExternalId).OfType<string>(), x => (x.ExternalId, x.Id), cancellationToken);
        var referenced = rows.Select(r => r.Value.ExternalId).Concat(rows.Select(r => r.Value.OriginalExternalId).OfType<string>());
        var stored = await LoadByKeyAsync(db.Bookings.AsNoTrackingWithIdentityResolution(), ExternalIdProperty, referenced, x => x.ExternalId, cancellationToken);

        var valid = new Dictionary<string, Resolved>(StringComparer.Ordinal);
        foreach (var (row, r) in rows)
        {
            var errors = session.Errors.Count;
            var ownerId = r.Owner.Resolve(session, people, row, OwnerExternalId, OwnerEmail, Owner, required: true);
            var accountId = r.AccountExternalId is null ? null : accounts.Resolve(session, row, AccountExternalId, r.AccountExternalId, "account with external id");
            var opportunityId = r.OpportunityExternalId is null ? null : opportunities.Resolve(session, row, OpportunityExternalId, r.OpportunityExternalId, "opportunity with external id");
            var productId = r.ProductExternalId is null ? null : products.Resolve(session, row, ProductExternalId, r.ProductExternalId, "product with external id");
            long? originalId = null;
            if (r.OriginalExternalId is not null && stored.TryGetValue(r.OriginalExternalId, out var original))
            {
                originalId = original.Id;
                if (original.Kind != BookingKind.Order)
                {
                    session.Error(row, OriginalBookingExternalId, InvalidValue, $"Booking '{r.OriginalExternalId}' is a {original.Kind}, not an order.");
                }
            }

            if (session.Errors.Count == errors && ownerId is not null)
            {
                valid[r.ExternalId] = new Resolved(row, r, ownerId.Value, accountId, opportunityId, productId, originalId);
            }
        }

        // An original that is not stored must be a valid order of this file; stored bookings may not be repointed at
        // a row that failed, so check after the first pass.
        foreach (var resolved in valid.Values.ToList())
        {
            var original = resolved.Value.OriginalExternalId;
            if (original is null || resolved.OriginalId is not null)
            {
                continue;
            }

            if (!valid.TryGetValue(original, out var target))
            {
                session.Error(resolved.Row, OriginalBookingExternalId, UnknownReference, $"No booking '{original}' (in the store or a valid row of this file).");
                valid.Remove(resolved.Value.ExternalId);
            }
            else if (target.Value.Kind != BookingKind.Order)
            {
                session.Error(resolved.Row, OriginalBookingExternalId, InvalidValue, $"Booking '{original}' is a {target.Value.Kind}, not an order.");
                valid.Remove(resolved.Value.ExternalId);
            }
        }

        var ordered = valid.Values.OrderBy(v => v.Row).ToList();
        var inserted = ordered.Where(v => !stored.ContainsKey(v.Value.ExternalId)).ToList();
        var written = new Dictionary<string, Booking>(StringComparer.Ordinal);
        var load = await session.BulkWriter.WriteAsync(db, NewBookingsAsync(inserted, written, stored, cancellationToken), $"import {session.File}", cancellationToken);
        session.Count(load.Count, 0, 0);

        var updates = ordered.Where(v => stored.ContainsKey(v.Value.ExternalId)).ToList();
        var tracked = await LoadByKeyAsync(db.Bookings, ExternalIdProperty, updates.Select(u => u.Value.ExternalId), x => x.ExternalId, cancellationToken);
        foreach (var u in updates)
        {
            var originalId = u.OriginalId ?? (u.Value.OriginalExternalId is { } o ? written[o].Id : null);
            session.Count(session.Upsert(tracked[u.Value.ExternalId], () => throw new InvalidOperationException("Bookings are inserted in bulk."), b => Assign(b, u, originalId, session)));
        }
    }

    private static async IAsyncEnumerable<Booking> NewBookingsAsync(
        List<Resolved> rows, Dictionary<string, Booking> written, Dictionary<string, Booking> stored, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Orders first, so a cancellation in the same file finds its order's id already assigned.
        foreach (var r in rows.OrderBy(r => r.Value.Kind == BookingKind.Order ? 0 : 1).ThenBy(r => r.Row))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var originalId = r.OriginalId ?? (r.Value.OriginalExternalId is { } o
                ? (written.TryGetValue(o, out var w) ? w.Id : stored[o].Id)
                : null);
            var booking = new Booking { ExternalId = r.Value.ExternalId, Currency = r.Value.Currency };
            Assign(booking, r, originalId, session: null);
            written[r.Value.ExternalId] = booking;
            yield return booking;
        }

        await Task.CompletedTask;
    }

    private static void Assign(Booking b, Resolved r, long? originalId, ImportSession? session)
    {
        bool Has(string column) => session is null || session.Columns.Has(column);
        b.Kind = r.Value.Kind;
        b.OwnerId = r.OwnerId;
        b.Amount = r.Value.Amount;
        b.Currency = r.Value.Currency;
        b.BookingDate = r.Value.BookingDate;
        b.OriginalBookingId = originalId;
        if (Has(AccountExternalId))
        {
            b.AccountId = r.AccountId;
        }

        if (Has(OpportunityExternalId))
        {
            b.OpportunityId = r.OpportunityId;
        }

        if (Has(ProductExternalId))
        {
            b.ProductId = r.ProductId;
        }

        if (Has(Quantity))
        {
            b.Quantity = r.Value.Quantity ?? 0m;
        }

        if (Has(Margin))
        {
            b.Margin = r.Value.Margin;
        }

        if (Has(ListAmount))
        {
            b.ListAmount = r.Value.ListAmount;
        }
    }
}
