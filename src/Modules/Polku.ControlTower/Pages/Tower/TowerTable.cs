using Polku.ControlTower.Kpis;
using Polku.Platform.Web;

namespace Polku.ControlTower.Pages.Tower;

/// <summary>A cell: its text, and where the number came from (a link to its computation) when it is a figure.</summary>
public sealed record TowerCell(string Text, string? Href = null, bool? Met = null, decimal? Number = null);

/// <summary>
/// A table of the control tower as a person reads it (names, not codes, in the page's language): the page renders it
/// and its CSV export writes the same rows, so what is downloaded is what is shown.
/// </summary>
public sealed record TowerTable(string Id, string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<TowerCell>> Rows)
{
    public byte[] ToCsv() => Csv.Write([Headers, .. Rows.Select(r => (IReadOnlyList<string>)[.. r.Select(c => c.Text)])]);

    /// <summary>The same rows as an Excel workbook; figures are numbers there, so a spreadsheet can compute with them.</summary>
    public byte[] ToXlsx() => Xlsx.Write(Caption, [Headers, .. Rows.Select(r => (IReadOnlyList<string>)[.. r.Select(c => c.Text)])],
        Rows.Select(r => (IReadOnlyList<decimal?>)[.. r.Select(c => c.Number)]));

    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
