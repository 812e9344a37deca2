namespace Polku.Appointments.Remote;

/// <summary>The <c>Appointments:Remote</c> configuration section.</summary>
internal sealed class RemoteOptions
{
    public const string Section = "Appointments:Remote";

    /// <summary>How long before the start the resident may join (check in to the waiting room). The spec says 15 minutes.</summary>
    public int JoinOpensMinutes { get; set; } = 15;

    /// <summary>An appointment still booked (never checked in) this long after its start is marked as a no-show.</summary>
    public int NoShowGraceMinutes { get; set; } = 15;

    /// <summary>
    /// Modes whose appointments the no-show job marks (comma-separated: <c>video</c>, <c>phone</c>, <c>in-person</c>).
    /// Only video by default: an in-person or phone appointment has no check-in of its own here, so "never checked in"
    /// would not mean "did not come".
    /// </summary>
    public string NoShowModes { get; set; } = "video";
}

/// <summary>The <c>Appointments:Video</c> configuration section: which video service holds the rooms.</summary>
internal sealed class VideoOptions
{
    public const string Section = "Appointments:Video";

    /// <summary><c>Development</c> (the built-in stand-in room page, the default) or <c>Http</c>.</summary>
    public string Provider { get; set; } = "Development";

    /// <summary>The HTTP provider's API root, e.g. <c>https://video.example.fi/api/v1/</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c> to the HTTP provider when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one call to the HTTP provider may take.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}
