using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>The change calendar: a month's maintenance windows by day in Helsinki time, and the open changes without a window.</summary>
[AuditExempt("service-management tickets about digital services, no resident's data")]
internal sealed class ChangesModel(DeskQueries queries) : PageModel
{
    public ChangeMonth Calendar { get; private set; } = null!;
    public DateOnly Month => Calendar.Month;
    public IReadOnlyList<IGrouping<DateOnly, Ticket>> Days => Calendar.Days;
    public IReadOnlyList<Ticket> WithoutWindow => Calendar.WithoutWindow;
    public IReadOnlyDictionary<string, SmService> Services { get; private set; } = new Dictionary<string, SmService>();

    /// <summary>An unreadable or out-of-range <c>?month=</c> shows the current month rather than an error: it is a navigation link.</summary>
    public async Task OnGetAsync(string? month, CancellationToken ct)
    {
        DateOnly? chosen = DateOnly.TryParseExact(month ?? "", "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) && m.Year is >= 2000 and <= 2100 ? m : null;
        Services = (await queries.ServicesAsync(ct)).ToDictionary(s => s.Id);
        Calendar = await queries.ChangesAsync(chosen, ct);
    }

    public string ServiceName(string id) => Services.TryGetValue(id, out var s) ? SmNames.Name(s) : id;

    public string MonthLink(int delta) => $"{ServiceManagementRoutes.Changes}?month={Month.AddMonths(delta):yyyy-MM}";
}
