using System.Security.Claims;
using Polku.Platform.Audit;

namespace Polku.Platform.Security;

/// <summary>Roles and policies. Residents carry no role claim; staff carry one claim per role.</summary>
public static class PolkuRoles
{
    public const string Professional = "professional";
    public const string Coordinator = "coordinator";
    public const string Organiser = "organiser";
    public const string ServiceManager = "service-manager";
    public const string Trainer = "trainer";

    /// <summary>The service desk of the county's digital services (spec 06): tickets, monitoring, notices.</summary>
    public const string ServiceDeskRole = "service-desk";

    public const string ResidentPolicy = "resident";
    public const string StaffPolicy = "staff";
    public const string CoordinatorPolicy = "coordinator";

    /// <summary>The service's own state (outbox, health): the service manager and the coordinator.</summary>
    public const string ServiceManagementPolicy = "service-management";

    /// <summary>The control tower's dashboards, feedback views and imports: the organiser, the service manager and the coordinator.</summary>
    public const string ControlTowerPolicy = "control-tower";

    /// <summary>Service management of the digital services (spec 06): the service manager and the service desk.</summary>
    public const string ServiceDeskPolicy = "service-desk";

    /// <summary>The service manager alone, not the service desk: the priority matrix's changes (spec 06).</summary>
    public const string ServiceManagerPolicy = "service-manager";

    /// <summary>The roles of service management's pages and API.</summary>
    public static readonly IReadOnlyList<string> ServiceDesk = [ServiceManager, ServiceDeskRole];

    /// <summary>The roles that read the control tower.</summary>
    public static readonly IReadOnlyList<string> ControlTower = [Organiser, ServiceManager, Coordinator];

    public static readonly IReadOnlyList<string> All = [Professional, Coordinator, Organiser, ServiceManager, Trainer, ServiceDeskRole];
}

/// <summary>Typed view of the signed-in user's claims.</summary>
public static class CurrentUser
{
    public static Guid? PersonId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(PolkuClaims.PersonId), out var id) ? id : null;

    public static bool IsResident(this ClaimsPrincipal user) => user.FindFirstValue(PolkuClaims.Kind) == "resident";

    public static bool IsStaff(this ClaimsPrincipal user) => user.FindFirstValue(PolkuClaims.Kind) == "staff";

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(PolkuClaims.Name) ?? "";

    /// <summary>The ward a guardian acts for, or null when acting for themselves.</summary>
    public static Guid? ActingFor(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(PolkuClaims.ActingFor), out var id) ? id : null;

    /// <summary>Whose data the resident's pages show: the ward when acting for one, else the resident.</summary>
    public static Guid? EffectiveResidentId(this ClaimsPrincipal user) => user.IsResident() ? user.ActingFor() ?? user.PersonId() : null;
}
