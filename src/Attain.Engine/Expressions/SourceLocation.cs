namespace Attain.Engine.Expressions;

/// <summary>
/// Where an expression starts inside the file that holds it, so issues name the file's own line and column.
/// Lines and columns are 1-based; the column counts characters (UTF-16 code units) from the start of the line.
/// </summary>
/// <param name="Source">The file or other source name shown in issues, e.g. <c>plans/ae-2026.yaml</c>.</param>
/// <param name="Line">The line of the file on which the expression's first character stands.</param>
/// <param name="Column">The column of the expression's first character on that line.</param>
/// <param name="ContinuationColumn">
/// The file column of the first character of the expression's second and later lines: 1 when the expression's lines
/// are copied from the file as they are, the block's indentation plus 1 when the container stripped it (a YAML block
/// scalar indented by 4 gives 5).
/// </param>
public readonly record struct SourceLocation(string Source, int Line, int Column, int ContinuationColumn = 1)
{
    /// <summary>An expression that is the whole of <paramref name="source"/>, starting at line 1, column 1.</summary>
    public static SourceLocation StartOf(string source) => new(source, 1, 1);

    /// <summary>
    /// Maps a position inside the expression (1-based) to the file: the first line is shifted by <see cref="Column"/>,
    /// later lines by <see cref="ContinuationColumn"/>.
    /// </summary>
    internal TextPosition Map(int line, int column) =>
        line == 1 ? new TextPosition(Line, Column + column - 1) : new TextPosition(Line + line - 1, ContinuationColumn + column - 1);
}

/// <summary>A line and column (both 1-based) in the file that holds an expression.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
public readonly record struct TextPosition(int Line, int Column)
{
    /// <summary><c>line:column</c>.</summary>
    public override string ToString() => $"{Line}:{Column}";
}
