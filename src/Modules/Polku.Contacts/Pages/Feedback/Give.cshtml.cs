using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Contacts.Api;
using Polku.Contacts.Contracts;
using Polku.Contacts.Feedback;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Web;

namespace Polku.Contacts.Pages.Feedback;

/// <summary>
/// The short survey after a transaction: NPS 0–10, the service's extra questions, a free text — every part optional,
/// Skip as easy as Send, and never asked twice for the same transaction. Works without JavaScript.
/// </summary>
[AuditExempt("feedback is stored without a person; the transaction's own access rules decide who may answer")]
[EnableRateLimiting(RateLimitPolicies.AnonymousSubmission)]
internal sealed class GiveModel(FeedbackService feedback, Texts texts) : PageModel
{
    public string Kind { get; private set; } = "";
    public bool MayAnswer { get; private set; }
    public string? Done { get; private set; }
    public IReadOnlyList<FeedbackQuestion> Questions { get; private set; } = [];
    public int? Score { get; private set; }
    public string? Text { get; private set; }
    public string BackUrl { get; private set; } = "/";

    public async Task<IActionResult> OnGetAsync(string kind, Guid id, string? done, CancellationToken ct)
    {
        if (await LoadAsync(kind, id, ct) is not { } subject)
        {
            return NotFound();
        }

        Done = done is "given" or "skipped" ? done : null;
        return Page();
    }

    public Task<IActionResult> OnPostSendAsync(string kind, Guid id, int? score, string? text, CancellationToken ct) =>
        GiveAsync(kind, id, new FeedbackInput(score, text, ExtraAnswers(), false, Language.Current), ct);

    /// <summary>
    /// The extra questions' fields, <c>answers[{question id}]</c>, read by name: a dictionary parameter would fall back to
    /// binding every field of the form when there is no extra question.
    /// </summary>
    private Dictionary<string, string?> ExtraAnswers() =>
        Request.Form.Keys.Where(k => k.StartsWith("answers[", StringComparison.Ordinal) && k.EndsWith(']'))
            .ToDictionary(k => k["answers[".Length..^1], k => (string?)Request.Form[k].ToString(), StringComparer.Ordinal);

    public Task<IActionResult> OnPostSkipAsync(string kind, Guid id, CancellationToken ct) =>
        GiveAsync(kind, id, new FeedbackInput(null, null, null, true, Language.Current), ct);

    private async Task<IActionResult> GiveAsync(string kind, Guid id, FeedbackInput input, CancellationToken ct)
    {
        var result = await feedback.GiveAsync(kind, id, FeedbackApi.Caller(HttpContext, kind, id), input, ct);
        if (result.Error is { Status: 404 })
        {
            return NotFound();
        }

        if (result.Error is { Code: "feedback.already_given" } || result.IsSuccess)
        {
            return RedirectToPage(new { kind, id, done = input.Skip ? "skipped" : "given" });
        }

        await LoadAsync(kind, id, ct);
        Score = input.Score;
        Text = input.Text;
        var field = result.Error!.Field switch
        {
            "score" => "Input.Score",
            "text" => "Input.Text",
            _ => "",
        };
        ModelState.AddModelError(field, texts[result.Error.Code]);
        return Page();
    }

    private async Task<FeedbackSubject?> LoadAsync(string kind, Guid id, CancellationToken ct)
    {
        var subject = await feedback.SubjectAsync(kind, id, FeedbackApi.Caller(HttpContext, kind, id), ct);
        if (subject is null)
        {
            return null;
        }

        Kind = subject.Kind;
        MayAnswer = await feedback.MayOfferAsync(subject.Kind, subject.Id, ct);
        Questions = await feedback.QuestionsAsync(subject.ServiceCode, ct);
        BackUrl = subject.Kind switch
        {
            "chat" => Url.Page("/Chat/Session", new { id }) ?? "/",
            "message" => Url.Page("/Me/MessagesThread", new { threadId = id }) ?? "/",
            "appointment" => Polku.Appointments.Contracts.AppointmentsRoutes.MyAppointments,
            "assessment" => Polku.Assessments.Contracts.AssessmentsRoutes.Result(id),
            _ => "/",
        };
        return subject;
    }
}
