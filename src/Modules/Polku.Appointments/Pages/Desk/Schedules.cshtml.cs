using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Data;
using Polku.Appointments.Desk;
using Polku.Appointments.ScheduleAdmin;
using Polku.Appointments.Schedules;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Desk;

/// <summary>A professional's own schedules; the exceptions (closed days, extra hours) of one of them can be edited here.</summary>
[AuditExempt("the professional's own schedules; no resident data")]
internal sealed class SchedulesModel(ScheduleViews schedules, ScheduleEditor editor, Texts texts, IUnitDirectory units) : PageModel
{
    private Dictionary<string, UnitInfo> _units = [];

    [BindProperty]
    public string? Exceptions { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public IReadOnlyList<Schedule> Mine { get; private set; } = [];
    public Schedule? Selected { get; private set; }
    public IReadOnlyList<ScheduleConflict> Conflicts { get; private set; } = [];
    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, int? removed, int? added, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Exceptions = Selected?.Exceptions;
        Version = Selected?.Version ?? 0;
        if (removed is { } r && added is { } a)
        {
            Saved = texts["appointments.desk.schedule.saved", r, a];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Selected is null)
        {
            return NotFound();
        }

        var text = (Exceptions ?? "").Trim();
        var error = text.Length > 4000 ? "appointments.desk.schedule.exceptions_too_long"
            : SchedulePattern.ParseExceptions(text).Error ?? SchedulePattern.Hours(Selected.Pattern, text, Selected.OpenOnHolidays).Error;
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Exceptions), DeskDisplay.Error(texts, error));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var saved = await editor.SaveExceptionsAsync(Selected.Id, Version, text, ct);
        if (saved is null)
        {
            ModelState.AddModelError("", texts["appointments.desk.schedule.stale"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return Redirect($"/desk/appointments/schedules/{saved.Id:D}?removed={saved.Removed}&added={saved.Added}");
    }

    private async Task<bool> LoadAsync(Guid? id, CancellationToken ct)
    {
        FieldErrors.LocalizeVersionError(ModelState, texts["appointments.desk.schedule.stale"], nameof(Version));
        var me = User.PersonId()!.Value;
        Mine = await schedules.OfStaffAsync(me, ct);
        _units = (await units.ListAsync(ct)).ToDictionary(u => u.Code, StringComparer.Ordinal);
        if (id is { } sid)
        {
            Selected = Mine.FirstOrDefault(s => s.Id == sid);
            if (Selected is null)
            {
                // Only one's own schedules: another's is not found.
                return false;
            }

            Conflicts = await editor.ConflictsAsync(Selected, ct);
        }

        return true;
    }

    /// <summary>The unit's name in the reader's language (its code only if the unit has since been removed).</summary>
    public string UnitName(string code) => _units.TryGetValue(code, out var unit) ? unit.Name.Get(Language.Current) : code;
}
