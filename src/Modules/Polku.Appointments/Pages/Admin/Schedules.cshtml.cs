using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Data;
using Polku.Appointments.ScheduleAdmin;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Admin;

/// <summary>Every appointment schedule of the county, per unit.</summary>
[AuditExempt("schedule configuration; no resident data")]
internal sealed class SchedulesModel(ScheduleViews schedules, IUnitDirectory units, IPeopleDirectory people) : PageModel
{
    public IReadOnlyList<(UnitInfo? Unit, string Code, IReadOnlyList<Schedule> Schedules)> Groups { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> StaffNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await schedules.AllAsync(ct);
        var unitInfo = (await units.ListAsync(ct)).ToDictionary(u => u.Id);
        StaffNames = (await people.GetStaffAsync(all.Where(s => s.StaffId is not null).Select(s => s.StaffId!.Value).Distinct(), ct)).ToDictionary(s => s.Id, s => s.DisplayName);
        var language = Language.Current;
        Groups =
        [
            .. all.GroupBy(s => s.UnitId)
                .Select(g => (unitInfo.GetValueOrDefault(g.Key), g.First().UnitCode,
                    (IReadOnlyList<Schedule>)[.. g.OrderBy(s => s.ServiceCode, StringComparer.Ordinal).ThenBy(s => s.Mode).ThenBy(s => s.StaffId)]))
                .OrderBy(g => g.Item1?.Name.Get(language) ?? g.UnitCode, StringComparer.CurrentCulture),
        ];
    }
}
