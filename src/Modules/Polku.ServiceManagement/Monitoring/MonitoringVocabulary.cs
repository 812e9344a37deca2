namespace Polku.ServiceManagement.Monitoring;

/// <summary>The stored kinds of monitoring events; pages show <c>sm.monitoring.event.{kind}</c>.</summary>
internal static class EventKinds
{
    public const string OutageOpened = "outage-opened";
    public const string OutageReopened = "outage-reopened";
    public const string OutageClosed = "outage-closed";
    public const string OutageRecorded = "outage-recorded";
    public const string OutageExclusion = "outage-exclusion";
    public const string Cleared = "-cleared";

    /// <summary>Polku's own signals: each is raised once while its condition lasts and cleared with <c>{signal}-cleared</c>.</summary>
    public const string OutboxBacklog = "outbox-backlog";
    public const string DeliveriesFailing = "deliveries-failing";
    public const string DatabaseSlow = "database-slow";

    public static readonly IReadOnlyList<string> Signals = [OutboxBacklog, DeliveriesFailing, DatabaseSlow];

    public static readonly IReadOnlyList<string> All =
    [
        OutageOpened, OutageReopened, OutageClosed, OutageRecorded, OutageExclusion,
        .. Signals, .. Signals.Select(s => s + Cleared),
    ];
}

internal static class Severities
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Major = "major";
}

internal static class OutageSources
{
    public const string Probe = "probe";
    public const string Manual = "manual";
}
