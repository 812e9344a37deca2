using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.ServiceManagement.Knowledge;
using Polku.ServiceManagement.Notices;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>The knowledge base: search by title (in the reader's language) or number; a GET form that works without JavaScript.</summary>
[AuditExempt("knowledge articles about digital services, no personal data")]
internal sealed class KnowledgeModel(KnowledgeService knowledge, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<KbSummary> Articles { get; private set; } = [];
    public IReadOnlyDictionary<string, ServiceChoice> Services { get; private set; } = new Dictionary<string, ServiceChoice>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Services = (await knowledge.ServicesAsync(ct)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        if (Query is { Length: > KnowledgeService.MaxQuery })
        {
            ModelState.AddModelError("q", texts["sm.knowledge.error.query_too_long"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Articles = await knowledge.SearchAsync(Query, Language.Current, ct);
    }

    public string ServiceName(string? id) =>
        id is not null && Services.TryGetValue(id, out var s) ? SmNames.Pick(s.NameFi, s.NameSv, s.NameEn) : "—";
}
