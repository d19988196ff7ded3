using System.Net;
using System.Text.Json;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Attain.Testing.Stores;
using Attain.Web.Tests.Support;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Tests.Api;

/// <summary>Periods, pay changes, payroll and accruals over HTTP on the demo company.</summary>
public class PeriodsEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task PeriodClose_RunCloseRecalculatePayroll_EachStepAnswersAndRepsSeeOnlyTheirOwnPayChanges()
    {
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, Ct);

        await using var app = await TestApp.StartAsync(store);
        long rep, other;
        await using (var db = store.NewContext())
        {
            var reps = await db.PlanAssignments.Where(a => a.PlanKey == DemoPlans.AccountExecutive).OrderBy(a => a.PersonId).Select(a => a.PersonId).Take(2).ToListAsync(Ct);
            (rep, other) = (reps[0], reps[1]);
        }

        var compAdmin = await app.CreateUserAsync("carla", null, Roles.CompAdmin);
        var finance = await app.CreateUserAsync("fin", null, Roles.Finance);
        var repUser = await app.CreateUserAsync("rep", rep, Roles.Rep);
        using var comp = app.Client((await app.IssueTokenAsync(compAdmin.Id)).Secret);
        using var fin = app.Client((await app.IssueTokenAsync(finance.Id)).Secret);
        using var own = app.Client((await app.IssueTokenAsync(repUser.Id)).Secret);

        var unpublished = await SendAsync(comp, HttpMethod.Post, "/api/v1/periods/FY2027-M09/close");
        var run = await SendAsync(comp, HttpMethod.Post, "/api/v1/periods/FY2027-M09/recalculate?reason=first%20run");
        var repCloses = await SendAsync(own, HttpMethod.Post, "/api/v1/periods/FY2027-M09/close");
        var close = await SendAsync(fin, HttpMethod.Post, "/api/v1/periods/FY2027-M09/close?reason=month%20end");
        var closeAgain = await SendAsync(fin, HttpMethod.Post, "/api/v1/periods/FY2027-M09/close");
        var list = await SendAsync(own, HttpMethod.Get, "/api/v1/periods");
        var recalculation = await SendAsync(comp, HttpMethod.Post, "/api/v1/periods/FY2027-M09/recalculate");
        var notApproved = await SendAsync(fin, HttpMethod.Get, "/api/v1/payroll/FY2027-M09.csv");
        await using (var db = store.NewContext())
        {
            var published = await db.CompensationPeriods.Where(p => p.PeriodKey == "FY2027-M09").Select(p => p.PublishedRunId).SingleAsync(Ct);
            await db.CalculationRuns.Where(r => r.Id == published).ExecuteUpdateAsync(u => u.SetProperty(r => r.ApprovalStatus, ApprovalStatus.Approved), Ct);
        }

        var payroll = await SendAsync(fin, HttpMethod.Get, "/api/v1/payroll/FY2027-M09.csv?payDate=2026-11-20");
        var repPayroll = await SendAsync(own, HttpMethod.Get, "/api/v1/payroll/FY2027-M09.csv");
        using var xlsx = await fin.GetAsync(new Uri("/api/v1/accruals/FY2027-M09?format=xlsx", UriKind.Relative), Ct);
        var badFormat = await SendAsync(fin, HttpMethod.Get, "/api/v1/accruals/FY2027-M09?format=pdf");
        var mine = await SendAsync(own, HttpMethod.Get, "/api/v1/pay-changes?from=FY2027-M08&to=FY2027-M09");
        var theirs = await SendAsync(own, HttpMethod.Get, $"/api/v1/pay-changes?participant={other}&from=FY2027-M08&to=FY2027-M09");
        var badPeriod = await SendAsync(own, HttpMethod.Get, "/api/v1/pay-changes?from=M8&to=FY2027-M09");

        Assert.Equal(HttpStatusCode.Conflict, unpublished.Status);
        Assert.Contains("period_not_published", unpublished.Body, StringComparison.Ordinal);
        Assert.True(run.Status == HttpStatusCode.OK, run.Body);
        Assert.Equal("Published", JsonDocument.Parse(run.Body).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, repCloses.Status);
        Assert.True(close.Status == HttpStatusCode.OK, close.Body);
        Assert.Equal("Closed", JsonDocument.Parse(close.Body).RootElement.GetProperty("state").GetString());
        Assert.Contains("period_closed", closeAgain.Body, StringComparison.Ordinal);
        Assert.Contains(JsonDocument.Parse(list.Body).RootElement.EnumerateArray(), p => p.GetProperty("periodKey").GetString() == "FY2027-M09" && p.GetProperty("state").GetString() == "Closed");
        var staged = JsonDocument.Parse(recalculation.Body).RootElement;
        Assert.Equal("Staged", staged.GetProperty("status").GetString());
        Assert.Equal(0, staged.GetProperty("adjustments").GetArrayLength());
        Assert.Equal("FY2027-M10", staged.GetProperty("carriedInto").GetString());
        Assert.Contains("run_not_approved", notApproved.Body, StringComparison.Ordinal);
        Assert.True(payroll.Status == HttpStatusCode.OK, payroll.Body);
        Assert.StartsWith("employee_id,person_id,name,period,pay_date,component,amount,currency,cost_centre", payroll.Body, StringComparison.Ordinal);
        Assert.Contains(",2026-11-20,commission,", payroll.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, repPayroll.Status);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using (var workbook = new XLWorkbook(await xlsx.Content.ReadAsStreamAsync(Ct)))
        {
            Assert.Equal("cost_centre", workbook.Worksheet("accruals").Cell(1, 2).GetString());
        }

        Assert.Contains("unknown_format", badFormat.Body, StringComparison.Ordinal);
        Assert.True(mine.Status == HttpStatusCode.OK, mine.Body);
        Assert.Equal(rep, JsonDocument.Parse(mine.Body).RootElement.GetProperty("personId").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, theirs.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.Status);
        Assert.Contains("unknown_period", badPeriod.Body, StringComparison.Ordinal);
    }
}
