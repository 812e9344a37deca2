using System.Text;

namespace Polku.Tests.Fuzz;

/// <summary>One hostile input: what kind of trouble it is (shown when it fails) and the value.</summary>
public sealed record FuzzValue(string Kind, string Value);

/// <summary>
/// The generated corpus, written for Polku: the inputs a Finnish public service actually meets or is attacked with
/// — wrong types, numbers beyond every integer type, impossible dates and ids, control and formatting characters,
/// lone surrogates, JSON with repeated names or deep nesting carried in text, oversize values, markup, SQL and
/// template injection, Finnish and Swedish text in odd normal forms. Everything is deterministic: the same seed picks
/// the same values for the same field in every run.
/// </summary>
public static class FuzzCorpus
{
    public const int Seed = 20261201;

    /// <summary>A string too long for any field in Polku, still far below the form and body limits.</summary>
    public static readonly string Oversize = new('x', 40_000);

    /// <summary>Text values for form fields, query values, path segments and JSON strings.</summary>
    public static readonly IReadOnlyList<FuzzValue> Strings =
    [
        new("empty", ""),
        new("whitespace", " \t \u00A0\u3000"),
        new("negative", "-1"),
        new("zero", "0"),
        new("int32-overflow", "2147483648"),
        new("int64-underflow", "-9223372036854775809"),
        new("huge-number", "999999999999999999999999999999999999"),
        new("exponent", "1e309"),
        new("not-a-number", "NaN"),
        new("finnish-decimal", "37,5,0"),
        new("fullwidth-digits", "\uFF11\uFF12\uFF13"),
        new("invalid-date", "2026-02-30"),
        new("far-date", "9999-12-31T23:59:59+14:00"),
        new("first-date", "0001-01-01T00:00:00Z"),
        new("invalid-time", "24:61"),
        new("zero-guid", "00000000-0000-0000-0000-000000000000"),
        new("bad-guid", "7d1a-zz-{x}"),
        new("control-characters", "a\u0000b\u0001\u0008\u001b[2J\u007f"),
        new("header-injection", "ok\r\nSet-Cookie: polku=1"),
        new("lone-high-surrogate", "x\uD800y"),
        new("lone-low-surrogate", "\uDC00"),
        new("reversed-surrogates", "\uDC00\uD800"),
        new("bidi-override", "\u202Eexe.txt\u202C"),
        new("zero-width", "\u200B\u200D\uFEFF"),
        new("noncharacters", "\uFFFE\uFFFF"),
        new("decomposed-nordic", "A\u030Aa\u0308o\u0308"),
        new("emoji-sequence", "\U0001F469\u200D\u2695\uFE0F\U0001F3F3\uFE0F\u200D\U0001F308"),
        new("nordic", "Åsa Öberg-Mäkelä"),
        new("markup", "<script>alert(1)</script><img src=x onerror=alert(2)>"),
        new("attribute-break", "\" autofocus onfocus=\"alert(1)"),
        new("sql", "'; DROP TABLE people; --"),
        new("template", "{{7*7}}${7*7}@(7*7)<%= 7*7 %>"),
        new("path-traversal", "../../../../etc/passwd"),
        new("script-url", "javascript:alert(1)"),
        new("format-string", "{0}{1}%s%n%x"),
        new("hetu-lookalike", "010101-123N"),
        new("json-duplicate-names", "{\"a\":1,\"a\":2}"),
        new("json-lone-surrogate", "{\"a\":\"\\ud800\"}"),
        new("json-deep", new string('[', 200) + new string(']', 200)),
        new("boolean-word", "true"),
        new("null-word", "null"),
        new("oversize", Oversize),
    ];

    /// <summary>Kinds every field gets; the rest are spread over the fields by the seed.</summary>
    private static readonly HashSet<string> Always = new(StringComparer.Ordinal)
    {
        "empty", "huge-number", "control-characters", "lone-high-surrogate", "json-duplicate-names", "json-lone-surrogate", "oversize",
    };

    /// <summary>
    /// A bounded, deterministic selection for one field: the kinds every field gets plus <paramref name="extra"/>
    /// others chosen by the seed and the field's name, so that over many fields every kind is used.
    /// </summary>
    public static IReadOnlyList<FuzzValue> For(string field, int extra)
    {
        var random = new Random(Seed ^ StableHash(field));
        var rest = Strings.Where(v => !Always.Contains(v.Kind)).OrderBy(_ => random.Next()).Take(extra);
        return [.. Strings.Where(v => Always.Contains(v.Kind)), .. rest];
    }

    /// <summary>
    /// Path segments: the string kinds plus what only a path can carry. No NUL: a server refuses a path with one
    /// before any application code runs (and the in-process test server will not even send it); long, not oversize.
    /// </summary>
    public static IReadOnlyList<FuzzValue> PathSegments(string parameter, int extra) =>
    [
        .. For(parameter, extra).Select(PathSafe),
        new("encoded-slash", "a/b"),
        new("dot-segment", ".."),
    ];

    /// <summary>A value as a path segment can carry it (see <see cref="PathSegments"/>).</summary>
    public static FuzzValue PathSafe(FuzzValue value) => value.Kind switch
    {
        "oversize" => value with { Value = new string('x', 3000) },
        "control-characters" => value with { Value = value.Value.Replace("\0", "", StringComparison.Ordinal) },
        _ => value,
    };

    /// <summary>The few kinds a repeated field (the same binder at another index, or an operation already swept) still gets.</summary>
    public static IReadOnlyList<FuzzValue> Light { get; } = [.. Strings.Where(v => v.Kind is "lone-high-surrogate" or "control-characters" or "huge-number" or "json-duplicate-names")];

    /// <summary>The JSON kinds a nested member (an answer inside "answers") gets: one of each kind of trouble.</summary>
    public static IReadOnlyList<FuzzValue> JsonCore => [.. JsonTypes.Where(v => v.Kind is "json-null" or "json-true" or "json-negative" or "json-huge-integer"
        or "json-out-of-range-number" or "json-string" or "json-array" or "json-object" or "json-nesting-over-limit" or "json-lone-surrogate-escape" or "json-nul-escape")];

    /// <summary>JSON values that are not what a property expects, as JSON text.</summary>
    public static readonly IReadOnlyList<FuzzValue> JsonTypes =
    [
        new("json-null", "null"),
        new("json-true", "true"),
        new("json-zero", "0"),
        new("json-negative", "-1"),
        new("json-fraction", "0.5"),
        new("json-huge-integer", "123456789012345678901234567890"),
        new("json-out-of-range-number", "1e400"),
        new("json-negative-exponent", "-1e-400"),
        new("json-string", "\"x\""),
        new("json-empty-array", "[]"),
        new("json-array", "[1,\"a\",null,{}]"),
        new("json-empty-object", "{}"),
        new("json-object", "{\"nested\":{\"x\":[true]}}"),
        new("json-nesting-over-limit", new string('[', 40) + new string(']', 40)),
        new("json-nesting-within-limit", new string('[', 20) + new string(']', 20)),
        new("json-lone-surrogate-escape", "\"\\ud800\""),
        new("json-lone-low-surrogate-escape", "\"a\\udfffb\""),
        new("json-nul-escape", "\"a\\u0000b\""),
        new("json-oversize-string", "\"" + new string('y', 200_000) + "\""),
    ];

    /// <summary>A string as JSON text; lone surrogates become <c>\uXXXX</c> escapes (as an attacker writes them).</summary>
    public static string JsonString(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case < ' ' or (>= '\uD800' and <= '\uDFFF'):
                    sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Percent-encodes text for a URL or a form body. A lone surrogate is written as the three bytes UTF-8 would give
    /// it (<c>%ED%A0%80</c>, "WTF-8"), as a hostile client can, instead of the replacement character.
    /// </summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length * 2);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                sb.Append(c);
                continue;
            }

            int count;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                count = Encoding.UTF8.GetBytes(value.AsSpan(i, 2), bytes);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                bytes[0] = (byte)(0xE0 | (c >> 12));
                bytes[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                bytes[2] = (byte)(0x80 | (c & 0x3F));
                count = 3;
            }
            else
            {
                count = Encoding.UTF8.GetBytes(value.AsSpan(i, 1), bytes);
            }

            for (var b = 0; b < count; b++)
            {
                sb.Append('%').Append(bytes[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>A hash that is the same in every process (string.GetHashCode is randomised per process).</summary>
    public static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
