using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Contracts;
using Polku.Assessments.Data;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Journal;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Web;

namespace Polku.Assessments.Forms;

/// <summary>
/// Moves a submitted form along the resident's status timeline as the desk handles its task (in the desk's unit of
/// work): claimed → in process, waiting for the resident → waiting for you, the resident's reply → in process again,
/// done → completed with the outcome. A task put back in a queue (released, transferred) stays in process for the
/// resident: it is still being handled. Each change tells the resident by SMS and/or e-mail without the form's content.
/// </summary>
internal sealed class FormTaskObserver(
    PolkuDb db, ServiceJournal journal, IPeopleDirectory people, Polku.Platform.Outbox.Outbox outbox, Texts texts, PublicSite site) : IWorkTaskObserver
{
    public string Kind => FormService.Channel;

    public async Task TaskChangedAsync(WorkTaskChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var submission = await db.Set<FormSubmission>().FirstOrDefaultAsync(s => s.Id == change.SourceId, cancellationToken);
        if (submission is null || submission.Status == FormStatus.Completed)
        {
            return;
        }

        FormStatus? next = change.State switch
        {
            "claimed" => FormStatus.InProcess,
            "waiting-for-resident" => FormStatus.WaitingForYou,
            "done" => FormStatus.Completed,
            _ => null,
        };
        if (next is not { } status || status == submission.Status)
        {
            return;
        }

        submission.Status = status;
        submission.Version++;
        if (status == FormStatus.Completed)
        {
            submission.Outcome = change.Outcome;
            submission.CompletedUtc = change.AtUtc;
        }

        db.Set<FormStatusChange>().Add(new FormStatusChange { Id = Guid.CreateVersion7(new DateTimeOffset(change.AtUtc, TimeSpan.Zero)), SubmissionId = submission.Id, Status = status, AtUtc = change.AtUtc, Step = submission.Version });
        journal.Record("form.status_changed", FormService.Channel, digital: true, residentId: submission.ResidentId, municipalityCode: submission.MunicipalityCode,
            serviceCode: submission.ServiceCode, contactKind: "other", outcome: FormStatuses.Code(status), detail: submission.FormId + "@" + submission.FormVersion);
        if (status == FormStatus.Completed)
        {
            journal.Record("form.completed", FormService.Channel, digital: true, residentId: submission.ResidentId, municipalityCode: submission.MunicipalityCode,
                serviceCode: submission.ServiceCode, contactKind: "other", outcome: change.Outcome, detail: submission.FormId + "@" + submission.FormVersion,
                handlingSeconds: (int)Math.Clamp((change.AtUtc - submission.SubmittedUtc).TotalSeconds, 0, int.MaxValue));
        }

        await NotifyAsync(submission, status, cancellationToken);
    }

    /// <summary>SMS and/or e-mail without content in the resident's language, to the guardian who sent it for a child.</summary>
    private async Task NotifyAsync(FormSubmission submission, FormStatus status, CancellationToken ct)
    {
        var recipient = await people.FindResidentAsync(submission.SubmittedById, ct) ?? await people.FindResidentAsync(submission.ResidentId, ct);
        if (recipient is null)
        {
            return;
        }

        var language = Language.IsSupported(recipient.PreferredLanguage) ? recipient.PreferredLanguage : submission.Language;
        var text = texts.Get(language, "forms.notice." + FormStatuses.Code(status)) + " " + site.Url(AssessmentsRoutes.FormSubmission(submission.Id));
        var key = $"form:{submission.Id}:{submission.Version}";
        if (recipient.Phone is { Length: > 0 } phone)
        {
            await outbox.EnqueueIfAbsentAsync(Polku.Platform.Outbox.OutboxChannel.Sms, phone, key, text, cancellationToken: ct);
        }

        if (recipient.Email is { Length: > 0 } email)
        {
            await outbox.EnqueueIfAbsentAsync(Polku.Platform.Outbox.OutboxChannel.Email, email, key, text, texts.Get(language, "forms.notice.subject"), cancellationToken: ct);
        }
    }
}

/// <summary>Stable codes of the timeline's statuses, for URLs, texts and service events.</summary>
internal static class FormStatuses
{
    public static string Code(FormStatus status) => status switch
    {
        FormStatus.Received => "received",
        FormStatus.InProcess => "in-process",
        FormStatus.WaitingForYou => "waiting-for-you",
        _ => "completed",
    };

    /// <summary>The timeline in the order a resident reads it.</summary>
    public static IReadOnlyList<FormStatus> Steps { get; } = [FormStatus.Received, FormStatus.InProcess, FormStatus.WaitingForYou, FormStatus.Completed];
}
