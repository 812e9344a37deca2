namespace Polku.ServiceManagement.Domain;

/// <summary>The stored codes of the module. People never read them: pages show the localised text <c>sm.{kind}.{code}</c>.</summary>
internal static class TicketKinds
{
    public const string Incident = "incident";
    public const string Request = "request";
    public const string Problem = "problem";
    public const string Change = "change";
    public static readonly IReadOnlyList<string> All = [Incident, Request, Problem, Change];

    /// <summary>The number prefix of each kind (INC-000123).</summary>
    public static string Prefix(string kind) => kind switch
    {
        Incident => "INC",
        Request => "REQ",
        Problem => "PRB",
        Change => "CHG",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

internal static class TicketStatuses
{
    public const string New = "new";
    public const string InProgress = "in-progress";

    /// <summary>Waiting for the reporter: the SLA clock pauses.</summary>
    public const string WaitingReporter = "waiting-reporter";

    /// <summary>Waiting for a third party (a supplier outside the contract): the SLA clock pauses.</summary>
    public const string WaitingThirdParty = "waiting-third-party";
    public const string Resolved = "resolved";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";
    public static readonly IReadOnlyList<string> All = [New, InProgress, WaitingReporter, WaitingThirdParty, Resolved, Closed, Cancelled];

    /// <summary>The statuses after which nothing more is done (a list, so that queries can use it).</summary>
    public static readonly IReadOnlyList<string> Ended = [Resolved, Closed, Cancelled];

    public static bool Pauses(string status) => status is WaitingReporter or WaitingThirdParty;

    public static bool Open(string status) => status is not (Resolved or Closed or Cancelled);
}

/// <summary>Seed 002's impact scale (columns of the priority table's rows).</summary>
internal static class Impacts
{
    public const string Wide = "wide";
    public const string Significant = "significant";
    public const string Limiting = "limiting";
    public const string Local = "local";
    public static readonly IReadOnlyList<string> All = [Wide, Significant, Limiting, Local];
}

internal static class Urgencies
{
    public const string Critical = "critical";
    public const string Serious = "serious";
    public const string Normal = "normal";
    public const string Minor = "minor";
    public static readonly IReadOnlyList<string> All = [Critical, Serious, Normal, Minor];
}

internal static class Priorities
{
    public static readonly IReadOnlyList<string> All = ["P1", "P2", "P3", "P4"];
}

/// <summary>1st, 2nd, 3rd line or the supplier.</summary>
internal static class AssigneeGroups
{
    public static readonly IReadOnlyList<string> All = ["line1", "line2", "line3", "supplier"];
}

internal static class ServiceCalendars
{
    /// <summary>Mon–Fri 08:00–16:00 Europe/Helsinki; Finnish public holidays, Midsummer Eve and Christmas Eve closed.</summary>
    public const string Office = "office";
    public const string AroundTheClock = "24x7";
    public static readonly IReadOnlyList<string> All = [Office, AroundTheClock];
}

internal static class ServiceTiers
{
    public static readonly IReadOnlyList<string> All = ["S", "M", "L"];
}

internal static class Lifecycles
{
    public static readonly IReadOnlyList<string> All = ["planned", "introduction", "in-use", "retiring", "retired"];
}

internal static class ChangeTypes
{
    public const string Standard = "standard";
    public const string Normal = "normal";
    public const string Emergency = "emergency";
    public const string Major = "major";
    public static readonly IReadOnlyList<string> All = [Standard, Normal, Emergency, Major];
}

internal static class ExclusionReasons
{
    public const string Maintenance = "maintenance";
    public const string Customer = "customer";
    public const string ThirdParty = "third-party";
    public static readonly IReadOnlyList<string> All = [Maintenance, Customer, ThirdParty];
}

/// <summary>Response and resolution targets of one priority, in minutes of the service's service time.</summary>
internal sealed record PriorityTarget(int ResponseMinutes, int ResolutionMinutes);

/// <summary>A service's targets per priority as stored (<c>sm_services.targets_json</c>).</summary>
internal static class ServiceTargets
{
    /// <summary>The targets; an unreadable column counts as none (the catalogue page shows what is stored).</summary>
    public static IReadOnlyDictionary<string, PriorityTarget> Read(string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, PriorityTarget>>(json, Data.SmSeeder.Json) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return new Dictionary<string, PriorityTarget>();
        }
    }
}

/// <summary>The targets a sanction rule can name (<see cref="SanctionRule.Measure"/>).</summary>
internal static class SanctionMeasures
{
    public const string Availability = "availability";
    public const string Outages = "outages";
    public const string Response = "response";
    public const string Resolution = "resolution";

    /// <summary>The month's mean satisfaction rating below the service's satisfaction target (not measured is not missed).</summary>
    public const string Satisfaction = "satisfaction";

    public static readonly IReadOnlyList<string> All = [Availability, Outages, Response, Resolution, Satisfaction];

    /// <summary>Whether a rule of the measure may name one priority (the incident clocks do; the month's figures do not).</summary>
    public static bool PerPriority(string measure) => measure is Response or Resolution;
}

/// <summary>One line of a contract's sanction table: missing <see cref="Measure"/> (availability, outages, response,
/// resolution — optionally for one priority — or satisfaction) costs <see cref="PercentOfFee"/> of the month's fee.</summary>
internal sealed record SanctionRule(string Measure, string? Priority, decimal PercentOfFee);

/// <summary>The contract's sanction table: the monthly fee and its rules.</summary>
internal sealed record Sanctions(decimal MonthlyFeeEur, IReadOnlyList<SanctionRule> Rules);
