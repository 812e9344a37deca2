using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;
using Polku.Training.Catalogue;
using Polku.Training.Enrolment;

namespace Polku.Training.Pages.Training;

/// <summary>A programme with its courses in order and their groups (times, place, free places); enrolment and the waiting list.</summary>
[AuditExempt("training programmes and a professional's own enrolments, no resident's data")]
internal sealed class ProgrammeModel(CatalogueQueries catalogue, EnrolmentService enrolments, IUnitDirectory unitDirectory, Texts texts) : PageModel
{
    public ProgrammeView? View { get; private set; }
    public IReadOnlyDictionary<string, UnitInfo> Units { get; private set; } = new Dictionary<string, UnitInfo>();
    public IReadOnlyList<MyEnrolment> Mine { get; private set; } = [];

    /// <summary>The group that was full when the trainee tried to enrol: the page offers its waiting list.</summary>
    public Guid? FullGroupId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct) => await LoadAsync(code, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEnrolAsync(string code, Guid groupId, bool waitingList, CancellationToken ct)
    {
        if (User.PersonId() is not { } me)
        {
            return Forbid();
        }

        var result = await enrolments.EnrolAsync(me, groupId, waitingList, ct);
        if (result.Error is null)
        {
            return RedirectToPage("Group", new { id = groupId });
        }

        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        ModelState.AddModelError("group-" + groupId.ToString("N"), texts[result.Error.Code]);
        FullGroupId = result.Error.Code == EnrolmentErrors.GroupFull ? groupId : null;
        Response.StatusCode = result.Error.Status;
        return Page();
    }

    public string Name(string kind, string value) => TrainingNames.Audience(texts, Units, kind, value);

    public MyEnrolment? MineIn(Guid groupId) => Mine.FirstOrDefault(m => m.GroupId == groupId && m.Status != Data.EnrolmentStatuses.Cancelled);

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        View = await catalogue.ProgrammeAsync(code, Language.Current, ct);
        if (View is null)
        {
            return false;
        }

        Units = await TrainingNames.UnitsAsync(unitDirectory, ct);
        Mine = User.PersonId() is { } me ? await catalogue.MineAsync(me, Language.Current, ct) : [];
        return true;
    }
}
