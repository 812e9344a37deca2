using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Contracts;
using Polku.Assessments.Data;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using Polku.Assessments.LocalRouting;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Admin;

/// <summary>One municipality's (or the county-wide) rows of one urgency, in resolution order.</summary>
internal sealed record RoutingRowGroup(string? Municipality, IReadOnlyList<RoutingRow> Rows);

/// <summary>The local service routing table in force, grouped by urgency and municipality, with its version history.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("routing configuration, no personal data")]
internal sealed class RoutingModel(RoutingStore store, IUnitDirectory directory, Texts texts) : PageModel
{
    public int Number { get; private set; }
    public RoutingTableVersion? InForce { get; private set; }
    public RoutingTable Table { get; private set; } = new("", []);
    public IReadOnlyList<RoutingTableVersion> History { get; private set; } = [];
    public IReadOnlyList<(Urgency Urgency, IReadOnlyList<RoutingRowGroup> Groups)> Groups { get; private set; } = [];
    public RoutingDisplay Display { get; private set; } = null!;
    public int? Saved { get; private set; }
    public string? Deleted { get; private set; }

    /// <summary>The urgency class shown, or null for all.</summary>
    public Urgency? UrgencyFilter { get; private set; }

    /// <summary>The municipality whose rows are shown (with the county-wide rows that apply there too), or null for all.</summary>
    public string? MunicipalityFilter { get; private set; }

    /// <summary>The municipalities for the filter, in the table's order.</summary>
    public IReadOnlyList<MunicipalityInfo> Municipalities { get; private set; } = [];

    /// <summary>Rows in the table and rows shown with the filter.</summary>
    public (int Total, int Shown) Counts { get; private set; }

    public async Task OnGetAsync(int? saved, string? deleted, string? urgency, string? municipality, CancellationToken ct)
    {
        Saved = saved;
        Deleted = deleted;
        (Number, Table) = await store.CurrentAsync(ct);
        History = await store.HistoryAsync(ct);
        InForce = History.FirstOrDefault(v => v.Number == Number);
        var municipalities = await directory.MunicipalitiesAsync(ct);
        Municipalities = municipalities;
        UrgencyFilter = UrgencyClasses.Parse(urgency) is { } u0 && UrgencyClasses.Routed.Contains(u0) ? u0 : null;
        MunicipalityFilter = municipalities.Any(m => m.Code == municipality) ? municipality : null;
        Display = new RoutingDisplay(texts, municipalities, await directory.ListAsync(ct));
        var order = municipalities.Select((m, i) => (m.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var indexed = Table.Rows.Select((r, i) => (Row: r, Index: i))
            .Where(x => MunicipalityFilter is null || x.Row.Municipality is null || x.Row.Municipality == MunicipalityFilter)
            .ToList();
        Counts = (Table.Rows.Count, indexed.Count(x => UrgencyFilter is null || x.Row.Urgency == UrgencyFilter));
        Groups = [.. UrgencyClasses.Routed.Where(u => UrgencyFilter is null || u == UrgencyFilter).Select(u => (u, (IReadOnlyList<RoutingRowGroup>)[.. indexed
            .Where(x => x.Row.Urgency == u)
            .GroupBy(x => x.Row.Municipality)
            .OrderBy(g => g.Key is null ? -1 : order.GetValueOrDefault(g.Key, int.MaxValue))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RoutingRowGroup(g.Key, [.. g.OrderByDescending(x => x.Row.Specificity).ThenBy(x => x.Index).Select(x => x.Row)]))]))];
    }

    /// <summary>When a version was saved, Helsinki time.</summary>
    public static string SavedAt(RoutingTableVersion version) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(version.SavedUtc, DateTimeKind.Utc))).ToString("d.M.yyyy HH.mm", CultureInfo.CurrentCulture);
}
