using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Templates;

/// <summary>Reply templates of the county (unit null) and of units; placeholders are filled as plain text.</summary>
internal sealed class TemplateService(PolkuDb db)
{
    /// <summary>The county's templates and those of the given units.</summary>
    public async Task<IReadOnlyList<ReplyTemplate>> ForUnitsAsync(IReadOnlyCollection<Guid> unitIds, CancellationToken ct)
    {
        var list = await db.Set<ReplyTemplate>().AsNoTracking()
            .Where(t => t.UnitId == null || unitIds.Contains(t.UnitId.Value)).ToListAsync(ct);
        return list.OrderBy(t => t.UnitId is null ? 0 : 1).ThenBy(t => t.Code, StringComparer.Ordinal).ToList();
    }

    public static string Title(ReplyTemplate t, string language) => language switch
    {
        "sv" => t.TitleSv,
        "en" => t.TitleEn,
        _ => t.TitleFi,
    };

    public static string Body(ReplyTemplate t, string language) => language switch
    {
        "sv" => t.BodySv,
        "en" => t.BodyEn,
        _ => t.BodyFi,
    };

    /// <summary>The template's text in the language with placeholders filled and the instruction link appended.</summary>
    public static string Fill(ReplyTemplate t, string language, string firstName, string professionalName, string unitName)
    {
        var text = Body(t, language)
            .Replace("{first_name}", firstName, StringComparison.Ordinal)
            .Replace("{professional_name}", professionalName, StringComparison.Ordinal)
            .Replace("{unit_name}", unitName, StringComparison.Ordinal);
        if (t.InstructionUrl is { Length: > 0 } url)
        {
            text += "\n\n" + (t.InstructionTitle is { Length: > 0 } title ? title + ": " : "") + url;
        }

        return text;
    }

    /// <summary>An instruction link must be an absolute https address.</summary>
    public static bool IsValidUrl(string? url) =>
        url is null || (Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps && url.Length <= 500);
}
