using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Attain.Benchmarks;

/// <summary>Options several benchmarks declare alike, and the checks on their values.</summary>
public static class BenchmarkOptions
{
    /// <summary>The stores a benchmark can run on: one of them, or both one after the other.</summary>
    private static readonly string[] Stores = ["sqlite", "postgres", "both"];

    /// <summary><c>--runs N</c> (N &gt; 0): how many timed runs.</summary>
    public static Option<int> Runs(int fallback, string description = "Timed runs in this process; the median is reported.") =>
        AtLeast(new Option<int>("--runs") { Description = description, HelpName = "N", DefaultValueFactory = _ => fallback }, 1);

    /// <summary><c>--store sqlite|postgres|both</c>, default both.</summary>
    public static Option<string> Store()
    {
        var option = new Option<string>("--store")
        {
            Description = "The store to measure: a fresh SQLite file, a throwaway local PostgreSQL 15, or both in turn.",
            HelpName = string.Join('|', Stores),
            DefaultValueFactory = _ => "both",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValue(option) is { } value && !Stores.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"{option.Name} must be one of {string.Join(", ", Stores)}: '{value}'.");
            }
        });
        return option;
    }

    /// <summary>A switch: present or not, it takes no value.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>
    /// Makes the option read a whole number of at least <paramref name="minimum"/>; anything else is a usage error
    /// naming the option. (A parser rather than a validator: System.CommandLine runs validators on values it could not
    /// convert, and reading such a value throws.)
    /// </summary>
    public static Option<T> AtLeast<T>(Option<T> option, T minimum)
        where T : struct, INumber<T>
    {
        option.CustomParser = result => Read(result, option.Name, minimum) ?? default;
        return option;
    }

    /// <summary>The same for an option without a default: absent is null.</summary>
    public static Option<T?> AtLeast<T>(Option<T?> option, T minimum)
        where T : struct, INumber<T>
    {
        option.CustomParser = result => Read(result, option.Name, minimum);
        return option;
    }

    private static T? Read<T>(ArgumentResult result, string name, T minimum)
        where T : struct, INumber<T>
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[^1].Value;
        if (!T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name} must be a whole number: '{text}'.");
            return null;
        }

        if (value < minimum)
        {
            result.AddError(minimum == T.Zero ? $"{name} must not be negative: {value}."
                : minimum == T.One ? $"{name} must be greater than 0: {value}."
                : $"{name} must be at least {minimum}: {value}.");
            return null;
        }

        return value;
    }

    /// <summary>Adds the check that the option's value, when given, is not empty or blank.</summary>
    public static Option<string?> NotBlank(Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(option)))
            {
                result.AddError($"{option.Name} must not be empty.");
            }
        });
        return option;
    }
}
