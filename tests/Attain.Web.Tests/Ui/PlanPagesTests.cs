using System.Net;
using Attain.Application.Calendar;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Web.Tests.Ui;

/// <summary>The Plans, My plan and Estimator pages, rendered statically (the first response).</summary>
public sealed class PlanPagesTests : IAsyncLifetime
{
    private UiHost host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => host = await UiHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task PlanPages_RepAndAdmin_RepReadsTheirPlanAndEstimatorAdminSeesWhoHasNotAccepted()
    {
        await host.AddUserAsync("chief", withPerson: false, Roles.Admin);
        var (_, rep) = await host.AddUserAsync("rosa", withPerson: true, Roles.Rep);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AttainDbContext>();
            if (!await db.OrganisationSettings.AnyAsync(Ct))
            {
                db.OrganisationSettings.Add(new OrganisationSettings { Name = "Pages Ltd", BaseCurrency = "EUR", TimeZone = "UTC" });
                await db.SaveChangesAsync(Ct);
            }

            var plans = scope.ServiceProvider.GetRequiredService<PlanService>();
            await plans.CreateDraftAsync(new PlanDraftRequest(DemoPlans.AccountExecutiveDocument, "Account Executive quarterly plan", "pages"), Ct);
            await plans.PublishAsync(DemoPlans.AccountExecutive, 1, new PlanPublishRequest("pages"), Ct);
            Assert.NotNull((await plans.CreateAssignmentAsync(new PlanAssignmentRequest(rep!.Value, DemoPlans.AccountExecutive, new DateOnly(2026, 1, 1), null, 40_000m, null, null, "pages"), Ct)).Value);
        }

        var repClient = await host.SignInAsync("rosa");
        var adminClient = await host.SignInAsync("chief");

        var myPlan = WebUtility.HtmlDecode(await repClient.GetStringAsync("/compensation/my-plan", Ct));
        var estimator = WebUtility.HtmlDecode(await repClient.GetStringAsync("/compensation/estimator", Ct));
        using var plansForRep = await repClient.GetAsync(new Uri("/compensation/plans", UriKind.Relative), Ct);
        var plansForAdmin = WebUtility.HtmlDecode(await adminClient.GetStringAsync("/compensation/plans", Ct));

        Assert.Contains("Account Executive quarterly plan (version 1) for rosa Tester", myPlan, StringComparison.Ordinal);
        Assert.Contains("Worked examples", myPlan, StringComparison.Ordinal);
        Assert.Contains("data-accept", myPlan, StringComparison.Ordinal);
        Assert.Contains("data-deal-form", estimator, StringComparison.Ordinal);
        Assert.Contains("You have no open opportunities.", estimator, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, plansForRep.StatusCode);
        Assert.Contains("data-plan-version=\"ae-quarterly/1\"", plansForAdmin, StringComparison.Ordinal);
        Assert.Contains("rosa Tester", plansForAdmin, StringComparison.Ordinal);
    }
}
