using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Flow;
using Polku.Assessments.Forms;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Security;

namespace Polku.Assessments.Pages.Forms;

/// <summary>
/// A sent form as its resident (or the guardian acting for a child) follows it: the status timeline — received, in
/// process, waiting for you, completed — with the expected handling time, what to do when the handler asks for more
/// (answer in messages, in the same case), the answers sent, and feedback once it is completed.
/// </summary>
[Authorize(Policy = PolkuRoles.ResidentPolicy)]
[Audit("forms.submission.read")]
internal sealed class SubmissionModel(FormService forms, IFeedbackOffers feedback, IPeopleDirectory people, AuditScope audit) : PageModel
{
    public FormSubmission? Submission { get; private set; }

    public CompiledAssessment? Form { get; private set; }

    public System.Text.Json.Nodes.JsonObject Answers { get; private set; } = [];

    public IReadOnlyList<FormStatusChange> Timeline { get; private set; } = [];

    public bool OfferFeedback { get; private set; }

    public bool JustSent { get; private set; }

    public string? ActingForName { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool sent, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId || await forms.FindForResidentAsync(id, residentId, ct) is not { } submission)
        {
            return NotFound();
        }

        audit.Touch(residentId, AuditAccess.Read);
        Submission = submission;
        JustSent = sent;
        Form = forms.FormOf(submission);
        Answers = AnswerForm.Carried(submission.AnswersJson);
        Timeline = await forms.TimelineAsync(id, ct);
        OfferFeedback = submission.Status == FormStatus.Completed && await feedback.MayOfferAsync(FormService.Channel, id, ct);
        if (User.ActingFor() is not null)
        {
            ActingForName = (await people.FindResidentAsync(residentId, ct))?.FullName;
        }

        return Page();
    }

    /// <summary>When the timeline reached the status, or null when it has not (yet).</summary>
    public DateTime? ReachedAt(FormStatus status) => Timeline.LastOrDefault(c => c.Status == status)?.AtUtc;
}
