using Polku.Assessments.Contracts;

namespace Polku.Assessments.Domain.Routing;

/// <summary>Which days a routing row applies to with respect to Finnish holidays.</summary>
internal enum HolidayMatch
{
    /// <summary>Holidays and other days alike.</summary>
    Any,

    /// <summary>Only on public holidays and de facto non-working days (<see cref="Polku.Platform.Time.FinnishCalendar.IsNonWorkingDay"/>, incl. Midsummer Eve and Christmas Eve).</summary>
    HolidayOnly,

    /// <summary>Only on days that are not holidays.</summary>
    NonHolidayOnly,
}

/// <summary>
/// Palveluohjauksen rivi — one row of a local service routing table: which requests it applies to
/// (urgency, service, municipality), when (weekdays, a Helsinki wall-clock window, holiday or not,
/// effective dates) and where it sends the resident.
/// </summary>
/// <remarks>
/// The window is half-open [<see cref="From"/>, <see cref="To"/>) within one day; a <see cref="To"/> of
/// 00:00 means 24:00, the end of the day, so 00:00–00:00 is the whole day. A window never crosses
/// midnight: evening-to-morning cover is two rows. Effective dates are Helsinki dates, from inclusive
/// and to exclusive; null means open.
/// </remarks>
internal sealed record RoutingRow
{
    /// <summary>Stable id, unique within the table; shown in the simulator and in the trace of a result.</summary>
    public required string Id { get; init; }

    /// <summary>The urgency class the row serves; never <see cref="Urgency.S"/>.</summary>
    public required Urgency Urgency { get; init; }

    /// <summary>Service code the row is limited to, or null for any service.</summary>
    public string? ServiceCode { get; init; }

    /// <summary>Municipality code the row is limited to, or null for the whole county.</summary>
    public string? Municipality { get; init; }

    /// <summary>The weekdays the row applies to.</summary>
    public required IReadOnlySet<DayOfWeek> Weekdays { get; init; }

    /// <summary>Start of the daily window (inclusive), Helsinki wall clock.</summary>
    public TimeOnly From { get; init; }

    /// <summary>End of the daily window (exclusive), Helsinki wall clock; 00:00 means 24:00.</summary>
    public TimeOnly To { get; init; }

    /// <summary>Holiday matching.</summary>
    public HolidayMatch Holidays { get; init; } = HolidayMatch.Any;

    /// <summary>First Helsinki date the row is in force (inclusive), or null.</summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>First Helsinki date the row is no longer in force (exclusive), or null.</summary>
    public DateOnly? EffectiveTo { get; init; }

    /// <summary>Where the row sends the resident.</summary>
    public required RoutingDestination Destination { get; init; }

    /// <summary>Every day of the week.</summary>
    public static IReadOnlySet<DayOfWeek> EveryDay { get; } = new HashSet<DayOfWeek>(Enum.GetValues<DayOfWeek>());

    /// <summary>Monday to Friday.</summary>
    public static IReadOnlySet<DayOfWeek> MondayToFriday { get; } = new HashSet<DayOfWeek>
    {
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday,
    };

    /// <summary>Whether the window is the whole day (00:00–24:00).</summary>
    public bool IsAllDay => From == TimeOnly.MinValue && To == TimeOnly.MinValue;

    /// <summary>Start of the window in minutes after midnight.</summary>
    internal int FromMinute => (From.Hour * 60) + From.Minute;

    /// <summary>End of the window in minutes after midnight; 1440 for 24:00.</summary>
    internal int ToMinute => To == TimeOnly.MinValue ? MinutesPerDay : (To.Hour * 60) + To.Minute;

    internal const int MinutesPerDay = 1440;

    /// <summary>
    /// Specificity score; the highest wins, ties go to the row earlier in the table:
    /// 8 when limited to a service, 4 when limited to a municipality, 2 when holiday-specific
    /// (<see cref="HolidayMatch.HolidayOnly"/> or <see cref="HolidayMatch.NonHolidayOnly"/>), 1 when the
    /// window is narrower than the whole day. The weights are powers of two, so the comparison is
    /// lexicographic: service before municipality (a social-counselling request must not land in a
    /// municipality's generic health-station row), then municipality, then holiday, then time window.
    /// </summary>
    public int Specificity =>
        (ServiceCode is null ? 0 : 8) + (Municipality is null ? 0 : 4) + (Holidays == HolidayMatch.Any ? 0 : 2) + (IsAllDay ? 0 : 1);

    /// <summary>The window as text, e.g. "08:00–16:00" or "00:00–24:00".</summary>
    public string WindowText => $"{Clock(FromMinute)}–{Clock(ToMinute)}";

    internal static string Clock(int minute) =>
        $"{(minute / 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture)}:{(minute % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Whether the row is in force on a Helsinki date.</summary>
    public bool IsEffectiveOn(DateOnly date) =>
        (EffectiveFrom is not { } from || date >= from) && (EffectiveTo is not { } to || date < to);

    /// <summary>Whether the holiday rule admits a day that is (or is not) a holiday.</summary>
    public bool AdmitsHoliday(bool holiday) => Holidays switch
    {
        HolidayMatch.HolidayOnly => holiday,
        HolidayMatch.NonHolidayOnly => !holiday,
        _ => true,
    };

    /// <summary>Whether the row applies to a request at a Helsinki wall-clock moment (capacity aside).</summary>
    public bool Matches(Urgency urgency, string? serviceCode, string municipality, DateOnly date, int minuteOfDay, bool holiday) =>
        Urgency == urgency
        && (ServiceCode is null || string.Equals(ServiceCode, serviceCode, StringComparison.Ordinal))
        && (Municipality is null || string.Equals(Municipality, municipality, StringComparison.Ordinal))
        && Weekdays.Contains(date.DayOfWeek)
        && minuteOfDay >= FromMinute && minuteOfDay < ToMinute
        && AdmitsHoliday(holiday)
        && IsEffectiveOn(date);
}
