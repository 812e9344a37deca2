using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Access;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;

namespace Polku.Contacts.Pages.Desk;

/// <summary>
/// A resident's timeline across services (seed 001's unified service history): every case, assessment, appointment,
/// message thread, chat, form, call-back and follow-up plan that the modules' <see cref="IResidentTimelineSource"/>s
/// know, newest first, grouped by month, optionally of one kind. With a care relationship it opens directly; otherwise
/// only the flagged emergency-access form is shown (<see cref="ResidentAccessGate"/>). Every opening is audited with
/// the resident as subject, so it is on the resident's "who has viewed my data".
/// </summary>
[Audit("contacts.resident.timeline.read")]
internal sealed class ResidentTimelineModel(
    ResidentAccessGate gate, IPeopleDirectory people, IEnumerable<IResidentTimelineSource> sources, AuditScope audit, Texts texts) : PageModel
{
    /// <summary>The entries of one month (Helsinki time), newest first.</summary>
    public sealed record Month(string Heading, IReadOnlyList<TimelineEntry> Entries);

    [BindProperty]
    public EmergencyInput Input { get; set; } = new();

    /// <summary>The kind to show (<see cref="TimelineKinds.All"/>); empty shows every kind.</summary>
    [BindProperty(SupportsGet = true, Name = "kind")]
    public string? Kind { get; set; }

    public Guid ResidentId { get; private set; }
    public bool Shown { get; private set; }
    public bool Emergency { get; private set; }
    public string ResidentName { get; private set; } = "";
    public int Count { get; private set; }
    public IReadOnlyList<Month> Months { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid residentId, CancellationToken ct)
    {
        ResidentId = residentId;
        if (User.PersonId() is not { } staffId)
        {
            return Forbid();
        }

        if (!KindIsValid())
        {
            return InvalidKind();
        }

        return await gate.HasCareRelationshipAsync(staffId, residentId, ct) ? await ShowAsync(residentId, ct) : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid residentId, CancellationToken ct)
    {
        ResidentId = residentId;
        if (User.PersonId() is not { } staffId)
        {
            return Forbid();
        }

        if (!KindIsValid())
        {
            return InvalidKind();
        }

        if (await gate.HasCareRelationshipAsync(staffId, residentId, ct))
        {
            return await ShowAsync(residentId, ct);
        }

        if (!gate.TryOpenInEmergency(Input, ModelState))
        {
            return Page();
        }

        Emergency = true;
        return await ShowAsync(residentId, ct);
    }

    private bool KindIsValid()
    {
        Kind = string.IsNullOrWhiteSpace(Kind) ? null : Kind.Trim();
        return Kind is null || TimelineKinds.All.Contains(Kind, StringComparer.Ordinal);
    }

    /// <summary>An unknown kind: the filter again with a message, nothing of the resident, and 400.</summary>
    private PageResult InvalidKind()
    {
        ModelState.AddModelError("kind", texts["contacts.timeline.kind_invalid"]);
        Kind = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult> ShowAsync(Guid residentId, CancellationToken ct)
    {
        if (await people.FindResidentAsync(residentId, ct) is not { } resident)
        {
            return NotFound();
        }

        audit.Touch(residentId);
        Shown = true;
        ResidentName = resident.FullName;
        var language = Language.Current;
        var entries = new List<TimelineEntry>();
        foreach (var source in sources)
        {
            entries.AddRange(await source.EntriesAsync(residentId, language, ct));
        }

        // A kind the page has no words for is left out rather than shown as its code.
        var shown = entries.Where(e => TimelineKinds.All.Contains(e.Kind, StringComparer.Ordinal) && (Kind is null || e.Kind == Kind)).OrderByDescending(e => e.AtUtc).ToList();
        Count = shown.Count;
        var culture = CultureInfo.CurrentCulture;
        Months =
        [
            .. shown.GroupBy(e => MonthOf(e.AtUtc)).Select(g => new Month(Capitalised(g.Key.ToString("MMMM yyyy", culture), culture), [.. g])),
        ];
        return Page();
    }

    private static DateTime MonthOf(DateTime utc)
    {
        var local = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
        return new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
    }

    private static string Capitalised(string text, CultureInfo culture) =>
        text.Length == 0 ? text : char.ToUpper(text[0], culture) + text[1..];
}
