using Polku.Platform.Time;

namespace Polku.ServiceManagement.Domain.Sla;

internal readonly record struct SlaPause(DateTimeOffset Start, DateTimeOffset? End);

internal enum SlaState
{
    Ok,
    Warning,
    Breached,
}

/// <summary>Placeholder until the SLA part lands (replaced by it): service time without pauses.</summary>
internal static class SlaClock
{
    private static OpeningHours Hours(string calendar) => calendar == ServiceCalendars.AroundTheClock
        ? OpeningHours.AlwaysOpen
        : new OpeningHours([.. Enumerable.Range(1, 5).Select(d => new OpeningPeriod((DayOfWeek)d, new TimeOnly(8, 0), new TimeOnly(16, 0)))], []);

    public static DateTimeOffset Due(DateTimeOffset opened, int targetMinutes, string calendar, IReadOnlyList<SlaPause> pauses, DateTimeOffset now) =>
        Hours(calendar).AddServiceTime(opened, TimeSpan.FromMinutes(targetMinutes)) ?? opened.AddMinutes(targetMinutes);

    public static double ElapsedMinutes(DateTimeOffset opened, DateTimeOffset until, string calendar, IReadOnlyList<SlaPause> pauses) =>
        Hours(calendar).OpenIntervals(opened, until).Sum(i => (i.End - i.Start).TotalMinutes);

    public static SlaState State(DateTimeOffset opened, int targetMinutes, string calendar, IReadOnlyList<SlaPause> pauses, DateTimeOffset now)
    {
        var share = ElapsedMinutes(opened, now, calendar, pauses) / Math.Max(1, targetMinutes);
        return share >= 1 ? SlaState.Breached : share >= 0.75 ? SlaState.Warning : SlaState.Ok;
    }
}
