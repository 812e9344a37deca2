using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Satisfaction;

namespace Polku.ServiceManagement.Pages.Reporter;

/// <summary>
/// The reporter rates how the service desk handled their resolved ticket, 1–5 with an optional comment, and may change
/// the rating until the ticket is closed (<see cref="TicketRatings"/>). Another person's ticket is not found.
/// </summary>
[Authorize(Policy = PolkuRoles.StaffPolicy)]
[AuditExempt("a professional's own service-desk tickets, no resident's data")]
internal sealed class RatingModel(TicketRatings ratings, Texts texts) : PageModel
{
    public RatingView View { get; private set; } = null!;

    /// <summary>The rating as typed (kept after a refused save), else the stored one.</summary>
    [BindProperty(Name = "rating")] public string? Rating { get; set; }

    [BindProperty(Name = "comment")] public string? Comment { get; set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, bool? saved, CancellationToken ct)
    {
        if (await ratings.ForReporterAsync(number, User.PersonId(), ct) is not { } view)
        {
            return NotFound();
        }

        View = view;
        Saved = saved == true;
        Rating = view.Rating?.Rating.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Comment = view.Rating?.Comment;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string number, CancellationToken ct)
    {
        int? value = int.TryParse(Rating, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        var result = await ratings.RateAsync(number, value, Comment, User.PersonId(), ct);
        if (result.Error is { Status: StatusCodes.Status404NotFound })
        {
            return NotFound();
        }

        if (result.Error is { } error)
        {
            ModelState.AddModelError(error.Field ?? "", texts[error.Code]);
            if (await ratings.ForReporterAsync(number, User.PersonId(), ct) is not { } view)
            {
                return NotFound();
            }

            View = view;
            return Page();
        }

        return Redirect(ServiceManagementRoutes.MyRequestRating(number.Trim().ToUpperInvariant()) + "?saved=true");
    }
}
