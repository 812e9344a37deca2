using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Notices;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>
/// A disruption notice: a new one (<c>/service/notices/new</c>) or an existing one, edited while a draft or published,
/// published from a draft and ended. Texts are plain text in all three languages; times are Helsinki wall-clock.
/// </summary>
[AuditExempt("disruption notices about digital services, no personal data")]
internal sealed class NoticesEditModel(NoticeService notices, Texts texts) : PageModel
{
    public const string New = "new";

    [BindProperty(SupportsGet = true, Name = "id")]
    public string? IdText { get; set; }

    [BindProperty]
    public NoticeInput Input { get; set; } = new();

    public Notice? Notice { get; private set; }
    public IReadOnlyList<ServiceChoice> Services { get; private set; } = [];
    public string? Done { get; private set; }

    public bool IsNew => IdText == New;

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Input = Notice is { } n ? NoticeInput.From(n) : new NoticeInput { Kind = NoticeKinds.Disruption };
        Done = done is "saved" or "published" or "ended" ? done : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        // Bound strings never fail to bind; every check is ours and every message localised.
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

        var saved = await notices.SaveAsync(Notice?.Id, values, ct);
        return saved.IsSuccess ? Redirect(EditUrl(saved.Value, "saved")) : Failed(saved.Error!);
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Notice is null)
        {
            return NotFound();
        }

        var result = await notices.PublishAsync(Notice.Id, ct);
        return result.IsSuccess ? Redirect(EditUrl(result.Value, "published")) : Failed(result.Error!);
    }

    public async Task<IActionResult> OnPostEndAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Notice is null)
        {
            return NotFound();
        }

        var result = await notices.EndAsync(Notice.Id, ct);
        return result.IsSuccess ? Redirect(EditUrl(result.Value, "ended")) : Failed(result.Error!);
    }

    public static string ServiceName(ServiceChoice s) => SmNames.Pick(s.NameFi, s.NameSv, s.NameEn);

    private IActionResult Failed(Error error)
    {
        if (error.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        ModelState.Clear();
        ModelState.AddModelError("", texts[error.Code]);
        if (Notice is { } n)
        {
            Input = NoticeInput.From(n);
        }

        Response.StatusCode = error.Status;
        return Page();
    }

    private static string EditUrl(Guid id, string done) => $"{ServiceManagementRoutes.Notices}/{id:D}?done={done}";

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Services = await notices.ServicesAsync(ct);
        if (IsNew)
        {
            return true;
        }

        if (!Guid.TryParse(IdText, out var id))
        {
            return false;
        }

        Notice = await notices.FindAsync(id, ct);
        return Notice is not null;
    }
}
