using System.Text;
using System.Text.Json;

namespace Attain.Engine.Plans;

/// <summary>The kind of a <see cref="JsonNode"/>.</summary>
internal enum JsonNodeKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>
/// A parsed JSON value that remembers where it was written, so validation can name line and column.
/// (<see cref="JsonDocument"/> does not keep positions.)
/// </summary>
internal sealed class JsonNode
{
    public required JsonNodeKind Kind { get; init; }

    public required int Line { get; init; }

    public required int Column { get; init; }

    public string? Text { get; init; }

    /// <summary>For a string, its text as written between the quotes (escapes not decoded), to map positions inside it.</summary>
    public string? Raw { get; init; }

    public decimal? Number { get; init; }

    public bool Boolean { get; init; }

    public List<JsonMember> Properties { get; } = [];

    public List<JsonNode> Items { get; } = [];

    public JsonNode? this[string name] => Properties.Find(p => p.Name == name)?.Value;
}

/// <summary>A property of a JSON object, with the position of its name.</summary>
internal sealed record JsonMember(string Name, JsonNode Value, int Line, int Column);

/// <summary>Builds a <see cref="JsonNode"/> tree with positions from UTF-8 text.</summary>
internal static class JsonTree
{
    /// <summary>Parses <paramref name="text"/>; on malformed JSON returns null and the reader's line and column (1-based).</summary>
    public static JsonNode? Parse(string text, out (int Line, int Column, string Message)? error)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        try
        {
            if (!reader.Read())
            {
                error = (1, 1, "The plan text is empty; expected a JSON object.");
                return null;
            }

            var root = ReadValue(ref reader, lineStarts);
            if (reader.Read())
            {
                var (line, column) = Position(lineStarts, reader.TokenStartIndex);
                error = (line, column, "Unexpected content after the end of the plan object.");
                return null;
            }

            error = null;
            return root;
        }
        catch (JsonException exception)
        {
            error = ((int)(exception.LineNumber ?? 0) + 1, (int)(exception.BytePositionInLine ?? 0) + 1, exception.Message);
            return null;
        }
    }

    private static JsonNode ReadValue(ref Utf8JsonReader reader, List<long> lineStarts)
    {
        var (line, column) = Position(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var node = new JsonNode { Kind = JsonNodeKind.Object, Line = line, Column = column };
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var (nameLine, nameColumn) = Position(lineStarts, reader.TokenStartIndex);
                        var name = reader.GetString()!;
                        reader.Read();
                        node.Properties.Add(new JsonMember(name, ReadValue(ref reader, lineStarts), nameLine, nameColumn));
                    }

                    return node;
                }

            case JsonTokenType.StartArray:
                {
                    var node = new JsonNode { Kind = JsonNodeKind.Array, Line = line, Column = column };
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        node.Items.Add(ReadValue(ref reader, lineStarts));
                    }

                    return node;
                }

            case JsonTokenType.String:
                return new JsonNode { Kind = JsonNodeKind.String, Line = line, Column = column, Text = reader.GetString(), Raw = Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.Number:
                return new JsonNode
                {
                    Kind = JsonNodeKind.Number,
                    Line = line,
                    Column = column,
                    Number = reader.TryGetDecimal(out var number) ? number : null,
                    Text = Encoding.UTF8.GetString(reader.ValueSpan),
                };
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new JsonNode { Kind = JsonNodeKind.Boolean, Line = line, Column = column, Boolean = reader.GetBoolean() };
            default:
                return new JsonNode { Kind = JsonNodeKind.Null, Line = line, Column = column };
        }
    }

    private static List<long> LineStarts(byte[] bytes)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Position(List<long> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch(offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, (int)(offset - lineStarts[index]) + 1);
    }
}
