using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.SelfBooking;
using Polku.Appointments.Waitlist;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Me;

/// <summary>One appointment on the resident's page with what they may do with it now.</summary>
internal sealed record AppointmentRow(Appointment Appointment, UnitInfo? Unit, DateTime? ChangeableUntil, bool CanChange, bool CanJoin, WaitlistEntry? Waitlist);

/// <summary>
/// Omat ajat — the resident's (or ward's) upcoming and past appointments: join a video appointment from 15 minutes
/// before, reschedule, cancel with a reason, ask for an earlier time; and open waitlist offers to accept or decline.
/// </summary>
[Audit("appointments.mine.read")]
internal sealed class AppointmentsModel(
    AppointmentViews views, BookingService booking, WaitlistService waitlist, SelfBookingFlow flow, IPeopleDirectory people, AuditScope audit, Texts texts, TimeProvider time,
    IEnumerable<Polku.Contacts.Contracts.IFeedbackOffers> feedback, Polku.Assessments.Contracts.IPreInformation preInformation) : PageModel
{
    /// <summary>Upcoming booked appointments' pre-information forms (to fill in, or sent).</summary>
    public Dictionary<Guid, Polku.Assessments.Contracts.PreInformationForm> PreInformation { get; } = [];

    /// <summary>Completed appointments the resident has not yet answered (or skipped) the feedback survey for.</summary>
    public HashSet<Guid> FeedbackOffered { get; } = [];

    /// <summary>Join opens this long before the start.</summary>
    public static readonly TimeSpan JoinOpensBefore = TimeSpan.FromMinutes(15);

    private static readonly HashSet<string> DoneMessages = new(StringComparer.Ordinal)
    {
        "cancelled", "moved", "waitlist_joined", "waitlist_left", "offer_accepted", "offer_declined",
    };

    public IReadOnlyList<AppointmentRow> Upcoming { get; private set; } = [];

    public IReadOnlyList<AppointmentRow> Past { get; private set; } = [];

    public IReadOnlyList<OpenOffer> Offers { get; private set; } = [];

    public IReadOnlyDictionary<Guid, UnitInfo> Units { get; private set; } = new Dictionary<Guid, UnitInfo>();

    public string? Done { get; private set; }

    public string? ActingForName { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId)
        {
            return NotFound();
        }

        Done = done is not null && DoneMessages.Contains(done) ? done : null;
        await LoadAsync(residentId, ct);
        return Page();
    }

    /// <summary>Ask for an earlier time.</summary>
    public Task<IActionResult> OnPostWaitlistAsync(Guid appointmentId, CancellationToken ct) =>
        ActAsync(async id => (await waitlist.JoinAsync(appointmentId, id, ct)).Error, "waitlist_joined", ct);

    public Task<IActionResult> OnPostLeaveAsync(Guid entryId, CancellationToken ct) =>
        ActAsync(async id => (await waitlist.LeaveAsync(entryId, id, ct)).Error, "waitlist_left", ct);

    public Task<IActionResult> OnPostAcceptAsync(Guid entryId, CancellationToken ct) =>
        ActAsync(async id => (await waitlist.AcceptAsync(entryId, id, Actor.ResidentOf(User)!.Value, ct)).Error, "offer_accepted", ct);

    public Task<IActionResult> OnPostDeclineAsync(Guid entryId, CancellationToken ct) =>
        ActAsync(async id => (await waitlist.DeclineAsync(entryId, id, ct)).Error, "offer_declined", ct);

    private async Task<IActionResult> ActAsync(Func<Guid, Task<Polku.Platform.Results.Error?>> action, string done, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId)
        {
            return NotFound();
        }

        var error = await action(residentId);
        audit.Touch(residentId, AuditAccess.Change, "appointments.waitlist");
        if (error is null)
        {
            return Redirect("/me/appointments?done=" + done);
        }

        ModelState.AddModelError("", texts.Has(error.Code) ? texts[error.Code] : texts["error.title"]);
        await LoadAsync(residentId, ct);
        return Page();
    }

    private async Task LoadAsync(Guid residentId, CancellationToken ct)
    {
        audit.Touch(residentId);
        if (User.ActingFor() is not null)
        {
            ActingForName = (await people.FindResidentAsync(residentId, ct))?.FullName;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var all = await views.AllOfResidentAsync(residentId, ct);
        var entries = (await waitlist.OpenEntriesAsync(residentId, ct)).ToDictionary(e => e.AppointmentId);
        Offers = await waitlist.OffersAsync(residentId, ct);
        Units = await flow.UnitsAsync(all.Select(a => a.UnitId).Concat(Offers.Select(o => o.Hold.UnitId)), ct);
        var upcoming = new List<AppointmentRow>();
        var past = new List<AppointmentRow>();
        foreach (var a in all)
        {
            var active = a.Status is AppointmentStatus.Booked or AppointmentStatus.CheckedIn or AppointmentStatus.InProgress;
            if (active && a.EndUtc > now)
            {
                var deadline = await booking.CancelDeadlineAsync(a, ct);
                upcoming.Add(new AppointmentRow(a, Units.GetValueOrDefault(a.UnitId), deadline, a.Status == AppointmentStatus.Booked && now <= deadline,
                    a.Mode == AppointmentMode.Video && now >= a.StartUtc - JoinOpensBefore, entries.GetValueOrDefault(a.Id)));
            }
            else
            {
                past.Add(new AppointmentRow(a, Units.GetValueOrDefault(a.UnitId), null, false, false, null));
            }
        }

        Upcoming = upcoming;
        foreach (var row in upcoming.Where(r => r.Appointment.Status == AppointmentStatus.Booked))
        {
            if (await preInformation.ForAppointmentAsync(row.Appointment.ServiceCode, row.Appointment.Id, ct) is { } pre)
            {
                PreInformation[row.Appointment.Id] = pre;
            }
        }

        Past = [.. past.OrderByDescending(r => r.Appointment.StartUtc)];
        if (feedback.FirstOrDefault() is { } offers)
        {
            foreach (var row in Past.Where(r => r.Appointment.Status == AppointmentStatus.Completed).Take(10))
            {
                if (await offers.MayOfferAsync("appointment", row.Appointment.Id, ct))
                {
                    FeedbackOffered.Add(row.Appointment.Id);
                }
            }
        }
    }
}
