using System.Globalization;
using Attain.Application.Browse;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Attain.Web.Api;

/// <summary>
/// Reads query-string values bound as text, so a malformed value becomes a 400 naming its parameter instead of the
/// framework's bare 400. Range rules live once, on the Browse query (<see cref="ListQuery.Validate"/>).
/// </summary>
public sealed class QueryReader
{
    private readonly List<QueryIssue> issues = [];

    /// <summary>The malformed parameters read so far.</summary>
    public IReadOnlyList<QueryIssue> Issues => issues;

    public int Int(string? raw, string path, int fallback)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        issues.Add(new("not_an_integer", path, $"{path} must be a whole number."));
        return fallback;
    }

    public long? Id(string? raw, string path)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        issues.Add(new("not_an_id", path, $"{path} must be a numeric id."));
        return null;
    }

    public DateOnly? Date(string? raw, string path)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        issues.Add(new("not_a_date", path, $"{path} must be a date written yyyy-MM-dd."));
        return null;
    }

    /// <summary>An instant in ISO 8601 (<c>2026-11-27T09:00:00Z</c>, or with an offset), as UTC; without an offset it is read as UTC.</summary>
    public DateTime? Instant(string? raw, string path)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.UtcDateTime;
        }

        issues.Add(new("not_an_instant", path, $"{path} must be an ISO 8601 instant such as 2026-11-27T09:00:00Z."));
        return null;
    }

    public bool? Bool(string? raw, string path)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (bool.TryParse(raw, out var value))
        {
            return value;
        }

        issues.Add(new("not_a_boolean", path, $"{path} must be true or false."));
        return null;
    }

    public TEnum? Enum<TEnum>(string? raw, string path)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (!raw.Any(char.IsDigit) && System.Enum.TryParse<TEnum>(raw, ignoreCase: true, out var value))
        {
            return value;
        }

        issues.Add(new("unknown_value", path, $"{path} must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}."));
        return null;
    }

    /// <summary>The 400 for every malformed parameter and every rule <paramref name="query"/> breaks, or null when it is valid.</summary>
    public ValidationProblem? Problem(ListQuery query)
    {
        var all = issues.Concat(query.Validate().Where(i => issues.All(p => p.Path != i.Path))).ToList();
        return all.Count == 0 ? null : ApiProblems.Invalid(ApiProblems.InvalidQuery, all);
    }
}

/// <summary>The query parameters every list takes. Values are bound as text and parsed by <see cref="QueryReader"/>.</summary>
public class ListParameters
{
    /// <summary>1-based page number (default 1).</summary>
    [FromQuery(Name = "page")]
    public string? Page { get; set; }

    /// <summary>Rows per page, 1–200 (default 50).</summary>
    [FromQuery(Name = "pageSize")]
    public string? PageSize { get; set; }

    /// <summary>Case-insensitive text to find in the resource's searchable fields.</summary>
    [FromQuery(Name = "search")]
    public string? Search { get; set; }

    /// <summary>A sort key of the resource, prefixed with '-' for descending; ties break on id.</summary>
    [FromQuery(Name = "sort")]
    public string? Sort { get; set; }

    public T Read<T>(QueryReader reader, T query)
        where T : ListQuery =>
        query with
        {
            Page = reader.Int(Page, "page", 1),
            PageSize = reader.Int(PageSize, "pageSize", ListQuery.DefaultPageSize),
            Search = Search,
            Sort = string.IsNullOrWhiteSpace(Sort) ? null : Sort.Trim(),
        };
}
