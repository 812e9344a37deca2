using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Knowledge;
using Polku.ServiceManagement.Notices;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>
/// A knowledge article: a new one (<c>/service/knowledge/new</c>) or an existing one by number, with the incidents and
/// problems it is linked to (link by ticket number, unlink).
/// </summary>
[AuditExempt("knowledge articles about digital services, no personal data")]
internal sealed class KnowledgeEditModel(KnowledgeService knowledge, Texts texts) : PageModel
{
    public const string New = "new";

    [BindProperty(SupportsGet = true, Name = "number")]
    public string? Number { get; set; }

    [BindProperty]
    public KnowledgeInput Input { get; set; } = new();

    public KbDetail? Detail { get; private set; }
    public IReadOnlyList<ServiceChoice> Services { get; private set; } = [];
    public string? Done { get; private set; }
    public string? TicketNumber { get; private set; }

    public bool IsNew => Number == New;

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Input = Detail is { } d ? KnowledgeInput.From(d.Article) : new KnowledgeInput();
        Done = done is "saved" or "linked" or "unlinked" ? done : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        var (values, errors) = Input.Validate(Services.Select(s => s.Id).ToHashSet(StringComparer.Ordinal));
        if (values is null)
        {
            foreach (var e in errors)
            {
                ModelState.AddModelError("Input." + e.Field, texts[e.Code]);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var saved = Detail is { } d
            ? await knowledge.UpdateAsync(d.Article.Number, values, ct)
            : await knowledge.CreateAsync(values, User.PersonId(), ct);
        return saved.IsSuccess ? Redirect(ArticleUrl(saved.Value!, "saved")) : Failed(saved.Error!, "");
    }

    public async Task<IActionResult> OnPostLinkAsync(string? ticket, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Detail is null)
        {
            return NotFound();
        }

        var result = await knowledge.LinkAsync(Detail.Article.Number, ticket, ct);
        if (result.IsSuccess)
        {
            return Redirect(ArticleUrl(Detail.Article.Number, "linked"));
        }

        TicketNumber = ticket;
        return Failed(result.Error!, "ticket");
    }

    public async Task<IActionResult> OnPostUnlinkAsync(Guid? ticketId, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Detail is null || ticketId is not { } id)
        {
            return NotFound();
        }

        var result = await knowledge.UnlinkAsync(Detail.Article.Number, id, ct);
        return result.IsSuccess ? Redirect(ArticleUrl(Detail.Article.Number, "unlinked")) : Failed(result.Error!, "");
    }

    public static string ServiceName(ServiceChoice s) => SmNames.Pick(s.NameFi, s.NameSv, s.NameEn);

    public static string TicketUrl(string number) => ServiceManagementRoutes.Ticket(number);

    private IActionResult Failed(Error error, string key)
    {
        if (error.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        ModelState.Clear();
        ModelState.AddModelError(key, texts[error.Code]);
        if (Detail is { } d)
        {
            Input = KnowledgeInput.From(d.Article);
        }

        Response.StatusCode = error.Status;
        return Page();
    }

    private static string ArticleUrl(string number, string done) => $"{ServiceManagementRoutes.Knowledge}/{Uri.EscapeDataString(number)}?done={done}";

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Services = await knowledge.ServicesAsync(ct);
        if (IsNew)
        {
            return true;
        }

        Detail = Number is { Length: > 0 and <= 20 } n ? await knowledge.FindAsync(n, ct) : null;
        return Detail is not null;
    }
}
