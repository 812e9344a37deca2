using System.Globalization;
using Polku.Platform.Web;
using Polku.Appointments.Booking;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Outbox;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.Notifications;

/// <summary>
/// Confirmation, change, cancellation and reminder notices through the outbox, in the resident's language. SMS and
/// e-mail carry only the time, the place and a link — never the service's health content; the e-mail confirmation
/// carries an iCalendar file. Each notice is added to the caller's unit of work and commits with the change.
/// </summary>
/// <remarks>
/// Calendar files follow the appointment through its life with one UID: the confirmation adds the event, a
/// cancellation carries the same UID with STATUS:CANCELLED (so an imported event disappears), and a move — which
/// makes a new appointment — carries both the old event cancelled and the new one confirmed.
/// </remarks>
internal sealed class AppointmentNotices(
    Polku.Platform.Outbox.Outbox outbox, IPeopleDirectory people, IUnitDirectory units, Texts texts, PublicSite site, TimeProvider time)
{
    public Task ConfirmedAsync(Appointment appointment, CancellationToken ct) =>
        SendAsync(appointment, "confirmed", [appointment], onlyOnce: false, ct);

    public Task ChangedAsync(Appointment moved, Appointment old, Actor by, CancellationToken ct) =>
        SendAsync(moved, "changed", [AsCancelled(old), moved], onlyOnce: false, ct);

    /// <summary>Cancellation notice: always when a professional or the system cancelled, as a receipt when the resident did.</summary>
    public Task CancelledAsync(Appointment appointment, Actor by, CancellationToken ct) =>
        SendAsync(appointment, by.IsResidentSide ? "cancelled_by_you" : "cancelled", [appointment], onlyOnce: false, ct);

    /// <summary>
    /// The reminder the day before. A job that may run again (or on two nodes) sends it, so a reminder already in the
    /// outbox is not added twice; the job's conditional claim of <c>reminder_sent_utc</c> is the first guard.
    /// </summary>
    public Task ReminderAsync(Appointment appointment, CancellationToken ct) =>
        SendAsync(appointment, "reminder", [], onlyOnce: true, ct);

    /// <summary>The outbox dedupe key of a notice: one per appointment and kind.</summary>
    public static string DedupeKey(Guid appointmentId, string kind) => $"appointment:{appointmentId}:{kind}";

    /// <summary>The old appointment of a move as it is after the move: cancelled, one version on.</summary>
    private static Appointment AsCancelled(Appointment old) => new()
    {
        Id = old.Id,
        ResidentId = old.ResidentId,
        UnitId = old.UnitId,
        Mode = old.Mode,
        StartUtc = old.StartUtc,
        EndUtc = old.EndUtc,
        Status = AppointmentStatus.Cancelled,
        Version = old.Version + 1,
    };

    private async Task SendAsync(Appointment appointment, string kind, IReadOnlyList<Appointment> calendar, bool onlyOnce, CancellationToken ct)
    {
        var resident = await people.FindResidentAsync(appointment.ResidentId, ct);
        if (resident is null)
        {
            return;
        }

        var language = Language.IsSupported(resident.PreferredLanguage) ? resident.PreferredLanguage : appointment.Language;
        var unit = await Api.AppointmentsApi.UnitAsync(units, appointment.UnitId, ct);
        var place = Api.Modes.Place(appointment.Mode, unit, language, texts);
        var local = HelsinkiTime.ToLocal(new DateTimeOffset(appointment.StartUtc, TimeSpan.Zero));
        var culture = CultureInfo.GetCultureInfo(language);
        var when = local.ToString("d.M.yyyy", culture) + " " + local.ToString("HH.mm", culture);
        var link = BaseUrl + AppointmentsRoutes.MyAppointments;
        var text = string.Format(culture, texts.Get(language, "appointments.notice." + kind), when, place) + " " + link;
        var subject = texts.Get(language, "appointments.notice." + kind + "_subject");
        var key = DedupeKey(appointment.Id, kind);
        if (resident.Phone is { Length: > 0 } phone)
        {
            if (onlyOnce)
            {
                await outbox.EnqueueIfAbsentAsync(OutboxChannel.Sms, phone, key, text, cancellationToken: ct);
            }
            else
            {
                outbox.EnqueueSms(phone, text, key);
            }
        }

        if (resident.Email is { Length: > 0 } email)
        {
            OutboxAttachment? attachment = null;
            if (calendar.Count > 0)
            {
                var summary = texts.Get(language, "appointments.notice.calendar_summary");
                var events = new List<CalendarEvent>(calendar.Count);
                foreach (var a in calendar)
                {
                    var where = a.UnitId == appointment.UnitId && a.Mode == appointment.Mode
                        ? place
                        : Api.Modes.Place(a.Mode, await Api.AppointmentsApi.UnitAsync(units, a.UnitId, ct), language, texts);
                    events.Add(new CalendarEvent(a, summary, where, link));
                }

                attachment = new OutboxAttachment("polku-appointment.ics", "text/calendar; charset=utf-8; method=PUBLISH",
                    ICalendar.Events(events, time.GetUtcNow().UtcDateTime));
            }

            if (onlyOnce)
            {
                await outbox.EnqueueIfAbsentAsync(OutboxChannel.Email, email, key, text, subject, attachment, ct);
            }
            else
            {
                outbox.EnqueueEmail(email, subject, text, key, attachment);
            }
        }
    }

    private string BaseUrl => site.BaseUrl;
}
