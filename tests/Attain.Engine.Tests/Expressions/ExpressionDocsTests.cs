using Attain.Engine.Expressions;

namespace Attain.Engine.Tests.Expressions;

/// <summary>docs/expressions.md is tested: every line of its <c>expr</c> blocks runs against its <c>expr-record</c> block.</summary>
public class ExpressionDocsTests
{
    private const string Arrow = " ⇒ ";
    private static readonly SourceLocation Origin = SourceLocation.StartOf("docs/expressions.md");
    private static readonly Lazy<string[]> Lines = new(() => File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "expressions.md")));
    private static readonly Lazy<(ExpressionSchema Schema, ExpressionRecord Record)> Example = new(ReadExampleRecord);

    public static TheoryData<int, string, string> Examples()
    {
        var data = new TheoryData<int, string, string>();
        foreach (var (number, line) in Block("expr"))
        {
            var arrow = line.LastIndexOf(Arrow, StringComparison.Ordinal);
            Assert.True(arrow > 0, $"docs/expressions.md:{number} has no '{Arrow.Trim()}'");
            data.Add(number, line[..arrow], line[(arrow + Arrow.Length)..]);
        }

        return data;
    }

    [Fact]
    public void Examples_Page_KeepsItsExamples()
    {
        var count = Examples().Count;

        Assert.True(count >= 50, $"docs/expressions.md has only {count} examples");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Evaluate_DocumentedExample_GivesTheDocumentedResult(int docLine, string source, string expected)
    {
        var (schema, record) = Example.Value;

        var result = ExpressionCompiler.Compile(source, schema, Origin);

        if (expected.StartsWith("issue ", StringComparison.Ordinal))
        {
            var issue = Assert.Single(result.Issues);
            Assert.Equal(expected, $"issue {issue.Code} at {issue.Line}:{issue.Column}");
            return;
        }

        Assert.True(result.Succeeded, $"docs/expressions.md:{docLine}: {string.Join("; ", result.Issues)}");
        var value = result.Compiled.Evaluate(record).ToString();
        if (expected.StartsWith("error: ", StringComparison.Ordinal))
        {
            Assert.StartsWith(expected, value, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expected, value);
        }
    }

    private static (ExpressionSchema, ExpressionRecord) ReadExampleRecord()
    {
        var fields = new List<ExpressionField>();
        var values = new List<ExpressionValue>();
        foreach (var (number, line) in Block("expr-record"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var equals = line.IndexOf(" = ", StringComparison.Ordinal);
            Assert.True(colon > 0 && equals > colon, $"docs/expressions.md:{number} is not 'name: type = value'");
            var type = Enum.Parse<ExpressionType>(line[(colon + 1)..equals].Trim(), ignoreCase: true);
            var literal = ExpressionCompiler.Compile(line[(equals + 3)..], ExpressionSchema.Empty, Origin).Compiled!;
            fields.Add(new ExpressionField(line[..colon], type));
            values.Add(literal.Evaluate(ExpressionRecord.Empty));
        }

        Assert.NotEmpty(fields);
        return (new ExpressionSchema(fields), new ExpressionRecord(values));
    }

    private static IEnumerable<(int Number, string Line)> Block(string language)
    {
        var inside = false;
        for (var i = 0; i < Lines.Value.Length; i++)
        {
            var line = Lines.Value[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inside = !inside && line == "```" + language;
                continue;
            }

            if (inside && line.Length > 0)
            {
                yield return (i + 1, line);
            }
        }
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Attain.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Attain.slnx not found above the test folder.");
    }
}
