using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Chat;
using Polku.Contacts.Chat.Bot;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Admin;

/// <summary>
/// The coordinator edits the county's chatbot FAQ: the current version as JSON (every question, answer and keyword in
/// three languages), checked before it is published as the next version; earlier versions are kept.
/// </summary>
[AuditExempt("the county's FAQ content; no resident data")]
[RequestSizeLimit(FaqStore.MaxContentLength * 4)]
internal sealed class ChatFaqModel(FaqStore store, Texts texts) : PageModel
{
    public int CurrentVersion { get; private set; }
    public IReadOnlyList<FaqText> Questions { get; private set; } = [];
    public IReadOnlyList<ChatFaqVersion> Versions { get; private set; } = [];
    public string FaqJson { get; private set; } = "";
    public string? Note { get; private set; }
    public int? Published { get; private set; }

    public async Task OnGetAsync(int? published, CancellationToken ct)
    {
        Published = published;
        await LoadAsync(null, ct);
    }

    public async Task<IActionResult> OnPostAsync(string? content, string? note, CancellationToken ct)
    {
        var result = await store.PublishAsync(content, note, User.PersonId(), User.DisplayName(), ct);
        if (result.Error is { } error)
        {
            await LoadAsync(content, ct);
            Note = note;
            ModelState.AddModelError("Input.Content", texts[error.Code]);
            return Page();
        }

        return RedirectToPage(new { published = result.Value });
    }

    private async Task LoadAsync(string? content, CancellationToken ct)
    {
        Versions = await store.VersionsAsync(ct);
        CurrentVersion = Versions.Count > 0 ? Versions[0].Version : 0;
        Questions = [.. (await store.CurrentAsync(ct)).Document.Entries.Select(e => e.Question)];
        FaqJson = content ?? await store.CurrentContentAsync(ct);
    }
}
