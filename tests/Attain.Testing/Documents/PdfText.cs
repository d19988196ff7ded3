using UglyToad.PdfPig;

namespace Attain.Testing.Documents;

/// <summary>Reads a PDF back for assertions: its pages' text, as PdfPig extracts it.</summary>
public static class PdfText
{
    /// <summary>The text of each page, words separated by spaces.</summary>
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text)))];
    }

    /// <summary>All pages' text in one string.</summary>
    public static string All(byte[] pdf) => string.Join('\n', Pages(pdf));
}
