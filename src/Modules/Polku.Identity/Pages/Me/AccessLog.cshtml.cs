using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Directory;
using Polku.Platform.Audit;
using Polku.Platform.Security;
using Polku.Platform.Time;

namespace Polku.Identity.Pages.Me;

/// <summary>"Who has viewed my data": the audit entries about the shown person, newest first.</summary>
[Authorize(Policy = PolkuRoles.ResidentPolicy)]
[Audit("identity.accesslog.read")]
public sealed class AccessLogModel : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(string When, string Who, string Role, string Action, bool Emergency, string? Reason);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public bool HasNext { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? p)
    {
        if (User.EffectiveResidentId() is not { } shownId)
        {
            return NotFound();
        }

        var services = HttpContext.RequestServices;
        services.GetRequiredService<AuditScope>().Touch(shownId);
        PageNumber = Math.Clamp(p ?? 1, 1, 100_000);
        var entries = await services.GetRequiredService<IdentityViews>()
            .AccessLogAsync(shownId, (PageNumber - 1) * PageSize, PageSize + 1, HttpContext.RequestAborted);
        HasNext = entries.Count > PageSize;
        var texts = services.GetRequiredService<Platform.Localization.Texts>();
        Rows = [.. entries.Take(PageSize).Select(a => new Row(
            HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(a.AtUtc, DateTimeKind.Utc))).ToString("g", CultureInfo.CurrentCulture),
            a.ActorName,
            texts.Has("identity.actor." + a.ActorRole) ? texts["identity.actor." + a.ActorRole] : a.ActorRole,
            texts.Has("identity.audit." + a.Action) ? texts["identity.audit." + a.Action] : a.Action,
            a.Emergency,
            a.Reason))];
        return Page();
    }
}
