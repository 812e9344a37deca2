using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Flow;
using Polku.Assessments.Forms;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Desk;

/// <summary>
/// A submitted form at the professional's desk: who sent it (and for whom), the status the resident sees, every answer
/// as text, the attachment, and the way to the task where it is claimed, asked about and completed. Only professionals
/// with a care relationship to the resident see it.
/// </summary>
[Audit("forms.submission.handle")]
internal sealed class FormModel(FormService forms, ICareRelationship care, IPeopleDirectory people, IUnitDirectory units, AuditScope audit) : PageModel
{
    public FormSubmission? Submission { get; private set; }

    public CompiledAssessment? Form { get; private set; }

    public System.Text.Json.Nodes.JsonObject Answers { get; private set; } = [];

    public IReadOnlyList<FormStatusChange> Timeline { get; private set; } = [];

    public string ResidentName { get; private set; } = "";

    /// <summary>The guardian who filled it in for a child; null when the resident sent it.</summary>
    public string? GuardianName { get; private set; }

    public string MunicipalityName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await forms.FindAsync(id, ct) is not { } submission)
        {
            return NotFound();
        }

        if (User.PersonId() is not { } staffId || !await care.ExistsAsync(staffId, submission.ResidentId, ct))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        audit.Touch(submission.ResidentId, AuditAccess.Read);
        Submission = submission;
        Form = forms.FormOf(submission);
        Answers = AnswerForm.Carried(submission.AnswersJson);
        Timeline = await forms.TimelineAsync(id, ct);
        ResidentName = (await people.FindResidentAsync(submission.ResidentId, ct))?.FullName ?? "";
        if (submission.SubmittedById != submission.ResidentId)
        {
            GuardianName = (await people.FindResidentAsync(submission.SubmittedById, ct))?.FullName;
        }

        MunicipalityName = (await units.MunicipalityNameAsync(submission.MunicipalityCode, ct))?.Get(Language.Current) ?? "";
        return Page();
    }
}
