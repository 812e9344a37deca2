using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Polku.ControlTower.Kpis;

/// <summary>
/// A table as an Excel workbook of one sheet (Open XML SDK): the header row, then the rows; a cell that is a plain
/// number in the invariant form is written as a number, everything else as text (never as a formula).
/// </summary>
public static class Xlsx
{
    public static byte[] Write(string sheetName, IEnumerable<IReadOnlyList<string>> rows, IEnumerable<IReadOnlyList<decimal?>>? numbers = null)
    {
        ArgumentNullException.ThrowIfNull(sheetName);
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var numberRows = numbers?.ToList();
            var r = 0;
            foreach (var row in rows)
            {
                var xmlRow = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < row.Count; c++)
                {
                    var number = numberRows is not null && r > 0 && r - 1 < numberRows.Count && c < numberRows[r - 1].Count ? numberRows[r - 1][c] : null;
                    xmlRow.Append(number is { } n
                        ? new Cell { DataType = CellValues.Number, CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)) }
                        : new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(row[c]) { Space = SpaceProcessingModeValues.Preserve }) });
                }

                data.Append(xmlRow);
                r++;
            }

            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            // Excel allows 31 characters and none of : \ / ? * [ ] in a sheet's name.
            var name = new string([.. sheetName.Where(ch => ":\\/?*[]".IndexOf(ch, StringComparison.Ordinal) < 0)]);
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = name.Length > 31 ? name[..31] : name.Length == 0 ? "Sheet1" : name });
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }
}
