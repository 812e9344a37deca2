namespace Polku.ServiceManagement.Monitoring;

/// <summary>
/// Monitoring's settings, read from the <c>ServiceManagement</c> section beside <see cref="SmOptions"/>
/// (e.g. <c>ServiceManagement:SelfBaseUrl</c>, <c>ServiceManagement:Monitoring:SlowDatabaseMilliseconds</c>).
/// </summary>
public sealed class MonitoringOptions
{
    public const string Section = "ServiceManagement";

    /// <summary>
    /// This node's own address, against which relative health URLs (<c>/health/ready</c>, the development stand-ins)
    /// are resolved; by default the first address the server listens on.
    /// </summary>
    public string? SelfBaseUrl { get; set; }

    public MonitoringThresholds Monitoring { get; set; } = new();
}

/// <summary>The probing rhythm and the thresholds of Polku's own signals.</summary>
public sealed class MonitoringThresholds
{
    /// <summary>How often a node looks for due probes and checks the signals.</summary>
    public int RoundSeconds { get; set; } = 15;

    /// <summary>How long a node holds a probe it took; another node may take it after this if the node died.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>The outbox is backlogged when its oldest undelivered message is older than this.</summary>
    public int OutboxBacklogMinutes { get; set; } = 15;

    /// <summary>… or when more messages than this wait for delivery.</summary>
    public int OutboxBacklogCount { get; set; } = 500;

    /// <summary>Deliveries are failing when more dead letters than this exist.</summary>
    public int FailedDeliveries { get; set; }

    /// <summary>The database is slow when a <c>SELECT 1</c> takes at least this long.</summary>
    public int SlowDatabaseMilliseconds { get; set; } = 500;
}
