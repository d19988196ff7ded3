using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Attain.Application.Compensation;
using Attain.Application.Organisation;
using Attain.Application.Tests.Browse;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Tests.Authorization;

/// <summary>
/// The matrix rows of approvals, adjustments, disputes and notifications, over <see cref="Operations"/>: a published run
/// of FY2026-M08 with one line per person, a superseded run of FY2026-M07, a pending adjustment and an open dispute per
/// rep, an approved adjustment and a resolved dispute of Ann, and a notification of the bystander. Write probes aim at
/// records whose state refuses the step, so the allowed callers get 409 and nothing changes between callers.
/// </summary>
public partial class AuthorizationMatrixTests
{
    private static readonly ConditionalWeakTable<World, Task<Operations>> OperationsOf = [];

    private sealed record Operations(long PublishedRun, long SupersededRun, Dictionary<long, long?> Adjustments, long ApprovedAdjustment,
        Dictionary<long, long?> Disputes, long AnnDispute, long ResolvedDispute, long BystanderNotification);

    private static Task<Operations> OperationsAsync(World world) => OperationsOf.GetValue(world, SeedOperationsAsync);

    private static async Task<Operations> SeedOperationsAsync(World world)
    {
        await using var db = world.App.Store.NewContext("seed");
        var at = world.App.Store.Clock.GetUtcNow().UtcDateTime;
        var old = new CalculationRun { PeriodKey = "FY2026-M07", Number = 1, Status = RunStatus.Superseded, StartedBy = "seed", StartedAt = at };
        var run = new CalculationRun { PeriodKey = "FY2026-M08", Number = 1, Status = RunStatus.Published, StartedBy = "seed", StartedAt = at };
        db.CalculationRuns.AddRange(old, run);
        await db.SaveChangesAsync(Ct);
        db.CompensationPeriods.Add(new CompensationPeriod { PeriodKey = "FY2026-M08", PublishedRunId = run.Id });
        foreach (var person in world.Org.People.Values)
        {
            db.RunLines.Add(new RunLine
            {
                RunId = run.Id,
                PersonId = person,
                Number = 1,
                Source = RunLineSource.Earning,
                Kind = "Commission",
                PlanKey = "ae",
                ComponentId = "bonus",
                PeriodKey = "FY2026-M08",
                Date = new DateOnly(2026, 10, 31),
                Rule = "rate",
                Amount = 10m,
                Currency = "EUR",
            });
        }

        var adjustments = OrgFixture.RepKeys.ToDictionary(rep => rep, rep => new Adjustment
        {
            PersonId = world.Org.People[rep],
            PeriodKey = "FY2026-M08",
            Amount = 5m,
            Currency = "EUR",
            Reason = "fixture",
            RequestedBy = "seed",
            RequestedAt = at,
        });
        var approved = new Adjustment
        {
            PersonId = world.Org.People[OrgFixture.Ann],
            PeriodKey = "FY2026-M08",
            Amount = 7m,
            Currency = "EUR",
            Reason = "approved",
            RequestedBy = "seed",
            RequestedAt = at,
            Status = AdjustmentStatus.Approved,
            DecidedBy = "seed2",
        };
        db.Adjustments.AddRange([.. adjustments.Values, approved]);
        var disputes = OrgFixture.RepKeys.ToDictionary(rep => rep, rep => new Dispute
        {
            PersonId = world.Org.People[rep],
            RunId = run.Id,
            PeriodKey = "FY2026-M08",
            LineNumber = 1,
            Text = "why?",
            RaisedBy = rep,
            RaisedAt = at,
        });
        var resolved = new Dispute
        {
            PersonId = world.Org.People[OrgFixture.Ann],
            RunId = run.Id,
            PeriodKey = "FY2026-M08",
            Text = "closed",
            RaisedBy = "ann",
            RaisedAt = at,
            Status = DisputeStatus.Resolved,
            ClosedAt = at,
        };
        db.Disputes.AddRange([.. disputes.Values, resolved]);
        var notification = new Notification { UserId = world.Bystander.UserId, Text = "for the bystander only", Link = "compensation/disputes", CreatedAt = at };
        db.Notifications.Add(notification);
        await db.SaveChangesAsync(Ct);
        return new Operations(
            run.Id, old.Id,
            adjustments.Values.Append(approved).ToDictionary(a => a.Id, a => (long?)a.PersonId), approved.Id,
            disputes.Values.Append(resolved).ToDictionary(d => d.Id, d => (long?)d.PersonId), disputes[OrgFixture.Ann].Id, resolved.Id,
            notification.Id);
    }

    private static bool IsLeader(Caller caller) => caller.Role is Roles.Admin or Roles.CompAdmin or Roles.Finance or Roles.SalesOps or Roles.Manager;

    private static HttpStatusCode Gate(Caller caller, bool allowed, HttpStatusCode whenAllowed) =>
        caller.Anonymous ? HttpStatusCode.Unauthorized : allowed ? whenAllowed : HttpStatusCode.Forbidden;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body) =>
        await client.PostAsJsonAsync(path, body ?? new { }, Ct);

    /// <summary>Expects the status, and for a 409 or 403 the problem code.</summary>
    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string? code, List<string> failures, string what)
    {
        if (!ExpectStatus(response, expected, failures, what) || code is null)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(Ct);
        if (!body.Contains($"\"code\":\"{code}\"", StringComparison.Ordinal))
        {
            failures.Add($"{what}: expected code {code} in {body}");
        }
    }

    private static async Task ApprovalChainUpdateProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.PutAsJsonAsync("/api/v1/approvals/chain", new { steps = CompensationSettings.DefaultChain }, Ct);
        ExpectStatus(response, Gate(caller, caller.Role == Roles.Admin, HttpStatusCode.OK), failures);
    }

    private static async Task RunApprovalsListProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var ops = await OperationsAsync(world);
        using var response = await client.GetAsync(new Uri("/api/v1/approvals/runs", UriKind.Relative), Ct);
        if (ExpectStatus(response, Gate(caller, IsLeader(caller), HttpStatusCode.OK), failures) && response.IsSuccessStatusCode)
        {
            // Runs are not scoped by person: a leader sees every period's published run, including those other probes
            // publish in the background meanwhile; so the seeded run must be there and every run listed must have been published.
            var runs = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray().Select(r => r.GetProperty("runId").GetInt64()).ToList();
            await using var db = world.App.Store.NewContext();
            var published = await db.CalculationRuns.Where(r => r.Status == RunStatus.Published || r.Status == RunStatus.Superseded).Select(r => r.Id).ToListAsync(Ct);
            if (!runs.Contains(ops.PublishedRun) || runs.Except(published).Any())
            {
                failures.Add($"runs: [{string.Join(",", runs)}] should hold run {ops.PublishedRun} and only published runs [{string.Join(",", published)}]");
            }
        }
    }

    private static async Task RunApprovalGetProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var ops = await OperationsAsync(world);
        using var response = await client.GetAsync(new Uri($"/api/v1/approvals/runs/{ops.PublishedRun}", UriKind.Relative), Ct);
        ExpectStatus(response, Gate(caller, IsLeader(caller), HttpStatusCode.OK), failures, "published run");
        using var missing = await client.GetAsync(new Uri("/api/v1/approvals/runs/999999", UriKind.Relative), Ct);
        ExpectStatus(missing, Gate(caller, IsLeader(caller), HttpStatusCode.NotFound), failures, "no such run");
    }

    private static async Task RunSubmitProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var ops = await OperationsAsync(world);
        using var response = await PostAsync(client, $"/api/v1/approvals/runs/{ops.SupersededRun}/submit", null);
        var allowed = caller.Role is Roles.Admin or Roles.CompAdmin;
        await ExpectAsync(response, Gate(caller, allowed, HttpStatusCode.Conflict), allowed ? "invalid_transition" : null, failures, "superseded run");
    }

    /// <summary>The published run is not submitted: a leader gets 409, a rep 403.</summary>
    private static Probe RunDecisionProbe(string verb) => async (world, caller, client, failures) =>
    {
        var ops = await OperationsAsync(world);
        using var response = await PostAsync(client, $"/api/v1/approvals/runs/{ops.PublishedRun}/{verb}", new { reason = "matrix" });
        var allowed = IsLeader(caller);
        await ExpectAsync(response, Gate(caller, allowed, HttpStatusCode.Conflict), allowed ? "invalid_transition" : null, failures, verb);
    };

    private static async Task AdjustmentListProbeAsync(World world, Caller caller, HttpClient client, List<string> failures) =>
        await ScopedListProbeAsync(world, caller, client, "/api/v1/adjustments?pageSize=200", (await OperationsAsync(world)).Adjustments, failures);

    private static async Task AdjustmentGetProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var ops = await OperationsAsync(world);
        await GetProbe("/api/v1/adjustments/{0}", _ => ops.Adjustments)(world, caller, client, failures);
    }

    private static async Task AdjustmentCreateProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await PostAsync(client, "/api/v1/adjustments", new { personId = world.Org.People[OrgFixture.Ann], periodKey = "FY2026-M11", amount = 1.5m, reason = "matrix" });
        ExpectStatus(response, Gate(caller, caller.Role is Roles.Admin or Roles.CompAdmin, HttpStatusCode.Created), failures);
    }

    /// <summary>The approved adjustment is no longer pending: admins, comp admins and finance get 409, everyone else 403.</summary>
    private static Probe AdjustmentDecisionProbe(string verb) => async (world, caller, client, failures) =>
    {
        var ops = await OperationsAsync(world);
        using var response = await PostAsync(client, $"/api/v1/adjustments/{ops.ApprovedAdjustment}/{verb}", new { reason = "matrix" });
        var allowed = caller.Role is Roles.Admin or Roles.CompAdmin or Roles.Finance;
        await ExpectAsync(response, Gate(caller, allowed, HttpStatusCode.Conflict), allowed ? "invalid_transition" : null, failures, verb);
    };

    private static async Task DisputeListProbeAsync(World world, Caller caller, HttpClient client, List<string> failures) =>
        await ScopedListProbeAsync(world, caller, client, "/api/v1/disputes?pageSize=200", (await OperationsAsync(world)).Disputes, failures);

    private static async Task DisputeGetProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var ops = await OperationsAsync(world);
        await GetProbe("/api/v1/disputes/{0}", _ => ops.Disputes)(world, caller, client, failures);
    }

    /// <summary>Anyone who is a person with a statement line raises on their own statement; a login without a person gets 400.</summary>
    private static async Task DisputeRaiseProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var ops = await OperationsAsync(world);
        using var response = await PostAsync(client, "/api/v1/disputes", new { runId = ops.PublishedRun, lineNumber = 1, text = "matrix" });
        var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : caller.PersonKey is null ? HttpStatusCode.BadRequest : HttpStatusCode.Created;
        if (ExpectStatus(response, expected, failures) && expected == HttpStatusCode.Created)
        {
            var raised = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (raised.GetProperty("personId").GetInt64() != world.Org.People[caller.PersonKey!])
            {
                failures.Add($"raised for person {raised.GetProperty("personId")}");
            }
        }
    }

    /// <summary>On Ann's dispute: Ann and the office comment; who may see it but is neither gets 403; who may not see it 404.</summary>
    private static async Task DisputeCommentProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var ops = await OperationsAsync(world);
        using var response = await PostAsync(client, $"/api/v1/disputes/{ops.AnnDispute}/comments", new { text = "matrix" });
        var ann = world.Org.People[OrgFixture.Ann];
        var expected = caller.Anonymous ? HttpStatusCode.Unauthorized
            : caller.Role is Roles.Admin or Roles.CompAdmin || caller.PersonKey == OrgFixture.Ann ? HttpStatusCode.OK
            : CanSee(world, caller, ann) ? HttpStatusCode.Forbidden
            : HttpStatusCode.NotFound;
        await ExpectAsync(response, expected, expected == HttpStatusCode.Forbidden ? "not_allowed" : null, failures, "Ann's dispute");
    }

    /// <summary>The resolved dispute takes no transition: the office gets 409, everyone else 403.</summary>
    private static Probe DisputeTransitionProbe(string verb) => async (world, caller, client, failures) =>
    {
        var ops = await OperationsAsync(world);
        using var response = await PostAsync(client, $"/api/v1/disputes/{ops.ResolvedDispute}/{verb}", new { amount = 1m, reason = "matrix" });
        var allowed = caller.Role is Roles.Admin or Roles.CompAdmin;
        await ExpectAsync(response, Gate(caller, allowed, HttpStatusCode.Conflict), allowed ? "invalid_transition" : null, failures, verb);
    };

    private static async Task DisputeSettingsUpdateProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.PutAsJsonAsync("/api/v1/disputes/settings", new { slaDays = CompensationSettings.DefaultDisputeSlaDays }, Ct);
        ExpectStatus(response, Gate(caller, caller.Role == Roles.Admin, HttpStatusCode.OK), failures);
    }

    private static async Task NotificationListProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var ops = await OperationsAsync(world);
        using var response = await client.GetAsync(new Uri("/api/v1/notifications", UriKind.Relative), Ct);
        if (ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures) && !caller.Anonymous)
        {
            var ids = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetInt64());
            if (ids.Contains(ops.BystanderNotification))
            {
                failures.Add("lists another user's notification");
            }
        }
    }

    private static async Task NotificationReadProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var ops = await OperationsAsync(world);
        using var response = await PostAsync(client, $"/api/v1/notifications/{ops.BystanderNotification}/read", null);
        ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound, failures, "another user's notification");
        await ExpectBystanderUnreadAsync(world, ops, failures);
    }

    private static async Task NotificationReadAllProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var ops = await OperationsAsync(world);
        using var response = await PostAsync(client, "/api/v1/notifications/read-all", null);
        ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures);
        await ExpectBystanderUnreadAsync(world, ops, failures);
    }

    private static async Task ExpectBystanderUnreadAsync(World world, Operations ops, List<string> failures)
    {
        await using var db = world.App.Store.NewContext();
        if (await db.Notifications.AnyAsync(n => n.Id == ops.BystanderNotification && n.ReadAt != null, Ct))
        {
            failures.Add("marked another user's notification read");
        }
    }

    /// <summary>
    /// A list that other probes may add to: every row must be visible to the caller, and every seeded row the caller may
    /// see must be there; reps get only their own.
    /// </summary>
    private static async Task ScopedListProbeAsync(World world, Caller caller, HttpClient client, string path, Dictionary<long, long?> seeded, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        if (!ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures) || caller.Anonymous)
        {
            return;
        }

        var items = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("items").EnumerateArray()
            .Select(i => (Id: i.GetProperty("id").GetInt64(), Person: i.GetProperty("personId").GetInt64())).ToList();
        var outside = items.Where(i => !CanSee(world, caller, i.Person)).ToList();
        if (outside.Count > 0)
        {
            failures.Add($"rows outside the scope: {string.Join(",", outside.Select(o => o.Id))}");
        }

        var missing = seeded.Where(s => CanSee(world, caller, s.Value) && items.All(i => i.Id != s.Key)).Select(s => s.Key).ToList();
        if (missing.Count > 0)
        {
            failures.Add($"visible rows missing: {string.Join(",", missing)}");
        }
    }
}
