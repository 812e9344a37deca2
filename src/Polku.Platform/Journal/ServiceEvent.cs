using Polku.Platform.Persistence;

namespace Polku.Platform.Journal;

/// <summary>
/// Palvelutapahtuma — one transaction or contact in the service-event journal (spec 05). Append-only and
/// pseudonymous: the resident appears only as a keyed hash, never as a person id or identity code.
/// KPIs are computed from these rows alone.
/// </summary>
public sealed class ServiceEvent : IAppendOnly
{
    public Guid Id { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>What happened, e.g. <c>channel.followed</c>, <c>message.sent</c>.</summary>
    public string Type { get; set; } = "";
    public string? MunicipalityCode { get; set; }
    public Guid? UnitId { get; set; }
    public string? ServiceCode { get; set; }

    /// <summary>assessment, self-booking, form, message, chat, remote-appointment, external, phone, walk-in …</summary>
    public string Channel { get; set; } = "";

    /// <summary>Whether the channel is digital (phone calls and walk-ins are not).</summary>
    public bool Digital { get; set; }

    /// <summary>first-line, or other (other contact and care).</summary>
    public string ContactKind { get; set; } = "first-line";
    public string? Outcome { get; set; }
    public int? WaitingSeconds { get; set; }
    public int? HandlingSeconds { get; set; }

    /// <summary>Pseudonymous resident key (see <see cref="Pseudonymizer"/>); null for anonymous use.</summary>
    public string? ResidentKey { get; set; }

    /// <summary>Free detail such as a target URL or destination kind; never personal data.</summary>
    public string? Detail { get; set; }
}
