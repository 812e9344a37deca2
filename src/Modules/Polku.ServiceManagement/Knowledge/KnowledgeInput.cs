using Polku.Platform.Results;

using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Knowledge;

/// <summary>An article's texts after validation.</summary>
internal sealed record KbValues(string? ServiceId, string TitleFi, string TitleSv, string TitleEn, string BodyFi, string BodySv, string BodyEn);

/// <summary>The article form as typed: a title and a body (plain text; paragraphs separated by blank lines) in fi, sv and en.</summary>
public sealed class KnowledgeInput
{
    public const int MaxTitle = 200;
    public const int MaxBody = 20000;

    public string? Service { get; set; }
    public string? TitleFi { get; set; }
    public string? TitleSv { get; set; }
    public string? TitleEn { get; set; }
    public string? BodyFi { get; set; }
    public string? BodySv { get; set; }
    public string? BodyEn { get; set; }

    internal (KbValues? Values, IReadOnlyList<Error> Errors) Validate(IReadOnlySet<string> services)
    {
        var errors = new List<Error>();
        var service = string.IsNullOrWhiteSpace(Service) ? null : Service.Trim();
        if (service is not null && !services.Contains(service))
        {
            errors.Add(Error.Validation("sm.knowledge.error.service", nameof(Service)));
        }

        var values = new KbValues(service,
            Title(TitleFi, nameof(TitleFi), errors), Title(TitleSv, nameof(TitleSv), errors), Title(TitleEn, nameof(TitleEn), errors),
            Body(BodyFi, nameof(BodyFi), errors), Body(BodySv, nameof(BodySv), errors), Body(BodyEn, nameof(BodyEn), errors));
        return errors.Count > 0 ? (null, errors) : (values, errors);
    }

    internal static KnowledgeInput From(Data.KbArticle a) => new()
    {
        Service = a.ServiceId, TitleFi = a.TitleFi, TitleSv = a.TitleSv, TitleEn = a.TitleEn, BodyFi = a.BodyFi, BodySv = a.BodySv, BodyEn = a.BodyEn,
    };

    private static string Title(string? text, string field, List<Error> errors) => PlainText.Title(text, MaxTitle, field, "sm.knowledge.error", errors);

    private static string Body(string? text, string field, List<Error> errors) => PlainText.Body(text, MaxBody, field, "sm.knowledge.error", errors);
}
