using Polku.Platform.Results;

namespace Polku.ServiceManagement.Domain;

/// <summary>
/// The checks of a trilingual text that is shown as plain text (notices, knowledge articles): a title on one line and a
/// body of lines, both required and limited. Errors are <c>{codes}.title_required|title_too_long|title_plain</c> and
/// <c>{codes}.body_required|body_too_long|body_plain</c>, naming the field.
/// </summary>
internal static class PlainText
{
    public static string Title(string? text, int max, string field, string codes, List<Error> errors)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0)
        {
            errors.Add(Error.Validation(codes + ".title_required", field));
        }
        else if (t.Length > max)
        {
            errors.Add(Error.Validation(codes + ".title_too_long", field));
        }
        else if (t.Any(char.IsControl))
        {
            errors.Add(Error.Validation(codes + ".title_plain", field));
        }

        return t;
    }

    public static string Body(string? text, int max, string field, string codes, List<Error> errors)
    {
        var t = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (t.Length == 0)
        {
            errors.Add(Error.Validation(codes + ".body_required", field));
        }
        else if (t.Length > max)
        {
            errors.Add(Error.Validation(codes + ".body_too_long", field));
        }
        else if (t.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            errors.Add(Error.Validation(codes + ".body_plain", field));
        }

        return t;
    }
}
