namespace Polku.ControlTower.Contracts;

/// <summary>
/// Addresses of the control tower's pages that the host's navigation and other modules use (see
/// <c>Polku.Region.Contracts.RegionRoutes</c> for the rule).
/// </summary>
public static class ControlTowerRoutes
{
    /// <summary>The dashboard of the signed-in role (organiser, service manager, unit head): KPIs split by municipality.</summary>
    public const string Dashboard = "/tower";

    /// <summary>How each KPI is computed: its events, numerator, denominator and target.</summary>
    public const string Definitions = "/tower/definitions";

    /// <summary>Imported phone and walk-in contacts: upload with a dry run, and the versions of each day.</summary>
    public const string Imports = "/tower/imports";

    /// <summary>Estimated savings with editable parameters.</summary>
    public const string Savings = "/tower/savings";

    /// <summary>Feedback: NPS and satisfaction per service, stage and municipality; free-text search; trend.</summary>
    public const string Feedback = "/tower/feedback";
}
