using Attain.Application.Browse;
using MudBlazor;

namespace Attain.Web.Components.Browse;

/// <summary>Translates a data grid's paging and sorting into a Browse list query, and a Browse page back into grid rows.</summary>
public static class GridPaging
{
    public static readonly int[] PageSizes = [25, 50, 100];

    /// <summary>
    /// The 1-based page, the page size and the Browse sort key (with <c>-</c> for descending) of the grid's first sort
    /// column. <paramref name="sortKeys"/> maps a column's property name to its Browse sort key; columns not in it do
    /// not sort. Without a sort column, <paramref name="defaultSort"/> applies.
    /// </summary>
    public static (int Page, int PageSize, string? Sort) Read<T>(GridState<T> state, IReadOnlyDictionary<string, string> sortKeys, string? defaultSort = null)
    {
        var sort = defaultSort;
        if (state.SortDefinitions.FirstOrDefault() is { } definition && sortKeys.TryGetValue(definition.SortBy, out var key))
        {
            sort = definition.Descending ? "-" + key : key;
        }

        return (state.Page + 1, Math.Clamp(state.PageSize, 1, ListQuery.MaxPageSize), sort);
    }

    public static GridData<T> ToGrid<T>(Paged<T> page) => new() { Items = page.Items, TotalItems = page.Total };

    /// <summary>Loads the grid again from its first page, after its search or filters changed.</summary>
    public static Task RestartAsync<T>(MudDataGrid<T>? grid)
    {
        if (grid is null)
        {
            return Task.CompletedTask;
        }

        if (grid.CurrentPage != 0)
        {
            // Changing the page makes a server-data grid load that page.
            grid.NavigateTo(Page.First);
            return Task.CompletedTask;
        }

        return grid.ReloadServerData();
    }
}
