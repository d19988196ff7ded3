using Attain.Application.Browse;
using Attain.Application.Organisation;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Personal API tokens: each user creates, lists and revokes their own. The secret is shown once, at creation.</summary>
public static class TokensEndpoints
{
    /// <summary>A token to create: a name unique among the user's active tokens, and an optional expiry in the future.</summary>
    public sealed record CreateTokenRequest(string? Name, DateTimeOffset? ExpiresAt);

    /// <summary>A token as listed: never its secret or hash. <see cref="Prefix"/> tells tokens apart.</summary>
    public sealed record TokenResponse(long Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt);

    /// <summary>The token just created, with its <see cref="Secret"/>: shown this once and never again.</summary>
    public sealed record CreatedTokenResponse(long Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, string Secret);

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tokens").WithTags("Tokens").RequireAuthorization(Policies.SignedIn);
        group.MapPost(string.Empty, CreateAsync).WithName("CreateToken").WithSummary("Create a personal API token (the secret is returned once)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet(string.Empty, ListAsync).WithName("ListTokens").WithSummary("List your own API tokens");
        group.MapDelete("/{id:long}", RevokeAsync).WithName("RevokeToken").WithSummary("Revoke one of your API tokens")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTokenRequest request, CurrentViewer current, ApiTokens tokens, TimeProvider clock, CancellationToken cancellationToken)
    {
        var viewer = await current.GetAsync(cancellationToken);
        var name = request.Name?.Trim();
        var issues = new List<QueryIssue>();
        if (string.IsNullOrEmpty(name))
        {
            issues.Add(new("required", "name", "name is required."));
        }
        else if (name.Length > ApiTokens.MaxNameLength)
        {
            issues.Add(new("too_long", "name", $"name must be at most {ApiTokens.MaxNameLength} characters."));
        }

        if (request.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
        {
            issues.Add(new("not_in_future", "expiresAt", "expiresAt must be in the future."));
        }

        if (issues.Count > 0)
        {
            return ApiProblems.Invalid(ApiProblems.InvalidBody, issues);
        }

        if (await tokens.HasActiveNamedAsync(viewer.UserId, name!, cancellationToken))
        {
            return ApiProblems.Conflict(ApiProblems.TokenNameTaken, $"You already have an active token named '{name}'.");
        }

        var (token, secret) = await tokens.IssueAsync(viewer.UserId, name!, request.ExpiresAt?.UtcDateTime, cancellationToken);
        return TypedResults.Created(
            (string?)null,
            new CreatedTokenResponse(token.Id, token.Name, token.Prefix, token.CreatedAt, token.ExpiresAt, secret));
    }

    private static async Task<Ok<IReadOnlyList<TokenResponse>>> ListAsync(CurrentViewer current, ApiTokens tokens, CancellationToken cancellationToken)
    {
        var viewer = await current.GetAsync(cancellationToken);
        var own = await tokens.ListAsync(viewer.UserId, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TokenResponse>>([.. own.Select(ToResponse)]);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(long id, CurrentViewer current, ApiTokens tokens, CancellationToken cancellationToken)
    {
        var viewer = await current.GetAsync(cancellationToken);
        return await tokens.RevokeAsync(viewer.UserId, id, cancellationToken) switch
        {
            ApiTokens.RevokeOutcome.Revoked => TypedResults.NoContent(),
            ApiTokens.RevokeOutcome.AlreadyRevoked => ApiProblems.Conflict(ApiProblems.TokenAlreadyRevoked, "The token is already revoked."),
            _ => ApiProblems.NotFoundRecord("token", id),
        };
    }

    private static TokenResponse ToResponse(ApiToken t) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt);
}
