using Microsoft.AspNetCore.RateLimiting;
using Polku.Platform.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Catalog;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using Polku.Assessments.Flow;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Assessments;

/// <summary>
/// Answering, one question or one group per page, then a summary with edit links. The answers so far travel in the
/// form (no JavaScript, no cookies, nothing stored for an anonymous resident until the result); Back and Next keep
/// them. A signed-in resident can save and come back later.
/// </summary>
[Audit("assessments.answer", AuditAccess.Change)]
[EnableRateLimiting(RateLimitPolicies.AnonymousSubmission)]
internal sealed class AnswerModel(
    AssessmentCatalog catalog,
    AssessmentService service,
    IUnitDirectory units,
    ResidentResponses responses,
    AuditScope audit,
    TimeProvider time,
    Texts texts) : PageModel
{
    public CompiledAssessment? Assessment { get; private set; }

    public JsonObject Answers { get; private set; } = [];

    public string? Municipality { get; private set; }

    /// <summary>The shown page: the index of a top-level item (0-based), or -1 for the summary.</summary>
    public int PageIndex { get; private set; }

    /// <summary>The pages that apply with the answers so far, in order.</summary>
    public IReadOnlyList<int> EnabledPages { get; private set; } = [];

    public IReadOnlySet<string> EnabledLinkIds { get; private set; } = new HashSet<string>();

    public Dictionary<string, string> Errors { get; private set; } = [];

    public string IdempotencyKey { get; private set; } = "";

    public Guid? DraftId { get; private set; }

    /// <summary>The appointment a pre-information form is filled in for (carried to the send page).</summary>
    public Guid? AppointmentId { get; private set; }

    /// <summary>A form is answered signed in only, and its summary leads to sending rather than to a result.</summary>
    public bool IsForm => Assessment?.Definition.Kind == AssessmentKind.Form;

    public bool SignedIn => User.EffectiveResidentId() is not null;

    public ItemDefinition? PageItem => PageIndex >= 0 && Assessment is not null ? Assessment.Definition.Items[PageIndex] : null;

    // The page number is "step", not "page": Razor Pages puts the page's own path in the route value "page", and a
    // parameter of that name would be bound from it and fail ("The value '/Assessments/Answer' is not valid").
    public async Task<IActionResult> OnGetAsync(string id, string? municipality, int? step, Guid? draft, Guid? appointment, CancellationToken ct)
    {
        if ((Assessment = catalog.Find(id)) is null)
        {
            return NotFound();
        }

        if (IsForm && !SignedIn)
        {
            // A form opens a case for the resident: its start page asks them to sign in first.
            return Redirect(Polku.Assessments.Contracts.AssessmentsRoutes.Form(id));
        }

        AppointmentId = appointment;

        if (draft is { } draftId)
        {
            if (User.EffectiveResidentId() is not { } residentId)
            {
                return NotFound();
            }

            var saved = await responses.DraftAsync(draftId, residentId, id, ct);
            if (saved is null)
            {
                return NotFound();
            }

            audit.Touch(residentId, AuditAccess.Read);
            DraftId = saved.Id;
            Answers = AnswerForm.Carried(saved.AnswersJson);
            municipality = saved.MunicipalityCode;

            // A draft saved against an older version is answered on; the result is evaluated against the newest.
        }

        Municipality = await ValidMunicipalityAsync(municipality, ct);
        Recompute();
        PageIndex = EnabledPages.Count == 0 ? -1 : EnabledPages.FirstOrDefault(p => p >= (step ?? 1) - 1, EnabledPages[0]);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string? answers, string? municipality, int shown, string? nav, Guid? draft, string? key, Guid? appointment, CancellationToken ct)
    {
        if ((Assessment = catalog.Find(id)) is null)
        {
            return NotFound();
        }

        if (IsForm && !SignedIn)
        {
            return Redirect(Polku.Assessments.Contracts.AssessmentsRoutes.Form(id));
        }

        AppointmentId = appointment;

        // Hidden fields are not the resident's to fix: a value that did not bind is treated as missing, never shown
        // as the framework's English message.
        ModelState.Clear();
        var carried = AnswerForm.Read(answers);
        Answers = carried.Value ?? [];
        Municipality = await ValidMunicipalityAsync(municipality, ct);
        DraftId = draft;
        IdempotencyKey = Platform.Idempotency.IdempotencyKey.IsValidClientKey(key) && key!.Length <= 32 ? key : Guid.NewGuid().ToString("N");
        var items = Assessment.Definition.Items;
        var current = shown >= 0 && shown < items.Count ? shown : -1;
        if (current >= 0)
        {
            Errors = AnswerForm.ReadPage(Request.Form, PageItems(items[current]), Answers);
        }

        Recompute();
        if (carried.Error is not null)
        {
            // The answers field was edited into something unreadable: what was typed on this page is kept and shown
            // again; the earlier answers cannot be trusted, so the resident answers those pages again.
            PageIndex = current >= 0 ? current : EnabledPages.Count > 0 ? EnabledPages[0] : -1;
            foreach (var (linkId, code) in Errors)
            {
                ModelState.AddModelError(AnswerForm.FieldPrefix + linkId, Message(linkId, code));
            }

            ModelState.AddModelError("", texts["assessments.error.answers_unreadable"]);
            return Page();
        }

        nav ??= "next";
        if (nav == "back")
        {
            Errors.Clear();
            PageIndex = current < 0
                ? (EnabledPages.Count > 0 ? EnabledPages[^1] : -1)
                : EnabledPages.LastOrDefault(p => p < current, current);
            return Page();
        }

        if (nav.StartsWith("edit-", StringComparison.Ordinal) && int.TryParse(nav.AsSpan(5), out var edit) && EnabledPages.Contains(edit))
        {
            PageIndex = edit;
            return Page();
        }

        if (current >= 0)
        {
            foreach (var item in PageItems(items[current]).Where(i => i.Required && i.Type.IsAnswerable() && EnabledLinkIds.Contains(i.LinkId) && Answers[i.LinkId] is null))
            {
                Errors.TryAdd(item.LinkId, "assessments.error.required");
            }
        }

        if (nav == "save")
        {
            return await SaveDraftAsync(ct);
        }

        if (Errors.Count > 0)
        {
            PageIndex = current;
            foreach (var (linkId, code) in Errors)
            {
                ModelState.AddModelError(AnswerForm.FieldPrefix + linkId, Message(linkId, code));
            }

            return Page();
        }

        if (nav == "result")
        {
            return IsForm ? await ReviewFormAsync(ct) : await SubmitAsync(ct);
        }

        PageIndex = EnabledPages.FirstOrDefault(p => p > current, -1);
        if (current < 0)
        {
            PageIndex = -1;
        }

        return Page();
    }

    public string Message(string linkId, string code)
    {
        var item = Assessment!.Items.FirstOrDefault(i => i.LinkId == linkId);
        return code == "assessments.error.range" && item is not null
            ? texts[code, item.Min?.ToString(System.Globalization.CultureInfo.CurrentCulture) ?? "", item.Max?.ToString(System.Globalization.CultureInfo.CurrentCulture) ?? ""]
            : texts[code];
    }

    /// <summary>The questions a page shows: a question alone, or a group's questions.</summary>
    public static IEnumerable<ItemDefinition> PageItems(ItemDefinition pageItem) =>
        pageItem.Type == ItemType.Group ? pageItem.Items : [pageItem];

    private void Recompute()
    {
        var read = AssessmentService.ReadAnswers(Assessment!, Answers);

        // Answers that do not fit the content (an edited hidden field, a changed version) are dropped, not guessed.
        foreach (var e in read.Errors)
        {
            Answers.Remove(e.LinkId);
        }

        var evaluation = AssessmentService.Evaluate(Assessment!, read.Answers, Municipality, time.GetUtcNow(), null, null);
        EnabledLinkIds = evaluation.EnabledLinkIds.ToHashSet(StringComparer.Ordinal);
        var items = Assessment!.Definition.Items;
        EnabledPages = [.. Enumerable.Range(0, items.Count).Where(i => EnabledLinkIds.Contains(items[i].LinkId))];
    }

    /// <summary>
    /// Something required is still unanswered (or out of range): the page of the first such answer with its error, or
    /// null when every answer is in place.
    /// </summary>
    private PageResult? ToFirstMissing()
    {
        var read = AssessmentService.ReadAnswers(Assessment!, Answers);
        var evaluation = AssessmentService.Evaluate(Assessment!, read.Answers, Municipality, time.GetUtcNow(), null, null);
        if (evaluation.Errors.Count == 0)
        {
            return null;
        }

        var missing = evaluation.Errors[0];
        var items = Assessment!.Definition.Items;
        PageIndex = Enumerable.Range(0, items.Count).FirstOrDefault(i => items[i].LinkId == missing.LinkId || items[i].Items.Any(c => c.LinkId == missing.LinkId), 0);
        var code = missing.Code == AssessmentEngine.Required ? "assessments.error.required" : "assessments.error.range";
        Errors[missing.LinkId] = code;
        ModelState.AddModelError(AnswerForm.FieldPrefix + missing.LinkId, Message(missing.LinkId, code));
        return Page();
    }

    private async Task<IActionResult> SubmitAsync(CancellationToken ct)
    {
        if (ToFirstMissing() is { } missingPage)
        {
            return missingPage;
        }

        var residentId = User.EffectiveResidentId();
        // The form's key names this round of answering; with the answers it names this submit, so pressing Submit
        // twice stores one response while answers changed after Back (a new question, a new result) store a new one.
        var submitted = Answers.ToJsonString() + "|" + Municipality;
        var key = Platform.Idempotency.IdempotencyKey.For(User.PersonId(), IdempotencyKey + "." + ShortHash(submitted), "assessments.submit:" + Assessment!.Id, submitted).Value;
        var result = await service.SubmitAsync(new Submission(Assessment!, Answers, Municipality, time.GetUtcNow(), null, null,
            Language.Current, residentId, residentId is null ? null : User.PersonId(), key), ct);
        if (result.Error is { } error)
        {
            ModelState.AddModelError("", texts.Has(error.Code) ? texts[error.Code, string.Join(", ", service.AnswerErrors.Select(e => e.LinkId))] : texts["error.title"]);
            PageIndex = -1;
            return Page();
        }

        if (residentId is { } r)
        {
            // Recorded before the draft goes, so that the audit row commits with its deletion.
            audit.Touch(r, AuditAccess.Change);
            if (DraftId is { } draft)
            {
                await responses.DiscardDraftAsync(draft, r, ct);
            }
        }

        return RedirectToPage("/Assessments/Result", new { responseId = result.Value.Response.Id });
    }

    private async Task<IActionResult> SaveDraftAsync(CancellationToken ct)
    {
        if (await StoreDraftAsync(ct) is not { } _)
        {
            return Forbid();
        }

        return IsForm ? Redirect(Polku.Assessments.Contracts.AssessmentsRoutes.Forms + "?saved=true") : RedirectToPage("/Assessments/Index", new { saved = "true" });
    }

    /// <summary>
    /// A form's answers are complete: they are kept as the resident's draft (so nothing is lost before sending, even
    /// across signing out) and the send page shows them with the attachment and the Send button.
    /// </summary>
    private async Task<IActionResult> ReviewFormAsync(CancellationToken ct)
    {
        if (ToFirstMissing() is { } missingPage)
        {
            return missingPage;
        }

        if (await StoreDraftAsync(ct) is not { } draftId)
        {
            return Forbid();
        }

        return Redirect(Polku.Assessments.Contracts.AssessmentsRoutes.Form(Assessment!.Id) + $"/send/{draftId:D}"
            + (AppointmentId is { } appointment ? $"?appointment={appointment:D}" : ""));
    }

    private async Task<Guid?> StoreDraftAsync(CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId)
        {
            return null;
        }

        // Recorded before the save, so that the audit row commits with the draft.
        audit.Touch(residentId, AuditAccess.Change);
        var saved = await responses.SaveDraftAsync(new DraftAnswers(
            DraftId, residentId, User.PersonId(), Assessment!.Id, Assessment.Version, AnswerForm.Serialize(Answers), Municipality,
            Language.Current, time.GetUtcNow().UtcDateTime), ct);
        return saved.Value;
    }

    private async Task<string?> ValidMunicipalityAsync(string? code, CancellationToken ct) =>
        code is { Length: 3 } && await units.MunicipalityExistsAsync(code, ct) ? code : null;

    private static string ShortHash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
}
