using System.Text;

namespace Polku.Identity.StaffAdmin;

/// <summary>One data row of an HR file: the line it starts on and its cells by column name.</summary>
internal sealed record StaffCsvRow(int Line, IReadOnlyDictionary<string, string> Cells);

/// <summary>A problem of the file or of one row: the line (0 for the whole file), the column (empty for the whole row) and the code.</summary>
internal sealed record StaffImportError(int Line, string Column, string Code);

/// <summary>
/// Reads the HR file (docs/staff-administration.md, <c>content/staff/staff-import-example.csv</c>): UTF-8 with or
/// without a byte-order mark; a header line naming the columns in any order; <c>;</c> or <c>,</c> between cells, taken
/// from the header line; cells quoted with <c>"</c> when they hold the separator, a quote (doubled) or a line break.
/// Only the shape is checked here; what the values mean is the import's (<see cref="StaffImport"/>).
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

    public const string NotUtf8 = "staff.import.not_utf8";
    public const string Empty = "staff.import.empty";
    public const string TooLarge = "staff.import.too_large";
    public const string TooManyRows = "staff.import.too_many_rows";
    public const string UnknownColumn = "staff.import.unknown_column";
    public const string RepeatedColumn = "staff.import.repeated_column";
    public const string MissingColumn = "staff.import.missing_column";
    public const string CellCount = "staff.import.cell_count";
    public const string Quote = "staff.import.quote";

    /// <summary>The file's text: strict UTF-8, the byte-order mark dropped; null when the bytes are not UTF-8.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            // A NUL or a non-character cannot be stored on PostgreSQL nor typed by anyone; such a file is not text.
            return text.Contains('\0', StringComparison.Ordinal) || text.Contains('\uFFFE', StringComparison.Ordinal) || text.Contains('\uFFFF', StringComparison.Ordinal) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The rows with their cells, or the file's errors (a bad header stops the reading; a bad row is skipped and reported).</summary>
    public static (IReadOnlyList<StaffCsvRow> Rows, IReadOnlyList<string> Header, IReadOnlyList<StaffImportError> Errors) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<StaffCsvRow>();
        var errors = new List<StaffImportError>();
        text = text.TrimStart('\uFEFF');
        var separator = Separator(text);
        List<string>? header = null;
        foreach (var (line, cells, closed) in Records(text, separator))
        {
            if (cells.Count == 1 && cells[0].Trim().Length == 0)
            {
                continue;
            }

            if (!closed)
            {
                errors.Add(new StaffImportError(line, "", Quote));
                break;
            }

            if (header is null)
            {
                header = [.. cells.Select(c => c.Trim().ToLowerInvariant())];
                foreach (var name in header.Where(h => !Columns.Contains(h, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
                {
                    errors.Add(new StaffImportError(line, Shorten(name), UnknownColumn));
                }

                foreach (var name in header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
                {
                    errors.Add(new StaffImportError(line, Shorten(name), RepeatedColumn));
                }

                foreach (var required in new[] { Login, Name }.Where(r => !header.Contains(r, StringComparer.Ordinal)))
                {
                    errors.Add(new StaffImportError(line, required, MissingColumn));
                }

                if (errors.Count > 0)
                {
                    return ([], header, errors);
                }

                continue;
            }

            if (rows.Count >= MaxRows)
            {
                errors.Add(new StaffImportError(line, "", TooManyRows));
                break;
            }

            if (cells.Count != header.Count)
            {
                errors.Add(new StaffImportError(line, "", CellCount));
                continue;
            }

            rows.Add(new StaffCsvRow(line, header.Zip(cells, (h, c) => (h, c.Trim())).ToDictionary(p => p.h, p => p.Item2, StringComparer.Ordinal)));
        }

        if (header is null)
        {
            errors.Add(new StaffImportError(0, "", Empty));
        }
        else if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new StaffImportError(0, "", Empty));
        }

        return (rows, header ?? [], errors);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40];

    /// <summary>The separator of the header line: <c>;</c> when it has more of them than of <c>,</c> outside quotes.</summary>
    public static char Separator(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r' && semicolons + commas > 0)
            {
                break;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
        }

        return semicolons > commas ? ';' : ',';
    }

    /// <summary>The records of the text with the line each starts on; <c>closed</c> is false for a quote left open at the end.</summary>
    private static IEnumerable<(int Line, List<string> Cells, bool Closed)> Records(string text, char separator)
    {
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var start = line;
            var cells = new List<string>();
            var cell = new StringBuilder();
            var quoted = false;
            var ended = false;
            while (i < text.Length && !ended)
            {
                var c = text[i++];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (i < text.Length && text[i] == '"')
                        {
                            cell.Append('"');
                            i++;
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            line++;
                        }

                        cell.Append(c);
                    }
                }
                else if (c == '"' && cell.ToString().Trim().Length == 0)
                {
                    // A quote opens a quoted cell only at its start (spaces before it aside); elsewhere it is a character.
                    quoted = true;
                    cell.Clear();
                }
                else if (c == separator)
                {
                    cells.Add(cell.ToString());
                    cell.Clear();
                }
                else if (c is '\r' or '\n')
                {
                    if (c == '\r' && i < text.Length && text[i] == '\n')
                    {
                        i++;
                    }

                    line++;
                    ended = true;
                }
                else
                {
                    cell.Append(c);
                }
            }

            cells.Add(cell.ToString());
            yield return (start, cells, !quoted);
            if (quoted)
            {
                yield break;
            }
        }
    }
}
