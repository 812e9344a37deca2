using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Flow;
using Polku.Assessments.Forms;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Idempotency;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Forms;

/// <summary>
/// The last step of a form: the answers as they will be sent, the file the form asks for, and Send. The answers wait
/// as the resident's draft until then. Send twice (a double click, a retry after a lost response) sends once: the
/// page's key names this send.
/// </summary>
[Authorize(Policy = PolkuRoles.ResidentPolicy)]
[Audit("forms.submit", AuditAccess.Change)]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentLimits.RequestLimitBytes)]
[RequestSizeLimit(AttachmentLimits.RequestLimitBytes + 64 * 1024)]
internal sealed class SendModel(
    FormService forms, ResidentResponses responses, IdempotencyStore idempotency, IPeopleDirectory people, IUnitDirectory units, AuditScope audit, Texts texts) : PageModel
{
    public CompiledAssessment? Form { get; private set; }

    public FormSettings Settings => FormService.SettingsOf(Form!);

    public System.Text.Json.Nodes.JsonObject Answers { get; private set; } = [];

    public Guid DraftId { get; private set; }

    public Guid? AppointmentId { get; private set; }

    public string MunicipalityName { get; private set; } = "";

    public string Key { get; private set; } = "";

    public string? ActingForName { get; private set; }

    public string? AttachmentError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, Guid draftId, Guid? appointment, CancellationToken ct)
    {
        Key = Guid.NewGuid().ToString("N");
        return await LoadAsync(id, draftId, appointment, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string id, Guid draftId, Guid? appointment, string? key, IFormFile? attachment, CancellationToken ct)
    {
        ModelState.Clear();
        Key = IdempotencyKey.IsValidClientKey(key) && key!.Length <= 32 ? key : Guid.NewGuid().ToString("N");
        var idempotencyKey = IdempotencyKey.For(User.PersonId(), Key, "forms.submit:" + id, draftId.ToString("D")).Value!;
        if (!await LoadAsync(id, draftId, appointment, ct))
        {
            // The draft went with the first send: a repeated send shows what the first one sent.
            var seen = await idempotency.FindAsync(idempotencyKey, ct);
            return seen.Match == IdempotencyMatch.Repeat && Guid.TryParse(seen.ResourceId, out var sent)
                ? Redirect(Contracts.AssessmentsRoutes.FormSubmission(sent))
                : NotFound();
        }

        var residentId = User.EffectiveResidentId()!.Value;
        var senderId = User.PersonId()!.Value;
        var sender = await people.FindResidentAsync(senderId, ct);
        audit.Touch(residentId, AuditAccess.Change);
        var result = await forms.SubmitAsync(new FormRequest(Form!, Answers, residentId, senderId, sender?.FullName ?? "", MunicipalityCode, Language.Current,
            AppointmentId, attachment is { FileName.Length: > 0 } ? attachment : null, idempotencyKey), ct);
        if (result.Error is { } error)
        {
            if (error.Field == "Attachment")
            {
                AttachmentError = texts.Has(error.Code) ? texts[error.Code] : texts["forms.error.attachment"];
                ModelState.AddModelError("attachment", AttachmentError);
            }
            else
            {
                ModelState.AddModelError("", texts.Has(error.Code) ? texts[error.Code, string.Join(", ", forms.AnswerErrors.Select(e => e.LinkId))] : texts["error.title"]);
            }

            return Page();
        }

        await responses.DiscardDraftAsync(draftId, residentId, ct);
        return Redirect(Contracts.AssessmentsRoutes.FormSubmission(result.Value!.Id) + "?sent=true");
    }

    private string? MunicipalityCode { get; set; }

    private async Task<bool> LoadAsync(string id, Guid draftId, Guid? appointment, CancellationToken ct)
    {
        Form = forms.Find(id);
        DraftId = draftId;
        AppointmentId = appointment;
        if (Form is null || User.EffectiveResidentId() is not { } residentId || await responses.DraftAsync(draftId, residentId, id, ct) is not { } draft)
        {
            return false;
        }

        audit.Touch(residentId, AuditAccess.Read);
        Answers = AnswerForm.Carried(draft.AnswersJson);
        MunicipalityCode = draft.MunicipalityCode;
        MunicipalityName = draft.MunicipalityCode is { } m ? (await units.MunicipalityNameAsync(m, ct))?.Get(Language.Current) ?? "" : "";
        if (User.ActingFor() is not null)
        {
            ActingForName = (await people.FindResidentAsync(residentId, ct))?.FullName;
        }

        return true;
    }
}
