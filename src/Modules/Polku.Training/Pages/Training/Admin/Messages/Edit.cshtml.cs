using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Training.Messages;

namespace Polku.Training.Pages.Training.Admin.Messages;

/// <summary>The form of one message's texts: subject and body per language, with the version each was read at.</summary>
internal sealed class MessageTextInput
{
    public string? SubjectFi { get; set; }
    public string? SubjectSv { get; set; }
    public string? SubjectEn { get; set; }
    public string? BodyFi { get; set; }
    public string? BodySv { get; set; }
    public string? BodyEn { get; set; }
    public int VersionFi { get; set; }
    public int VersionSv { get; set; }
    public int VersionEn { get; set; }

    public string? Subject(string language) => language switch { "sv" => SubjectSv, "en" => SubjectEn, _ => SubjectFi };

    public string? Body(string language) => language switch { "sv" => BodySv, "en" => BodyEn, _ => BodyFi };

    public int Version(string language) => language switch { "sv" => VersionSv, "en" => VersionEn, _ => VersionFi };

    public IReadOnlyList<MessageTextDraft> Drafts() =>
        [.. LocalizedText.Languages.Select(l => new MessageTextDraft(l, Subject(l) ?? "", Body(l) ?? "", Version(l)))];

    public static MessageTextInput From(IReadOnlyList<EffectiveText> texts)
    {
        EffectiveText In(string l) => texts.First(t => t.Language == l);
        return new MessageTextInput
        {
            SubjectFi = In("fi").Subject, SubjectSv = In("sv").Subject, SubjectEn = In("en").Subject,
            BodyFi = In("fi").Body, BodySv = In("sv").Body, BodyEn = In("en").Body,
            VersionFi = In("fi").Version, VersionSv = In("sv").Version, VersionEn = In("en").Version,
        };
    }
}

/// <summary>
/// One automatic message's texts (issue 16, part 6): the coordinator edits subject and body in Finnish, Swedish and
/// English, previews them with sample values, and can restore the defaults. Saving is optimistic on the versions.
/// </summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("message texts; no resident data")]
internal sealed class EditModel(MessageTexts messageTexts, Texts texts) : PageModel
{
    public TrainingMessageKind Kind { get; private set; } = null!;
    public IReadOnlyList<EffectiveText> Current { get; private set; } = [];

    [BindProperty]
    public MessageTextInput Input { get; set; } = new();

    /// <summary>Set after a save or restore (the redirect's <c>?saved=</c>).</summary>
    public string? Saved { get; private set; }

    public bool Previewing { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        Input = MessageTextInput.From(Current);
        Saved = saved is "saved" or "restored" ? saved : null;
        Previewing = true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        if (Unbound())
        {
            return Page();
        }

        if (CheckAll())
        {
            return Page();
        }

        var result = await messageTexts.SaveAsync(Kind, Input.Drafts(), User.PersonId() ?? Guid.Empty, User.DisplayName(), ct);
        return result.Error is { } error ? Failed(error) : RedirectToPage(new { name, saved = "saved" });
    }

    /// <summary>Shows the typed texts filled with sample values, saving nothing; problems are shown as on saving.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        if (Unbound())
        {
            return Page();
        }

        Previewing = !CheckAll();
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        if (Unbound())
        {
            return Page();
        }

        var versions = LocalizedText.Languages.ToDictionary(l => l, Input.Version);
        var result = await messageTexts.RestoreDefaultAsync(Kind, versions, User.PersonId() ?? Guid.Empty, User.DisplayName(), ct);
        if (result.Error is { } error)
        {
            Input = MessageTextInput.From(Current);
            return Failed(error);
        }

        return RedirectToPage(new { name, saved = "restored" });
    }

    /// <summary>The preview of a part in a language: the typed text (or the text in use) with the sample values.</summary>
    public string Preview(string language, bool subject) =>
        messageTexts.Preview(Kind, language, MessageTexts.Normalise(subject ? Input.Subject(language) : Input.Body(language)));

    /// <summary>Every problem of the typed texts next to its field (as saving would find them); true when there is one.</summary>
    private bool CheckAll()
    {
        foreach (var e in MessageTexts.Check(Kind, Input.Drafts().Select(d => d with { Subject = MessageTexts.Normalise(d.Subject), Body = MessageTexts.Normalise(d.Body) })))
        {
            ModelState.AddModelError("Input." + e.Field, texts[e.Code]);
        }

        return !ModelState.IsValid;
    }

    /// <summary>A version that did not bind as a number is a tampered or broken form: the concurrency message, reload.</summary>
    private bool Unbound()
    {
        foreach (var l in LocalizedText.Languages)
        {
            FieldErrors.LocalizeVersionError(ModelState, texts[MessageTextErrors.Stale], "Input." + MessageTexts.FieldName("Version", l));
        }

        return !ModelState.IsValid;
    }

    private PageResult Failed(Platform.Results.Error error)
    {
        ModelState.AddModelError(error.Field is { } f ? "Input." + f : "", texts[error.Code]);
        Response.StatusCode = error.Status == 409 ? 409 : 200;
        return Page();
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        if (TrainingMessageKinds.Find(name) is not { } kind)
        {
            return false;
        }

        Kind = kind;
        Current = await messageTexts.TextsAsync(kind, ct);
        return true;
    }
}
