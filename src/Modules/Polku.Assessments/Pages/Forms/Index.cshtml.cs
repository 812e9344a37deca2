using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Forms;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;

namespace Polku.Assessments.Pages.Forms;

/// <summary>The e-forms: what can be sent, and for a signed-in resident their sent forms with status and their drafts.</summary>
[Audit("forms.list")]
internal sealed class IndexModel(FormService forms, IPeopleDirectory people, AuditScope audit) : PageModel
{
    public IReadOnlyList<CompiledAssessment> Forms { get; private set; } = [];

    public IReadOnlyList<FormSubmission> Sent { get; private set; } = [];

    public IReadOnlyList<AssessmentResponse> Drafts { get; private set; } = [];

    public bool SignedIn { get; private set; }

    public string? ActingForName { get; private set; }

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        Forms = [.. forms.Published(Language.Current)];
        if (User.EffectiveResidentId() is { } residentId)
        {
            SignedIn = true;
            audit.Touch(residentId, AuditAccess.Read);
            if (User.ActingFor() is not null)
            {
                ActingForName = (await people.FindResidentAsync(residentId, ct))?.FullName;
            }

            Sent = await forms.MineAsync(residentId, ct);
            Drafts = await forms.DraftsAsync(residentId, ct);
        }
    }

    public string TitleOf(string formId, string version, string language) => forms.TitleOf(formId, version)?.Get(language) ?? "–";
}
