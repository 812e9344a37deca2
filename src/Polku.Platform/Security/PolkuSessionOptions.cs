namespace Polku.Platform.Security;

/// <summary>
/// The <c>Session</c> configuration section. A session ends after <see cref="IdleMinutes"/> without a request and,
/// however active, <see cref="AbsoluteHours"/> after signing in; both are enforced on the server (the Identity module's
/// session table), so a copied cookie stops working at the same moment on every node.
/// </summary>
public sealed class PolkuSessionOptions
{
    public const string Section = "Session";

    public int IdleMinutes { get; set; } = 30;

    /// <summary>One working day plus a margin: a professional signs in once per shift.</summary>
    public int AbsoluteHours { get; set; } = 12;

    public TimeSpan Idle => TimeSpan.FromMinutes(IdleMinutes);

    public TimeSpan Absolute => TimeSpan.FromHours(AbsoluteHours);
}
