using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Platform.Persistence;
using Polku.Platform.Time;

namespace Polku.Appointments.Notifications;

/// <summary>
/// When reminders go out: <c>Appointments:Reminders:DaysBefore</c> (default 1) days before the appointment's Helsinki
/// date, at <c>Appointments:Reminders:At</c> (default 18:00) Helsinki time.
/// </summary>
internal sealed record ReminderOptions(int DaysBefore, TimeOnly At)
{
    public static ReminderOptions Default { get; } = new(1, new TimeOnly(18, 0));

    /// <summary>Reads the options; a value that does not parse is a configuration error at start, not a silent default.</summary>
    public static ReminderOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Appointments:Reminders");
        var days = section["DaysBefore"] is { Length: > 0 } d
            ? int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 14 ? n
                : throw new InvalidOperationException("Appointments:Reminders:DaysBefore must be a whole number 0–14.")
            : Default.DaysBefore;
        var at = section["At"] is { Length: > 0 } a
            ? TimeOnly.TryParseExact(a, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t
                : throw new InvalidOperationException("Appointments:Reminders:At must be a time of day such as 18:00.")
            : Default.At;
        return new ReminderOptions(days, at);
    }

    /// <summary>
    /// The moment the reminder of an appointment starting at <paramref name="startUtc"/> is due: the wall-clock time
    /// on the Helsinki date <see cref="DaysBefore"/> days before, so it is 18:00 in Helsinki on both sides of a
    /// daylight-saving change (<see cref="HelsinkiTime.ToInstant"/> resolves a time the clock skips or repeats).
    /// </summary>
    public DateTime DueUtc(DateTime startUtc)
    {
        var date = HelsinkiTime.LocalDate(new DateTimeOffset(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc))).AddDays(-DaysBefore);
        return HelsinkiTime.ToInstant(date, At).UtcDateTime;
    }

    /// <summary>The longest time a reminder can be due before the start (a day for the date, an hour for a clock change).</summary>
    public TimeSpan MaxLead => TimeSpan.FromDays(DaysBefore + 1) + TimeSpan.FromHours(2);
}

/// <summary>
/// Muistutus — sends the reminder of each booked appointment once, when its moment (<see cref="ReminderOptions"/>)
/// has come and the appointment has not started. An appointment booked after that moment gets no reminder: its
/// confirmation just arrived. Safe on several nodes: a conditional update of <c>reminder_sent_utc</c> claims the
/// reminder in the same transaction that writes the outbox rows, so exactly one node sends it, and a crash before
/// the commit leaves it to the next round.
/// </summary>
internal sealed class ReminderJob(ReminderOptions options) : IAppointmentsJob
{
    public async Task<int> RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<PolkuDb>();
        var time = services.GetRequiredService<TimeProvider>();
        var notices = services.GetRequiredService<AppointmentNotices>();
        var unit = services.GetRequiredService<UnitOfWork>();
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + options.MaxLead;

        // The window is a couple of days of booked appointments; the exact moment depends on each start's Helsinki
        // date, so it is computed here rather than in SQL.
        var candidates = await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.Status == AppointmentStatus.Booked && a.ReminderSentUtc == null && a.StartUtc > now && a.StartUtc <= until)
            .Select(a => new { a.Id, a.StartUtc, a.BookedUtc, a.CreatedUtc })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var c in candidates.OrderBy(c => c.StartUtc))
        {
            var due = options.DueUtc(c.StartUtc);
            if (now < due || (c.BookedUtc ?? c.CreatedUtc) >= due)
            {
                continue;
            }

            if (await SendAsync(db, unit, notices, c.Id, now, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>One unit per reminder: the claim and the outbox rows commit together.</summary>
    private static Task<bool> SendAsync(PolkuDb db, UnitOfWork unit, AppointmentNotices notices, Guid id, DateTime now, CancellationToken ct) =>
        unit.RunAsync(async ct =>
        {
            // The claim: only the unit whose update changed the row sends. The version is left alone on purpose — a
            // reminder is no change to the appointment, so it must not make a concurrent move fail or raise the
            // calendar SEQUENCE.
            var claimed = await db.Set<Appointment>()
                .Where(a => a.Id == id && a.Status == AppointmentStatus.Booked && a.ReminderSentUtc == null && a.StartUtc > now)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.ReminderSentUtc, now), ct);
            if (claimed == 0)
            {
                return false;
            }

            var appointment = await db.Set<Appointment>().AsNoTracking().FirstAsync(a => a.Id == id, ct);
            await notices.ReminderAsync(appointment, ct);
            return true;
        }, static _ => true, ct);
}
