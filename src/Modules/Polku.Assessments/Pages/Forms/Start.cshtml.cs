using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Forms;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Forms;

/// <summary>
/// A form's first page: what it is for, who handles it and how long that takes, the file it asks for; a resident signs
/// in to fill it in (a form opens a case in their name) and says which municipality's services should handle it.
/// </summary>
[AuditExempt("reads only the signed-in resident's home municipality to preselect it; nothing is shown or stored about them")]
internal sealed class StartModel(FormService forms, IUnitDirectory units, IPeopleDirectory people, Texts texts) : PageModel
{
    public CompiledAssessment? Form { get; private set; }

    public FormSettings Settings => FormService.SettingsOf(Form!);

    public IReadOnlyList<MunicipalityInfo> Municipalities { get; private set; } = [];

    public string? Municipality { get; private set; }

    public bool MunicipalityError { get; private set; }

    public Guid? AppointmentId { get; private set; }

    public bool SignedIn => User.EffectiveResidentId() is not null;

    public string? ActingForName { get; private set; }

    public string SignInUrl => IdentityRoutes.LoginReturningTo(Request.Path + Request.QueryString);

    public async Task<IActionResult> OnGetAsync(string id, Guid? appointment, CancellationToken ct)
    {
        if (!await LoadAsync(id, appointment, ct))
        {
            return NotFound();
        }

        if (User.EffectiveResidentId() is { } residentId && await people.FindResidentAsync(residentId, ct) is { } resident)
        {
            Municipality = resident.HomeMunicipalityCode;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string? municipality, Guid? appointment, CancellationToken ct)
    {
        if (!await LoadAsync(id, appointment, ct))
        {
            return NotFound();
        }

        if (!SignedIn)
        {
            return Redirect(SignInUrl);
        }

        if (municipality is null || Municipalities.All(m => m.Code != municipality))
        {
            MunicipalityError = true;
            ModelState.AddModelError("municipality", texts["forms.error.municipality"]);
            return Page();
        }

        return RedirectToPage("/Assessments/Answer", new { id = Form!.Id, municipality, appointment });
    }

    private async Task<bool> LoadAsync(string id, Guid? appointment, CancellationToken ct)
    {
        Form = forms.Find(id);
        AppointmentId = appointment;
        Municipalities = await units.MunicipalitiesAsync(ct);
        if (Form is not null && User.ActingFor() is not null && User.EffectiveResidentId() is { } ward)
        {
            ActingForName = (await people.FindResidentAsync(ward, ct))?.FullName;
        }

        return Form is not null;
    }
}
