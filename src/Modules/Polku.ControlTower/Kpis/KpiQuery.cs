using System.Globalization;
using Polku.Platform.Results;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.ControlTower.Kpis;

/// <summary>
/// A dashboard's filters as typed in an address (<c>from</c>, <c>to</c>, <c>municipality</c>, <c>service</c>,
/// <c>channel</c>, <c>unit</c>), read the same way by the pages, the API and the CSV export. Without dates the period
/// is the current month up to today (Helsinki).
/// </summary>
public sealed record KpiQuery(string? From, string? To, string? Municipality, string? Service, string? Channel, string? Unit)
{
    /// <summary>The longest period one request may ask for.</summary>
    public const int MaxDays = 3 * 366 + 365;

    /// <summary>The channels the journal writes, in the order the filter offers them.</summary>
    public static IReadOnlyList<string> Channels { get; } =
        ["assessment", "self-booking", "on-behalf", "form", "message", "chat", "callback", "follow-up", "video", "in-person", "phone", "walk-in", "external", "remote-appointment"];

    /// <summary>The filter, or the first thing wrong with the query (a validation error naming the field).</summary>
    public async Task<Result<KpiFilter>> ParseAsync(IUnitDirectory units, IServiceNames services, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(services);
        var today = HelsinkiTime.LocalDate(now);
        if (!TryDate(From, new DateOnly(today.Year, today.Month, 1), out var from))
        {
            return Error.Validation("tower.filter.date_invalid", "from");
        }

        if (!TryDate(To, today, out var to))
        {
            return Error.Validation("tower.filter.date_invalid", "to");
        }

        if (to < from)
        {
            return Error.Validation("tower.filter.period_reversed", "to");
        }

        if (to.DayNumber - from.DayNumber >= MaxDays)
        {
            return Error.Validation("tower.filter.period_too_long", "from");
        }

        var municipality = Blank(Municipality);
        if (municipality is not null && !await units.MunicipalityExistsAsync(municipality, ct))
        {
            return Error.Validation("tower.filter.municipality_unknown", "municipality");
        }

        var service = Blank(Service);
        if (service is not null && !(await services.AllAsync(ct)).ContainsKey(service))
        {
            return Error.Validation("tower.filter.service_unknown", "service");
        }

        var channel = Blank(Channel);
        if (channel is not null && !Channels.Contains(channel))
        {
            return Error.Validation("tower.filter.channel_unknown", "channel");
        }

        Guid? unit = null;
        if (Blank(Unit) is { } u)
        {
            if (!Guid.TryParse(u, out var id) || (await units.GetAsync([id], ct)).Count == 0)
            {
                return Error.Validation("tower.filter.unit_unknown", "unit");
            }

            unit = id;
        }

        return new KpiFilter(from, to, municipality, service, channel, unit);
    }

    /// <summary>The query string of a filter (for links and exports).</summary>
    public static string QueryString(KpiFilter f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var parts = new List<string> { "from=" + Iso(f.From), "to=" + Iso(f.To) };
        if (f.Municipality is { } m)
        {
            parts.Add("municipality=" + Uri.EscapeDataString(m));
        }

        if (f.Service is { } s)
        {
            parts.Add("service=" + Uri.EscapeDataString(s));
        }

        if (f.Channel is { } c)
        {
            parts.Add("channel=" + Uri.EscapeDataString(c));
        }

        if (f.Unit is { } unit)
        {
            parts.Add("unit=" + unit.ToString("D"));
        }

        return string.Join('&', parts);
    }

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static bool TryDate(string? text, DateOnly fallback, out DateOnly date)
    {
        if (Blank(text) is not { } t)
        {
            date = fallback;
            return true;
        }

        return DateOnly.TryParseExact(t, ["yyyy-MM-dd", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
