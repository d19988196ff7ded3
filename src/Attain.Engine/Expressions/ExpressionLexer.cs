using System.Globalization;
using System.Text;

namespace Attain.Engine.Expressions;

internal enum TokenKind
{
    End,
    Number,
    String,
    Identifier,
    And,
    Or,
    Not,
    In,
    True,
    False,
    Null,
    Plus,
    Minus,
    Star,
    Slash,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal readonly record struct Token(TokenKind Kind, string Text, TextPosition Position, decimal Number = 0m)
{
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.Number => "number " + Text,
        TokenKind.String => "string " + ExpressionValue.Quote(Text),
        TokenKind.Identifier => $"name '{Text}'",
        _ => $"'{Text}'",
    };
}

/// <summary>Turns expression text into tokens; stops at the first character it cannot read.</summary>
internal sealed class ExpressionLexer(string text, SourceLocation origin)
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["and"] = TokenKind.And,
        ["or"] = TokenKind.Or,
        ["not"] = TokenKind.Not,
        ["in"] = TokenKind.In,
        ["true"] = TokenKind.True,
        ["false"] = TokenKind.False,
        ["null"] = TokenKind.Null,
    };

    private readonly List<Token> tokens = [];
    private int index;
    private int line = 1;
    private int lineStart;

    public static bool IsDottedIdentifier(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var part in name.Split('.'))
        {
            if (part.Length == 0 || !IsIdentifierStart(part[0]) || !part.All(IsIdentifierPart) || Keywords.ContainsKey(part))
            {
                return false;
            }
        }

        return true;
    }

    public (IReadOnlyList<Token> Tokens, ExpressionIssue? Issue) Tokenize()
    {
        while (true)
        {
            SkipWhitespace();
            var start = Here();
            if (index >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", start));
                return (tokens, null);
            }

            var c = text[index];
            ExpressionIssue? issue;
            if (char.IsAsciiDigit(c))
            {
                issue = ReadNumber(start);
            }
            else if (c is '"' or '\'')
            {
                issue = ReadString(start);
            }
            else if (IsIdentifierStart(c))
            {
                issue = ReadIdentifier(start);
            }
            else
            {
                issue = ReadOperator(start, c);
            }

            if (issue is not null)
            {
                return (tokens, issue);
            }
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private TextPosition Here() => origin.Map(line, index - lineStart + 1);

    private ExpressionIssue Issue(string code, TextPosition at, string message) => new(code, origin.Source, at.Line, at.Column, message);

    private void SkipWhitespace()
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            if (text[index] == '\n')
            {
                line++;
                lineStart = index + 1;
            }

            index++;
        }
    }

    private ExpressionIssue? ReadNumber(TextPosition start)
    {
        var from = index;
        while (index < text.Length && char.IsAsciiDigit(text[index]))
        {
            index++;
        }

        if (index < text.Length && text[index] == '.')
        {
            index++;
            if (index >= text.Length || !char.IsAsciiDigit(text[index]))
            {
                return Issue(ExpressionIssueCodes.Syntax, Here(), $"expected a digit after the decimal point but found {DescribeChar()}");
            }

            while (index < text.Length && char.IsAsciiDigit(text[index]))
            {
                index++;
            }
        }

        var literal = text[from..index];
        if (!decimal.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return Issue(ExpressionIssueCodes.InvalidLiteral, start, $"expected a number of at most 28 digits but found {literal}");
        }

        tokens.Add(new Token(TokenKind.Number, literal, start, value));
        return null;
    }

    private ExpressionIssue? ReadString(TextPosition start)
    {
        var quote = text[index];
        index++;
        var builder = new StringBuilder();
        while (true)
        {
            if (index >= text.Length || text[index] == '\n')
            {
                return Issue(ExpressionIssueCodes.UnterminatedString, start, $"expected a closing '{quote}' for the string started here but found {DescribeChar()}");
            }

            var c = text[index];
            if (c == quote)
            {
                index++;
                tokens.Add(new Token(TokenKind.String, builder.ToString(), start));
                return null;
            }

            if (c == '\\')
            {
                var escapeAt = Here();
                index++;
                char? escaped = index < text.Length ? text[index] switch
                {
                    '"' => '"',
                    '\'' => '\'',
                    '\\' => '\\',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => null,
                } : null;
                if (escaped is null)
                {
                    return Issue(ExpressionIssueCodes.Syntax, escapeAt, $"expected one of \\\" \\' \\\\ \\n \\r \\t but found \\{(index < text.Length ? text[index].ToString() : "")}");
                }

                builder.Append(escaped.Value);
                index++;
                continue;
            }

            builder.Append(c);
            index++;
        }
    }

    private ExpressionIssue? ReadIdentifier(TextPosition start)
    {
        var from = index;
        while (true)
        {
            while (index < text.Length && IsIdentifierPart(text[index]))
            {
                index++;
            }

            if (index < text.Length && text[index] == '.')
            {
                index++;
                if (index >= text.Length || !IsIdentifierStart(text[index]))
                {
                    return Issue(ExpressionIssueCodes.Syntax, Here(), $"expected a name after '.' but found {DescribeChar()}");
                }

                continue;
            }

            break;
        }

        var name = text[from..index];
        tokens.Add(Keywords.TryGetValue(name, out var keyword)
            ? new Token(keyword, name, start)
            : new Token(TokenKind.Identifier, name, start));
        return null;
    }

    private ExpressionIssue? ReadOperator(TextPosition start, char c)
    {
        var next = index + 1 < text.Length ? text[index + 1] : '\0';
        (TokenKind Kind, int Length)? found = c switch
        {
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            '[' => (TokenKind.LeftBracket, 1),
            ']' => (TokenKind.RightBracket, 1),
            ',' => (TokenKind.Comma, 1),
            '=' when next == '=' => (TokenKind.Equal, 2),
            '!' when next == '=' => (TokenKind.NotEqual, 2),
            '<' when next == '=' => (TokenKind.LessOrEqual, 2),
            '<' => (TokenKind.Less, 1),
            '>' when next == '=' => (TokenKind.GreaterOrEqual, 2),
            '>' => (TokenKind.Greater, 1),
            _ => null,
        };

        if (found is null)
        {
            var hint = c switch
            {
                '=' => "'==' (equality)",
                '!' => "'!=' or 'not'",
                '&' => "'and'",
                '|' => "'or'",
                _ => "an operand or an operator",
            };
            return Issue(ExpressionIssueCodes.Syntax, start, $"expected {hint} but found {DescribeChar()}");
        }

        tokens.Add(new Token(found.Value.Kind, text.Substring(index, found.Value.Length), start));
        index += found.Value.Length;
        return null;
    }

    private string DescribeChar() => index >= text.Length
        ? "the end of the expression"
        : text[index] == '\n' ? "the end of the line" : $"'{text[index]}'";
}
