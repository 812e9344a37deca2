using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Data;
using Polku.Contacts.Templates;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Contacts.Pages.Desk;

/// <summary>The county's templates and those of the professional's units.</summary>
[AuditExempt("reply templates are county texts, no personal data")]
internal sealed class TemplatesModel(TemplateService templates, IPeopleDirectory people, IUnitDirectory units) : PageModel
{
    public IReadOnlyList<ReplyTemplate> Templates { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> UnitNames { get; private set; } = new Dictionary<Guid, string>();
    public bool CanCreate { get; private set; }
    private IReadOnlyList<Guid> _myUnits = [];
    private bool _coordinator;

    public bool CanEdit(ReplyTemplate t) => t.UnitId is { } u && (_coordinator || _myUnits.Contains(u));

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await people.FindStaffAsync(User.PersonId()!.Value, ct);
        _myUnits = staff?.UnitIds ?? [];
        _coordinator = User.IsInRole(PolkuRoles.Coordinator) || staff?.Roles.Contains(PolkuRoles.Coordinator) == true;
        CanCreate = _myUnits.Count > 0;
        Templates = await templates.ForUnitsAsync(_myUnits.ToList(), ct);
        var unitIds = Templates.Where(t => t.UnitId is not null).Select(t => t.UnitId!.Value).Distinct().ToList();
        UnitNames = (await units.GetAsync(unitIds, ct)).ToDictionary(u => u.Id, u => u.Name.Current);
    }
}
