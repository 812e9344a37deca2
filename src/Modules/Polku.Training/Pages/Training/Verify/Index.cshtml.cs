using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Web;
using Polku.Training.Certificates;
using Polku.Training.Contracts;
using Polku.Training.Domain;

namespace Polku.Training.Pages.Training.Verify;

/// <summary>Todistuksen tarkistus — anyone checks a certificate by its verification code: a form, and the answer for one code.</summary>
[AuditExempt("a certificate's public check: the holder's name and course only, no resident's data")]
[EnableRateLimiting(RateLimitPolicies.AnonymousSubmission)]
internal sealed class IndexModel(CertificateQueries certificates, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    public Verification? Result { get; private set; }

    /// <summary>Whether a code was looked up (the answer page), as opposed to the empty form.</summary>
    public bool Checked { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        var fromPath = RouteData.Values.ContainsKey("code");
        if (!fromPath)
        {
            if (string.IsNullOrWhiteSpace(Code))
            {
                return Page();
            }

            if (VerificationCode.Normalise(Code) is { } normal)
            {
                return Redirect(TrainingRoutes.VerifyCode(normal));
            }

            ModelState.AddModelError(nameof(Code), texts["training.verify.malformed"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Checked = true;
        Code = code;
        Result = await certificates.VerifyAsync(code, ct);
        if (Result is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }
}
