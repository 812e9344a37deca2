using System.Net.Mail;
using System.Text.RegularExpressions;
using Polku.Platform.Security;

namespace Polku.Identity.StaffAdmin;

/// <summary>A professional's fields after shape checks, ready for the rules that need the database (<see cref="StaffAdministration"/>).</summary>
internal sealed record StaffValues(
    string Login, string DisplayName, string Title, string? Email, string? ExternalSubject, string? DirectoryId,
    IReadOnlyList<Guid> Units, IReadOnlyList<string> Roles, bool AdminCounty = false, IReadOnlyList<Guid>? AdminUnits = null);

/// <summary>
/// The shape of a professional's fields, the same for the form, the API and the HR import. Codes are text keys in
/// <c>i18n/staff-admin.*.json</c>; the field names are <see cref="StaffValues"/>'s.
/// </summary>
internal static partial class StaffRules
{
    public const int LoginMax = 100;
    public const int NameMax = 200;
    public const int TitleMax = 100;
    public const int EmailMax = 200;
    public const int ExternalIdMax = 200;

    public const string LoginInvalid = "staff.login_invalid";
    public const string NameRequired = "staff.name_required";
    public const string TooLong = "staff.too_long";
    public const string TextInvalid = "staff.text_invalid";
    public const string EmailInvalid = "staff.email_invalid";
    public const string RoleUnknown = "staff.role_unknown";

    /// <summary>Title codes with a translation (<c>identity.staff_title.{code}</c>); any other title is kept as typed.</summary>
    public static readonly IReadOnlyList<string> KnownTitles =
    [
        "nurse", "public-health-nurse", "practical-nurse", "doctor", "dentist", "dental-hygienist", "physiotherapist",
        "psychologist", "social-worker", "social-counsellor", "secretary", "coordinator", "organiser", "service-manager",
        "service-desk", "trainer",
    ];

    /// <summary>A login in the form every directory can give: lower case letters, digits and . _ @ -, 2–100 characters.</summary>
    public static string NormaliseLogin(string? login) => (login ?? "").Trim().ToLowerInvariant();

    public static bool IsLogin(string login) => LoginRegex().IsMatch(login);

    /// <summary>Trims a text; an empty one is null.</summary>
    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The shape errors of the fields, as (field, code) pairs; none when every field is well formed.</summary>
    public static IEnumerable<(string Field, string Code)> Check(string login, string? name, string? title, string? email, string? externalSubject, string? directoryId)
    {
        if (!IsLogin(login))
        {
            yield return ("Login", LoginInvalid);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            yield return ("DisplayName", NameRequired);
        }
        else if (name.Trim().Length > NameMax)
        {
            yield return ("DisplayName", TooLong);
        }
        else if (HasControl(name))
        {
            yield return ("DisplayName", TextInvalid);
        }

        foreach (var (field, value, max) in new[] { ("Title", title, TitleMax), ("ExternalSubject", externalSubject, ExternalIdMax), ("DirectoryId", directoryId, ExternalIdMax) })
        {
            if (value is null)
            {
                continue;
            }

            if (value.Trim().Length > max)
            {
                yield return (field, TooLong);
            }
            else if (HasControl(value))
            {
                yield return (field, TextInvalid);
            }
        }

        if (Blank(email) is { } e && !IsEmail(e))
        {
            yield return ("Email", EmailInvalid);
        }
    }

    /// <summary>An address a mail server would take: one @, a dot in the domain, no spaces, at most 200 characters.</summary>
    public static bool IsEmail(string email) =>
        email.Length <= EmailMax && !email.Any(char.IsWhiteSpace) && !HasControl(email)
        && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.Host.Contains('.', StringComparison.Ordinal)
        && email.Count(c => c == '@') == 1;

    public static bool IsRole(string role) => PolkuRoles.All.Contains(role, StringComparer.Ordinal);

    private static bool HasControl(string value) => value.Any(char.IsControl);

    [GeneratedRegex("^[a-z0-9][a-z0-9._@-]{1,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex LoginRegex();
}
