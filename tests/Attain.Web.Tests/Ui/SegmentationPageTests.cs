using System.Net;
using Attain.Application.Accounts;
using Attain.Application.Bookings;
using Attain.Application.Organisation;
using Attain.Application.Segmentation;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Web.Tests.Ui;

/// <summary>The Segmentation page and the segment filter of the accounts page, rendered statically (the first response).</summary>
public sealed class SegmentationPageTests : IAsyncLifetime
{
    private UiHost host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    /// <summary>The rep's account has 5,000 employees and bookings of 1,200 and −200 EUR in the last 12 months; the other's has 10 and none.</summary>
    private async Task SeedAsync(long rep, long other)
    {
        await using var db = host.Store.NewContext();
        var big = new Account { ExternalId = "acc-big", Name = "Big Co", Employees = 5000, OwnerId = rep };
        var small = new Account { ExternalId = "acc-small", Name = "Small Co", Employees = 10, OwnerId = other };
        db.Accounts.AddRange(big, small);
        await db.SaveChangesAsync(Ct);
        Booking Booked(string id, decimal amount, BookingKind kind) => new()
        {
            ExternalId = id,
            Kind = kind,
            OwnerId = rep,
            AccountId = big.Id,
            Quantity = 1,
            Amount = amount,
            Currency = "EUR",
            BookingDate = new DateOnly(2026, 10, 15),
        };
        db.Bookings.AddRange(Booked("b1", 1200m, BookingKind.Order), Booked("b2", -200m, BookingKind.Cancellation));
        await db.SaveChangesAsync(Ct);

        await using var scope = host.Services.CreateAsyncScope();
        var segmentations = scope.ServiceProvider.GetRequiredService<SegmentationService>();
        var created = await segmentations.CreateAsync(new("size", "Company size", "rules", new SegmentationParameters
        {
            Segments = [new("enterprise", "Enterprise", "employees >= 1000")],
            Default = new("smb", "SMB"),
        }), Ct);
        Assert.True((await segmentations.RecomputeAsync(created.Value!.Id, Ct)).Succeeded);
    }

    [Fact]
    public async Task SegmentationPage_AdminAndRep_FiguresScopedAndEditingForAdminsOnly()
    {
        await host.AddUserAsync("chief", withPerson: false, Roles.Admin);
        var (_, rep) = await host.AddUserAsync("rep", withPerson: true, Roles.Rep);
        var (_, other) = await host.AddUserAsync("other", withPerson: true, Roles.Rep);
        await SeedAsync(rep!.Value, other!.Value);
        var admin = await host.SignInAsync("chief");
        var repClient = await host.SignInAsync("rep");

        var adminHtml = WebUtility.HtmlDecode(await admin.GetStringAsync("/segmentation", Ct));
        var repHtml = WebUtility.HtmlDecode(await repClient.GetStringAsync("/segmentation", Ct));
        var accounts = WebUtility.HtmlDecode(await admin.GetStringAsync("/accounts?segment=size:enterprise", Ct));

        Assert.Contains("data-recompute", adminHtml, StringComparison.Ordinal);
        Assert.Contains("Enterprise", adminHtml, StringComparison.Ordinal);
        Assert.Contains("1,000.00 EUR", adminHtml, StringComparison.Ordinal);
        Assert.Contains("accounts?segment=size%3Asmb", adminHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("data-recompute", repHtml, StringComparison.Ordinal);
        Assert.Contains("1,000.00 EUR", repHtml, StringComparison.Ordinal);
        Assert.Contains("Segment: size:enterprise", accounts, StringComparison.Ordinal);
    }
}
