using System.Globalization;
using System.Text.RegularExpressions;
using Polku.Platform.Web;

namespace Polku.Training.Coordinator;

/// <summary>
/// The columns of the training import file (docs/training-import.md, <c>content/training/import-example.csv</c>), read
/// by the platform's <see cref="CsvReader"/>. One file holds programme, course and group rows, told apart by
/// <c>type</c>; each row fills the columns of its type and leaves the others empty.
/// </summary>
internal static partial class TrainingCsv
{
    public const string Type = "type";
    public const string Programme = "programme";
    public const string Course = "course";
    public const string Group = "group";
    public const string NameFi = "name_fi";
    public const string NameSv = "name_sv";
    public const string NameEn = "name_en";
    public const string DescriptionFi = "description_fi";
    public const string DescriptionSv = "description_sv";
    public const string DescriptionEn = "description_en";
    public const string Published = "published";
    public const string Organisations = "organisations";
    public const string Units = "units";
    public const string Titles = "titles";
    public const string Position = "position";
    public const string Prerequisites = "prerequisites";
    public const string CertificateKind = "certificate_kind";
    public const string ValidityMonths = "validity_months";
    public const string Renewal = "renewal";
    public const string Sessions = "sessions";
    public const string Place = "place";
    public const string OnlineUrl = "online_url";
    public const string Trainer = "trainer";
    public const string Capacity = "capacity";
    public const string Mandatory = "mandatory";

    public const string ProgrammeType = "programme";
    public const string CourseType = "course";
    public const string GroupType = "group";

    public static readonly IReadOnlyList<string> Columns =
    [
        Type, Programme, Course, Group, NameFi, NameSv, NameEn, DescriptionFi, DescriptionSv, DescriptionEn, Published, Organisations, Units, Titles,
        Position, Prerequisites, CertificateKind, ValidityMonths, Renewal, Sessions, Place, OnlineUrl, Trainer, Capacity, Mandatory,
    ];

    /// <summary>The columns a row of each type may fill; a cell of another type's column must be empty.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> ColumnsOf = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        [ProgrammeType] = new HashSet<string>(StringComparer.Ordinal) { Type, Programme, NameFi, NameSv, NameEn, DescriptionFi, DescriptionSv, DescriptionEn, Published, Organisations, Units, Titles },
        [CourseType] = new HashSet<string>(StringComparer.Ordinal) { Type, Programme, Course, NameFi, NameSv, NameEn, Position, Prerequisites, CertificateKind, ValidityMonths, Renewal },
        [GroupType] = new HashSet<string>(StringComparer.Ordinal) { Type, Course, Group, Sessions, Place, OnlineUrl, Trainer, Capacity, Mandatory },
    };

    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 5000;
    public const int MaxSessions = 100;

    public const string Prefix = "training.import.";
    public const string NotUtf8 = Prefix + CsvReader.NotUtf8;
    public const string Empty = Prefix + CsvReader.Empty;
    public const string TooLarge = Prefix + CsvReader.TooLarge;
    public const string TooManyRows = Prefix + CsvReader.TooManyRows;

    public static readonly CsvLayout Layout = new(Columns, [Type], MaxRows, Prefix);

    private static readonly string[] Yes = ["true", "1", "yes", "kyllä", "ja", "x"];
    private static readonly string[] No = ["false", "0", "no", "ei", "nej", ""];

    /// <summary>A yes/no cell (an empty cell is no); null when it is neither.</summary>
    public static bool? Boolean(string cell)
    {
        var value = cell.Trim().ToLowerInvariant();
        return Yes.Contains(value, StringComparer.Ordinal) ? true : No.Contains(value, StringComparer.Ordinal) ? false : null;
    }

    /// <summary>A whole number cell; null when it is not one (a huge number included).</summary>
    public static int? Number(string cell) =>
        int.TryParse(cell.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A cell of <c>|</c>-separated values, trimmed, without repeats.</summary>
    public static IReadOnlyList<string> List(string cell) =>
        [.. cell.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex(@"^(\S+)\s+(\d{1,2}[:.]\d{2})\s*[-–]\s*(\d{1,2}[:.]\d{2})$")]
    private static partial Regex SessionPattern();

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d.M.yyyy"];
    private static readonly string[] TimeFormats = ["H:mm", "H.mm"];

    /// <summary>
    /// The sessions of a cell such as <c>2027-01-12 09:00-12:00|2027-01-19 09:00-12:00</c> (Helsinki wall-clock; the
    /// date may also be written 12.1.2027 and the times 9.00); null when a session cannot be read or there are over
    /// <see cref="MaxSessions"/>. Whether each ends after it starts is the coordinator's rule.
    /// </summary>
    public static IReadOnlyList<SessionDraft>? ParseSessions(string cell)
    {
        var parts = List(cell);
        if (parts.Count > MaxSessions)
        {
            return null;
        }

        var sessions = new List<SessionDraft>();
        foreach (var part in parts)
        {
            var m = SessionPattern().Match(part);
            if (!m.Success
                || !DateOnly.TryParseExact(m.Groups[1].Value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || !TimeOnly.TryParseExact(m.Groups[2].Value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(m.Groups[3].Value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                return null;
            }

            sessions.Add(new SessionDraft(date, start, end));
        }

        return sessions;
    }

    /// <summary>The sessions written as in the file, in order.</summary>
    public static string FormatSessions(IEnumerable<SessionDraft> sessions) =>
        string.Join('|', sessions.OrderBy(s => s.Date).ThenBy(s => s.Start).Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Date:yyyy-MM-dd} {s.Start:HH:mm}-{s.End:HH:mm}")));
}
