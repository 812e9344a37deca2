using System.Text.RegularExpressions;

namespace Polku.Region.Domain;

/// <summary>
/// Validation of municipalities and units as a coordinator enters them. Every check returns
/// (field, error code) pairs; the pages turn the codes into texts in the user's language.
/// </summary>
internal static partial class RegionRules
{
    public const string Required = "error.required";
    public const string TooLong = "error.too_long";
    public const string ControlCharacters = "region.admin.control_characters";
    public const string MunicipalityCodeInvalid = "region.admin.municipality_code_invalid";
    public const string UnitCodeInvalid = "region.admin.code_invalid";
    public const string LanguagesRequired = "region.admin.languages_required";
    public const string InvalidPhone = "region.invalid_phone";

    /// <summary>The official languages a municipality can have, in the order they are stored.</summary>
    public static readonly IReadOnlyList<string> MunicipalityLanguages = ["fi", "sv"];

    /// <summary>A Statistics Finland municipality code: exactly three ASCII digits.</summary>
    public static bool IsMunicipalityCode(string? code) => code is not null && MunicipalityCodePattern().IsMatch(code);

    /// <summary>A unit code: lower-case ASCII letters, digits and hyphens, 2–60 characters, not starting with a hyphen.</summary>
    public static bool IsUnitCode(string? code) => code is not null && UnitCodePattern().IsMatch(code);

    /// <summary>A phone number of digits, spaces, + and - only.</summary>
    public static bool IsPhone(string phone) => phone.All(c => c is (>= '0' and <= '9') or ' ' or '+' or '-');

    /// <summary>Whether the text contains control characters (line breaks, NUL …), which no single-line field accepts.</summary>
    public static bool HasControlCharacters(string text) => text.Any(char.IsControl);

    /// <summary>Required single-line texts: present, within the length and free of control characters.</summary>
    public static void RequireText(List<(string Field, string Code)> errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add((field, Required));
            return;
        }

        OptionalText(errors, field, value, max);
    }

    /// <summary>Optional single-line texts: within the length and free of control characters when given.</summary>
    public static void OptionalText(List<(string Field, string Code)> errors, string field, string? value, int max)
    {
        if (value is null)
        {
            return;
        }

        if (value.Trim().Length > max)
        {
            errors.Add((field, TooLong));
        }
        else if (HasControlCharacters(value))
        {
            errors.Add((field, ControlCharacters));
        }
    }

    /// <summary>Checks a municipality's texts and languages (the code is checked separately, as it is set only once).</summary>
    public static List<(string Field, string Code)> CheckMunicipality(
        string? nameFi, string? nameSv, string? nameEn, IReadOnlyCollection<string> languages, string? recordSystem)
    {
        var errors = new List<(string Field, string Code)>();
        RequireText(errors, "NameFi", nameFi, 100);
        RequireText(errors, "NameSv", nameSv, 100);
        RequireText(errors, "NameEn", nameEn, 100);
        if (languages.Count == 0 || languages.Any(l => !MunicipalityLanguages.Contains(l)))
        {
            errors.Add(("Languages", LanguagesRequired));
        }

        OptionalText(errors, "RecordSystem", recordSystem, 200);
        return errors;
    }

    /// <summary>Checks a unit's texts and phone number (code, kind and municipalities are checked against the database).</summary>
    public static List<(string Field, string Code)> CheckUnit(string? nameFi, string? nameSv, string? nameEn, string? phone, string? address)
    {
        var errors = new List<(string Field, string Code)>();
        RequireText(errors, "NameFi", nameFi, 200);
        RequireText(errors, "NameSv", nameSv, 200);
        RequireText(errors, "NameEn", nameEn, 200);
        if (!string.IsNullOrWhiteSpace(phone))
        {
            var trimmed = phone.Trim();
            if (trimmed.Length > 40)
            {
                errors.Add(("Phone", TooLong));
            }
            else if (!IsPhone(trimmed))
            {
                errors.Add(("Phone", InvalidPhone));
            }
        }

        OptionalText(errors, "Address", address, 300);
        return errors;
    }

    /// <summary>The stored form of a municipality's languages: known codes only, Finnish first, comma-separated.</summary>
    public static string JoinLanguages(IEnumerable<string> languages) =>
        string.Join(',', MunicipalityLanguages.Where(languages.Contains));

    [GeneratedRegex("^[0-9]{3}\\z")]
    private static partial Regex MunicipalityCodePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,59}\\z")]
    private static partial Regex UnitCodePattern();
}
