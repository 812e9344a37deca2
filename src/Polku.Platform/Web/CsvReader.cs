using System.Text;

namespace Polku.Platform.Web;

/// <summary>One data row of an imported file: the line it starts on and its cells by (lower-case) column name.</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string> Cells);

/// <summary>A problem of the file's shape: the line (0 for the whole file), the column (empty for the whole row) and the code.</summary>
public sealed record CsvProblem(int Line, string Column, string Code);

/// <summary>What <see cref="CsvReader.Parse"/> read: the rows, the header's column names and the problems of the shape.</summary>
public sealed record CsvTable(IReadOnlyList<CsvRow> Rows, IReadOnlyList<string> Header, IReadOnlyList<CsvProblem> Errors);

/// <summary>The columns an import knows, the ones it needs, its row limit and the prefix of its error codes (e.g. <c>staff.import.</c>).</summary>
public sealed record CsvLayout(IReadOnlyList<string> Columns, IReadOnlyList<string> Required, int MaxRows, string CodePrefix);

/// <summary>
/// Reads an import file as a spreadsheet saves it: UTF-8 with or without a byte-order mark; a header line naming the
/// columns in any order (case ignored); <c>;</c> or <c>,</c> between cells, taken from the header line; cells quoted
/// with <c>"</c> when they hold the separator, a quote (doubled) or a line break. Only the shape is checked here; what
/// the values mean is the import's. The problems' codes are the layout's prefix and one of the suffixes below, so each
/// import keeps its own localised texts. Used by the staff import and the training import.
/// </summary>
public static class CsvReader
{
    public const string NotUtf8 = "not_utf8";
    public const string Empty = "empty";
    public const string TooLarge = "too_large";
    public const string TooManyRows = "too_many_rows";
    public const string UnknownColumn = "unknown_column";
    public const string RepeatedColumn = "repeated_column";
    public const string MissingColumn = "missing_column";
    public const string CellCount = "cell_count";
    public const string Quote = "quote";

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

    /// <summary>The rows with their cells, or the file's problems (a bad header stops the reading; a bad row is skipped and reported).</summary>
    public static CsvTable Parse(string text, CsvLayout layout)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(layout);
        var rows = new List<CsvRow>();
        var errors = new List<CsvProblem>();
        CsvProblem Problem(int line, string column, string suffix) => new(line, column, layout.CodePrefix + suffix);
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
                errors.Add(Problem(line, "", Quote));
                break;
            }

            if (header is null)
            {
                header = [.. cells.Select(c => c.Trim().ToLowerInvariant())];
                foreach (var name in header.Where(h => !layout.Columns.Contains(h, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
                {
                    errors.Add(Problem(line, Shorten(name), UnknownColumn));
                }

                foreach (var name in header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
                {
                    errors.Add(Problem(line, Shorten(name), RepeatedColumn));
                }

                foreach (var required in layout.Required.Where(r => !header.Contains(r, StringComparer.Ordinal)))
                {
                    errors.Add(Problem(line, required, MissingColumn));
                }

                if (errors.Count > 0)
                {
                    return new CsvTable([], header, errors);
                }

                continue;
            }

            if (rows.Count >= layout.MaxRows)
            {
                errors.Add(Problem(line, "", TooManyRows));
                break;
            }

            if (cells.Count != header.Count)
            {
                errors.Add(Problem(line, "", CellCount));
                continue;
            }

            rows.Add(new CsvRow(line, header.Zip(cells, (h, c) => (h, c.Trim())).ToDictionary(p => p.h, p => p.Item2, StringComparer.Ordinal)));
        }

        if (header is null || rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(Problem(0, "", Empty));
        }

        return new CsvTable(rows, header ?? [], errors);
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
