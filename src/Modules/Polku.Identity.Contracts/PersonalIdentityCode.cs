namespace Polku.Identity.Contracts;

/// <summary>
/// The outcome of validating a Finnish personal identity code. The code itself is never part of
/// the result, so a result is safe to log.
/// </summary>
/// <param name="Valid">Whether the code is valid.</param>
/// <param name="ErrorCode">A stable error code (<c>hetu.*</c>) when invalid, otherwise null.</param>
/// <param name="BirthDate">The date of birth of a valid code.</param>
/// <param name="IsTemporary">Whether the individual number is 900–999 (temporary or test code).</param>
/// <param name="IsFemale">Whether the individual number is even, for a valid code; null when invalid.</param>
public sealed record HetuResult(bool Valid, string? ErrorCode, DateOnly? BirthDate, bool IsTemporary, bool? IsFemale)
{
    internal static HetuResult Error(string code) => new(false, code, null, false, null);
}

/// <summary>
/// Validation and construction of the Finnish personal identity code (henkilötunnus, HETU):
/// <c>DDMMYY</c>, a century sign, a three-digit individual number and a check character.
/// Never log a code or put it in an exception message.
/// </summary>
public static class PersonalIdentityCode
{
    /// <summary>Error code: no code was given.</summary>
    public const string Required = "hetu.required";

    /// <summary>Error code: the code is not exactly 11 characters long.</summary>
    public const string Length = "hetu.length";

    /// <summary>Error code: the code contains white space.</summary>
    public const string Whitespace = "hetu.whitespace";

    /// <summary>Error code: the code contains lower-case letters.</summary>
    public const string Lowercase = "hetu.lowercase";

    /// <summary>Error code: a non-digit where a digit belongs.</summary>
    public const string Characters = "hetu.characters";

    /// <summary>Error code: the century sign is unknown or not yet in use.</summary>
    public const string CenturySign = "hetu.century_sign";

    /// <summary>Error code: the date of birth does not exist.</summary>
    public const string DateInvalid = "hetu.date_invalid";

    /// <summary>Error code: the date of birth is after today.</summary>
    public const string DateFuture = "hetu.date_future";

    /// <summary>Error code: the individual number is 000 or 001.</summary>
    public const string IndividualNumber = "hetu.individual_number";

    /// <summary>Error code: the check character is wrong.</summary>
    public const string CheckCharacterWrong = "hetu.check_character";

    /// <summary>The date from which the additional century signs Y X W V U and B C D E F are valid.</summary>
    public static readonly DateOnly AdditionalSignsFrom = new(2023, 1, 1);

    private const string CheckCharacters = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    /// <summary>Validates a code as of <paramref name="today"/> and reports the first problem found.</summary>
    public static HetuResult Validate(string? input, DateOnly today)
    {
        if (string.IsNullOrEmpty(input))
        {
            return HetuResult.Error(Required);
        }

        if (input.Any(char.IsWhiteSpace))
        {
            return HetuResult.Error(Whitespace);
        }

        if (input.Length != 11)
        {
            return HetuResult.Error(Length);
        }

        if (input.Any(char.IsLower))
        {
            return HetuResult.Error(Lowercase);
        }

        for (var i = 0; i < 10; i++)
        {
            if (i != 6 && !char.IsAsciiDigit(input[i]))
            {
                return HetuResult.Error(Characters);
            }
        }

        var century = CenturyOf(input[6], today);
        if (century is null)
        {
            return HetuResult.Error(CenturySign);
        }

        var day = Number(input, 0, 2);
        var month = Number(input, 2, 2);
        var year = century.Value + Number(input, 4, 2);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return HetuResult.Error(DateInvalid);
        }

        var birthDate = new DateOnly(year, month, day);
        if (birthDate > today)
        {
            return HetuResult.Error(DateFuture);
        }

        var individual = Number(input, 7, 3);
        if (individual < 2)
        {
            return HetuResult.Error(IndividualNumber);
        }

        if (input[10] != CheckCharacter(string.Concat(input.AsSpan(0, 6), input.AsSpan(7, 3))))
        {
            return HetuResult.Error(CheckCharacterWrong);
        }

        return new HetuResult(true, null, birthDate, individual >= 900, individual % 2 == 0);
    }

    /// <summary>The check character of the nine digits <c>DDMMYYNNN</c>.</summary>
    /// <exception cref="ArgumentException">The input is not exactly nine ASCII digits.</exception>
    public static char CheckCharacter(string nineDigits)
    {
        ArgumentNullException.ThrowIfNull(nineDigits);
        if (nineDigits.Length != 9 || !nineDigits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("Exactly nine digits are required.", nameof(nineDigits));
        }

        return CheckCharacters[Number(nineDigits, 0, 9) % 31];
    }

    /// <summary>
    /// Builds a valid code for a date of birth in 1800–2099 and an individual number 2–999.
    /// Without <paramref name="centurySign"/> the traditional sign of the century is used (+, - or A).
    /// </summary>
    public static string Create(DateOnly birthDate, int individualNumber, char? centurySign = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(birthDate.Year, 1800, nameof(birthDate));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(birthDate.Year, 2099, nameof(birthDate));
        ArgumentOutOfRangeException.ThrowIfLessThan(individualNumber, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(individualNumber, 999);

        var centuryStart = birthDate.Year / 100 * 100;
        var sign = centurySign ?? centuryStart switch
        {
            1800 => '+',
            1900 => '-',
            _ => 'A',
        };
        if (CenturyOf(sign, DateOnly.MaxValue) != centuryStart)
        {
            throw new ArgumentException("The century sign does not match the year of birth.", nameof(centurySign));
        }

        var digits = string.Create(
            9,
            (birthDate, individualNumber),
            static (span, state) =>
            {
                Write(span, 0, state.birthDate.Day, 2);
                Write(span, 2, state.birthDate.Month, 2);
                Write(span, 4, state.birthDate.Year % 100, 2);
                Write(span, 6, state.individualNumber, 3);
            });
        return string.Concat(digits.AsSpan(0, 6), [sign], digits.AsSpan(6, 3), [CheckCharacter(digits)]);
    }

    private static int? CenturyOf(char sign, DateOnly today) => sign switch
    {
        '+' => 1800,
        '-' => 1900,
        'A' => 2000,
        'Y' or 'X' or 'W' or 'V' or 'U' when today >= AdditionalSignsFrom => 1900,
        'B' or 'C' or 'D' or 'E' or 'F' when today >= AdditionalSignsFrom => 2000,
        _ => null,
    };

    private static int Number(string s, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            value = (value * 10) + (s[i] - '0');
        }

        return value;
    }

    private static void Write(Span<char> span, int start, int value, int length)
    {
        for (var i = start + length - 1; i >= start; i--)
        {
            span[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
