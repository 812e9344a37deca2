using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Web;
using Polku.Appointments.Data;
using Polku.Appointments.Interop;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;

namespace Polku.Appointments.Pages.Desk;

/// <summary>The professional's own secret calendar address: create it, see it, give it a new token, turn it off.</summary>
[AuditExempt("the professional's own feed address; no resident data")]
internal sealed class CalendarFeedModel(CalendarFeeds feeds, Texts texts, PublicSite site) : PageModel
{
    public CalendarFeed? Feed { get; private set; }
    public string FeedUrl { get; private set; } = "";
    public string CreatedText { get; private set; } = "";

    /// <summary>The text key of what was just done (after the redirect), for the status message.</summary>
    public string? DoneKey { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        DoneKey = done switch
        {
            "created" => "appointments.interop.page.done_created",
            "rotated" => "appointments.interop.page.done_rotated",
            "deleted" => "appointments.interop.page.done_deleted",
            _ => null,
        };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var staffId = User.PersonId()!.Value;

        // A second tab may have created it already: keep that address rather than silently replacing it.
        if (await feeds.FindAsync(staffId, ct) is null)
        {
            await feeds.CreateOrRotateAsync(staffId, ct);
        }

        return RedirectToPage(new { done = "created" });
    }

    public async Task<IActionResult> OnPostRotateAsync(bool confirm, CancellationToken ct)
    {
        if (!confirm)
        {
            ModelState.AddModelError("Confirm", texts["appointments.interop.page.rotate_confirm_required"]);
            await LoadAsync(ct);
            return Page();
        }

        await feeds.CreateOrRotateAsync(User.PersonId()!.Value, ct);
        return RedirectToPage(new { done = "rotated" });
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        await feeds.DeleteAsync(User.PersonId()!.Value, ct);
        return RedirectToPage(new { done = "deleted" });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Feed = await feeds.FindAsync(User.PersonId()!.Value, ct);
        if (Feed is { } feed)
        {
            FeedUrl = site.Url($"/calendar/{feed.Token}.ics");
            var local = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(feed.CreatedUtc, DateTimeKind.Utc)));
            CreatedText = local.ToString("d.M.yyyy HH.mm", CultureInfo.GetCultureInfo(Language.Current));
        }
    }
}
