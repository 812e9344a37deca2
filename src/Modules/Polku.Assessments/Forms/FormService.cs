using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Catalog;
using Polku.Assessments.Contracts;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using Polku.Assessments.Flow;
using Polku.Contacts.Contracts;
using Polku.Platform.Idempotency;
using Polku.Platform.Journal;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Region.Contracts;

namespace Polku.Assessments.Forms;

/// <summary>
/// A form the resident (or their guardian) sends: the answers, for whom and by whom, the municipality whose unit
/// handles it, the appointment a pre-information form belongs to, and the file the form asks for.
/// </summary>
internal sealed record FormRequest(
    CompiledAssessment Form,
    JsonObject Answers,
    Guid ResidentId,
    Guid SubmittedById,
    string SenderName,
    string? Municipality,
    string Language,
    Guid? AppointmentId,
    IFormFile? File,
    IdempotencyKey? IdempotencyKey);

/// <summary>
/// Sends e-forms to the desk (spec 04 "E-forms"): validates the answers with the assessment engine, opens a case with a
/// <c>form</c> task in the queue of the unit that serves the resident's municipality for the form's unit kind (data,
/// never a queue code), files the attachment on the case by the messages' rules, and starts the status timeline.
/// Errors: <c>forms.error.not_a_form</c>, <c>assessments.error.answers_invalid</c> (the linkIds),
/// <c>forms.error.municipality</c>, <c>forms.error.appointment</c>, <c>forms.error.attachment_required</c>, <c>forms.error.no_queue</c>, the inbox's and
/// the attachment rules' codes, and 422 <c>request.idempotency_key_reused</c>.
/// </summary>
internal sealed class FormService(
    PolkuDb db,
    UnitOfWork unit,
    AssessmentCatalog catalog,
    IWorkInbox inbox,
    IResidentMessages messages,
    IUnitDirectory units,
    IdempotencyStore idempotency,
    Polku.Appointments.Contracts.IResidentAppointments appointments,
    ServiceJournal journal,
    Texts texts,
    TimeProvider time)
{
    public const string Channel = "form";

    /// <summary>After a failed submit: each answer at fault (for a 400 naming the linkIds).</summary>
    public IReadOnlyList<AnswerError> AnswerErrors { get; private set; } = [];

    /// <summary>The published forms, by title in the language.</summary>
    public IEnumerable<CompiledAssessment> Published(string language) =>
        catalog.Published.Where(a => a.Definition.Kind == AssessmentKind.Form).OrderBy(a => a.Definition.Title.Get(language), StringComparer.CurrentCulture);

    /// <summary>A published form, or null (an assessment of another kind is not a form).</summary>
    public CompiledAssessment? Find(string id) => catalog.Find(id) is { Definition.Kind: AssessmentKind.Form } f ? f : null;

    public static FormSettings SettingsOf(CompiledAssessment form) => form.Definition.Form ?? FormSettings.Default;

    /// <summary>The published pre-information form for an appointment's service, or null.</summary>
    public CompiledAssessment? PreInformationFor(string? serviceCode) =>
        serviceCode is null ? null : catalog.Published.FirstOrDefault(a => a.Definition.Kind == AssessmentKind.Form && SettingsOf(a).AppointmentServices.Contains(serviceCode));

    /// <summary>The ids of the published forms that are some service's pre-information form.</summary>
    public IReadOnlySet<string> PreInformationFormIds() =>
        catalog.Published.Where(a => a.Definition.Kind == AssessmentKind.Form && SettingsOf(a).AppointmentServices.Count > 0).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>Sends the form; a repeated idempotency key returns the submission stored the first time.</summary>
    public async Task<Result<FormSubmission>> SubmitAsync(FormRequest r, CancellationToken ct)
    {
        try
        {
            return await unit.RunAsync(c => SubmitInUnitAsync(r, c), ct);
        }
        catch (DbUpdateException) when (r.IdempotencyKey is not null)
        {
            // Insert-first idempotency, as AssessmentService.SubmitAsync: the stored key decides.
            var seen = await idempotency.FindAsync(r.IdempotencyKey, ct);
            if (seen.Match == IdempotencyMatch.Reused)
            {
                return IdempotencyLookup.ReusedError;
            }

            if (seen.Match == IdempotencyMatch.Repeat && Guid.TryParse(seen.ResourceId, out var id)
                && await db.Set<FormSubmission>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } earlier)
            {
                return earlier;
            }

            throw;
        }
    }

    private async Task<Result<FormSubmission>> SubmitInUnitAsync(FormRequest r, CancellationToken ct)
    {
        if (r.Form.Definition.Kind != AssessmentKind.Form)
        {
            return Error.Validation("forms.error.not_a_form", "id");
        }

        if (r.Municipality is null || !await units.MunicipalityExistsAsync(r.Municipality, ct))
        {
            return Error.Validation("forms.error.municipality", "municipality");
        }

        // The form pages cap free text; the API is held to the same length.
        if (r.Answers.FirstOrDefault(a => a.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>().Length > AnswerForm.MaxTextLength) is { Key: { } tooLong })
        {
            AnswerErrors = [new AnswerError(tooLong, "forms.error.text_too_long", $"'{tooLong}' is longer than {AnswerForm.MaxTextLength} characters")];
            return Error.Validation("assessments.error.answers_invalid", tooLong);
        }

        var read = AssessmentService.ReadAnswers(r.Form, r.Answers);
        var evaluation = read.IsValid ? AssessmentService.Evaluate(r.Form, read.Answers, r.Municipality, time.GetUtcNow(), null, null) : null;
        var errors = read.IsValid ? evaluation!.Errors : read.Errors;
        if (errors.Count > 0)
        {
            AnswerErrors = errors;
            return Error.Validation("assessments.error.answers_invalid", string.Join(",", errors.Select(e => e.LinkId).Distinct()));
        }

        var settings = SettingsOf(r.Form);

        // A pre-information form belongs to one of the resident's own appointments of the form's services, and goes to
        // the queue of the appointment's unit: the professionals who will see the resident read it.
        UnitInfo? appointmentUnit = null;
        if (r.AppointmentId is { } appointmentId)
        {
            if (await appointments.FindAsync(appointmentId, r.ResidentId, ct) is not { } appointment || !settings.AppointmentServices.Contains(appointment.ServiceCode))
            {
                return Error.Validation("forms.error.appointment", "appointmentId");
            }

            var found = await units.GetAsync([appointment.UnitId], ct);
            appointmentUnit = found.Count > 0 ? found[0] : null;
        }

        if (settings.Attachment == FormAttachment.Required && r.File is null)
        {
            return Error.Validation("forms.error.attachment_required", "Attachment");
        }

        var serving = appointmentUnit ?? await units.ServingAsync(r.Municipality, settings.UnitKind, ct) ?? await units.ServingAsync(null, UnitKinds.Digital, ct);
        if (serving is null)
        {
            return Error.Validation("forms.error.no_queue", "municipality");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var submission = new FormSubmission
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            FormId = r.Form.Id,
            FormVersion = r.Form.Version,
            ResidentId = r.ResidentId,
            SubmittedById = r.SubmittedById,
            MunicipalityCode = r.Municipality,
            Language = Language.IsSupported(r.Language) ? r.Language : "fi",
            AnswersJson = AnswerForm.Serialize(r.Answers),
            ServiceCode = settings.ServiceCode,
            Status = FormStatus.Received,
            AppointmentId = r.AppointmentId,
            SubmittedUtc = now,
            ExpectedByUtc = now.AddDays(settings.HandlingDays),
        };

        // The task is due when the resident was told to expect an answer (or sooner, by the queue's own target).
        Task<Result<InboundWorkReceipt>> SendTo(UnitInfo unitInfo) =>
            inbox.SubmitAsync(new InboundWork(r.ResidentId, unitInfo.Code, Channel, Urgency.P4, r.Form.Definition.Title.Fi, submission.Id,
                r.Municipality, settings.ServiceCode, DueByUtc: submission.ExpectedByUtc), ct);

        var receipt = await SendTo(serving);
        if (receipt.Error?.Code == "work.queue_unknown" && appointmentUnit is not null
            && await units.ServingAsync(r.Municipality, settings.UnitKind, ct) is { } fallback)
        {
            // The appointment's unit keeps no work queue: the unit serving the municipality reads it instead.
            serving = fallback;
            receipt = await SendTo(serving);
        }

        if (receipt.Error is { } error)
        {
            return error;
        }

        submission.CaseId = receipt.Value!.CaseId;
        submission.TaskId = receipt.Value.TaskId;
        submission.QueueCode = receipt.Value.QueueCode;
        if (r.File is not null && settings.Attachment != FormAttachment.None)
        {
            var title = r.Form.Definition.Title.Get(submission.Language);
            var filed = await messages.FileAsync(new ResidentFiling(r.ResidentId, r.SubmittedById, r.SenderName, receipt.Value.CaseId,
                title, string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.Get(submission.Language, "forms.attachment_message"), title), r.File), ct);
            if (filed.Error is { } fileError)
            {
                return fileError;
            }

            submission.AttachmentThreadId = filed.Value;
        }

        db.Set<FormSubmission>().Add(submission);
        db.Set<FormStatusChange>().Add(new FormStatusChange { Id = Guid.CreateVersion7(time.GetUtcNow()), SubmissionId = submission.Id, Status = FormStatus.Received, AtUtc = now });
        if (r.IdempotencyKey is { } key)
        {
            idempotency.Remember(key, submission.Id.ToString());
        }

        journal.Record("form.submitted", Channel, digital: true, residentId: r.ResidentId, municipalityCode: r.Municipality, serviceCode: settings.ServiceCode,
            unitId: serving.Id, outcome: r.SubmittedById == r.ResidentId ? "self" : "guardian", detail: r.Form.Id + "@" + r.Form.Version);
        return submission;
    }

    /// <summary>The submission when the person may see it: their own, or their ward's when they act for them.</summary>
    public Task<FormSubmission?> FindForResidentAsync(Guid submissionId, Guid residentId, CancellationToken ct) =>
        db.Set<FormSubmission>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == submissionId && s.ResidentId == residentId, ct);

    public Task<FormSubmission?> FindAsync(Guid submissionId, CancellationToken ct) =>
        db.Set<FormSubmission>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == submissionId, ct);

    public async Task<IReadOnlyList<FormStatusChange>> TimelineAsync(Guid submissionId, CancellationToken ct) =>
        await db.Set<FormStatusChange>().AsNoTracking().Where(c => c.SubmissionId == submissionId).OrderBy(c => c.Step).ToListAsync(ct);

    /// <summary>The resident's submissions, newest first.</summary>
    public async Task<IReadOnlyList<FormSubmission>> MineAsync(Guid residentId, CancellationToken ct) =>
        await db.Set<FormSubmission>().AsNoTracking().Where(s => s.ResidentId == residentId).OrderByDescending(s => s.SubmittedUtc).Take(50).ToListAsync(ct);

    /// <summary>The resident's drafts of forms, newest first.</summary>
    public async Task<IReadOnlyList<AssessmentResponse>> DraftsAsync(Guid residentId, CancellationToken ct)
    {
        var formIds = catalog.All.Where(a => a.Definition.Kind == AssessmentKind.Form).Select(a => a.Id).Distinct().ToList();
        return await db.Set<AssessmentResponse>().AsNoTracking()
            .Where(r => r.ResidentId == residentId && r.State == ResponseState.Draft && formIds.Contains(r.AssessmentId))
            .OrderByDescending(r => r.CreatedUtc).Take(50).ToListAsync(ct);
    }

    /// <summary>The latest submission for an appointment (a pre-information form), or null.</summary>
    public Task<FormSubmission?> ForAppointmentAsync(Guid appointmentId, CancellationToken ct) =>
        db.Set<FormSubmission>().AsNoTracking().Where(s => s.AppointmentId == appointmentId).OrderByDescending(s => s.SubmittedUtc).FirstOrDefaultAsync(ct);

    /// <summary>A form's title by the version a submission or draft names (else its newest), or null when it is gone.</summary>
    public LocalizedText? TitleOf(string formId, string version) => (catalog.Find(formId, version) ?? catalog.Find(formId))?.Definition.Title;

    /// <summary>The form a submission was made against, or null when its version is no longer loaded.</summary>
    public CompiledAssessment? FormOf(FormSubmission s) => catalog.Find(s.FormId, s.FormVersion);
}
