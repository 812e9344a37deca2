using Polku.Identity.Contracts;

namespace Polku.Tests.Domain;

public class PersonalIdentityCodeTests
{
    private static readonly DateOnly Today = new(2026, 1, 15);
    private static readonly DateOnly Before2023 = new(2022, 12, 31);
    private const string CheckAlphabet = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    [Fact]
    public void Known_valid_code()
    {
        var result = PersonalIdentityCode.Validate("131052-308T", Today);

        Assert.True(result.Valid);
        Assert.Null(result.ErrorCode);
        Assert.Equal(new DateOnly(1952, 10, 13), result.BirthDate);
        Assert.False(result.IsTemporary);
        Assert.True(result.IsFemale);
        Assert.Equal('T', PersonalIdentityCode.CheckCharacter("131052308"));
    }

    [Theory]
    [InlineData('+', 1852)]
    [InlineData('-', 1952)]
    [InlineData('Y', 1952)]
    [InlineData('X', 1952)]
    [InlineData('W', 1952)]
    [InlineData('V', 1952)]
    [InlineData('U', 1952)]
    [InlineData('A', 2012)]
    [InlineData('B', 2012)]
    [InlineData('C', 2012)]
    [InlineData('D', 2012)]
    [InlineData('E', 2012)]
    [InlineData('F', 2012)]
    public void Every_century_sign_gives_its_century(char sign, int expectedYear)
    {
        var code = $"131052{sign}308T".Replace("52", (expectedYear % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        code = code[..10] + PersonalIdentityCode.CheckCharacter(code[..6] + code[7..10]);

        var result = PersonalIdentityCode.Validate(code, Today);

        Assert.True(result.Valid, result.ErrorCode);
        Assert.Equal(new DateOnly(expectedYear, 10, 13), result.BirthDate);
        Assert.Equal(code, PersonalIdentityCode.Create(new DateOnly(expectedYear, 10, 13), 308, sign));
    }

    [Theory]
    [InlineData('Y')]
    [InlineData('X')]
    [InlineData('W')]
    [InlineData('V')]
    [InlineData('U')]
    [InlineData('B')]
    [InlineData('C')]
    [InlineData('D')]
    [InlineData('E')]
    [InlineData('F')]
    public void Additional_signs_are_valid_only_from_2023(char sign)
    {
        var birth = sign is 'Y' or 'X' or 'W' or 'V' or 'U' ? new DateOnly(1990, 5, 17) : new DateOnly(2010, 5, 17);
        var code = PersonalIdentityCode.Create(birth, 123, sign);

        Assert.Equal(PersonalIdentityCode.CenturySign, PersonalIdentityCode.Validate(code, Before2023).ErrorCode);
        Assert.True(PersonalIdentityCode.Validate(code, new DateOnly(2023, 1, 1)).Valid);
    }

    [Theory]
    [InlineData('+')]
    [InlineData('-')]
    [InlineData('A')]
    public void Traditional_signs_are_valid_before_2023(char sign)
    {
        var birth = sign switch { '+' => new DateOnly(1890, 5, 17), '-' => new DateOnly(1990, 5, 17), _ => new DateOnly(2010, 5, 17) };
        Assert.True(PersonalIdentityCode.Validate(PersonalIdentityCode.Create(birth, 123, sign), Before2023).Valid);
    }

    [Theory]
    [InlineData(2, false, true)]
    [InlineData(3, false, false)]
    [InlineData(899, false, false)]
    [InlineData(900, true, true)]
    [InlineData(999, true, false)]
    public void Individual_number_ranges_and_sex(int number, bool temporary, bool female)
    {
        var result = PersonalIdentityCode.Validate(PersonalIdentityCode.Create(new DateOnly(1985, 2, 28), number), Today);

        Assert.True(result.Valid);
        Assert.Equal(temporary, result.IsTemporary);
        Assert.Equal(female, result.IsFemale);
    }

    [Theory]
    [InlineData(null, PersonalIdentityCode.Required)]
    [InlineData("", PersonalIdentityCode.Required)]
    [InlineData("131052-308", PersonalIdentityCode.Length)]
    [InlineData("131052-308TT", PersonalIdentityCode.Length)]
    [InlineData(" 131052-308T", PersonalIdentityCode.Whitespace)]
    [InlineData("131052-308T ", PersonalIdentityCode.Whitespace)]
    [InlineData("131052 308T", PersonalIdentityCode.Whitespace)]
    [InlineData("131052\t308T", PersonalIdentityCode.Whitespace)]
    [InlineData("131052-308t", PersonalIdentityCode.Lowercase)]
    [InlineData("131052a308T", PersonalIdentityCode.Lowercase)]
    [InlineData("13105Z-308T", PersonalIdentityCode.Characters)]
    [InlineData("131052-3O8T", PersonalIdentityCode.Characters)]
    [InlineData("1310٥2-308T", PersonalIdentityCode.Characters)] // Arabic-Indic digit five
    [InlineData("131052*308T", PersonalIdentityCode.CenturySign)]
    [InlineData("131052G308T", PersonalIdentityCode.CenturySign)]
    [InlineData("131052Z308T", PersonalIdentityCode.CenturySign)]
    [InlineData("321052-308T", PersonalIdentityCode.DateInvalid)]
    [InlineData("001052-308T", PersonalIdentityCode.DateInvalid)]
    [InlineData("131352-308T", PersonalIdentityCode.DateInvalid)]
    [InlineData("130052-308T", PersonalIdentityCode.DateInvalid)]
    [InlineData("310452-308T", PersonalIdentityCode.DateInvalid)]
    [InlineData("131099A308T", PersonalIdentityCode.DateFuture)]
    [InlineData("131052-000T", PersonalIdentityCode.IndividualNumber)]
    [InlineData("131052-001T", PersonalIdentityCode.IndividualNumber)]
    [InlineData("131052-308U", PersonalIdentityCode.CheckCharacterWrong)]
    [InlineData("131052-308G", PersonalIdentityCode.CheckCharacterWrong)]
    [InlineData("131052-308!", PersonalIdentityCode.CheckCharacterWrong)]
    public void Each_error_code(string? input, string expected)
    {
        var result = PersonalIdentityCode.Validate(input, Today);

        Assert.False(result.Valid);
        Assert.Equal(expected, result.ErrorCode);
        Assert.Null(result.BirthDate);
        Assert.Null(result.IsFemale);
    }

    [Fact]
    public void Date_of_birth_today_is_valid_and_tomorrow_is_future()
    {
        Assert.True(PersonalIdentityCode.Validate(PersonalIdentityCode.Create(Today, 222), Today).Valid);
        Assert.Equal(PersonalIdentityCode.DateFuture, PersonalIdentityCode.Validate(PersonalIdentityCode.Create(Today.AddDays(1), 222), Today).ErrorCode);
    }

    [Theory]
    [InlineData("290200", 'A', true)] // 2000 is a leap year
    [InlineData("290204", 'A', true)]
    [InlineData("290201", 'A', false)]
    [InlineData("290200", '+', false)] // 1800 is not a leap year
    [InlineData("290297", '-', false)]
    [InlineData("290296", '-', true)]
    [InlineData("290200", '-', false)] // 1900 is not a leap year
    [InlineData("290296", '+', true)] // 1896
    [InlineData("290200", 'B', true)] // 2000
    public void February_29(string ddmmyy, char sign, bool valid)
    {
        var nine = ddmmyy + "345";
        var code = $"{ddmmyy}{sign}345{PersonalIdentityCode.CheckCharacter(nine)}";

        var result = PersonalIdentityCode.Validate(code, Today);

        Assert.Equal(valid, result.Valid);
        Assert.Equal(valid ? null : PersonalIdentityCode.DateInvalid, result.ErrorCode);
    }

    [Fact]
    public void Generated_codes_validate_to_their_birth_date()
    {
        var random = new Random(1234);
        var first = new DateOnly(1800, 1, 1);
        char[] signs1800 = ['+'];
        char[] signs1900 = ['-', 'Y', 'X', 'W', 'V', 'U'];
        char[] signs2000 = ['A', 'B', 'C', 'D', 'E', 'F'];
        for (var i = 0; i < 10000; i++)
        {
            var birth = first.AddDays(random.Next(0, Today.DayNumber - first.DayNumber + 1));
            var number = random.Next(2, 1000);
            var signs = birth.Year < 1900 ? signs1800 : birth.Year < 2000 ? signs1900 : signs2000;
            char? sign = random.Next(0, 3) == 0 ? null : signs[random.Next(signs.Length)];

            var code = PersonalIdentityCode.Create(birth, number, sign);
            var result = PersonalIdentityCode.Validate(code, Today);

            Assert.Equal(11, code.Length);
            Assert.True(result.Valid, result.ErrorCode);
            Assert.Equal(birth, result.BirthDate);
            Assert.Equal(number >= 900, result.IsTemporary);
            Assert.Equal(number % 2 == 0, result.IsFemale);
        }
    }

    [Fact]
    public void Changing_one_digit_or_the_check_character_always_invalidates()
    {
        var random = new Random(1234);
        var first = new DateOnly(1800, 1, 1);
        for (var i = 0; i < 3000; i++)
        {
            var birth = first.AddDays(random.Next(0, Today.DayNumber - first.DayNumber + 1));
            var code = PersonalIdentityCode.Create(birth, random.Next(2, 1000));

            foreach (var position in new[] { 0, 1, 2, 3, 4, 5, 7, 8, 9 })
            {
                var other = (char)('0' + ((code[position] - '0' + random.Next(1, 10)) % 10));
                var changed = string.Concat(code.AsSpan(0, position), [other], code.AsSpan(position + 1));
                Assert.False(PersonalIdentityCode.Validate(changed, Today).Valid);
            }

            var check = CheckAlphabet[(CheckAlphabet.IndexOf(code[10], StringComparison.Ordinal) + random.Next(1, 31)) % 31];
            var changedCheck = code[..10] + check;
            Assert.Equal(PersonalIdentityCode.CheckCharacterWrong, PersonalIdentityCode.Validate(changedCheck, Today).ErrorCode);
        }
    }

    [Fact]
    public void Changing_the_century_sign_within_a_century_keeps_the_birth_date()
    {
        var code = PersonalIdentityCode.Create(new DateOnly(1975, 3, 4), 456);
        foreach (var sign in "YXWVU")
        {
            var changed = code[..6] + sign + code[7..];
            Assert.Equal(new DateOnly(1975, 3, 4), PersonalIdentityCode.Validate(changed, Today).BirthDate);
        }

        // Moving to the 1800s or 2000s changes the birth date (or makes it future).
        Assert.Equal(new DateOnly(1875, 3, 4), PersonalIdentityCode.Validate(code[..6] + '+' + code[7..], Today).BirthDate);
        Assert.Equal(PersonalIdentityCode.DateFuture, PersonalIdentityCode.Validate(code[..6] + 'A' + code[7..], Today).ErrorCode);
    }

    [Fact]
    public void Create_rejects_bad_arguments_without_revealing_the_code()
    {
        var ex = Assert.Throws<ArgumentException>(() => PersonalIdentityCode.Create(new DateOnly(1975, 3, 4), 456, 'A'));
        Assert.DoesNotContain("0403", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonalIdentityCode.Create(new DateOnly(1975, 3, 4), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonalIdentityCode.Create(new DateOnly(1975, 3, 4), 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonalIdentityCode.Create(new DateOnly(1799, 12, 31), 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonalIdentityCode.Create(new DateOnly(2100, 1, 1), 100));
        Assert.Throws<ArgumentException>(() => PersonalIdentityCode.CheckCharacter("12345678"));
        Assert.Throws<ArgumentException>(() => PersonalIdentityCode.CheckCharacter("12345678X"));
    }

    [Fact]
    public void Result_does_not_contain_the_code()
    {
        var result = PersonalIdentityCode.Validate("131052-308T", Today);
        Assert.DoesNotContain("131052", result.ToString(), StringComparison.Ordinal);
    }
}
