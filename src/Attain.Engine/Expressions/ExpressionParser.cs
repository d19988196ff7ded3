using System.Diagnostics.CodeAnalysis;

namespace Attain.Engine.Expressions;

/// <summary>The outcome of parsing: a syntax tree, or the issue that stopped the parser.</summary>
public sealed class ExpressionParseResult
{
    internal ExpressionParseResult(ExpressionNode? syntax, IReadOnlyList<ExpressionIssue> issues)
    {
        Syntax = syntax;
        Issues = issues;
    }

    /// <summary>The root of the syntax tree; null when <see cref="Issues"/> is not empty.</summary>
    public ExpressionNode? Syntax { get; }

    /// <summary>The problems found; the parser stops at the first one.</summary>
    public IReadOnlyList<ExpressionIssue> Issues { get; }

    /// <summary>True when the text parsed.</summary>
    [MemberNotNullWhen(true, nameof(Syntax))]
    public bool Succeeded => Syntax is not null;
}

/// <summary>
/// A hand-written recursive-descent parser for the expression language (grammar in docs/expressions.md). It checks
/// syntax only; names and types are checked by <see cref="ExpressionCompiler"/>.
/// </summary>
public sealed class ExpressionParser
{
    private readonly IReadOnlyList<Token> tokens;
    private readonly SourceLocation origin;
    private int current;
    private int depth;
    private ExpressionIssue? issue;

    private ExpressionParser(IReadOnlyList<Token> tokens, SourceLocation origin)
    {
        this.tokens = tokens;
        this.origin = origin;
    }

    /// <summary>
    /// Parses <paramref name="source"/>; issues are placed in the file through <paramref name="origin"/>. Rejects text
    /// longer than <see cref="ExpressionCompiler.MaxLength"/> and nesting deeper than <see cref="ExpressionCompiler.MaxDepth"/>.
    /// </summary>
    public static ExpressionParseResult Parse(string source, SourceLocation origin)
    {
        if (source.Length > ExpressionCompiler.MaxLength)
        {
            return Fail(new ExpressionIssue(ExpressionIssueCodes.TooLong, origin.Source, origin.Line, origin.Column,
                $"expected at most {ExpressionCompiler.MaxLength} characters but found {source.Length}"));
        }

        var (tokens, lexIssue) = new ExpressionLexer(source, origin).Tokenize();
        if (lexIssue is not null)
        {
            return Fail(lexIssue);
        }

        var parser = new ExpressionParser(tokens, origin);
        var root = parser.ParseExpression();
        parser.Expect(TokenKind.End, "an operator or the end of the expression");
        return parser.issue is null ? new ExpressionParseResult(root, []) : Fail(parser.issue);
    }

    private static ExpressionParseResult Fail(ExpressionIssue issue) => new(null, [issue]);

    private Token Peek => tokens[current];

    private Token Advance()
    {
        var token = tokens[current];
        if (token.Kind != TokenKind.End)
        {
            current++;
        }

        return token;
    }

    private bool Match(TokenKind kind)
    {
        if (Peek.Kind != kind)
        {
            return false;
        }

        current++;
        return true;
    }

    private void Expect(TokenKind kind, string expected)
    {
        if (Peek.Kind == kind)
        {
            Advance();
            return;
        }

        Fail(ExpressionIssueCodes.Syntax, Peek.Position, $"expected {expected} but found {Peek.Describe()}");
    }

    /// <summary>
    /// Keeps the first issue and skips to the end of the input, so every rule unwinds at once: loops see the end,
    /// expectations fail silently, and the placeholder returned is never used.
    /// </summary>
    private NullLiteral Fail(string code, TextPosition at, string message)
    {
        issue ??= new ExpressionIssue(code, origin.Source, at.Line, at.Column, message);
        current = tokens.Count - 1;
        return new NullLiteral(at);
    }

    /// <summary>Enters a nesting level; false (with the issue kept) past <see cref="ExpressionCompiler.MaxDepth"/>.</summary>
    private bool Enter(TextPosition at)
    {
        if (++depth <= ExpressionCompiler.MaxDepth)
        {
            return true;
        }

        Fail(ExpressionIssueCodes.TooDeep, at, $"expected at most {ExpressionCompiler.MaxDepth} levels of nesting but found more");
        return false;
    }

    private ExpressionNode ParseExpression()
    {
        var node = Enter(Peek.Position) ? ParseOr() : new NullLiteral(Peek.Position);
        depth--;
        return node;
    }

    private ExpressionNode ParseOr()
    {
        var left = ParseAnd();
        while (Peek.Kind == TokenKind.Or)
        {
            var op = Advance();
            left = new BinaryExpression(BinaryOperator.Or, left, ParseAnd(), op.Position);
        }

        return left;
    }

    private ExpressionNode ParseAnd()
    {
        var left = ParseNot();
        while (Peek.Kind == TokenKind.And)
        {
            var op = Advance();
            left = new BinaryExpression(BinaryOperator.And, left, ParseNot(), op.Position);
        }

        return left;
    }

    private ExpressionNode ParseNot()
    {
        if (Peek.Kind != TokenKind.Not)
        {
            return ParseComparison();
        }

        var op = Advance();
        var operand = Enter(op.Position) ? ParseNot() : new NullLiteral(op.Position);
        depth--;
        return new UnaryExpression(UnaryOperator.Not, operand, op.Position);
    }

    private ExpressionNode ParseComparison()
    {
        var left = ParseAdditive();
        BinaryOperator? comparison = Peek.Kind switch
        {
            TokenKind.Equal => BinaryOperator.Equal,
            TokenKind.NotEqual => BinaryOperator.NotEqual,
            TokenKind.Less => BinaryOperator.Less,
            TokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
            TokenKind.Greater => BinaryOperator.Greater,
            TokenKind.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
            _ => null,
        };

        if (comparison is not null)
        {
            var op = Advance();
            return new BinaryExpression(comparison.Value, left, ParseAdditive(), op.Position);
        }

        if (Peek.Kind == TokenKind.In)
        {
            var op = Advance();
            Expect(TokenKind.LeftBracket, "'[' to open the list after 'in'");
            var items = new List<ExpressionNode>();
            if (!Match(TokenKind.RightBracket))
            {
                do
                {
                    items.Add(ParseExpression());
                }
                while (Match(TokenKind.Comma));

                Expect(TokenKind.RightBracket, "',' or ']' to close the list");
            }

            return new InExpression(left, items, op.Position);
        }

        return left;
    }

    private ExpressionNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var kind = op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = new BinaryExpression(kind, left, ParseMultiplicative(), op.Position);
        }

        return left;
    }

    private ExpressionNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Advance();
            var kind = op.Kind == TokenKind.Star ? BinaryOperator.Multiply : BinaryOperator.Divide;
            left = new BinaryExpression(kind, left, ParseUnary(), op.Position);
        }

        return left;
    }

    private ExpressionNode ParseUnary()
    {
        if (Peek.Kind != TokenKind.Minus)
        {
            return ParsePrimary();
        }

        var op = Advance();
        var operand = Enter(op.Position) ? ParseUnary() : new NullLiteral(op.Position);
        depth--;
        return new UnaryExpression(UnaryOperator.Negate, operand, op.Position);
    }

    private ExpressionNode ParsePrimary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberLiteral(token.Number, token.Position);
            case TokenKind.String:
                Advance();
                return new StringLiteral(token.Text, token.Position);
            case TokenKind.True:
            case TokenKind.False:
                Advance();
                return new BooleanLiteral(token.Kind == TokenKind.True, token.Position);
            case TokenKind.Null:
                Advance();
                return new NullLiteral(token.Position);
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseExpression();
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.Identifier:
                Advance();
                return Match(TokenKind.LeftParen) ? ParseCall(token) : new Identifier(token.Text, token.Position);
            default:
                return Fail(ExpressionIssueCodes.Syntax, token.Position, $"expected a number, string, name, function call or '(' but found {token.Describe()}");
        }
    }

    private CallExpression ParseCall(Token name)
    {
        var arguments = new List<ExpressionNode>();
        if (!Match(TokenKind.RightParen))
        {
            do
            {
                arguments.Add(ParseExpression());
            }
            while (Match(TokenKind.Comma));

            Expect(TokenKind.RightParen, "',' or ')' to close the arguments");
        }

        return new CallExpression(name.Text, arguments, name.Position);
    }
}
