using System.Globalization;
using System.Security.Claims;
using Polku.ControlTower.Kpis;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.ControlTower.Pages.Tower;

/// <summary>What a control-tower page offers its reader: the views of their roles, and the filters' choices.</summary>
public sealed record TowerChoices(IReadOnlyList<string> Views, string View, IReadOnlyList<MunicipalityInfo> Municipalities,
    IReadOnlyList<(string Code, string Name)> Services, IReadOnlyList<UnitInfo> Units, bool UnitsRestricted);

/// <summary>
/// The role-based views (spec 05, seed 001): the organiser sees the county, the service manager the services and queues
/// (and their own units), a coordinator the county or, as a unit head, their own units. The view decides the order of
/// the groups and, for the unit view, which units may be chosen; the figures are the same everywhere.
/// </summary>
internal sealed class TowerContext(IUnitDirectory units, IServiceNames services, IPeopleDirectory people, TimeProvider time, Texts texts)
{
    public const string County = "county";
    public const string Service = "service";
    public const string Unit = "unit";

    /// <summary>The groups of KPIs in the order each view shows them.</summary>
    public static IReadOnlyList<string> Groups(string view) => view switch
    {
        Service => ["desk", "appointments", "paths", "services", "contacts", "experience"],
        Unit => ["desk", "appointments", "paths", "experience", "contacts"],
        _ => ["contacts", "experience", "appointments", "paths", "desk", "services"],
    };

    public static IReadOnlyList<string> ViewsOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var views = new List<string>();
        bool Has(string role) => user.HasClaim(PolkuClaims.Role, role);
        if (Has(PolkuRoles.Organiser) || Has(PolkuRoles.Coordinator))
        {
            views.Add(County);
        }

        if (Has(PolkuRoles.Organiser) || Has(PolkuRoles.ServiceManager))
        {
            views.Add(Service);
        }

        if (Has(PolkuRoles.ServiceManager) || Has(PolkuRoles.Coordinator))
        {
            views.Add(Unit);
        }

        return views;
    }

    public async Task<TowerChoices> ChoicesAsync(ClaimsPrincipal user, string? view, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var views = ViewsOf(user);
        var chosen = view is not null && views.Contains(view) ? view : views.Count > 0 ? views[0] : County;
        var language = Language.Current;
        var all = await units.ListAsync(ct);
        var restricted = false;
        if (chosen == Unit && user.PersonId() is { } staffId && await people.FindStaffAsync(staffId, ct) is { UnitIds.Count: > 0 } staff)
        {
            all = [.. all.Where(u => staff.UnitIds.Contains(u.Id))];
            restricted = true;
        }

        var serviceNames = (await services.AllAsync(ct)).Select(kv => (kv.Key, kv.Value.Get(language))).OrderBy(s => s.Item2, StringComparer.Create(CultureInfo.CurrentCulture, false)).ToList();
        return new TowerChoices(views, chosen, await units.MunicipalitiesAsync(ct), serviceNames,
            [.. all.OrderBy(u => u.Name.Get(language), StringComparer.Create(CultureInfo.CurrentCulture, false))], restricted);
    }

    /// <summary>The filter of the query for this reader; in the unit view one of the offered units is always chosen.</summary>
    public async Task<Result<KpiFilter>> FilterAsync(KpiQuery query, TowerChoices choices, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.View == Unit && string.IsNullOrWhiteSpace(query.Unit) && choices.Units.Count > 0)
        {
            query = query with { Unit = choices.Units[0].Id.ToString("D") };
        }

        var parsed = await query.ParseAsync(units, services, time.GetUtcNow(), ct);
        if (parsed.IsSuccess && choices.UnitsRestricted && parsed.Value!.Unit is { } unit && choices.Units.All(u => u.Id != unit))
        {
            return Error.Validation("tower.filter.unit_not_yours", "unit");
        }

        return parsed;
    }

    /// <summary>A KPI's value as a person reads it, in the page's language.</summary>
    public string Format(KpiUnit unit, decimal? value)
    {
        if (value is not { } v)
        {
            return texts["tower.no_value"];
        }

        return unit switch
        {
            KpiUnit.Percent => texts["tower.unit.percent", v.ToString("0.0", CultureInfo.CurrentCulture)],
            KpiUnit.Minutes => texts["tower.unit.minutes", v.ToString("0.0", CultureInfo.CurrentCulture)],
            KpiUnit.Hours => texts["tower.unit.hours", v.ToString("0.0", CultureInfo.CurrentCulture)],
            KpiUnit.Score => texts["tower.unit.score", v.ToString("0.#", CultureInfo.CurrentCulture)],
            _ => texts["tower.unit.count", v.ToString("N0", CultureInfo.CurrentCulture)],
        };
    }

    /// <summary>A breakdown's row label: a name for the urgency, destination, source or channel, never its code.</summary>
    public string Label(string breakdown, string key)
    {
        var prefix = breakdown switch
        {
            "assessment-outcomes" => "tower.urgency.",
            "routing-destinations" => "tower.destination.",
            "bookings-by-source" => "tower.source.",
            _ => "tower.channel.",
        };
        return texts.Has(prefix + key) ? texts[prefix + key] : texts["tower.other"];
    }

    public static string MunicipalityName(TowerChoices choices, string? code, Texts texts)
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(texts);
        return code is null ? texts["tower.county"] : choices.Municipalities.FirstOrDefault(m => m.Code == code)?.Name.Get(Language.Current) ?? texts["tower.other"];
    }
}
