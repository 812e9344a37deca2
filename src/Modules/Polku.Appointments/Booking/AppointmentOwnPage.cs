using System.Globalization;
using Polku.Appointments.Data;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Time;

namespace Polku.Appointments.Booking;

/// <summary>The resident's own page, from appointments: completed visits still waiting for the resident's feedback.</summary>
internal sealed class AppointmentOwnPage(AppointmentViews views, IEnumerable<IFeedbackOffers> feedback, Texts texts) : IOwnPageSections
{
    public async Task<IReadOnlyList<OwnPageSection>> ForAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        if (feedback.FirstOrDefault() is not { } offers)
        {
            return [];
        }

        var waiting = new List<OwnPageEntry>();
        var completed = (await views.AllOfResidentAsync(residentId, cancellationToken)).Where(a => a.Status == AppointmentStatus.Completed).OrderByDescending(a => a.StartUtc).Take(5);
        foreach (var a in completed)
        {
            if (await offers.MayOfferAsync("appointment", a.Id, cancellationToken))
            {
                var day = HelsinkiTime.FormatDate(a.StartUtc);
                var title = texts.All("booking.own.visit");
                waiting.Add(new OwnPageEntry(new LocalizedText(string.Format(CultureInfo.InvariantCulture, title.Fi, day), string.Format(CultureInfo.InvariantCulture, title.Sv, day),
                    string.Format(CultureInfo.InvariantCulture, title.En, day)), ContactsRoutes.Feedback("appointment", a.Id), texts.All("forms.own.give_feedback"), a.EndUtc));
            }
        }

        return [new OwnPageSection("feedback", 90, texts.All("forms.own.feedback"), waiting)];
    }
}
