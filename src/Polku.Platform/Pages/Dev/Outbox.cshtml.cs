using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polku.Platform.Audit;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Security;

namespace Polku.Platform.Pages.Dev;

/// <summary>
/// <c>/dev/outbox</c>: the outbox's state while the development stand-ins are active. Outside Development it needs a
/// signed-in professional; when real delivery is configured outside Development it does not exist (404).
/// </summary>
[AuditExempt("outbox notifications never contain health information by design; the page shows delivery state only")]
public sealed class OutboxModel(PolkuDb db, IHostEnvironment environment, IOptions<OutboxOptions> options) : PageModel
{
    public const int Limit = 200;

    private static readonly TimeZoneInfo Helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];

    public IReadOnlyDictionary<OutboxStatus, int> Counts { get; private set; } = new Dictionary<OutboxStatus, int>();

    /// <summary>Whether a development stand-in is active, i.e. the banner "nothing is really sent" is true.</summary>
    public bool StandIns { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!IsAvailable(environment, options.Value))
        {
            return NotFound();
        }

        if (!environment.IsDevelopment() && !User.IsStaff())
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }

        StandIns = options.Value.StandInsActive(environment);
        var set = db.Set<OutboxMessage>().AsNoTracking();
        Messages = await set.OrderByDescending(m => m.CreatedUtc).Take(Limit).ToListAsync(cancellationToken);
        Counts = (await set.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(x => x.Key, x => x.Count);
        return Page();
    }

    /// <summary>The page exists in Development, or anywhere a stand-in is active.</summary>
    public static bool IsAvailable(IHostEnvironment environment, OutboxOptions options) =>
        environment.IsDevelopment() || options.StandInsActive(environment);

    /// <summary>A UTC time as Finnish local time in the current culture's short date and time.</summary>
    public static string Local(DateTime? utc) => utc is { } value
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc), Helsinki).ToString("g", CultureInfo.CurrentCulture)
        : "";
}
