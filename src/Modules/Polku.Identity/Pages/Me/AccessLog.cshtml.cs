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
            ActionText(texts, a),
            a.Emergency,
            a.Reason))];
        return Page();
    }

    /// <summary>
    /// What was done, in plain words: each declared audit action has its text; an action without one (a new endpoint
    /// whose text is missing) is still told as a read or a change of the resident's data, never as its code.
    /// </summary>
    internal static string ActionText(Platform.Localization.Texts texts, Platform.Audit.AuditEntry entry) =>
        texts.Has("identity.audit." + entry.Action) ? texts["identity.audit." + entry.Action]
        : texts[string.Equals(entry.Access, "change", StringComparison.OrdinalIgnoreCase) ? "identity.audit.fallback.Change" : "identity.audit.fallback.Read"];
}
