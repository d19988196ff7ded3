using MudBlazor;

namespace Attain.Web.Components.Layout;

/// <summary>
/// Attain's light and dark palettes. Every text colour meets WCAG AA (4.5:1) on the background it is drawn on:
/// light text #0f172a / #475569 on white 17.9:1 / 7.6:1, primary #1d4ed8 with white 6.7:1; dark text #f1f5f9 /
/// #cbd5e1 on #1e293b 13.4:1 / 9.9:1, primary #93c5fd with #0f172a 9.9:1 and on #1e293b 8.1:1.
/// </summary>
public static class AttainTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4ed8",
            PrimaryContrastText = "#ffffff",
            Secondary = "#6d28d9",
            SecondaryContrastText = "#ffffff",
            Tertiary = "#0369a1",
            Info = "#0369a1",
            Success = "#15803d",
            Warning = "#b45309",
            Error = "#b91c1c",
            AppbarBackground = "#1d4ed8",
            AppbarText = "#ffffff",
            Background = "#ffffff",
            Surface = "#ffffff",
            DrawerBackground = "#f8fafc",
            DrawerText = "#0f172a",
            DrawerIcon = "#475569",
            TextPrimary = "#0f172a",
            TextSecondary = "#475569",
            ActionDefault = "#475569",
            LinesDefault = "#cbd5e1",
            TableLines = "#e2e8f0",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#93c5fd",
            PrimaryContrastText = "#0f172a",
            Secondary = "#c4b5fd",
            SecondaryContrastText = "#0f172a",
            Tertiary = "#7dd3fc",
            Info = "#7dd3fc",
            Success = "#86efac",
            Warning = "#fcd34d",
            Error = "#fca5a5",
            AppbarBackground = "#1e293b",
            AppbarText = "#f1f5f9",
            Background = "#0f172a",
            Surface = "#1e293b",
            DrawerBackground = "#111827",
            DrawerText = "#f1f5f9",
            DrawerIcon = "#cbd5e1",
            TextPrimary = "#f1f5f9",
            TextSecondary = "#cbd5e1",
            ActionDefault = "#cbd5e1",
            LinesDefault = "#475569",
            TableLines = "#334155",
        },
    };
}
