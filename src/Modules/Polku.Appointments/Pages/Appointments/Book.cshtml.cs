using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.SelfBooking;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Idempotency;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Appointments;

/// <summary>
/// Varaa aika — self-booking without JavaScript: place and mode, then day, then time (GET forms keep every earlier
/// choice in the address); choosing a time holds it (POST) and the confirm page books it. A time opened by a direct
/// link (<c>&amp;slot=</c>, from the assessment result) is confirmed in one step. A time someone else just took
/// leaves the resident where they were, with one message and the nearest free times.
/// </summary>
[Authorize(Policy = PolkuRoles.ResidentPolicy)]
[Audit("appointments.selfbooking", AuditAccess.Change)]
internal sealed class BookModel(SelfBookingFlow flow, BookingService booking, IPeopleDirectory people, AuditScope audit, Texts texts, AppointmentViews views, IdempotencyStore keys) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Assessment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Right { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "place")]
    public string? PlaceValue { get; set; }

    [BindProperty(SupportsGet = true, Name = "day")]
    public string? DayValue { get; set; }

    [BindProperty(SupportsGet = true, Name = "slot")]
    public string? SlotValue { get; set; }

    /// <summary>Which step is shown: <c>place</c>, <c>day</c>, <c>time</c>, <c>slot</c> (a time chosen by link), or <c>none</c> (an error).</summary>
    public string Step { get; private set; } = "none";

    public BookingScope? Scope { get; private set; }

    /// <summary>Why nothing can be booked (no right, right used …), shown instead of the steps.</summary>
    public string? Problem { get; private set; }

    public IReadOnlyList<PlaceOption> Places { get; private set; } = [];

    public Guid UnitId { get; private set; }

    public AppointmentMode Mode { get; private set; }

    public UnitInfo? Unit { get; private set; }

    public IReadOnlyList<DayOption> Days { get; private set; } = [];

    public DateOnly? Day { get; private set; }

    public IReadOnlyList<Slot> Times { get; private set; } = [];

    /// <summary>The time chosen by link.</summary>
    public Slot? Chosen { get; private set; }

    /// <summary>The chosen time was just taken by someone else.</summary>
    public bool Taken { get; private set; }

    public IReadOnlyList<Slot> Nearest { get; private set; } = [];

    public IReadOnlyDictionary<Guid, UnitInfo> Units { get; private set; } = new Dictionary<Guid, UnitInfo>();

    /// <summary>The professionals of the times shown, by id, so two times at the same minute can be told apart.</summary>
    public IReadOnlyDictionary<Guid, StaffInfo> Professionals { get; private set; } = new Dictionary<Guid, StaffInfo>();

    /// <summary>A fresh key per rendered form: a double submit of the same time returns the same hold, not a second one.</summary>
    public string FormKey { get; } = Guid.NewGuid().ToString("N");

    public string? ActingForName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadScopeAsync(ct))
        {
            return Page();
        }

        if (SlotValue is { Length: > 0 })
        {
            if (Guid.TryParseExact(SlotValue, "D", out var slotId) && await flow.InScopeAsync(Scope!, slotId, ct) is { } slot)
            {
                if (slot.Taken >= slot.Capacity && await booking.ExpireHoldsAsync(slot.Id, ct) == 0)
                {
                    await ShowTakenAsync(slot.Id, ct);
                }

                Chosen = slot;
                Unit = await flow.UnitAsync(slot.UnitId, ct);
                Step = "slot";
                return Page();
            }

            ModelState.AddModelError("", texts["booking.pages.error.slot_outside"]);
        }

        await LoadStepAsync(ct);
        return Page();
    }

    /// <summary>Chooses a time: holds it for five minutes and goes to the confirm page.</summary>
    public async Task<IActionResult> OnPostHoldAsync(string? slotId, string? key, CancellationToken ct)
    {
        if (await EarlierAsync(slotId, key, ct) is { } earlier)
        {
            return earlier;
        }

        if (!await LoadScopeAsync(ct))
        {
            return Page();
        }

        var held = await HoldAsync(slotId, key, ct);
        if (held is null)
        {
            await LoadStepAsync(ct);
            return Page();
        }

        return held.Status == AppointmentStatus.Held
            ? Redirect($"/appointments/book/{held.Id:D}")
            : Redirect($"/appointments/{held.Id:D}/booked");
    }

    /// <summary>Confirms a time chosen by link in one step: hold and confirm.</summary>
    public async Task<IActionResult> OnPostBookAsync(string? slotId, string? key, CancellationToken ct)
    {
        if (await EarlierAsync(slotId, key, ct) is { } earlier)
        {
            return earlier;
        }

        if (!await LoadScopeAsync(ct))
        {
            return Page();
        }

        var held = await HoldAsync(slotId, key, ct);
        if (held is null)
        {
            if (Guid.TryParseExact(slotId, "D", out var id) && await flow.InScopeAsync(Scope!, id, ct) is { } slot)
            {
                Chosen = slot;
                Unit = await flow.UnitAsync(slot.UnitId, ct);
                Step = "slot";
            }
            else
            {
                await LoadStepAsync(ct);
            }

            return Page();
        }

        // Only an expired or cancelled hold fails here; the confirm page explains it and offers choosing again.
        var confirmed = await booking.ConfirmAsync(held.Id, held.ResidentId, ct);
        return confirmed.IsSuccess ? Redirect($"/appointments/{held.Id:D}/booked") : Redirect($"/appointments/book/{held.Id:D}");
    }

    /// <summary>
    /// The same form submitted again (a double click, a retry): the first submit's hold or appointment, before the
    /// scope is checked — its right may already be used by that very appointment.
    /// </summary>
    private async Task<IActionResult?> EarlierAsync(string? slotText, string? key, CancellationToken ct)
    {
        if (SubmitKey(slotText, key) is not { } idempotency
            || await keys.FindAsync(idempotency, ct) is not { Match: IdempotencyMatch.Repeat, ResourceId: { } first }
            || !Guid.TryParse(first, out var firstId))
        {
            return null;
        }

        var residentId = User.EffectiveResidentId()!.Value;
        var earlier = await views.StateOfResidentAsync(firstId, residentId, ct);
        if (earlier is null)
        {
            return null;
        }

        audit.Touch(residentId);
        return earlier.Status is AppointmentStatus.Held or AppointmentStatus.Expired or AppointmentStatus.Cancelled
            ? Redirect($"/appointments/book/{earlier.Id:D}")
            : Redirect($"/appointments/{earlier.Id:D}/booked");
    }

    /// <summary>The form's key with the slot, scoped to the signed-in person: a double submit of one choice holds once.</summary>
    private IdempotencyKey? SubmitKey(string? slotText, string? key) =>
        key is { Length: 32 } && key.All(char.IsAsciiHexDigitLower) && Guid.TryParseExact(slotText, "D", out var slotId)
            ? IdempotencyKey.For(User.PersonId(), $"sb:{key}:{slotId:N}", "appointments.hold", $"{slotId:N}|{User.EffectiveResidentId():N}").Value
            : null;

    private async Task<Appointment?> HoldAsync(string? slotText, string? key, CancellationToken ct)
    {
        var residentId = User.EffectiveResidentId()!.Value;
        if (!Guid.TryParseExact(slotText, "D", out var slotId) || await flow.InScopeAsync(Scope!, slotId, ct) is null)
        {
            ModelState.AddModelError("", texts["booking.pages.error.slot_outside"]);
            return null;
        }

        var idempotency = SubmitKey(slotText, key);
        var result = await booking.HoldAsync(
            new BookingRequest(slotId, residentId, Actor.ResidentOf(User)!.Value, "self-booking", idempotency, null, Language.Current), ct);
        audit.Touch(residentId, AuditAccess.Change);
        if (result.Error is { } error)
        {
            if (error.Code == "booking.slot_taken")
            {
                await ShowTakenAsync(slotId, ct);
            }
            else
            {
                ModelState.AddModelError("", texts.Has(error.Code) ? texts[error.Code] : texts["error.title"]);
            }

            return null;
        }

        return result.Value;
    }

    private async Task ShowTakenAsync(Guid slotId, CancellationToken ct)
    {
        Taken = true;
        Nearest = await flow.NearestAsync(Scope!, slotId, booking, ct);
        Units = await flow.UnitsAsync(Nearest.Select(s => s.UnitId), ct);
        await LoadProfessionalsAsync(Nearest, ct);
    }

    private async Task<bool> LoadScopeAsync(CancellationToken ct)
    {
        var residentId = User.EffectiveResidentId()!.Value;
        audit.Touch(residentId);
        if (User.ActingFor() is not null)
        {
            ActingForName = (await people.FindResidentAsync(residentId, ct))?.FullName;
        }

        var resolved = await flow.ResolveAsync(residentId, Assessment, Right, Service, ct);
        if (resolved.Error is { } error)
        {
            Problem = error.Code;
            Response.StatusCode = error.Status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound ? error.Status : StatusCodes.Status200OK;
            return false;
        }

        Scope = resolved.Value;
        return true;
    }

    /// <summary>The step the address asks for: place until a valid place is chosen, then day, then time.</summary>
    private async Task LoadStepAsync(CancellationToken ct)
    {
        var scope = Scope!;
        if (!Place.TryParse(PlaceValue, out var unitId, out var mode))
        {
            if (PlaceValue is not null)
            {
                ModelState.AddModelError("place", texts["booking.pages.error.choose_place"]);
            }

            Places = await flow.PlacesAsync(scope, ct);
            Step = "place";
            return;
        }

        (UnitId, Mode) = (unitId, mode);
        Unit = await flow.UnitAsync(unitId, ct);
        if (!DateOnly.TryParseExact(DayValue, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (DayValue is not null)
            {
                ModelState.AddModelError("day", texts["booking.pages.error.choose_day"]);
            }

            Days = await flow.DaysAsync(scope, unitId, mode, ct);
            Step = "day";
            return;
        }

        Day = day;
        Times = await flow.TimesAsync(scope, unitId, mode, day, ct);
        await LoadProfessionalsAsync(Times, ct);
        Step = "time";
    }

    private async Task LoadProfessionalsAsync(IReadOnlyList<Slot> slots, CancellationToken ct)
    {
        var ids = slots.Where(s => s.StaffId is not null).Select(s => s.StaffId!.Value).Distinct().ToList();
        Professionals = ids.Count == 0 ? new Dictionary<Guid, StaffInfo>() : (await people.GetStaffAsync(ids, ct)).ToDictionary(p => p.Id);
    }
}
