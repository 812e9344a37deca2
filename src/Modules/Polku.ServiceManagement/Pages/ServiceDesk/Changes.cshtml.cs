using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Audit;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>The change calendar: a month's changes with maintenance windows, by day in Helsinki time, and the changes waiting for a decision.</summary>
[AuditExempt("service-management tickets about digital services, no resident's data")]
internal sealed class ChangesModel(PolkuDb db, TimeProvider time) : PageModel
{
    public DateOnly Month { get; private set; }
    public IReadOnlyList<IGrouping<DateOnly, Ticket>> Days { get; private set; } = [];
    public IReadOnlyList<Ticket> WithoutWindow { get; private set; } = [];
    public IReadOnlyDictionary<string, SmService> Services { get; private set; } = new Dictionary<string, SmService>();

    public async Task OnGetAsync(string? month, CancellationToken ct)
    {
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        Month = DateOnly.TryParseExact(month ?? "", "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var m)
            && m.Year is >= 2000 and <= 2100 ? m : new DateOnly(today.Year, today.Month, 1);
        var from = HelsinkiTime.ToInstant(Month, TimeOnly.MinValue).UtcDateTime;
        var to = HelsinkiTime.ToInstant(Month.AddMonths(1), TimeOnly.MinValue).UtcDateTime;
        Services = await db.Set<SmService>().AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        var changes = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.Kind == TicketKinds.Change && t.WindowStartUtc < to && t.WindowEndUtc > from && t.ChangeApproval != "rejected")
            .OrderBy(t => t.WindowStartUtc).ToListAsync(ct);
        Days = changes.GroupBy(t => HelsinkiTime.LocalDate(new DateTimeOffset(DateTime.SpecifyKind(t.WindowStartUtc!.Value, DateTimeKind.Utc)))).ToList();
        WithoutWindow = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.Kind == TicketKinds.Change && t.WindowStartUtc == null && t.Status != TicketStatuses.Closed && t.Status != TicketStatuses.Cancelled)
            .OrderBy(t => t.OpenedUtc).Take(100).ToListAsync(ct);
    }

    public string ServiceName(string id) => Services.TryGetValue(id, out var s) ? SmNames.Name(s) : id;

    public string MonthLink(int delta) => $"{Contracts.ServiceManagementRoutes.Changes}?month={Month.AddMonths(delta):yyyy-MM}";
}
