namespace Attain.Application.Browse;

/// <summary>One page of a list: its items, the 1-based page number, the page size and the total count of matching rows.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    /// <summary>How many pages the total fills (0 when nothing matches).</summary>
    public int PageCount => Total == 0 ? 0 : ((Total - 1) / PageSize) + 1;
}

/// <summary>A problem with a list query: a stable code, the query parameter it concerns and a message.</summary>
public sealed record QueryIssue(string Code, string Path, string Message);

/// <summary>What every list takes: page (1-based), page size (1–200), a case-insensitive search and a sort key.</summary>
public abstract record ListQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Case-insensitive substring match on the resource's searchable fields.</summary>
    public string? Search { get; init; }

    /// <summary>A key from <see cref="SortKeys"/>, prefixed with <c>-</c> for descending. Ties break on id ascending.</summary>
    public string? Sort { get; init; }

    /// <summary>The sort keys this list accepts; the first is the default.</summary>
    public abstract IReadOnlyList<string> SortKeys { get; }

    /// <summary>Every rule a list query must satisfy, with the parameter each issue names. Empty when valid.</summary>
    public IReadOnlyList<QueryIssue> Validate()
    {
        var issues = new List<QueryIssue>();
        if (Page < 1)
        {
            issues.Add(new("page.out_of_range", "page", "page must be 1 or more."));
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            issues.Add(new("page_size.out_of_range", "pageSize", $"pageSize must be between 1 and {MaxPageSize}."));
        }

        if (Search is { Length: > 200 })
        {
            issues.Add(new("search.too_long", "search", "search must be at most 200 characters."));
        }

        if (Sort is { } sort && !SortKeys.Contains(sort.TrimStart('-'), StringComparer.Ordinal))
        {
            issues.Add(new("sort.unknown", "sort", $"sort must be one of {string.Join(", ", SortKeys)}, optionally prefixed with '-'."));
        }

        AddIssues(issues);
        return issues;
    }

    /// <summary>The resource's own rules (date ranges and the like).</summary>
    protected virtual void AddIssues(List<QueryIssue> issues)
    {
    }

    internal (string Key, bool Descending) SortOrder() =>
        Sort is { Length: > 0 } sort ? (sort.TrimStart('-'), sort.StartsWith('-')) : (SortKeys[0], false);

    internal void EnsureValid()
    {
        var issues = Validate();
        if (issues.Count > 0)
        {
            throw new ArgumentException($"Invalid list query: {string.Join("; ", issues.Select(i => $"{i.Path}: {i.Message}"))}");
        }
    }

    protected static void CheckRange<T>(List<QueryIssue> issues, T? from, T? to, string fromPath, string toPath)
        where T : struct, IComparable<T>
    {
        if (from is { } f && to is { } t && f.CompareTo(t) > 0)
        {
            issues.Add(new("range.inverted", fromPath, $"{fromPath} must not be after {toPath}."));
        }
    }
}
