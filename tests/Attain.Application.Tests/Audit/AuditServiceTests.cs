using System.Text;
using Attain.Application.Audit;
using Attain.Application.Bookings;
using Attain.Application.Bookings.BulkLoad;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.ChangeLog;
using Attain.Application.Data;
using Attain.Application.Exports;
using Attain.Application.Imports;
using Attain.Application.Organisation;
using Attain.Application.Segmentation;
using Attain.Application.Tests.Imports;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Tests.Audit;

/// <summary>
/// The audit trail's reader over the real change log, and the proof that representative write paths — a service save,
/// an import, a bulk load — each leave entries with the right actor, reason and before/after. (Identity role changes and
/// token creation: IdentityChangeLogTests and the web AuditEndpointsTests.)
/// </summary>
public class AuditServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Person NewPerson(string externalId) => new()
    {
        ExternalId = externalId,
        FirstName = "Ada",
        LastName = "Lovelace",
        Email = $"{externalId}@example.com",
        PayCurrency = "EUR",
        HireDate = new DateOnly(2025, 3, 1),
    };

    private static async Task<Paged<AuditEntryResponse>> ListAsync(TestStore store, AuditQuery query)
    {
        await using var db = store.NewContext();
        return await new AuditService(db).ListAsync(query, Ct);
    }

    /// <summary>
    /// 09:00 alice inserts P1 ("hired"); 10:00 bob gives P1 a title ("promotion"); 11:00 bob inserts P2 and deletes it
    /// ("mistake").
    /// </summary>
    private static async Task<(long P1, long P2)> SeedAsync(TestStore store)
    {
        long p1;
        long p2;
        await using (var db = store.NewContext("alice"))
        {
            db.ChangeContext.Reason = "hired";
            var person = NewPerson("P1");
            db.People.Add(person);
            await db.SaveChangesAsync(Ct);
            p1 = person.Id;
        }

        store.Clock.Advance(TimeSpan.FromHours(1));
        await using (var db = store.NewContext("bob"))
        {
            db.ChangeContext.Reason = "Promotion after Q3";
            (await db.People.SingleAsync(p => p.Id == p1, Ct)).Title = "Account Executive";
            await db.SaveChangesAsync(Ct);
        }

        store.Clock.Advance(TimeSpan.FromHours(1));
        await using (var db = store.NewContext("bob"))
        {
            db.ChangeContext.Reason = "mistake";
            var person = NewPerson("P2");
            db.People.Add(person);
            await db.SaveChangesAsync(Ct);
            p2 = person.Id;
            db.People.Remove(person);
            await db.SaveChangesAsync(Ct);
        }

        return (p1, p2);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ListAsync_NoFilter_NewestFirstWithFieldByFieldChanges(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var (p1, p2) = await SeedAsync(store);

        var page = await ListAsync(store, new AuditQuery());

        Assert.Equal(4, page.Total);
        Assert.Equal(
            [(ChangeOperation.Delete, p2), (ChangeOperation.Insert, p2), (ChangeOperation.Update, p1), (ChangeOperation.Insert, p1)],
            page.Items.Select(e => (e.Operation, long.Parse(e.EntityKey, System.Globalization.CultureInfo.InvariantCulture))));
        var update = page.Items[2];
        Assert.Equal(("bob", "Promotion after Q3"), (update.Actor, update.Reason));
        Assert.Equal([new AuditFieldChange("Title", null, "Account Executive")], update.Changes);
        Assert.Contains(new AuditFieldChange("ExternalId", null, "P1"), page.Items[3].Changes);
        Assert.Contains(new AuditFieldChange("ExternalId", "P2", null), page.Items[0].Changes);
        Assert.Equal(store.Clock.GetUtcNow().UtcDateTime.AddHours(-2), page.Items[3].OccurredAt);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ListAsync_EachFilter_KeepsOnlyMatchingEntries(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var (p1, _) = await SeedAsync(store);
        var nine = new DateTime(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);

        var byActor = await ListAsync(store, new AuditQuery { Actor = "alice" });
        var byKey = await ListAsync(store, new AuditQuery { Entity = "Person", EntityKey = p1.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var byOperation = await ListAsync(store, new AuditQuery { Operation = ChangeOperation.Delete });
        var byWindow = await ListAsync(store, new AuditQuery { From = nine.AddHours(1), To = nine.AddHours(1) });
        var byReason = await ListAsync(store, new AuditQuery { Reason = "PROMOTION" });
        var bySearch = await ListAsync(store, new AuditQuery { Search = "mistake" });
        var oldestFirst = await ListAsync(store, new AuditQuery { Sort = "occurredAt", PageSize = 1, Page = 2 });
        var none = await ListAsync(store, new AuditQuery { Entity = "Booking" });

        Assert.Equal([ChangeOperation.Insert], byActor.Items.Select(e => e.Operation));
        Assert.Equal([ChangeOperation.Update, ChangeOperation.Insert], byKey.Items.Select(e => e.Operation));
        Assert.Equal("mistake", Assert.Single(byOperation.Items).Reason);
        Assert.Equal(ChangeOperation.Update, Assert.Single(byWindow.Items).Operation);
        Assert.Equal("bob", Assert.Single(byReason.Items).Actor);
        Assert.Equal(2, bySearch.Total);
        Assert.Equal((4, ChangeOperation.Update), (oldestFirst.Total, Assert.Single(oldestFirst.Items).Operation));
        Assert.Equal(0, none.Total);
    }

    [Fact]
    public void Validate_InvertedWindowAndLongReason_NamesEachParameter()
    {
        var query = new AuditQuery { From = new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc), To = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), Reason = new string('x', 201) };

        var issues = query.Validate();

        Assert.Equal([("range.inverted", "from"), ("reason.too_long", "reason")], issues.Select(i => (i.Code, i.Path)));
    }

    [Fact]
    public void Diff_UpdateAndRedactedSecret_SideBySideInWrittenOrder()
    {
        var diff = AuditService.Diff("""{"Title":null,"PasswordHash":"[redacted]"}""", """{"Title":"AE","PasswordHash":"[redacted]","Quota":1200.5}""");

        Assert.Equal(
            [new("Title", null, "AE"), new("PasswordHash", "[redacted]", "[redacted]"), new AuditFieldChange("Quota", null, "1200.5")],
            diff);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task WritePaths_ServiceSaveAndImport_LeaveEntriesWithActorReasonAndBeforeAfter(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using (var db = store.NewContext("sam"))
        {
            var service = new SegmentationService(db, new OrganisationTime(db, store.Clock), store.Clock);
            var created = await service.CreateAsync(new SegmentationRequest("size", "Company size", "rules", new SegmentationParameters
            {
                Segments = [new("enterprise", "Enterprise", "employees >= 1000")],
                Default = new("smb", "SMB"),
            }), Ct);
            Assert.True(created.Succeeded);
        }

        await ImportTestKit.ImportAsync(store, ImportEntity.Accounts, "external_id,name,country\nA-1,Acme GmbH,DE\n", "accounts-nov.csv", actor: "olga");
        await ImportTestKit.ImportAsync(store, ImportEntity.Accounts, "external_id,name,country\nA-1,Acme AG,DE\n", "accounts-dec.csv", actor: "olga");

        var scheme = await ListAsync(store, new AuditQuery { Entity = nameof(SegmentationScheme) });
        var accounts = await ListAsync(store, new AuditQuery { Entity = "Account", Actor = "olga" });

        var insert = Assert.Single(scheme.Items);
        Assert.Equal(("sam", ChangeOperation.Insert), (insert.Actor, insert.Operation));
        Assert.Contains(insert.Changes, c => c.Field == "Key" && c.After == "size");
        Assert.Equal([ChangeOperation.Update, ChangeOperation.Insert], accounts.Items.Select(e => e.Operation));
        Assert.Equal(["import accounts-dec.csv", "import accounts-nov.csv"], accounts.Items.Select(e => e.Reason));
        Assert.Contains(new AuditFieldChange("Name", "Acme GmbH", "Acme AG"), accounts.Items[0].Changes);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task WritePaths_BulkLoad_OneEntryFoundByAnyLoadedRowsKey(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        long owner;
        await using (var db = store.NewContext())
        {
            var person = NewPerson("P1");
            db.People.Add(person);
            await db.SaveChangesAsync(Ct);
            owner = person.Id;
        }

        var rows = Enumerable.Range(1, 50).Select(i => new Booking
        {
            ExternalId = $"B{i}",
            Kind = BookingKind.Order,
            OwnerId = owner,
            Quantity = 1,
            Amount = i,
            Currency = "EUR",
            BookingDate = new DateOnly(2026, 11, 1),
        }).ToList();
        await using (var db = store.NewContext("loader"))
        {
            await new BookingBulkWriter(store.Clock).WriteAsync(db, rows, "bookings-nov.csv", Ct);
        }

        var middle = rows[25].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var found = await ListAsync(store, new AuditQuery { Entity = nameof(Booking), EntityKey = middle });
        var notFound = await ListAsync(store, new AuditQuery { Entity = nameof(Booking), EntityKey = (rows[^1].Id + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var entry = Assert.Single(found.Items);
        Assert.Equal((ChangeOperation.BulkInsert, "loader", "bookings-nov.csv"), (entry.Operation, entry.Actor, entry.Reason));
        Assert.Equal($"{rows[0].Id}..{rows[^1].Id}", entry.EntityKey);
        Assert.Contains(new AuditFieldChange("count", null, "50"), entry.Changes);
        Assert.Equal(0, notFound.Total);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task ExportAsync_Csv_HeaderThenMatchingEntriesWithReadableChanges(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);
        using var stream = new MemoryStream();

        await using (var db = store.NewContext())
        {
            await new AuditService(db).ExportAsync(new AuditQuery { Operation = ChangeOperation.Update }, ExportFormat.Csv, stream, Ct);
        }

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', AuditService.ExportColumns), lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains(",bob,Person,", lines[1], StringComparison.Ordinal);
        Assert.Contains("Title: ∅ → Account Executive", lines[1], StringComparison.Ordinal);
    }
}
