using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Browse;

/// <summary>Paging, search and stable sorting shared by every list, translated to SQL on SQLite and PostgreSQL alike.</summary>
internal static class BrowseQueryable
{
    private const string Escape = "\\";

    /// <summary>A LIKE pattern matching <paramref name="search"/> anywhere, lower-cased, with LIKE's wildcards escaped.</summary>
    public static string ContainsPattern(string search) =>
        "%" + search.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    /// <summary>
    /// Keeps rows where any of <paramref name="fields"/>, lower-cased, contains the search. <c>lower()</c> on both sides
    /// makes it case-insensitive on PostgreSQL (LIKE is case-sensitive there) and on SQLite, whose <c>lower()</c> is
    /// replaced by a Unicode-aware one (Data/SqliteFunctions).
    /// </summary>
    public static IQueryable<T> Search<T>(this IQueryable<T> query, string? search, params Expression<Func<T, string?>>[] fields)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return query;
        }

        var pattern = ContainsPattern(search);
        var parameter = Expression.Parameter(typeof(T), "x");
        var like = typeof(DbFunctionsExtensions).GetMethod(
            nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
        var toLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
        Expression? any = null;
        foreach (var field in fields)
        {
            var value = new ParameterReplacer(field.Parameters[0], parameter).Visit(field.Body);
            var test = Expression.AndAlso(
                Expression.NotEqual(value, Expression.Constant(null, typeof(string))),
                Expression.Call(like, Expression.Constant(EF.Functions), Expression.Call(value, toLower), Expression.Constant(pattern), Expression.Constant(Escape)));
            any = any is null ? test : Expression.OrElse(any, test);
        }

        return any is null ? query : query.Where(Expression.Lambda<Func<T, bool>>(any, parameter));
    }

    /// <summary>Orders by <paramref name="key"/> then by <paramref name="id"/> ascending, so pages never overlap or skip rows.</summary>
    public static IOrderedQueryable<T> OrderStable<T, TKey>(this IQueryable<T> query, Expression<Func<T, TKey>> key, bool descending, Expression<Func<T, long>> id) =>
        (descending ? query.OrderByDescending(key) : query.OrderBy(key)).ThenBy(id);

    public static async Task<Paged<T>> PageAsync<T>(this IQueryable<T> ordered, ListQuery query, CancellationToken cancellationToken)
    {
        var total = await ordered.CountAsync(cancellationToken);
        var items = await ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Paged<T>(items, query.Page, query.PageSize, total);
    }

    /// <summary>One page of the ordered rows, each page turned into responses by <paramref name="respond"/> (which keeps the order).</summary>
    public static async Task<Paged<TResponse>> PageAsync<T, TResponse>(
        this IQueryable<T> ordered, ListQuery query, Func<IQueryable<T>, CancellationToken, Task<List<TResponse>>> respond, CancellationToken cancellationToken)
    {
        var total = await ordered.CountAsync(cancellationToken);
        var items = await respond(ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize), cancellationToken);
        return new Paged<TResponse>(items, query.Page, query.PageSize, total);
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
