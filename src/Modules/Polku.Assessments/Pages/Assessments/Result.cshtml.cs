using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Appointments.Contracts;
using Polku.Assessments.Contracts;
using Polku.Assessments.Catalog;
using Polku.Assessments.Data;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using Polku.Assessments.Domain.Routing;
using Polku.Assessments.Flow;
using Polku.Assessments.LocalRouting;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Assessments.Pages.Assessments;

/// <summary>
/// The result: first what to do now (the routed destination as one clear action), then why, then self-care and when
/// to seek care again. A signed-in resident can send it to a professional with consent. An anonymous result is
/// reachable only through its unguessable address; a resident's own only by them.
/// </summary>
[Audit("assessments.result.read")]
[EnableRateLimiting(RateLimitPolicies.AnonymousSubmission)]
internal sealed class ResultModel(
    AssessmentService service, AssessmentCatalog catalog, RoutingStore routing, ResidentResponses responses, AuditScope audit, Texts texts,
    IEnumerable<ISlotAvailability> availability, TimeProvider time, Region.Contracts.IUnitDirectory units,
    IEnumerable<Polku.Contacts.Contracts.IFeedbackOffers> feedback) : PageModel
{
    /// <summary>The appointments module when it is installed: self-booking then books in Polku itself.</summary>
    private readonly ISlotAvailability? _slots = availability.FirstOrDefault();

    /// <summary>Where the main action of a self-booking result goes; null when the directory link applies.</summary>
    public string? BookingUrl { get; private set; }

    /// <summary>A signed-in resident looks at a result answered before signing in: booking claims it first (a POST).</summary>
    public bool BookingClaims { get; private set; }

    /// <summary>The first free times inside the urgency window, each booked directly from here.</summary>
    public IReadOnlyList<OfferedSlot> FirstSlots { get; private set; } = [];

    public string BookingLinkFor(Guid slotId) => _slots!.BookingUrl(Stored!.Id, slotId);

    public AssessmentResponse? Stored { get; private set; }

    /// <summary>The survey on this assessment, while it has not been answered or skipped.</summary>
    public string? FeedbackUrl { get; private set; }

    public CompiledAssessment? Assessment { get; private set; }

    public Evaluation? Evaluation { get; private set; }

    public RoutingDestination? Destination { get; private set; }

    public bool SignedIn => User.EffectiveResidentId() is not null;

    public bool CanSend { get; private set; }

    public bool ConsentError { get; private set; }

    public string? SentTo { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid responseId, string? sent, CancellationToken ct)
    {
        if (!await LoadAsync(responseId, ct))
        {
            return NotFound();
        }

        // The queue's unit by name ("Porvoon terveysasema"), never its code; an unknown code says only that it was sent. A
        // result sent on submit with the consent given in advance says so too.
        if (sent is { Length: > 0 and <= 60 } || (Stored!.State == ResponseState.Sent && SignedIn && (sent = Stored.QueueCode) is not null))
        {
            SentTo = await units.FindByCodeAsync(sent!, ct) is { } unit ? unit.Name.Get(Platform.Localization.Language.Current) : "";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(Guid responseId, bool consent, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId)
        {
            return Challenge();
        }

        if (!await LoadAsync(responseId, ct))
        {
            return NotFound();
        }

        if (!consent)
        {
            ConsentError = true;
            ModelState.AddModelError("consent", texts["assessments.result.consent_required"]);
            return Page();
        }

        // Answered anonymously, sent after signing in: the result becomes the resident's own from now on. The access
        // is recorded first, so that its audit row commits with the send.
        audit.Touch(residentId, AuditAccess.Change, "assessments.result.send");
        var result = await responses.SendAsync(responseId, residentId, User.PersonId(), claim: Stored!.ResidentId is null, ct);
        if (result.Error is { } error)
        {
            ModelState.AddModelError("consent", texts.Has(error.Code) ? texts[error.Code] : texts["error.title"]);
            await LoadAsync(responseId, ct);
            return Page();
        }

        return RedirectToPage("/Assessments/Result", new { responseId, sent = result.Value!.QueueCode });
    }

    /// <summary>
    /// Books from a result answered anonymously: the signed-in resident makes it their own (as sending does) and goes
    /// on to the booking page, optionally with the chosen time.
    /// </summary>
    public async Task<IActionResult> OnPostBookAsync(Guid responseId, Guid? slotId, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId)
        {
            return Challenge();
        }

        if (!await LoadAsync(responseId, ct) || _slots is null || Destination?.Kind != DestinationKind.SelfBooking)
        {
            return NotFound();
        }

        if (Stored!.ResidentId is null)
        {
            audit.Touch(residentId, AuditAccess.Change, "assessments.result.claim");
            await responses.ClaimAsync(responseId, residentId, User.PersonId(), ct);
        }

        return Redirect(_slots.BookingUrl(responseId, slotId));
    }

    private async Task<bool> LoadAsync(Guid responseId, CancellationToken ct)
    {
        Stored = await responses.ResultAsync(responseId, ct);
        if (Stored is null)
        {
            return false;
        }

        if (Stored.ResidentId is { } owner)
        {
            if (User.EffectiveResidentId() != owner)
            {
                return false;
            }

            audit.Touch(owner, AuditAccess.Read);
        }

        Assessment = catalog.Find(Stored.AssessmentId, Stored.AssessmentVersion);
        if (Assessment is null)
        {
            return false;
        }

        if (feedback.FirstOrDefault() is { } offers && await offers.MayOfferAsync("assessment", Stored.Id, ct))
        {
            FeedbackUrl = Polku.Contacts.Contracts.ContactsRoutes.Feedback("assessment", Stored.Id);
        }

        var (_, table) = await routing.CurrentAsync(ct);
        Destination = Stored.RoutingRowId is { } rowId ? table.Rows.FirstOrDefault(r => r.Id == rowId)?.Destination : null;
        if (Destination is null && Stored.RoutingRowId is not null && UrgencyClasses.Parse(Stored.Urgency) is { } urgency)
        {
            // The row has since been edited away: route again as the table is now.
            var at = new DateTimeOffset(DateTime.SpecifyKind(Stored.CompletedUtc ?? Stored.CreatedUtc, DateTimeKind.Utc));
            Destination = (await service.RouteAsync(urgency, Stored.ServiceCode, Stored.MunicipalityCode, at, ct))?.Destination;
        }

        Evaluation = service.Reproduce(Stored, null)?.Evaluation;
        if (_slots is not null && Destination is { Kind: DestinationKind.SelfBooking } booking)
        {
            var signedIn = User.EffectiveResidentId();
            BookingClaims = signedIn is not null && Stored.ResidentId is null;
            BookingUrl = signedIn is null
                ? IdentityRoutes.LoginReturningTo(Url.Page("/Assessments/Result", new { responseId })!)
                : BookingClaims ? null : _slots.BookingUrl(responseId);
            if (Stored.MunicipalityCode is { } municipality && Stored.CompletedUtc is { } completed)
            {
                // Only inside the urgency window: from now until the routed row's window after the result.
                var until = new DateTimeOffset(DateTime.SpecifyKind(completed, DateTimeKind.Utc)).AddDays(booking.WithinDays ?? AssessmentResults.DefaultWindowDays(Stored.Urgency));
                var service = booking.Service ?? Stored.ServiceCode ?? "health-station";
                FirstSlots = await _slots.FirstFreeAsync(service, municipality, time.GetUtcNow(), until, 3, ct);
            }
        }

        var offer = Evaluation?.Recommendation?.Offer;
        CanSend = Stored.State == ResponseState.Completed
            && (offer?.SendToProfessional == true || Destination?.Kind is DestinationKind.WorkQueue or DestinationKind.Callback);
        return Evaluation is not null;
    }
}
