using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Polku.Platform.Persistence;

namespace Polku.Platform.Journal;

/// <summary>The <c>Polku</c> configuration section's secrets used for pseudonyms.</summary>
public sealed class PseudonymOptions
{
    /// <summary>Secret key for resident pseudonyms; set per county in production. Changing it breaks longitudinal KPIs.</summary>
    public string? Key { get; set; }
}

/// <summary>Derives stable pseudonymous keys for residents (HMAC-SHA256 of the person id under the county's key).</summary>
public sealed class Pseudonymizer(IOptions<PseudonymOptions> options)
{
    /// <summary>Used when no key is configured; public, so Production refuses to start with it.</summary>
    public const string DevelopmentKey = "polku-development-pseudonym-key";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.Key is { Length: > 0 } k ? k : DevelopmentKey);

    public string For(Guid personId)
    {
        Span<byte> input = stackalloc byte[16];
        personId.TryWriteBytes(input);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, input))[..32];
    }

    /// <summary>A pseudonym for a free value such as an identity code, safe to log.</summary>
    public string For(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)))[..16];
}

/// <summary>Adds service events to the current unit of work; they commit with the change they describe.</summary>
public sealed class ServiceJournal(PolkuDb db, TimeProvider time, Pseudonymizer pseudonyms)
{
    public ServiceEvent Record(string type, string channel, bool digital, Guid? residentId = null, string? municipalityCode = null,
        string? serviceCode = null, Guid? unitId = null, string contactKind = "first-line", string? outcome = null,
        string? detail = null, int? waitingSeconds = null, int? handlingSeconds = null)
    {
        // The control tower counts only what it knows: an unlisted type or a third kind of contact is a programming error.
        if (!ServiceEventTypes.All.ContainsKey(type))
        {
            throw new ArgumentException($"'{type}' is not a service event type of ServiceEventTypes.All.", nameof(type));
        }

        if (!ServiceEventTypes.ContactKinds.Contains(contactKind))
        {
            throw new ArgumentException($"'{contactKind}' is not a contact kind (first-line or other).", nameof(contactKind));
        }

        var now = time.GetUtcNow();
        var e = new ServiceEvent
        {
            Id = Guid.CreateVersion7(now),
            AtUtc = now.UtcDateTime,
            Type = type,
            Channel = channel,
            Digital = digital,
            ResidentKey = residentId is { } id ? pseudonyms.For(id) : null,
            MunicipalityCode = municipalityCode,
            ServiceCode = serviceCode,
            UnitId = unitId,
            ContactKind = contactKind,
            Outcome = outcome,
            Detail = detail,
            WaitingSeconds = waitingSeconds,
            HandlingSeconds = handlingSeconds,
        };
        db.ServiceEvents.Add(e);
        return e;
    }
}
