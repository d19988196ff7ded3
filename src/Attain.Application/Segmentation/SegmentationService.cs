using System.Globalization;
using System.Text.Json;
using Attain.Application.Access;
using Attain.Application.Browse;
using Attain.Application.Calendar;
using Attain.Application.Data;
using Attain.Engine.Monetary;
using Attain.Engine.Segmentation;
using Microsoft.EntityFrameworkCore;
using AppOpportunityStatus = Attain.Application.Opportunities.OpportunityStatus;
using EngineFxRate = Attain.Engine.Monetary.FxRate;

namespace Attain.Application.Segmentation;

/// <summary>
/// Segmentation schemes: saved and validated here, computed by the engine (Attain.Engine.Segmentation) over every
/// account's profile, and stored as one <see cref="AccountSegment"/> per account and scheme (docs/segmentation.md).
/// </summary>
public sealed class SegmentationService(AttainDbContext db, OrganisationTime time, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<SegmentationResponse>> ListAsync(CancellationToken cancellationToken = default)
    {
        var schemes = await db.Segmentations.AsNoTracking().OrderBy(s => s.Key).ToListAsync(cancellationToken);
        var segments = await SegmentsByScheme(null, cancellationToken);
        return [.. schemes.Select(s => Respond(s, segments.GetValueOrDefault(s.Id) ?? []))];
    }

    public async Task<SegmentationResponse?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var scheme = await db.Segmentations.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return scheme is null ? null : Respond(scheme, (await SegmentsByScheme(id, cancellationToken)).GetValueOrDefault(id) ?? []);
    }

    /// <summary>Creates a scheme (not yet computed), or names every problem with the request.</summary>
    public async Task<SegmentationOutcome<SegmentationResponse>> CreateAsync(SegmentationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var issues = Validate(request, out var kind);
        if (issues.Count == 0 && await db.Segmentations.AnyAsync(s => s.Key == request.Key, cancellationToken))
        {
            issues.Add(new("key.taken", "key", $"A segmentation with key '{request.Key}' exists already."));
        }

        if (issues.Count > 0)
        {
            return new(null, issues);
        }

        var scheme = new SegmentationScheme { Key = request.Key!, Name = request.Name!.Trim(), Kind = kind, Parameters = JsonSerializer.Serialize(request.Parameters, Json) };
        db.Segmentations.Add(scheme);
        await db.SaveChangesAsync(cancellationToken);
        return new(Respond(scheme, []), []);
    }

    /// <summary>
    /// Replaces a scheme's name, kind and parameters (the key stays; a different key in the request is an issue). The
    /// stored assignments stay until the next recomputation.
    /// </summary>
    public async Task<SegmentationOutcome<SegmentationResponse>> UpdateAsync(long id, SegmentationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scheme = await db.Segmentations.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (scheme is null)
        {
            return new(null, [], NotFound: true);
        }

        var issues = Validate(request with { Key = request.Key ?? scheme.Key }, out var kind);
        if (request.Key is { } key && key != scheme.Key)
        {
            issues.Add(new("key.immutable", "key", $"The key of a segmentation cannot change ('{scheme.Key}')."));
        }

        if (issues.Count > 0)
        {
            return new(null, issues);
        }

        scheme.Name = request.Name!.Trim();
        scheme.Kind = kind;
        scheme.Parameters = JsonSerializer.Serialize(request.Parameters, Json);
        await db.SaveChangesAsync(cancellationToken);
        return new(Respond(scheme, (await SegmentsByScheme(id, cancellationToken)).GetValueOrDefault(id) ?? []), []);
    }

    /// <summary>
    /// Computes the scheme over every account (whoever asks: segments belong to the account, not the viewer) and
    /// replaces its stored assignments in one transaction.
    /// </summary>
    public async Task<SegmentationOutcome<RecomputeResponse>> RecomputeAsync(long id, CancellationToken cancellationToken = default)
    {
        var scheme = await db.Segmentations.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (scheme is null)
        {
            return new(null, [], NotFound: true);
        }

        var profiles = await ProfilesAsync(db, Scope.All, await time.TodayAsync(cancellationToken), cancellationToken);
        var result = Run(scheme.Kind, Parameters(scheme), profiles.Profiles.Values);
        if (!result.Succeeded)
        {
            return new(null, [.. result.Issues.Select(i => new QueryIssue(i.Code, "parameters." + i.Path, i.Message))]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var names = result.Segments.ToDictionary(s => s.Key, s => s.Name, StringComparer.Ordinal);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.AccountSegments.Where(s => s.SegmentationId == id).ExecuteDeleteAsync(cancellationToken);
        db.AccountSegments.AddRange(result.Assignments.Select(a => new AccountSegment
        {
            SegmentationId = id,
            AccountId = long.Parse(a.AccountId, CultureInfo.InvariantCulture),
            SegmentKey = a.SegmentKey,
            SegmentName = names[a.SegmentKey],
            Reason = a.Reason.Length > 500 ? a.Reason[..500] : a.Reason,
            ComputedAt = now,
        }));
        scheme.ComputedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        var counts = result.Assignments.GroupBy(a => a.SegmentKey).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new(new RecomputeResponse(scheme.Key, now, result.Assignments.Count, [.. result.Segments.Select(s => new SegmentCountResponse(s.Key, s.Name, counts.GetValueOrDefault(s.Key)))]), []);
    }

    /// <summary>Each segment's size, net bookings of the last 12 months, weighted pipeline and win rate over the accounts, bookings and opportunities the viewer may see.</summary>
    public async Task<SegmentationSummaryResponse?> SummaryAsync(Scope scope, long id, CancellationToken cancellationToken = default)
    {
        var scheme = await db.Segmentations.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (scheme is null)
        {
            return null;
        }

        var profiles = await ProfilesAsync(db, scope, await time.TodayAsync(cancellationToken), cancellationToken);
        var assigned = await db.AccountSegments.AsNoTracking().Where(s => s.SegmentationId == id)
            .Select(s => new { s.AccountId, s.SegmentKey })
            .ToListAsync(cancellationToken);
        var segments = (await SegmentsByScheme(id, cancellationToken)).GetValueOrDefault(id) ?? [];
        var members = assigned
            .Where(a => profiles.Profiles.ContainsKey(a.AccountId))
            .ToLookup(a => a.SegmentKey, a => profiles.Profiles[a.AccountId], StringComparer.Ordinal);
        return new SegmentationSummaryResponse(scheme.Key, scheme.Name, profiles.Currency, profiles.AsOf, [.. segments.Select(s =>
        {
            var accounts = members[s.Key].ToList();
            var won = accounts.Sum(a => a.WonOpportunities);
            var closed = won + accounts.Sum(a => a.LostOpportunities);
            return new SegmentSummaryResponse(
                s.Key, s.Name, accounts.Count, accounts.Sum(a => a.Bookings12Months), accounts.Sum(a => a.WeightedPipeline), won, closed,
                closed == 0 ? null : (decimal)won / closed);
        })]);
    }

    /// <summary>The segments of each of <paramref name="accountIds"/>, one per scheme, ordered by scheme key.</summary>
    public Task<Dictionary<long, IReadOnlyList<AccountSegmentResponse>>> SegmentsOfAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken = default) =>
        AccountSegmentReads.ForAccountsAsync(db, accountIds, cancellationToken);

    /// <summary>
    /// The booking attributes plan and credit rules read (docs/plans.md, "Segments in rules"): for each account,
    /// <c>segment.SCHEME</c> = the segment key, for every scheme it has been computed in.
    /// </summary>
    public Task<Dictionary<long, IReadOnlyDictionary<string, string>>> RuleAttributesAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken = default) =>
        RuleAttributesAsync(db, accountIds, cancellationToken);

    /// <inheritdoc cref="RuleAttributesAsync(IReadOnlyCollection{long}, CancellationToken)"/>
    internal static async Task<Dictionary<long, IReadOnlyDictionary<string, string>>> RuleAttributesAsync(AttainDbContext db, IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken) =>
        (await AccountSegmentReads.ForAccountsAsync(db, accountIds, cancellationToken)).ToDictionary(
            p => p.Key,
            p => (IReadOnlyDictionary<string, string>)p.Value.ToDictionary(s => "segment." + s.Segmentation, s => s.Segment, StringComparer.Ordinal));

    /// <summary>
    /// Adds schemes already computed as of <paramref name="today"/> (the demo company's load): each scheme and its
    /// assignments, with <paramref name="computedAt"/>. Returns the number of schemes added; throws on an invalid one.
    /// </summary>
    internal static async Task<int> AddComputedAsync(
        AttainDbContext db, IReadOnlyList<SegmentationRequest> requests, DateOnly today, DateTime computedAt, CancellationToken cancellationToken)
    {
        var profiles = await ProfilesAsync(db, Scope.All, today, cancellationToken);
        foreach (var request in requests)
        {
            var issues = Validate(request, out var kind);
            var result = Run(kind, request.Parameters ?? new SegmentationParameters(), profiles.Profiles.Values);
            if (issues.Count > 0 || !result.Succeeded)
            {
                throw new InvalidOperationException($"Segmentation '{request.Key}' is invalid: {string.Join("; ", issues.Select(i => i.Message).Concat(result.Issues.Select(i => i.Message)))}");
            }

            var scheme = new SegmentationScheme { Key = request.Key!, Name = request.Name!, Kind = kind, Parameters = JsonSerializer.Serialize(request.Parameters, Json), ComputedAt = computedAt };
            db.Segmentations.Add(scheme);
            await db.SaveChangesAsync(cancellationToken);
            var names = result.Segments.ToDictionary(s => s.Key, s => s.Name, StringComparer.Ordinal);
            db.AccountSegments.AddRange(result.Assignments.Select(a => new AccountSegment
            {
                SegmentationId = scheme.Id,
                AccountId = long.Parse(a.AccountId, CultureInfo.InvariantCulture),
                SegmentKey = a.SegmentKey,
                SegmentName = names[a.SegmentKey],
                Reason = a.Reason.Length > 500 ? a.Reason[..500] : a.Reason,
                ComputedAt = computedAt,
            }));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return requests.Count;
    }

    internal static SegmentationResult Run(SegmentationKind kind, SegmentationParameters parameters, IEnumerable<AccountProfile> accounts) => kind switch
    {
        SegmentationKind.Rules => RuleSegmentation.Assign(ToScheme(parameters), accounts),
        SegmentationKind.KMeans => KMeansSegmentation.Assign(new KMeansOptions(parameters.K ?? 0, parameters.Seed ?? 1), accounts),
        _ => AbcClassification.Assign(ToThresholds(parameters), accounts),
    };

    private static RuleScheme ToScheme(SegmentationParameters p) =>
        new(
            [.. (p.Segments ?? []).Select(s => new SegmentRule(s.Key ?? string.Empty, s.Name ?? string.Empty, s.Condition ?? string.Empty))],
            new Segment(p.Default?.Key ?? string.Empty, p.Default?.Name ?? string.Empty));

    private static AbcThresholds ToThresholds(SegmentationParameters p) =>
        new(p.Thresholds?.A ?? AbcThresholds.Default.A, p.Thresholds?.B ?? AbcThresholds.Default.B);

    private static List<QueryIssue> Validate(SegmentationRequest request, out SegmentationKind kind)
    {
        var issues = new List<QueryIssue>();
        if (!SegmentKeys.IsValid(request.Key))
        {
            issues.Add(new("key.invalid", "key", $"key must be 1–{SegmentKeys.MaxLength} lower-case letters, digits, '-' or '_'."));
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            issues.Add(new("name.invalid", "name", "name is required, at most 100 characters."));
        }

        if (!TryParseKind(request.Kind, out kind))
        {
            issues.Add(new("kind.unknown", "kind", "kind must be rules, kmeans or abc."));
            return issues;
        }

        var p = request.Parameters ?? new SegmentationParameters();
        void NotFor(bool present, string path)
        {
            if (present)
            {
                issues.Add(new("parameter.not_applicable", "parameters." + path, $"{path} does not apply to kind {request.Kind}."));
            }
        }

        NotFor(kind != SegmentationKind.Rules && (p.Segments is not null || p.Default is not null), p.Segments is not null ? "segments" : "default");
        NotFor(kind != SegmentationKind.KMeans && (p.K is not null || p.Seed is not null), p.K is not null ? "k" : "seed");
        NotFor(kind != SegmentationKind.Abc && p.Thresholds is not null, "thresholds");
        var engineIssues = kind switch
        {
            SegmentationKind.Rules => RuleSegmentation.Validate(ToScheme(p)),
            SegmentationKind.KMeans => KMeansSegmentation.Validate(new KMeansOptions(p.K ?? 0, p.Seed ?? 1)),
            _ => AbcClassification.Validate(ToThresholds(p)),
        };
        issues.AddRange(engineIssues.Select(i => new QueryIssue(i.Code, "parameters." + i.Path, i.Message)));
        return issues;
    }

    public static bool TryParseKind(string? raw, out SegmentationKind kind)
    {
        kind = (raw ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "rules" => SegmentationKind.Rules,
            "kmeans" or "k-means" => SegmentationKind.KMeans,
            "abc" => SegmentationKind.Abc,
            _ => (SegmentationKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    public static string KindName(SegmentationKind kind) => kind switch
    {
        SegmentationKind.Rules => "rules",
        SegmentationKind.KMeans => "kmeans",
        _ => "abc",
    };

    private static SegmentationParameters Parameters(SegmentationScheme scheme) =>
        JsonSerializer.Deserialize<SegmentationParameters>(scheme.Parameters, Json) ?? new SegmentationParameters();

    private static SegmentationResponse Respond(SegmentationScheme scheme, IReadOnlyList<SegmentResponse> segments) =>
        new(scheme.Id, scheme.Key, scheme.Name, KindName(scheme.Kind), Parameters(scheme), scheme.ComputedAt, segments);

    /// <summary>The segments of each scheme that has assignments, in the engine's order (rules as written then the default, A–C, cluster-1 upwards).</summary>
    private async Task<Dictionary<long, IReadOnlyList<SegmentResponse>>> SegmentsByScheme(long? id, CancellationToken cancellationToken)
    {
        var schemes = await db.Segmentations.AsNoTracking().Where(s => id == null || s.Id == id).ToListAsync(cancellationToken);
        var rows = await db.AccountSegments.AsNoTracking().Where(s => id == null || s.SegmentationId == id)
            .Select(s => new { s.SegmentationId, s.SegmentKey, s.SegmentName }).Distinct().ToListAsync(cancellationToken);
        var bySchemes = rows.ToLookup(r => r.SegmentationId);
        return schemes.ToDictionary(s => s.Id, s =>
        {
            var order = Order(s);
            return (IReadOnlyList<SegmentResponse>)[.. bySchemes[s.Id]
                .DistinctBy(r => r.SegmentKey)
                .OrderBy(r => order(r.SegmentKey)).ThenBy(r => r.SegmentKey, StringComparer.Ordinal)
                .Select(r => new SegmentResponse(r.SegmentKey, r.SegmentName))];
        });
    }

    private static Func<string, int> Order(SegmentationScheme scheme)
    {
        if (scheme.Kind == SegmentationKind.Rules)
        {
            var p = Parameters(scheme);
            var keys = (p.Segments ?? []).Select(s => s.Key).Append(p.Default?.Key).ToList();
            return key => keys.IndexOf(key) is var i and >= 0 ? i : int.MaxValue;
        }

        return key => key.StartsWith("cluster-", StringComparison.Ordinal) && int.TryParse(key.AsSpan(8), CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    /// <summary>Every visible account's profile, money in the base currency as of the organisation's today.</summary>
    internal sealed record ProfileSet(Dictionary<long, AccountProfile> Profiles, string Currency, DateOnly AsOf);

    /// <summary>
    /// The accounts the scope may see, each with its firmographics and the history of the bookings and opportunities the
    /// scope may see: net bookings dated in the 365 days up to and including today, opportunity counts (all time), and
    /// open opportunities' amount × their stage's probability. Money is converted to the base currency at today's rate;
    /// an amount without a rate counts as unknown (revenue) or 0 (history).
    /// </summary>
    internal static async Task<ProfileSet> ProfilesAsync(AttainDbContext db, Scope scope, DateOnly today, CancellationToken cancellationToken)
    {
        var baseCode = await db.OrganisationSettings.AsNoTracking().Select(s => s.BaseCurrency).FirstOrDefaultAsync(cancellationToken) ?? "EUR";
        var reporting = Currency.FromCode(baseCode);
        var fx = new FxTable((await db.FxRates.AsNoTracking().Where(r => r.Date <= today).ToListAsync(cancellationToken))
            .Where(r => r.Rate > 0m && !string.Equals(r.FromCurrency, r.ToCurrency, StringComparison.OrdinalIgnoreCase))
            .Select(r => new EngineFxRate(Currency.FromCode(r.FromCurrency), Currency.FromCode(r.ToCurrency), r.Date, r.Rate)));
        decimal? Convert(decimal amount, string? currency)
        {
            if (string.IsNullOrWhiteSpace(currency))
            {
                return null;
            }

            try
            {
                return fx.TryConvert(new Money(amount, Currency.FromCode(currency)), reporting, today, out var c) ? c.Result.Amount : null;
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        var accounts = await db.Accounts.AsNoTracking().VisibleTo(scope, a => a.OwnerId)
            .Select(a => new { a.Id, a.Industry, a.Employees, a.AnnualRevenue, a.RevenueCurrency, a.Country, a.Region, a.City })
            .ToListAsync(cancellationToken);
        var from = today.AddDays(-364);
        var bookings = (await db.Bookings.AsNoTracking().VisibleTo(scope, b => b.OwnerId)
                .Where(b => b.AccountId != null && b.BookingDate >= from && b.BookingDate <= today)
                .GroupBy(b => new { b.AccountId, b.Currency })
                .Select(g => new { g.Key.AccountId, g.Key.Currency, Amount = g.Sum(b => b.Amount) })
                .ToListAsync(cancellationToken))
            .GroupBy(b => b.AccountId!.Value)
            .ToDictionary(g => g.Key, g => g.Sum(b => Convert(b.Amount, b.Currency) ?? 0m));
        var probabilities = await db.Stages.AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.Probability, StringComparer.Ordinal, cancellationToken);
        var opportunities = (await db.Opportunities.AsNoTracking().VisibleTo(scope, o => o.OwnerId)
                .Select(o => new { o.AccountId, o.Status, o.Stage, o.Amount, o.Currency })
                .ToListAsync(cancellationToken))
            .ToLookup(o => o.AccountId);
        var profiles = accounts.ToDictionary(a => a.Id, a =>
        {
            var opps = opportunities[a.Id].ToList();
            var pipeline = opps.Where(o => o.Status == AppOpportunityStatus.Open)
                .Sum(o => (Convert(o.Amount ?? 0m, o.Currency) ?? 0m) * probabilities.GetValueOrDefault(o.Stage));
            return new AccountProfile(
                a.Id.ToString(CultureInfo.InvariantCulture), a.Industry, a.Employees, a.AnnualRevenue is { } revenue ? Convert(revenue, a.RevenueCurrency) : null,
                a.Country, a.Region, a.City, bookings.GetValueOrDefault(a.Id), opps.Count,
                opps.Count(o => o.Status == AppOpportunityStatus.Won), opps.Count(o => o.Status == AppOpportunityStatus.Lost), pipeline);
        });
        return new ProfileSet(profiles, reporting.Code, today);
    }
}
