using PdfSharp.Fonts;

namespace Attain.Application.Documents;

/// <summary>
/// The fonts Attain's PDFs embed: DejaVu Sans (regular and bold) from the system's font folder, the one family every
/// supported machine has (test.sh installs <c>fonts-dejavu-core</c> where it is missing). PDFsharp needs a resolver on
/// Linux; it is set once per process.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    /// <summary>The family name documents use.</summary>
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();

    /// <summary>The folder the fonts are read from (override with ATTAIN_FONT_DIR).</summary>
    public static string Folder => Environment.GetEnvironmentVariable("ATTAIN_FONT_DIR") ?? "/usr/share/fonts/truetype/dejavu";

    /// <summary>Sets the resolver for the process, once.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not PdfFonts)
            {
                GlobalFontSettings.FontResolver = new PdfFonts();
            }
        }
    }

    /// <inheritdoc/>
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular);

    /// <inheritdoc/>
    public byte[]? GetFont(string faceName)
    {
        var path = Path.Combine(Folder, faceName + ".ttf");
        return File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new FileNotFoundException($"The PDF font {faceName} is missing: install the fonts-dejavu-core package or set ATTAIN_FONT_DIR.", path);
    }
}
