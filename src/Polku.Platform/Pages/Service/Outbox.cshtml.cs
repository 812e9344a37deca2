using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Outbox;
using Polku.Platform.Security;
using Polku.Platform.Time;

namespace Polku.Platform.Pages.Service;

/// <summary>
/// <c>/service/outbox</c>: whether notifications get out, for the service manager and the coordinator in any
/// environment: counts by state and channel, the oldest waiting message, the latest failures (recipient and error
/// masked, no content) and "send again" for a message that gave up.
/// </summary>
[Authorize(Policy = PolkuRoles.ServiceManagementPolicy)]
[AuditExempt("delivery state of notifications only: no content, recipients masked, no resident record read or changed; a retry is logged")]
public sealed class OutboxModel(OutboxMonitor monitor, Texts texts, ILogger<OutboxModel> logger) : PageModel
{
    public const int FailureLimit = 50;

    public OutboxOverview Overview { get; private set; } = new([], null, []);

    public bool Retried { get; private set; }

    public int Total(OutboxStatus status) => Overview.Counts.Where(c => c.Status == status).Sum(c => c.Count);

    public async Task OnGetAsync(bool retried, CancellationToken cancellationToken)
    {
        Retried = retried;
        Overview = await monitor.OverviewAsync(FailureLimit, cancellationToken);
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await monitor.RetryAsync(id, cancellationToken))
        {
            logger.LogInformation("Outbox message {MessageId} was put back for delivery by staff member {StaffId}.", id, User.PersonId());
            return Redirect("/service/outbox?retried=true");
        }

        ModelState.AddModelError("", texts["outbox.service.retry_gone"]);
        Overview = await monitor.OverviewAsync(FailureLimit, cancellationToken);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>A UTC time as Helsinki wall-clock time in the current culture's short date and time.</summary>
    public static string Local(DateTime utc) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("g", CultureInfo.CurrentCulture);
}
