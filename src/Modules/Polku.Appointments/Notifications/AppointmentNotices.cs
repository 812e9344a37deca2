using System.Globalization;
using Microsoft.Extensions.Configuration;
using Polku.Appointments.Booking;
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
internal sealed class AppointmentNotices(
    Polku.Platform.Outbox.Outbox outbox, IPeopleDirectory people, IUnitDirectory units, Texts texts, IConfiguration configuration)
{
    public Task ConfirmedAsync(Appointment appointment, CancellationToken ct) =>
        SendAsync(appointment, "confirmed", attachCalendar: true, ct);

    public Task ChangedAsync(Appointment moved, Appointment old, Actor by, CancellationToken ct) =>
        SendAsync(moved, "changed", attachCalendar: true, ct);

    /// <summary>Cancellation notice: always when a professional or the system cancelled, as a receipt when the resident did.</summary>
    public Task CancelledAsync(Appointment appointment, Actor by, CancellationToken ct) =>
        SendAsync(appointment, by.IsResidentSide ? "cancelled_by_you" : "cancelled", attachCalendar: false, ct);

    public Task ReminderAsync(Appointment appointment, CancellationToken ct) =>
        SendAsync(appointment, "reminder", attachCalendar: false, ct);

    private async Task SendAsync(Appointment appointment, string kind, bool attachCalendar, CancellationToken ct)
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
        var link = BaseUrl + "/me/appointments";
        var text = string.Format(culture, texts.Get(language, "appointments.notice." + kind), when, place) + " " + link;
        var subject = texts.Get(language, "appointments.notice." + kind + "_subject");
        var key = $"appointment:{appointment.Id}:{kind}";
        if (resident.Phone is { Length: > 0 } phone)
        {
            outbox.EnqueueSms(phone, text, key);
        }

        if (resident.Email is { Length: > 0 } email)
        {
            var attachment = attachCalendar
                ? new OutboxAttachment("polku-appointment.ics", "text/calendar; charset=utf-8; method=PUBLISH",
                    ICalendar.Appointment(appointment, texts.Get(language, "appointments.notice.calendar_summary"), place, link, DateTime.SpecifyKind(appointment.CreatedUtc, DateTimeKind.Utc)))
                : null;
            outbox.EnqueueEmail(email, subject, text, key, attachment);
        }
    }

    private string BaseUrl => (configuration["Appointments:PublicBaseUrl"] ?? configuration["Contacts:PublicBaseUrl"] ?? "").TrimEnd('/');
}
