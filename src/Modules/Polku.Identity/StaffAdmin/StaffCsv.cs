using Polku.Platform.Web;

namespace Polku.Identity.StaffAdmin;

/// <summary>One data row of an HR file: the line it starts on and its cells by column name.</summary>
internal sealed record StaffCsvRow(int Line, IReadOnlyDictionary<string, string> Cells);

/// <summary>A problem of the file or of one row: the line (0 for the whole file), the column (empty for the whole row) and the code.</summary>
internal sealed record StaffImportError(int Line, string Column, string Code);

/// <summary>
/// The HR file's columns (docs/staff-administration.md, <c>content/staff/staff-import-example.csv</c>), read by the
/// platform's <see cref="CsvReader"/>: UTF-8 with or without a byte-order mark; a header line naming the columns in any
/// order; <c>;</c> or <c>,</c> between cells; quoted cells. Only the shape is checked here; what the values mean is the
/// import's (<see cref="StaffImport"/>).
/// </summary>
internal static class StaffCsv
{
    public const string Login = "login";
    public const string Name = "name";
    public const string Title = "title";
    public const string Email = "email";
    public const string DirectoryId = "directory_id";
    public const string ExternalSubject = "external_subject";
    public const string Units = "units";
    public const string Roles = "roles";
    public const string Active = "active";

    public static readonly IReadOnlyList<string> Columns = [Login, Name, Title, Email, DirectoryId, ExternalSubject, Units, Roles, Active];

    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 5000;

    public const string NotUtf8 = "staff.import." + CsvReader.NotUtf8;
    public const string Empty = "staff.import." + CsvReader.Empty;
    public const string TooLarge = "staff.import." + CsvReader.TooLarge;
    public const string TooManyRows = "staff.import." + CsvReader.TooManyRows;
    public const string UnknownColumn = "staff.import." + CsvReader.UnknownColumn;
    public const string RepeatedColumn = "staff.import." + CsvReader.RepeatedColumn;
    public const string MissingColumn = "staff.import." + CsvReader.MissingColumn;
    public const string CellCount = "staff.import." + CsvReader.CellCount;
    public const string Quote = "staff.import." + CsvReader.Quote;

    private static readonly CsvLayout Layout = new(Columns, [Login, Name], MaxRows, "staff.import.");

    /// <summary>The file's text: strict UTF-8, the byte-order mark dropped; null when the bytes are not UTF-8.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes) => CsvReader.Decode(bytes);

    /// <summary>The rows with their cells, or the file's errors (a bad header stops the reading; a bad row is skipped and reported).</summary>
    public static (IReadOnlyList<StaffCsvRow> Rows, IReadOnlyList<string> Header, IReadOnlyList<StaffImportError> Errors) Parse(string text)
    {
        var table = CsvReader.Parse(text, Layout);
        return ([.. table.Rows.Select(r => new StaffCsvRow(r.Line, r.Cells))], table.Header, [.. table.Errors.Select(e => new StaffImportError(e.Line, e.Column, e.Code))]);
    }

    /// <summary>The separator of the header line: <c>;</c> when it has more of them than of <c>,</c> outside quotes.</summary>
    public static char Separator(string text) => CsvReader.Separator(text);
}
