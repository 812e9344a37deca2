using System.Security.Cryptography;

namespace Polku.Training.Domain;

/// <summary>
/// A certificate's verification code: 10 characters from 29 that cannot be mistaken for one another when read aloud
/// or typed from paper (no 0/O, 1/I/L, no U/V pair), about 48.6 bits from the operating system's cryptographic
/// generator — unguessable to anyone who tries codes on the public page (which is rate-limited as well), and short
/// enough to type. Shown in groups of five (<c>K7QX2-M9HRT</c>); what a person types is normalised before lookup.
/// </summary>
internal static class VerificationCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ";
    public const int Length = 10;

    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>The code as stored (upper case, without spaces or dashes), or null when it cannot be one.</summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null)
        {
            return null;
        }

        Span<char> chars = stackalloc char[Length];
        var n = 0;
        foreach (var c in typed)
        {
            if (c is ' ' or '-' or '\t')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (n == Length || !Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            chars[n++] = upper;
        }

        return n == Length ? new string(chars) : null;
    }

    public static string Display(string code) => code.Length == Length ? code[..5] + "-" + code[5..] : code;
}
