using System.Globalization;
using Polku.Platform.Web;
using Polku.Appointments.Api;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.Waitlist;

/// <summary>
/// "An earlier time is free for you" through the outbox, in the resident's language: time, place, until when and a
/// link — never the service's health content. Added to the caller's unit of work, so it is sent only if the offer commits.
/// </summary>
internal sealed class WaitlistNotices(
    Polku.Platform.Outbox.Outbox outbox, IPeopleDirectory people, IUnitDirectory units, Texts texts, PublicSite site)
{
    public async Task OfferedAsync(WaitlistOffer offer, Appointment hold, CancellationToken ct)
    {
        var resident = await people.FindResidentAsync(hold.ResidentId, ct);
        if (resident is null)
        {
            return;
        }

        var language = Language.IsSupported(resident.PreferredLanguage) ? resident.PreferredLanguage : hold.Language;
        var culture = Language.CultureFor(language);
        var unit = await AppointmentsApi.UnitAsync(units, hold.UnitId, ct);
        var place = Modes.Place(hold.Mode, unit, language, texts);
        var start = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(hold.StartUtc, DateTimeKind.Utc)));
        var until = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(offer.UntilUtc, DateTimeKind.Utc)));
        var when = start.ToString("d.M.yyyy", culture) + " " + start.ToString("HH.mm", culture);
        var link = site.Url(AppointmentsRoutes.MyAppointments);
        var text = string.Format(culture, texts.Get(language, "booking.pages.waitlist.notice"), when, place, until.ToString("HH.mm", culture)) + " " + link;
        var key = $"waitlist-offer:{offer.Id}";
        if (resident.Phone is { Length: > 0 } phone)
        {
            outbox.EnqueueSms(phone, text, key);
        }

        if (resident.Email is { Length: > 0 } email)
        {
            outbox.EnqueueEmail(email, texts.Get(language, "booking.pages.waitlist.notice_subject"), text, key);
        }
    }
}
