using Polku.Platform.Localization;

namespace Polku.Region.Data;

/// <summary>Hyvinvointialue — the county; one row per installation.</summary>
internal sealed class County
{
    public Guid Id { get; set; }
    public string NameFi { get; set; } = "";
    public string NameSv { get; set; } = "";
    public string NameEn { get; set; } = "";

    public LocalizedText Name => new(NameFi, NameSv, NameEn);
}

/// <summary>Kunta — a municipality with its Statistics Finland code.</summary>
internal sealed class Municipality
{
    /// <summary>Three-digit official code, e.g. 638.</summary>
    public string Code { get; set; } = "";
    public string NameFi { get; set; } = "";
    public string NameSv { get; set; } = "";
    public string NameEn { get; set; } = "";

    /// <summary>Official languages, comma-separated two-letter codes, Finnish first: <c>fi,sv</c>.</summary>
    public string Languages { get; set; } = "fi";

    /// <summary>Client and patient record system in use (APTJ), free text.</summary>
    public string? RecordSystem { get; set; }
    public int Version { get; set; }

    public LocalizedText Name => new(NameFi, NameSv, NameEn);
}

public enum UnitKind
{
    HealthStation,
    SocialServices,
    MaternityClinic,
    OralHealth,
    Digital,
    Emergency,
}

/// <summary>Yksikkö — a health station, social services office, clinic, the digital sote-centre …</summary>
internal sealed class Unit
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string NameFi { get; set; } = "";
    public string NameSv { get; set; } = "";
    public string NameEn { get; set; } = "";
    public UnitKind Kind { get; set; }

    /// <summary>Where the unit is; null for county-wide virtual units.</summary>
    public string? MunicipalityCode { get; set; }

    /// <summary>Municipalities the unit serves, comma-separated codes (Loviisa's station also serves Lapinjärvi); empty = all.</summary>
    public string ServedMunicipalities { get; set; } = "";
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public bool OpenOnHolidays { get; set; }
    public int Version { get; set; }

    public LocalizedText Name => new(NameFi, NameSv, NameEn);
}

/// <summary>Palvelu — a service residents look for, described in three languages.</summary>
internal sealed class Service
{
    public Guid Id { get; set; }

    /// <summary>Stable code used by routing and the API, e.g. <c>health-station</c>.</summary>
    public string Code { get; set; } = "";
    public string NameFi { get; set; } = "";
    public string NameSv { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string DescriptionFi { get; set; } = "";
    public string DescriptionSv { get; set; } = "";
    public string DescriptionEn { get; set; } = "";

    /// <summary>Extra search words in any language, space-separated.</summary>
    public string Keywords { get; set; } = "";
    public int SortOrder { get; set; }
    public int Version { get; set; }

    public LocalizedText Name => new(NameFi, NameSv, NameEn);
    public LocalizedText Description => new(DescriptionFi, DescriptionSv, DescriptionEn);
}

public enum ChannelKind
{
    Assessment,
    SelfBooking,
    RemoteAppointment,
    EForm,
    Chat,
    SecureMessage,
    Callback,
    Phone,
    WalkIn,
    ExternalEService,
}

public enum ChannelMode
{
    /// <summary>A Polku module, configured for the municipality.</summary>
    BuiltIn,

    /// <summary>A national service or a municipality's legacy e-service, reached by URL.</summary>
    External,
}

/// <summary>
/// Asiointikanava — how a service is reached in one municipality (or in all, when <see cref="MunicipalityCode"/> is null),
/// from <see cref="ValidFrom"/> to <see cref="ValidTo"/>. A municipality's own row wins over the county-wide one.
/// </summary>
internal sealed class ServiceChannel
{
    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    public string? MunicipalityCode { get; set; }
    public ChannelKind Kind { get; set; }
    public ChannelMode Mode { get; set; }

    /// <summary>External address (https) when <see cref="Mode"/> is External.</summary>
    public string? Url { get; set; }

    /// <summary>Phone number for the phone channel.</summary>
    public string? Phone { get; set; }
    public string? LabelFi { get; set; }
    public string? LabelSv { get; set; }
    public string? LabelEn { get; set; }
    public Guid? UnitId { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public int Version { get; set; }
}

public enum HoursOwner
{
    Unit,
    Channel,
}

/// <summary>One weekly opening period of a unit or channel (Europe/Helsinki wall-clock; close 00:00 = midnight).</summary>
internal sealed class OpeningPeriodRow
{
    public Guid Id { get; set; }
    public HoursOwner OwnerKind { get; set; }
    public Guid OwnerId { get; set; }
    public int Weekday { get; set; }
    public TimeOnly Opens { get; set; }
    public TimeOnly Closes { get; set; }
}

/// <summary>An exception to the weekly pattern on one date: closed, or open at other hours (possibly on a holiday).</summary>
internal sealed class OpeningExceptionRow
{
    public Guid Id { get; set; }
    public HoursOwner OwnerKind { get; set; }
    public Guid OwnerId { get; set; }
    public DateOnly Date { get; set; }
    public bool Closed { get; set; }
    public TimeOnly? Opens { get; set; }
    public TimeOnly? Closes { get; set; }
    public string? Note { get; set; }
}
