using System.Text;

namespace Polku.Platform.Web;

/// <summary>
/// CSV as spreadsheets read it: UTF-8 with a byte-order mark, comma-separated, every cell quoted when it needs to be, and a
/// cell that a spreadsheet would run as a formula (=, +, -, @ first) prefixed with an apostrophe.
/// </summary>
public static class Csv
{
    public static byte[] Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            sb.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    public static string Cell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '@' or '\t' or '\r' || value.Length > 1 && value[0] == '-' && !char.IsDigit(value[1]))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
